// The predictions behind the claims: recompute the metric, recount the failures, find the
// listed samples, and catch ids shared between splits.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_map>

#include "artifacts/project_artifacts.hpp"
#include "metrics/catalog.hpp"
#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck::rules {
namespace {

struct LoadedPredictions {
  const NamedFile& file;
  const PredictionSummary& summary;
};

std::optional<LoadedPredictions> loaded_predictions(const CheckContext& evidence) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr || !artifacts->predictions) return std::nullopt;
  const auto* summary = std::get_if<PredictionSummary>(&*artifacts->predictions);
  if (summary == nullptr) return std::nullopt;
  return LoadedPredictions{*artifacts->predictions_file, *summary};
}

// Says why a rule that needs the predictions cannot judge them: the file could not be opened,
// or could not be read.
void predictions_not_loaded(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr || !artifacts->predictions_file) return;
  file_not_loaded(sink, *artifacts, *artifacts->predictions_file, artifacts->predictions.has_value(),
                  "the predictions file", "predictions-format");
}

ArtifactLocation in_file(const NamedFile& file, std::size_t line = 0, std::size_t column = 0) {
  return {file.display_path, line, column, ""};
}

// The metric recomputed from the rows, when dlcheck knows how.
std::optional<double> recompute(const MetricInfo& metric, const std::string& name, const PredictionSummary& summary) {
  return recompute_metric(metric, {summary.kind, summary.class_counts, summary.error_sums, &summary.scores,
                                   top_k_of(name).value_or(0), &summary.text});
}

