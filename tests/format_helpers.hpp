#pragma once
// Test helpers for the output formats: render a report in one format, split output into lines.

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "format/formatter.hpp"

namespace dlcheck::testing {

/// The report written in `format` (a name from the formatter table), without colour.
inline std::string render(std::string_view format, const Report& report) {
  std::ostringstream out;
  find_formatter(format)->write(report, out, {});
  return out.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace dlcheck::testing
