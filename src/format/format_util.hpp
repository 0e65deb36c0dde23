#pragma once
// Helpers shared by the output formats.

#include <cstddef>
#include <string>
#include <string_view>

#include "report/report.hpp"

namespace dlcheck {

/// A path as CI tools want it: relative to the current folder (the repository root in CI)
/// when it lies below it, without a leading "./", with "/" separators.
std::string repo_relative_path(std::string_view path);

/// Where a finding points first: inside the named file when it is about one, else the evidence file.
struct PrimaryLocation {
  std::string path;        ///< repo-relative
  std::size_t line = 0;    ///< 1-based; 0 when unknown
  std::size_t column = 0;  ///< 1-based; 0 when unknown
};
PrimaryLocation primary_location(const FileReport& file, const Finding& finding);

/// "path:line:col", leaving out what is unknown. Not escaped: each format escapes for its medium.
std::string location_text(const PrimaryLocation& location);

/// A terminal sparkline (▁▂▃▄▅▆▇█) of a loss curve, at most `width` characters.
std::string sparkline(const LossCurve& curve, std::size_t width = 40);

}  // namespace dlcheck
