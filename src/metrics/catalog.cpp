#include "metrics/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <regex>
#include <vector>

#include "text/text_match.hpp"

namespace dlcheck {
namespace {

using enum MetricRange;
constexpr std::optional<TargetKind> kClasses = TargetKind::class_labels, kNumeric = TargetKind::numeric,
                                    kText = TargetKind::text, kAny;
constexpr std::string_view kBinary = kBinaryCondition, kTextRows = kTextCondition;
constexpr std::string_view kScores =
    "files with a score column per class (`prob_<label>`, `p_<label>` or `score_<label>`)";

// A formula over class counts or error sums, for the catalog: nullopt on the other kind of target.
template <auto formula>
std::optional<double> on_classes(const PredictionCounts& counts) {
  if (counts.kind != TargetKind::class_labels) return std::nullopt;
  return formula(counts.classes);
}

std::optional<double> on_top_k(const PredictionCounts& counts) {
  if (counts.kind != TargetKind::class_labels || counts.scores == nullptr) return std::nullopt;
  return top_k_accuracy(*counts.scores, counts.top_k);
}

std::optional<double> on_auc(const PredictionCounts& counts) {
  if (counts.kind != TargetKind::class_labels || counts.scores == nullptr) return std::nullopt;
  return roc_auc(*counts.scores);
}

std::optional<double> on_log_loss(const PredictionCounts& counts) {
  if (counts.kind != TargetKind::class_labels || counts.scores == nullptr) return std::nullopt;
  return log_loss(*counts.scores);
}

template <auto formula>
std::optional<double> on_errors(const PredictionCounts& counts) {
  if (counts.kind != TargetKind::numeric) return std::nullopt;
  return formula(counts.errors);
}

template <auto formula>
std::optional<double> on_text(const PredictionCounts& counts) {
  if (counts.kind != TargetKind::text || counts.text == nullptr) return std::nullopt;
  return formula(*counts.text);
}

// The one list of metrics, in documentation order. Adding one is a row here, plus its formula in
// classification.cpp, regression.cpp or text_metrics.cpp when a predictions file can give it.
constexpr std::array kMetrics = {
    MetricInfo{"accuracy", true, unit_interval, "acc top1 top_1 top1_accuracy top_1_accuracy", kClasses,
               "rows predicted right, over all rows", on_classes<accuracy>},
    MetricInfo{"top_k_accuracy", true, unit_interval, "top_k top_k_acc", kClasses,
               "the label is among the k best-scored classes (also the `top_<k>` pattern above); ties go to the "
               "class later in sorted order, as scikit-learn's stable sort does",
               on_top_k, kScores},
    MetricInfo{"balanced_accuracy", true, unit_interval, "balanced_acc balanced_accuracy_score", kClasses,
               "the mean over the labels that occur of each label's recall", on_classes<balanced_accuracy>},
    MetricInfo{"f1", true, unit_interval, "f1_score", kClasses,
               "binary F1 of the positive class: 2 · precision · recall / (precision + recall)", on_classes<binary_f1>,
               kBinary},
    MetricInfo{"precision", true, unit_interval, "", kClasses, "binary precision of the positive class: tp / (tp + fp)",
               on_classes<binary_precision>, kBinary},
    MetricInfo{"recall", true, unit_interval, "sensitivity", kClasses,
               "binary recall of the positive class: tp / (tp + fn)", on_classes<binary_recall>, kBinary},
    MetricInfo{"macro_f1", true, unit_interval, "f1_macro macro_f1_score", kClasses,
               "each label's F1, 2tp / (2tp + fp + fn), averaged over the labels", on_classes<macro_f1>},
    MetricInfo{"micro_f1", true, unit_interval, "f1_micro micro_f1_score", kClasses,
               "F1 of tp, fp and fn summed over the labels; equals accuracy", on_classes<micro_f1>},
    MetricInfo{"weighted_f1", true, unit_interval, "f1_weighted weighted_f1_score", kClasses,
               "each label's F1 averaged over the labels, weighted by support", on_classes<weighted_f1>},
    MetricInfo{"macro_precision", true, unit_interval, "precision_macro", kClasses,
               "each label's precision, tp / (tp + fp), averaged over the labels", on_classes<macro_precision>},
    MetricInfo{"micro_precision", true, unit_interval, "precision_micro", kClasses,
               "precision of tp and fp summed over the labels; equals accuracy", on_classes<micro_precision>},
    MetricInfo{"weighted_precision", true, unit_interval, "precision_weighted", kClasses,
               "each label's precision averaged over the labels, weighted by support", on_classes<weighted_precision>},
    MetricInfo{"macro_recall", true, unit_interval, "recall_macro", kClasses,
               "each label's recall, tp / (tp + fn), averaged over the labels", on_classes<macro_recall>},
    MetricInfo{"micro_recall", true, unit_interval, "recall_micro", kClasses,
               "recall of tp and fn summed over the labels; equals accuracy", on_classes<micro_recall>},
    MetricInfo{"weighted_recall", true, unit_interval, "recall_weighted", kClasses,
               "each label's recall averaged over the labels, weighted by support; equals accuracy",
               on_classes<weighted_recall>},
    MetricInfo{"specificity", true, unit_interval, "tnr true_negative_rate selectivity", kClasses,
               "binary: tn / (tn + fp), the recall of the negatives", on_classes<binary_specificity>, kBinary},
    MetricInfo{
        "mcc", true, unbounded, "matthews_corrcoef matthews_correlation matthews_correlation_coefficient", kClasses,
        "Matthews correlation, −1 to 1: (c·s − Σ tₖpₖ) / √((s² − Σ pₖ²)(s² − Σ tₖ²)) over the labels' support t and "
        "predictions p, c rows right of s; 0 when either column is constant",
        on_classes<matthews_corrcoef>},
    MetricInfo{"cohen_kappa", true, unbounded, "kappa cohens_kappa cohen_s_kappa cohen_kappa_score", kClasses,
               "agreement beyond chance, −1 to 1: (pₒ − pₑ) / (1 − pₑ), pₑ = Σ tₖpₖ / s²", on_classes<cohen_kappa>},
    MetricInfo{"auc", true, unit_interval, "roc_auc auroc auc_roc", kClasses,
               "area under the ROC curve, from scores: of the later sorted class with two classes, else the "
               "one-vs-rest mean over the classes; tied scores count half",
               on_auc, kScores},
    MetricInfo{"average_precision", true, unit_interval, "ap auprc pr_auc", kAny,
               "area under the precision-recall curve, from scores"},
    MetricInfo{"map", true, unit_interval, "mean_average_precision", kAny,
               "mean average precision over classes or queries (also the `map<digits>` pattern above)"},
    MetricInfo{"iou", true, unit_interval, "miou mean_iou jaccard", kAny,
               "intersection over union of predicted and true regions"},
    MetricInfo{"dice", true, unit_interval, "dice_score dice_coefficient", kAny,
               "2 · overlap / (predicted + true size) of regions"},
    MetricInfo{"bleu", true, unbounded, "", kAny, "n-gram precision of generated text against references"},
    MetricInfo{"rouge", true, unbounded, "rouge1 rouge2 rougel rouge_1 rouge_2 rouge_l rougelsum", kAny,
               "n-gram or longest-common-subsequence overlap of generated text with references"},
    MetricInfo{"meteor", true, unbounded, "", kAny, "word matches of generated text, with stems and synonyms"},
    MetricInfo{"r2", true, unbounded, "r_2 r_squared rsquared r2_score coefficient_of_determination", kNumeric,
               "coefficient of determination: 1 − Σ squared error / Σ (label − mean)²; with constant labels 1 if "
               "every prediction is exact, else 0 (scikit-learn's force_finite)",
               on_errors<r2>},
    MetricInfo{"psnr", true, unbounded, "", kAny, "peak signal-to-noise ratio of images, in dB"},
    MetricInfo{"ssim", true, unbounded, "", kAny, "structural similarity of images"},
    MetricInfo{"inception_score", true, unbounded, "", kAny, "quality and variety of generated images"},
    MetricInfo{"error_rate", false, unit_interval, "error err top1_error top_1_error misclassification_rate", kClasses,
               "rows predicted wrong, over all rows", on_classes<error_rate>},
    MetricInfo{"loss", false, non_negative, "cross_entropy ce nll bce", kAny,
               "the training objective, such as cross-entropy"},
    MetricInfo{"log_loss", false, non_negative, "logloss logistic_loss", kClasses,
               "mean of −log p of the label, each row's scores clipped to [ε, 1 − ε] and divided by their sum "
               "(scikit-learn's log_loss)",
               on_log_loss, kScores},
    MetricInfo{"mae", false, non_negative, "mean_absolute_error l1_error", kNumeric,
               "mean absolute error: mean of |prediction − label|", on_errors<mae>},
    MetricInfo{"mse", false, non_negative, "mean_squared_error", kNumeric,
               "mean squared error: mean of (prediction − label)²", on_errors<mse>},
    MetricInfo{"rmse", false, non_negative, "root_mean_squared_error", kNumeric, "root mean squared error: √mse",
               on_errors<rmse>},
    MetricInfo{"mape", false, non_negative, "mean_absolute_percentage_error", kNumeric,
               "mean of |prediction − label| / max(|label|, ε), ε = 2.2e-16, as a fraction (scikit-learn); "
               "`\"unit\": \"percent\"` scales it by 100",
               on_errors<mape>},
    MetricInfo{"perplexity", false, non_negative, "ppl", kAny, "exp of the mean per-token cross-entropy"},
    MetricInfo{"fid", false, non_negative, "", kAny, "Fréchet Inception distance of generated to real images"},
    MetricInfo{"kid", false, non_negative, "", kAny, "kernel Inception distance of generated to real images"},
    MetricInfo{"lpips", false, non_negative, "", kAny, "learned perceptual distance between images"},
    MetricInfo{"wer", false, non_negative, "word_error_rate", kText,
               "word error rate, corpus-level as jiwer: the word edits (substitutions, deletions, insertions) of "
               "every row over its reference words, words split on whitespace; can exceed 1",
               on_text<word_error_rate>, kTextRows},
    MetricInfo{"cer", false, non_negative, "character_error_rate", kText,
               "character error rate, corpus-level as jiwer: the character edits of every row over its reference "
               "characters, Unicode code points of the text without leading and trailing whitespace",
               on_text<character_error_rate>, kTextRows},
    MetricInfo{"exact_match", true, unit_interval, "em exact_match_accuracy", kText,
               "rows whose hypothesis equals the reference, over all rows", on_text<exact_match>, kTextRows},
};

constexpr std::array<std::string_view, 6> kSplitPrefixes = {"train_",      "val_",  "valid_",
                                                            "validation_", "eval_", "test_"};

// Whether `predicate` holds for any of the metric's aliases, a space-separated list.
template <typename Predicate>
bool any_alias(const MetricInfo& metric, Predicate predicate) {
  std::string_view aliases = metric.aliases;
  while (!aliases.empty()) {
    const std::size_t space = aliases.find(' ');
    if (predicate(aliases.substr(0, space))) return true;
    if (space == std::string_view::npos) break;
    aliases.remove_prefix(space + 1);
  }
  return false;
}

const MetricInfo* find_exact(std::string_view normalised) {
  for (const auto& metric : kMetrics) {
    if (metric.name == normalised ||
        any_alias(metric, [normalised](std::string_view alias) { return alias == normalised; })) {
      return &metric;
    }
  }
  // Families with a number in the name: top_5, top5_acc, top_10_accuracy; map50, map_0_5, map50_95.
  static const std::regex top_k("top_?([0-9]+)(_acc|_accuracy)?");
  static const std::regex map_family("map_?[0-9][0-9_]*");
  const std::string name(normalised);
  if (std::smatch match; std::regex_match(name, match, top_k)) {
    return find_exact(match[1] == "1" ? "accuracy" : "top_k_accuracy");  // top-1 accuracy is plain accuracy
  }
  if (std::regex_match(name, map_family)) return find_exact("map");
  return nullptr;
}

}  // namespace

std::span<const MetricInfo> known_metrics() { return kMetrics; }

std::string normalise_metric_name(std::string_view name) {
  std::string out;
  bool pending_separator = false;
  for (const char c : name) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool alphanumeric = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (!alphanumeric) {
      pending_separator = true;
      continue;
    }
    if (pending_separator && !out.empty()) out += '_';
    pending_separator = false;
    out += lower;
  }
  return out;
}

