#pragma once
// What dlcheck knows about common deep-learning metrics, and the improvement arithmetic.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace dlcheck {

enum class MetricRange {
  unbounded,      ///< any value (bleu, r2, psnr, …)
  unit_interval,  ///< [0, 1], or [0, 100] when the unit is "percent"
  non_negative,   ///< >= 0 (losses, distances, error counts)
};

struct MetricInfo {
  std::string_view name;  ///< canonical name
  bool higher_is_better;
  MetricRange range;
  std::string_view aliases;  ///< space-separated normalised aliases
};

/// Every metric whose direction dlcheck knows, in documentation order.
std::span<const MetricInfo> known_metrics();

/// Lowercases and turns every run of other characters than a-z/0-9 into "_" ("Top-5 Acc" → "top_5_acc").
std::string normalise_metric_name(std::string_view name);

/// The known metric a name refers to, after normalisation, aliases, patterns (top_5, map50)
/// and a leading split prefix (val_, test_, …); nullptr when unknown.
const MetricInfo* find_metric(std::string_view name);

/// The closest known metric name or alias for a "did you mean", or empty.
std::string suggest_metric(std::string_view name);

/// True when one value looks like a fraction (0, 1) and the other like a percentage (1, 100]:
/// comparing them would be meaningless.
bool on_different_scales(double a, double b);

/// Improvement signed so that a positive value means better.
double signed_improvement(double baseline, double current, bool higher_is_better);

/// improvement / |baseline|; nullopt when the baseline is zero.
std::optional<double> relative_improvement(double improvement, double baseline);

}  // namespace dlcheck
