#pragma once
// Writing reports: whole or not at all, and appending to a file another program owns.

#include <optional>
#include <string>

namespace dlcheck {

/// Writes `content` to `path` through a temporary file in the same folder and a rename, so an
/// interrupted run never leaves a half-written report. Returns an error message, or nothing.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content);

/// Appends `content` to `path` (for $GITHUB_STEP_SUMMARY, which the runner owns).
std::optional<std::string> append_to_file(const std::string& path, const std::string& content);

}  // namespace dlcheck
