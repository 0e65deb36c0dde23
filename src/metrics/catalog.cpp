#include "metrics/catalog.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <regex>
#include <vector>

#include "text/text_match.hpp"

namespace dlcheck {
namespace {

using enum MetricRange;

// The documentation table in docs/metrics.md lists these rows; keep both in step.
constexpr std::array kMetrics = {
    MetricInfo{"accuracy", true, unit_interval, "acc top1 top_1 top1_accuracy top_1_accuracy"},
    MetricInfo{"top_k_accuracy", true, unit_interval, "top_k top_k_acc"},
    MetricInfo{"balanced_accuracy", true, unit_interval, "balanced_acc"},
    MetricInfo{"f1", true, unit_interval, "f1_score macro_f1 micro_f1 weighted_f1 f1_macro f1_micro f1_weighted"},
    MetricInfo{"precision", true, unit_interval, ""},
    MetricInfo{"recall", true, unit_interval, "sensitivity"},
    MetricInfo{"specificity", true, unit_interval, ""},
    MetricInfo{"auc", true, unit_interval, "roc_auc auroc auc_roc"},
    MetricInfo{"average_precision", true, unit_interval, "ap auprc pr_auc"},
    MetricInfo{"map", true, unit_interval, "mean_average_precision"},
    MetricInfo{"iou", true, unit_interval, "miou mean_iou jaccard"},
    MetricInfo{"dice", true, unit_interval, "dice_score dice_coefficient"},
    MetricInfo{"bleu", true, unbounded, ""},
    MetricInfo{"rouge", true, unbounded, "rouge1 rouge2 rougel rouge_1 rouge_2 rouge_l rougelsum"},
    MetricInfo{"meteor", true, unbounded, ""},
    MetricInfo{"r2", true, unbounded, "r_2 r_squared rsquared"},
    MetricInfo{"psnr", true, unbounded, ""},
    MetricInfo{"ssim", true, unbounded, ""},
    MetricInfo{"inception_score", true, unbounded, ""},
    MetricInfo{"error_rate", false, unit_interval, "error err top1_error top_1_error"},
    MetricInfo{"loss", false, non_negative, "cross_entropy ce nll log_loss bce"},
    MetricInfo{"mae", false, non_negative, ""},
    MetricInfo{"mse", false, non_negative, ""},
    MetricInfo{"rmse", false, non_negative, ""},
    MetricInfo{"mape", false, non_negative, ""},
    MetricInfo{"perplexity", false, non_negative, "ppl"},
    MetricInfo{"fid", false, non_negative, ""},
    MetricInfo{"kid", false, non_negative, ""},
    MetricInfo{"lpips", false, non_negative, ""},
    MetricInfo{"wer", false, non_negative, ""},
    MetricInfo{"cer", false, non_negative, ""},
};

constexpr std::array<std::string_view, 6> kSplitPrefixes = {"train_",      "val_",  "valid_",
                                                            "validation_", "eval_", "test_"};

bool has_alias(const MetricInfo& metric, std::string_view name) {
  std::string_view aliases = metric.aliases;
  while (!aliases.empty()) {
    const std::size_t space = aliases.find(' ');
    if (aliases.substr(0, space) == name) return true;
    if (space == std::string_view::npos) break;
    aliases.remove_prefix(space + 1);
  }
  return false;
}

const MetricInfo* find_exact(std::string_view normalised) {
  for (const auto& metric : kMetrics) {
    if (metric.name == normalised || has_alias(metric, normalised)) return &metric;
  }
  // Families with a number in the name: top_5, top5_acc, top_10_accuracy; map50, map_0_5, map50_95.
  static const std::regex top_k("top_?([0-9]+)(_acc|_accuracy)?");
  static const std::regex map_family("map_?[0-9][0-9_]*");
  const std::string name(normalised);
  if (std::smatch match; std::regex_match(name, match, top_k)) {
    return match[1] == "1" ? &kMetrics[0] : &kMetrics[1];  // top-1 accuracy is plain accuracy
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

std::string suggest_metric(std::string_view name) {
  std::vector<std::string_view> candidates;
  for (const auto& metric : kMetrics) {
    candidates.push_back(metric.name);
    std::string_view aliases = metric.aliases;
    while (!aliases.empty()) {
      const std::size_t space = aliases.find(' ');
      candidates.push_back(aliases.substr(0, space));
      if (space == std::string_view::npos) break;
      aliases.remove_prefix(space + 1);
    }
  }
  return closest_match(normalise_metric_name(name), candidates);
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
