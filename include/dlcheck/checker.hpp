#pragma once
// Loading an evidence file and running the profile's rules over it.

#include <cstddef>
#include <string>
#include <string_view>

#include "dlcheck/json_parser.hpp"
#include "dlcheck/report.hpp"

namespace dlcheck {

struct CheckOptions {
  Profile profile = Profile::roadmap;
  ParseLimits parse_limits;
  std::size_t max_file_size = 16 * 1024 * 1024;
  Severity fail_on = Severity::error;  ///< the least severe finding that fails a file
};

/// Checks evidence given as text; `path` is only used for display.
FileReport check_text(std::string path, std::string text, const CheckOptions& options);

/// Reads and checks one evidence file. Never throws: unreadable input becomes an error report.
FileReport check_file(const std::string& path, const CheckOptions& options);

}  // namespace dlcheck
