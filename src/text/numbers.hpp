#pragma once
// Numbers as dlcheck reads them from files and shows them to people.

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace dlcheck {

/// Rounds to 3 decimals and prints the shortest form that reads back the same ("0.11", not "0.110").
std::string format_rounded(double value, int decimals = 3);

/// A finite number as Python or JSON writes it ("3", "-0.5", "1e-3", "+2"); nullopt otherwise.
/// Inline: it runs on every value of numeric targets and every score of a predictions file.
inline std::optional<double> parse_number(std::string_view text) {
  if (text.starts_with('+')) {
    text.remove_prefix(1);  // from_chars refuses a leading '+'
    if (text.starts_with('-')) return std::nullopt;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace dlcheck
