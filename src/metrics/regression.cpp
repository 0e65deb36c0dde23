#include "metrics/regression.hpp"

#include <bit>
#include <cmath>

namespace dlcheck {

double mae(const RegressionSums& sums) { return sums.absolute_error_sum / static_cast<double>(sums.rows); }

double mse(const RegressionSums& sums) { return sums.squared_error_sum / static_cast<double>(sums.rows); }

double rmse(const RegressionSums& sums) { return std::sqrt(mse(sums)); }

double mape(const RegressionSums& sums) { return sums.relative_error_sum / static_cast<double>(sums.rows); }

double r2(const RegressionSums& sums) {
  const double rows = static_cast<double>(sums.rows);
  const double variance_sum = std::max(0.0, sums.label_squared_sum - sums.label_sum * sums.label_sum / rows);
  if (variance_sum == 0) return sums.squared_error_sum == 0 ? 1.0 : 0.0;
  return 1.0 - sums.squared_error_sum / variance_sum;
}

void ErrorHistogram::add(double absolute_error) {
  // The bits of a non-negative double grow with its value: the exponent and the first mantissa
  // bits name its bucket.
  const auto bits = std::bit_cast<std::uint64_t>(std::fabs(absolute_error));
  std::vector<std::uint64_t>& buckets = by_exponent_[(bits >> 52) & 2047];
  if (buckets.empty()) buckets.resize(std::size_t{1} << kSubBits);
  ++buckets[(bits >> (52 - kSubBits)) & ((1u << kSubBits) - 1)];
  ++count_;
}

std::optional<ErrorHistogram::Range> ErrorHistogram::median() const {
  if (count_ == 0) return std::nullopt;
  std::uint64_t rank = (count_ - 1) / 2, seen = 0;  // 0-based rank of the lower middle error
  for (std::uint64_t exponent = 0; exponent < by_exponent_.size(); ++exponent) {
    const std::vector<std::uint64_t>& buckets = by_exponent_[exponent];
    for (std::uint64_t sub = 0; sub < buckets.size(); ++sub) {
      seen += buckets[sub];
      if (seen <= rank) continue;
      const std::uint64_t low = (exponent << 52) | (sub << (52 - kSubBits));
      const std::uint64_t high = low + (std::uint64_t{1} << (52 - kSubBits)) - 1;
      return Range{std::bit_cast<double>(low), std::bit_cast<double>(high)};
    }
  }
  return std::nullopt;
}

}  // namespace dlcheck