// "accuracy, …, mae, mse and rmse; f1, precision and recall for two classes with …": the
// catalog's recomputable metrics in its order, those with a condition grouped by it at the end.
std::string recomputable_metrics() {
  const auto join = [](const std::vector<std::string_view>& names) {
    if (names.size() < 2) return fmt::format("{}", fmt::join(names, ""));
    return fmt::format("{} and {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());
  };
  std::vector<std::string_view> always, conditions;
  for (const MetricInfo& metric : known_metrics()) {
    if (metric.recompute == nullptr) continue;
    if (metric.condition.empty()) {
      always.push_back(metric.name);
    } else if (std::ranges::find(conditions, metric.condition) == conditions.end()) {
      conditions.push_back(metric.condition);
    }
  }
  std::string text = join(always);
  for (const std::string_view condition : conditions) {
    std::vector<std::string_view> names;
    for (const MetricInfo& metric : known_metrics()) {
      if (metric.recompute != nullptr && metric.condition == condition) names.push_back(metric.name);
    }
    text += fmt::format("; {} for {}", join(names), condition);
  }
  return text;
}

std::string sample_input(JsonValue sample) {
  const JsonValue input = sample.find("input");
  if (input.is_string()) return std::string(input.string());
  return input.is_number() ? input.dump() : std::string();
}

std::string label_text(JsonValue value) { return value.is_string() ? std::string(value.string()) : value.dump(); }

// Whether a sample's label or prediction, as the record shows it, is the row's value: as numbers
// when both are (0.069 is 0.069000, 1e-3 is 0.001), to within the decimals the record wrote (0.07
// stands for 0.0694); a boolean in any case (true is True); other text exactly.
bool same_value(JsonValue claimed, std::string_view actual) {
  const std::string text = claimed.is_number() ? std::string(claimed.literal()) : label_text(claimed);
  if (text == actual) return true;
  const std::optional<double> written = parse_number(text), read = parse_number(actual);
  if (written && read) {
    const bool has_decimals = text.find_first_of(".eE") != std::string::npos;
    const double allowance = has_decimals ? rounding_allowance(text, MetricRange::unbounded, 1) : 0.0;
    const double difference = std::fabs(*written - *read);
    return difference <= 1e-9 * std::max(std::fabs(*written), std::fabs(*read)) ||
           (allowance < 0.5 && difference <= allowance * (1 + 1e-9));
  }
  const std::string lowered = ascii_lower(text);
  return (lowered == "true" || lowered == "false") && lowered == ascii_lower(actual);
}

// Why a binary metric cannot be recomputed: not two labels, or no positive class among them.
std::string binary_not_checked(const CheckContext& evidence, const MetricInfo& metric, const NamedFile& file,
                               const PredictionSummary& summary) {
  const std::string shown = printable(file.display_path);
  const std::vector<ClassCounts>& classes = summary.class_counts.classes;
  if (classes.size() != 2) {
    const std::string averages =
        metric.name == "specificity"
            ? ""
            : fmt::format("; name the average (macro_{0}, weighted_{0} or micro_{0})", metric.name);
    return fmt::format("{} is a binary metric, but {} has {} labels{}", metric.name, shown, classes.size(), averages);
  }
  const std::string labels = fmt::format("\"{}\" and \"{}\"", printable(classes[0].label), printable(classes[1].label));
  JsonValue named = evidence.find(fields::kMetricPositiveLabel.pointer);
  if (named != nullptr) {
    return fmt::format("metric.positive_label {} is not one of the labels {} of {}", printable(named->dump()), labels,
                       shown);
  }
  return fmt::format(
      "{} needs the positive class: the labels of {} are {}, and neither (or both) is named 1, true, yes, pos or "
      "positive; set metric.positive_label to the positive one",
      metric.name, shown, labels);
}

// Why a text metric cannot be recomputed: a row too long for its edit distance, or no reference text.
std::string text_not_checked(const MetricInfo& metric, const NamedFile& file, const TextCounts& text) {
  const std::string shown = printable(file.display_path);
  const bool words = metric.name == "wer";
  const std::size_t too_long = words ? text.words_too_long_line : text.chars_too_long_line;
  if (too_long != 0 && (words ? text.words_over_budget : text.chars_over_budget)) {
    return fmt::format(
        "{} is not recomputed: the rows of {} up to line {} need more than {} edit-distance cells in all "
        "(reference × hypothesis {})",
        metric.name, shown, too_long, kMaxFileEditCells, words ? "words" : "characters");
  }
  if (too_long != 0) {
    return fmt::format(
        "{} is not recomputed: the row at {}:{} is too long for an edit distance (reference × hypothesis {} over "
        "{})",
        metric.name, shown, too_long, words ? "words" : "characters", kMaxEditCells);
  }
  return fmt::format("{} is undefined on {}: its references have no {}", metric.name, shown,
                     words ? "words" : "characters");
}

// Why the metric was not recomputed: its scores, its text or its positive class are missing, or
// dlcheck does not recompute it.
std::string why_not_recomputed(const CheckContext& evidence, const MetricClaim& metric,
                               const LoadedPredictions& loaded) {
  const PredictionSummary& summary = loaded.summary;
  const std::string shown = printable(loaded.file.display_path);
  if (const MetricInfo* known = metric.known) {
    if (keeps_scores(*known) && summary.scores.too_many_scores) {
      return fmt::format("{} needs every score kept, and {} has more than {}", known->name, shown, kMaxStoredScores);
    }
    if (keeps_scores(*known) && summary.scores.rows > 0) {
      return fmt::format("{} is undefined on {}: a class of its score columns has no row with it, or every row has it",
                         known->name, shown);
    }
    if (needs_scores(*known) && summary.scores.rows == 0) {
      return fmt::format(
          "{} needs a score column per class (prob_<label>, p_<label> or score_<label>), and {} has none", known->name,
          shown);
    }
    if (summary.kind == TargetKind::text) return text_not_checked(*known, loaded.file, summary.text);
    if (known->condition == kBinaryCondition && summary.kind == TargetKind::class_labels) {
      return binary_not_checked(evidence, *known, loaded.file, summary);
    }
  }
  return fmt::format("the metric \"{}\" cannot be recomputed from {}; dlcheck recomputes {}", printable(metric.name),
                     shown, recomputable_metrics());
}

std::string significant(double value) { return fmt::format("{:.4g}", value); }

// Whether a listed sample of numeric targets is on its side of the error threshold: a success at
// or below it, a failure at or above it and not exact. The median is known to a bucket of the
// histogram, so a sample inside that bucket is on either side.
bool judge_by_error(const CheckContext& evidence, const PredictionSummary& summary, const WatchedRow& row,
                    bool success) {
  if (!row.absolute_error) return false;
  const double error = *row.absolute_error, chosen = evidence.thresholds().sample_error;
  ErrorHistogram::Range range{chosen, chosen};
  if (chosen <= 0) {
    if (!summary.median_absolute_error) return true;  // no rows: predictions-format says so
    range = *summary.median_absolute_error;
  }
  return success ? error <= range.high : error > 0 && error >= range.low;
}

std::string error_threshold_text(const CheckContext& evidence, const PredictionSummary& summary) {
  const double chosen = evidence.thresholds().sample_error;
  if (chosen > 0) return fmt::format("the threshold {} (--sample-error)", significant(chosen));
  const ErrorHistogram::Range range = summary.median_absolute_error.value_or(ErrorHistogram::Range{});
  return fmt::format("the median absolute error {} of the file", fmt::format("{:.3g}", (range.low + range.high) / 2));
}

}  // namespace

