#pragma once
// What dlcheck knows about common deep-learning metrics, and the improvement arithmetic. The
// catalog is the one list of metrics: their names, directions, ranges, the kind of target they
// are computed on and how to recompute them from a predictions file. docs/metrics.md is
// generated from it (`dlcheck metrics --format markdown`).

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "metrics/classification.hpp"
#include "metrics/regression.hpp"
#include "metrics/text_metrics.hpp"

namespace dlcheck {

/// What a predictions file holds: class labels, numbers compared as numbers, or text (a reference
/// and a hypothesis) compared by edit distance.
enum class TargetKind { class_labels, numeric, text };

enum class MetricRange {
  unbounded,      ///< any value (bleu, r2, psnr, …)
  unit_interval,  ///< [0, 1], or [0, 100] when the unit is "percent"
  non_negative,   ///< >= 0 (losses, distances, error counts)
};

/// The counts and sums read from a predictions file, from which a metric is recomputed.
struct PredictionCounts {
  TargetKind kind;
  const ClassificationCounts& classes;  ///< filled for class labels
  const RegressionSums& errors;         ///< filled for numeric targets
  const ScoreCounts* scores = nullptr;  ///< the score columns, when they were read
  std::size_t top_k = 0;                ///< the k of a top-k accuracy, from its name (top_5); 0 when none
  const TextCounts* text = nullptr;     ///< filled for text
};

/// A metric recomputed from the counts; nullopt when they do not allow it (another kind of target,
/// or no positive class for a binary metric).
using MetricFormula = std::optional<double> (*)(const PredictionCounts& counts);

/// The condition of the binary metrics (precision, recall, f1, specificity).
inline constexpr std::string_view kBinaryCondition = "two classes with a known positive label";
/// The condition of the text metrics (wer, cer, exact_match).
inline constexpr std::string_view kTextCondition = "text, the label as reference and the prediction as hypothesis";

struct MetricInfo {
  std::string_view name;  ///< canonical name
  bool higher_is_better;
  MetricRange range;
  std::string_view aliases;           ///< space-separated normalised aliases
  std::optional<TargetKind> target;   ///< the kind of target it is computed on; nullopt when neither or unknown
  std::string_view description;       ///< one line for docs/metrics.md
  MetricFormula recompute = nullptr;  ///< nullptr when a predictions file cannot give it
  std::string_view condition = "";    ///< when recompute can succeed, if not always ("two classes with …")
};

/// Every metric whose direction dlcheck knows, in documentation order.
std::span<const MetricInfo> known_metrics();

/// Lowercases and turns every run of other characters than a-z/0-9 into "_" ("Top-5 Acc" → "top_5_acc").
std::string normalise_metric_name(std::string_view name);

/// The known metric a name refers to, after normalisation, aliases, patterns (top_5, map50)
/// and a leading split prefix (val_, test_, …); nullptr when unknown.
const MetricInfo* find_metric(std::string_view name);

/// The k of a top-k accuracy name ("top5_acc", "val_top_10_accuracy"); nullopt for another name.
std::optional<std::size_t> top_k_of(std::string_view metric_name);

/// Whether a metric is recomputed from score columns (top-k accuracy, log loss).
bool needs_scores(const MetricInfo& metric);
/// Whether it needs every score kept (ROC AUC), not only counts.
bool keeps_scores(const MetricInfo& metric);

/// The kind of target a metric name needs in a predictions file; nullopt when unknown or neither.
std::optional<TargetKind> target_kind_for(std::string_view metric_name);

/// The metric recomputed from a predictions file's counts; nullopt when it has no formula or the
/// counts do not allow it.
std::optional<double> recompute_metric(const MetricInfo& metric, const PredictionCounts& counts);

/// The closest known metric name or alias for a "did you mean", or empty.
std::string suggest_metric(std::string_view name);

/// The rounding a claim written as `literal` (its JSON text) may stand for, on top of the base
/// tolerance: half a unit of its last written digit ("0.80" → 0.005, "1.5e-3" → 0.00005). A
/// bounded metric is read to at least two decimals, or whole percentage points (at most 0.005 ×
/// `scale`); an integer at a bound ("1", "0", "100" percent) and a zero of any metric stand for
/// themselves (0). `scale` is 100 for a bounded metric in percent, else 1.
double rounding_allowance(std::string_view literal, MetricRange range, double scale);

/// True when one value looks like a fraction (0, 1) and the other like a percentage (1, 100]:
/// comparing them would be meaningless.
bool on_different_scales(double a, double b);

/// Improvement signed so that a positive value means better.
double signed_improvement(double baseline, double current, bool higher_is_better);

/// improvement / |baseline|; nullopt when the baseline is zero.
std::optional<double> relative_improvement(double improvement, double baseline);

}  // namespace dlcheck
