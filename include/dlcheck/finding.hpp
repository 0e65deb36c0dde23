#pragma once
// Findings are plain data: rules produce them, formatters render them.

#include <concepts>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "dlcheck/json_parser.hpp"

namespace dlcheck {

enum class Severity { info, warning, error };

std::string_view format_as(Severity severity);

/// One problem found in one evidence file.
struct Finding {
  std::string rule;      ///< stable rule id, e.g. "baseline-value"
  Severity severity = Severity::error;
  std::string message;   ///< what is wrong, naming the offending value
  std::string hint;      ///< one line on how to fix it
  std::string pointer;   ///< RFC 6901 pointer of the member ("" is the whole record)
  SourcePosition position;  ///< where the member starts, or its parent when it is missing
  bool member_exists = false;  ///< false when the pointer names a member that should be added
};

}  // namespace dlcheck

// fmt 9 predates fmt's own format_as support: any dlcheck type with a format_as() found by
// argument-dependent lookup prints as that name ("{}" of Severity::error is "error").
template <typename T>
  requires requires(T value) {
    { format_as(value) } -> std::convertible_to<std::string_view>;
  }
struct fmt::formatter<T, char> : fmt::formatter<std::string_view, char> {
  auto format(T value, fmt::format_context& context) const {
    return fmt::formatter<std::string_view, char>::format(format_as(value), context);
  }
};
