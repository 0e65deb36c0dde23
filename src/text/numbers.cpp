#include "text/numbers.hpp"

#include <fmt/format.h>

#include <cmath>

namespace dlcheck {

std::string format_rounded(double value, int decimals) {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (!std::isfinite(rounded)) rounded = value;  // too large to scale: already has no decimals worth keeping
  if (rounded == 0.0) rounded = 0.0;             // no "-0"
  return fmt::format("{}", rounded);
}

}  // namespace dlcheck