const MetricInfo* find_metric(std::string_view name) {
  const std::string normalised = normalise_metric_name(name);
  if (normalised.empty()) return nullptr;
  if (const MetricInfo* metric = find_exact(normalised)) return metric;
  for (const std::string_view prefix : kSplitPrefixes) {
    if (normalised.size() > prefix.size() && normalised.starts_with(prefix)) {
      if (const MetricInfo* metric = find_exact(std::string_view(normalised).substr(prefix.size()))) return metric;
    }
  }
  return nullptr;
}

std::optional<std::size_t> top_k_of(std::string_view metric_name) {
  static const std::regex top_k("(?:(?:train|val|valid|validation|eval|test)_)?top_?([0-9]+)(_acc|_accuracy)?");
  const std::string name = normalise_metric_name(metric_name);
  std::smatch match;
  if (!std::regex_match(name, match, top_k) || match[1].length() > 6) return std::nullopt;
  return static_cast<std::size_t>(std::stoul(match[1].str()));
}

bool needs_scores(const MetricInfo& metric) {
  return metric.recompute == on_top_k || metric.recompute == on_log_loss || keeps_scores(metric);
}

bool keeps_scores(const MetricInfo& metric) { return metric.recompute == on_auc; }

std::optional<TargetKind> target_kind_for(std::string_view metric_name) {
  const MetricInfo* metric = find_metric(metric_name);
  return metric == nullptr ? std::nullopt : metric->target;
}

