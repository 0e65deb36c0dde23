#pragma once
// Findings are plain data: rules produce them, formatters render them.

#include <fmt/format.h>

#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "text/position.hpp"

namespace dlcheck {

enum class Severity { info, warning, error };

std::string_view format_as(Severity severity);

/// Where in a project file (a training log, a predictions file) a finding points.
struct ArtifactLocation {
  std::string path;        ///< as shown to the user: the evidence folder joined with the declared path
  std::size_t line = 0;    ///< 1-based; 0 when the finding is about the whole file
  std::size_t column = 0;  ///< 1-based; 0 when no column makes sense
  std::string excerpt;     ///< the offending line, kept because artifact files are streamed
};

/// One problem found in one evidence file.
struct Finding {
  std::string rule;  ///< stable rule id, e.g. "baseline-value"
  Severity severity = Severity::error;
  std::string message;                       ///< what is wrong, naming the offending value
  std::string hint;                          ///< one line on how to fix it
  std::string pointer;                       ///< RFC 6901 pointer of the member ("" is the whole record)
  SourcePosition position;                   ///< where the member starts, or its parent when it is missing
  bool member_exists = false;                ///< false when the pointer names a member that should be added
  std::optional<ArtifactLocation> artifact;  ///< set when the problem is inside a file the record names
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