const RuleInfo kPredictionsFormat{
    .id = "predictions-format",
    .section = Section::verification,
    .severity = Severity::error,
    .summary =
        "the predictions file can be read: CSV/TSV with a header or JSON Lines, with label and prediction columns",
    .explanation =
        "`predictions` is a path, or {\"path\", \"id\", \"label\", \"prediction\"} naming the columns. "
        "Columns are found by their usual names when not named: id (id, input, image, file, …), "
        "label (label, target, y_true, …) and prediction (prediction, pred, y_pred, …). Every row "
        "must have as many fields as the header and a non-empty label and prediction.",
    .hint = "export one row per example with id, label and prediction columns",
    .passing_example = "",
    .failing_example = "",
};

void check_predictions_format(const CheckContext& evidence, FindingSink& sink) {
  JsonValue field = evidence.find(fields::kPredictions.pointer);
  if (field != nullptr && !field->is_string() && !(field->is_object() && field->find("path").is_string())) {
    report_wrong_type(sink, fields::kPredictions.pointer, *field, "a path or an object with \"path\"");
    return;
  }
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr || !artifacts->predictions_file) return;
  if (!artifacts->predictions) {
    return sink.not_checked(unopened_file_reason(*artifacts, *artifacts->predictions_file, "the predictions file"));
  }
  if (const auto* error = std::get_if<PredictionError>(&*artifacts->predictions)) {
    sink.report_in_file(artifacts->predictions_file->pointer,
                        in_file(*artifacts->predictions_file, error->line, error->column), error->message);
  }
}

const RuleInfo kPredictionsMetric{
    .id = "predictions-metric",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "the current value matches the metric recomputed from the predictions",
    .explanation =
        "dlcheck recomputes the metric from the predictions file: `accuracy`, `balanced_accuracy`, "
        "`error_rate`, `mcc`, `cohen_kappa`, `macro_f1`, `micro_f1`, `weighted_f1`, `macro_precision`, "
        "`micro_precision`, `weighted_precision`, `macro_recall`, `micro_recall` and `weighted_recall` "
        "for class labels; `f1`, `precision`, `recall` and `specificity` for two classes with a known "
        "positive label (`metric.positive_label`, or a label named 1, true, yes, pos or positive); "
        "`top_k_accuracy` (named `top_5`, …), `log_loss` and `auc` from a score column per class "
        "(`prob_<label>`, `p_<label>` or `score_<label>`); `mae`, `mse`, `rmse`, `r2` and `mape` for "
        "numeric targets; `wer`, `cer` and `exact_match` for text, the label as reference and the "
        "prediction as hypothesis (docs/metrics.md). Other metrics "
        "(bleu, fid, perplexity, …) need more than a label and a prediction, and are not checked. "
        "`current.value` must match within "
        "--metric-tolerance (default 0.001) plus half a unit of the last digit written in the evidence "
        "file (0.82 stands for 0.815–0.825); a bounded metric is read to two decimals at least, so 0.8 "
        "is not a rounding of 0.78, and an integer at its bound (1, 0) stands for itself.",
    .hint = "recompute the metric on the same predictions and update current.value",
    .passing_example = "",
    .failing_example = "",
};

void check_predictions_metric(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_predictions(evidence);
  const MetricClaim& metric = evidence.metric();
  if (!loaded) return predictions_not_loaded(evidence, sink);
  if (!metric.current.number) return sink.not_checked("the record has no numeric current value to compare");
  const std::optional<double> recomputed =
      metric.known ? recompute(*metric.known, metric.name, loaded->summary) : std::nullopt;
  if (!recomputed) return sink.not_checked(why_not_recomputed(evidence, metric, *loaded));
  // MAPE is a fraction in scikit-learn, but often written in percent.
  const bool scales = metric.known->range == MetricRange::unit_interval || metric.known->name == "mape";
  const double scale = metric.percent && scales ? 100.0 : 1.0;
  const double claimed = *metric.current.number;
  const double value = *recomputed * scale;
  // The rounding comes from the text the student wrote: 0.80 is not 0.8, and 1 is not a rounding.
  const double allowed = evidence.thresholds().metric_tolerance * scale +
                         rounding_allowance(metric.current.raw.literal(), metric.known->range, scale) + 1e-12;
  if (std::fabs(claimed - value) <= allowed) return;
  sink.report_in_file(metric.current.pointer, in_file(loaded->file),
                      fmt::format("{} is {}, but the {} rows of {} give {} {}", field_name(metric.current.pointer),
                                  format_rounded(claimed, 6), loaded->summary.rows,
                                  printable(loaded->file.display_path), metric.known->name, format_rounded(value, 4)));
}

