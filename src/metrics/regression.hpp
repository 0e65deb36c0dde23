#pragma once
// Regression metrics over plain sums of the prediction errors, and the median absolute error
// from a bounded histogram.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace dlcheck {

/// What a regression metric is computed from: sums over the rows of prediction − label.
struct RegressionSums {
  std::uint64_t rows = 0;
  double absolute_error_sum = 0;  ///< Σ |prediction − label|
  double squared_error_sum = 0;   ///< Σ (prediction − label)²
  double relative_error_sum = 0;  ///< Σ |prediction − label| / max(|label|, ε), ε the double's epsilon
  double label_origin = 0;        ///< the first label: labels are summed from it, so the variance stays exact
  double label_sum = 0;           ///< Σ (label − origin)
  double label_squared_sum = 0;   ///< Σ (label − origin)²

  /// Adds one row.
  void add(double label, double prediction) {
    if (rows++ == 0) label_origin = label;
    const double difference = prediction - label, absolute = std::fabs(difference);
    absolute_error_sum += absolute;
    squared_error_sum += difference * difference;
    relative_error_sum += absolute / std::max(std::fabs(label), std::numeric_limits<double>::epsilon());
    const double shifted = label - label_origin;
    label_sum += shifted;
    label_squared_sum += shifted * shifted;
  }
};

/// Mean absolute error.
double mae(const RegressionSums& sums);
/// Mean squared error.
double mse(const RegressionSums& sums);
/// Root mean squared error.
double rmse(const RegressionSums& sums);
/// Mean absolute percentage error as scikit-learn defines it: a fraction, not a percentage.
double mape(const RegressionSums& sums);
/// Coefficient of determination, 1 − Σ squared error / Σ (label − mean)²; with constant labels
/// 1 when every prediction is exact and 0 otherwise (scikit-learn's force_finite).
double r2(const RegressionSums& sums);

/// The absolute errors of the rows, counted in buckets of 1/1024 of a power of two each: memory
/// grows with the powers of two the errors span (8 KiB each, 16 MiB at the very most), never
/// with the rows.
class ErrorHistogram {
 public:
  /// Counts a finite absolute error.
  void add(double absolute_error);

  /// The range [low, high] that holds the median absolute error (the lower middle one of an even
  /// count); nullopt with no error. high / low is at most 1 + 1/1024.
  struct Range {
    double low = 0, high = 0;
  };
  std::optional<Range> median() const;

 private:
  static constexpr int kSubBits = 10;
  std::array<std::vector<std::uint64_t>, 2048> by_exponent_;  // a power of two's buckets, once used
  std::uint64_t count_ = 0;
};

}  // namespace dlcheck
