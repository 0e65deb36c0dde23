#pragma once
// Regression metrics over plain sums of the prediction errors.

#include <cstdint>

namespace dlcheck {

/// What a regression metric is computed from: sums over the rows of prediction − label.
struct RegressionSums {
  std::uint64_t rows = 0;
  double absolute_error_sum = 0;  ///< Σ |prediction − label|
  double squared_error_sum = 0;   ///< Σ (prediction − label)²
};

/// Mean absolute error.
double mae(const RegressionSums& sums);
/// Mean squared error.
double mse(const RegressionSums& sums);
/// Root mean squared error.
double rmse(const RegressionSums& sums);

}  // namespace dlcheck
