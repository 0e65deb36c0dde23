#include "metrics/regression.hpp"

#include <cmath>

namespace dlcheck {

double mae(const RegressionSums& sums) { return sums.absolute_error_sum / static_cast<double>(sums.rows); }

double mse(const RegressionSums& sums) { return sums.squared_error_sum / static_cast<double>(sums.rows); }

double rmse(const RegressionSums& sums) { return std::sqrt(mse(sums)); }

}  // namespace dlcheck