const RuleInfo kPredictionsFailureCount{
    .id = "predictions-failure-count",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "failure_case_count equals the number of wrong predictions",
    .explanation =
        "For class labels, `failure_case_count` must be the number of rows whose prediction differs "
        "from the label. For numeric targets nearly every row is off by something, so the count is "
        "not checked.",
    .hint = "set failure_case_count to the number of wrong rows",
    .passing_example = "",
    .failing_example = "",
};

void check_predictions_failure_count(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_predictions(evidence);
  JsonValue count = evidence.find(fields::kFailureCaseCount.pointer);
  if (!loaded) return predictions_not_loaded(evidence, sink);
  if (loaded->summary.kind == TargetKind::numeric) {
    return sink.not_checked(fmt::format("{} has numeric targets: wrong predictions are counted only for class labels",
                                        printable(loaded->file.display_path)));
  }
  if (count == nullptr || !is_count(*count)) {
    return sink.not_checked("failure_case_count is not a count (see failure-case-count)");
  }
  if (static_cast<std::uint64_t>(count->number()) == loaded->summary.wrong) return;
  sink.report_in_file(fields::kFailureCaseCount.pointer, in_file(loaded->file),
                      fmt::format("failure_case_count is {}, but {} has {} wrong predictions out of {}", count->dump(),
                                  printable(loaded->file.display_path), loaded->summary.wrong, loaded->summary.rows));
}

const RuleInfo kPredictionsSamples{
    .id = "predictions-samples",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "listed samples are rows of the predictions file, wrong for failures and right for successes",
    .explanation =
        "When the predictions file has an id column, every success sample and failure case names a "
        "row by its `input`: the row must exist, be right for a success and wrong for a failure, "
        "and agree with the label and prediction the record shows (as numbers when both are). For "
        "numeric targets a success must have a small absolute error and a failure case a large one: "
        "at most, and at least, --sample-error, by default the file's median absolute error.",
    .hint = "copy samples from the predictions file itself, with their ids",
    .passing_example = "",
    .failing_example = "",
};

void check_predictions_samples(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_predictions(evidence);
  if (!loaded) return predictions_not_loaded(evidence, sink);
  if (loaded->summary.id_column.empty()) {
    return sink.not_checked(
        fmt::format("{} has no id column to find the samples by", printable(loaded->file.display_path)));
  }
  std::size_t looked_up = 0;
  std::unordered_map<std::string, const WatchedRow*> rows;
  for (const WatchedRow& row : loaded->summary.watched) rows.emplace(row.id, &row);
  const std::string shown = printable(loaded->file.display_path);
  for (const auto& [list, want_correct] :
       {std::pair{fields::kFailureCases.pointer, false}, std::pair{fields::kSuccessSamples.pointer, true}}) {
    JsonValue samples = evidence.find(list);
    if (samples == nullptr || !samples->is_array()) continue;
    for (std::size_t i = 0; i < samples->size(); ++i) {
      const std::string pointer = child_pointer(list, i);
      const std::string input = sample_input((*samples)[i]);
      if (input.empty()) continue;
      ++looked_up;
      const auto it = rows.find(input);
      if (it == rows.end() || !it->second->found) {
        const std::string input_pointer = child_pointer(pointer, fields::kSuccessSampleInput.key());
        sink.report_in_file(
            input_pointer, in_file(loaded->file),
            fmt::format("{} \"{}\" is not a row of {}", field_name(input_pointer), printable(input), shown));
        continue;
      }
      const WatchedRow& row = *it->second;
      const auto location = in_file(loaded->file, row.line);
      if (loaded->summary.kind == TargetKind::numeric) {
        if (!judge_by_error(evidence, loaded->summary, row, want_correct)) {
          sink.report_in_file(
              pointer, location,
              fmt::format("{} (\"{}\") has absolute error {} at {}:{} (label \"{}\", prediction \"{}\"), {} {}",
                          field_name(pointer), printable(input), significant(row.absolute_error.value_or(0)), shown,
                          row.line, printable(row.label), printable(row.prediction), want_correct ? "above" : "below",
                          error_threshold_text(evidence, loaded->summary)));
          continue;
        }
      } else if (row.correct != want_correct) {
        sink.report_in_file(pointer, location,
                            fmt::format("{} (\"{}\") is predicted {} at {}:{} (label \"{}\", prediction \"{}\")",
                                        field_name(pointer), printable(input), row.correct ? "correctly" : "wrongly",
                                        shown, row.line, printable(row.label), printable(row.prediction)));
        continue;
      }
      for (const auto& [key, actual] : {std::pair{"label", &row.label}, std::pair{"prediction", &row.prediction}}) {
        const JsonValue claimed = (*samples)[i].find(key);
        if (claimed == nullptr || claimed->is_null() || same_value(*claimed, *actual)) continue;
        sink.report_in_file(child_pointer(pointer, key), location,
                            fmt::format("{} is \"{}\", but {}:{} says \"{}\"", field_name(child_pointer(pointer, key)),
                                        printable(label_text(*claimed)), shown, row.line, printable(*actual)));
      }
    }
  }
  if (looked_up == 0) sink.not_checked("no success sample or failure case has an input to look up");
}