std::optional<double> recompute_metric(const MetricInfo& metric, const PredictionCounts& counts) {
  return metric.recompute == nullptr ? std::nullopt : metric.recompute(counts);
}

std::string suggest_metric(std::string_view name) {
  std::vector<std::string_view> candidates;
  for (const auto& metric : kMetrics) {
    candidates.push_back(metric.name);
    any_alias(metric, [&candidates](std::string_view alias) {
      candidates.push_back(alias);
      return false;
    });
  }
  return closest_match(normalise_metric_name(name), candidates);
}

double rounding_allowance(std::string_view literal, MetricRange range, double scale) {
  // The power of ten of the last digit written: its exponent less the digits after the point.
  const std::size_t e = literal.find_first_of("eE");
  const std::string_view mantissa = literal.substr(0, e);
  const std::size_t dot = mantissa.find('.');
  const long decimals = dot == std::string_view::npos ? 0 : static_cast<long>(mantissa.size() - dot - 1);
  long exponent = 0;
  if (e != std::string_view::npos) {
    std::string_view digits = literal.substr(e + 1);
    if (digits.starts_with('+')) digits.remove_prefix(1);
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), exponent);
    if (error != std::errc() || end != digits.data() + digits.size()) return 0;
  }
  const long last_digit = exponent - decimals;
  const bool zero = mantissa.find_first_of("123456789") == std::string_view::npos;
  const double half_unit = 0.5 * std::pow(10.0, static_cast<double>(std::clamp(last_digit, -400L, 400L)));
  if (range != MetricRange::unit_interval) {
    return last_digit >= 0 && zero ? 0.0 : half_unit;  // "0" claims no error at all
  }
  if (last_digit >= 0) {
    // An integer: on the fraction scale it is a bound (1 or 0), and so are 0 and 100 percent.
    double value = 0;
    std::from_chars(literal.data(), literal.data() + literal.size(), value);
    if (scale == 1.0 || zero || std::fabs(value) >= scale) return 0.0;
  }
  return std::min(half_unit, 0.005 * scale);
}

bool on_different_scales(double a, double b) {
  const auto fraction = [](double v) { return v > 0 && v < 1; };
  const auto percentage = [](double v) { return v > 1 && v <= 100; };
  return (fraction(a) && percentage(b)) || (percentage(a) && fraction(b));
}

double signed_improvement(double baseline, double current, bool higher_is_better) {
  return higher_is_better ? current - baseline : baseline - current;
}

std::optional<double> relative_improvement(double improvement, double baseline) {
  if (baseline == 0.0) return std::nullopt;
  return improvement / std::fabs(baseline);
}

}  // namespace dlcheck