const RuleInfo kSplitLeakage{
    .id = "split-leakage",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "no example id appears in two splits, and no prediction is made on a training example",
    .explanation =
        "`dataset.ids` maps each split to a file of example ids (one per line, or a CSV with an `id` "
        "column). An id in two splits is data leakage: the model is evaluated on what it trained "
        "on, and the score is inflated. Prediction ids found in the train split are leakage too. "
        "When an id file cannot be read, or only one split lists ids and no predictions meet a "
        "train split, the item is not checked.",
    .hint = "split by a stable key (and by group, e.g. by patient or user) before any preprocessing, then re-evaluate",
    .passing_example = "",
    .failing_example = "",
};

namespace {

// No leak was found: says so only when every split could be read and there was something to
// compare (two splits, or predictions and a train split).
void split_leakage_not_checked(const ProjectArtifacts& artifacts, bool predictions_read, FindingSink& sink) {
  std::size_t read = 0;
  bool train_read = false;
  for (const SplitIds& split : artifacts.splits) {
    if (!split.ids) {
      return sink.not_checked(
          unopened_file_reason(artifacts, split.file, fmt::format("the ids of split \"{}\"", printable(split.split))));
    }
    ++read;
    const std::string name = normalise_metric_name(split.split);
    train_read = train_read || name == "train" || name == "training" || name.starts_with("train_");
  }
  if (read == 1 && !(predictions_read && train_read)) {
    sink.not_checked(
        fmt::format("only one split (\"{}\") lists its ids: leakage needs two, or predictions and a "
                    "train split",
                    printable(artifacts.splits.front().split)));
  }
}

}  // namespace

void check_split_leakage(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr) return;
  if (artifacts->leaked_total > 0) {
    std::vector<std::string> examples;
    for (const LeakedId& leak :
         std::span(artifacts->leaked_examples).first(std::min<std::size_t>(3, artifacts->leaked_examples.size()))) {
      examples.push_back(fmt::format("\"{}\" ({}:{} and {}:{})", printable(leak.id), printable(leak.first_path),
                                     leak.first_line, printable(leak.second_path), leak.second_line));
    }
    const LeakedId& first = artifacts->leaked_examples.front();
    sink.report_in_file(fields::kDatasetIds.pointer, ArtifactLocation{first.second_path, first.second_line, 0, ""},
                        fmt::format("data leakage: {} id{} in two splits: {}{}", artifacts->leaked_total,
                                    artifacts->leaked_total == 1 ? " is" : "s are", fmt::join(examples, ", "),
                                    artifacts->leaked_total > examples.size() ? ", …" : ""));
  }
  const auto loaded = loaded_predictions(evidence);
  if (!loaded || loaded->summary.forbidden_total == 0) {
    if (artifacts->leaked_total == 0) split_leakage_not_checked(*artifacts, loaded.has_value(), sink);
    return;
  }
  std::vector<std::string> examples;
  for (const ForbiddenHit& hit : loaded->summary.forbidden_examples) {
    examples.push_back(fmt::format("\"{}\" (line {})", printable(hit.id), hit.line));
  }
  sink.report_in_file(
      loaded->file.pointer, in_file(loaded->file, loaded->summary.forbidden_examples.front().line),
      fmt::format("data leakage: {} prediction id{} of {} {} in the train split: {}", loaded->summary.forbidden_total,
                  loaded->summary.forbidden_total == 1 ? "" : "s", printable(loaded->file.display_path),
                  loaded->summary.forbidden_total == 1 ? "is" : "are", fmt::join(examples, ", ")));
}

}  // namespace dlcheck::rules
