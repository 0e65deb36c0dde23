#pragma once
// Checking many evidence files: finding them in folders, and checking them in parallel with a
// deterministic result.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/checker.hpp"

namespace dlcheck {

/// Files named directly are kept; folders are searched recursively for names matching `glob`
/// (fnmatch, e.g. "evidence.json" or "*.evidence.json"), skipping .git and node_modules.
/// The result is sorted by path and has no duplicates; folders are read on `jobs` threads (0: all cores).
std::vector<std::string> collect_evidence_files(const std::vector<std::string>& paths, const std::string& glob,
                                                std::size_t jobs = 0);

/// Checks every file on `jobs` threads (0: all cores). The reports are in the order of `paths`
/// whatever the number of threads. `options_for` gives each file its options (its rubric config).
/// `checked`, when given, runs on the same thread right after each file (to render it there).
std::vector<FileReport> check_files(
    const std::vector<std::string>& paths, const std::function<CheckOptions(const std::string&)>& options_for,
    std::size_t jobs, const std::function<void(std::size_t index, const FileReport& report)>& checked = {});

/// Writes `content` to `path` through a temporary file in the same folder and a rename, so an
/// interrupted run never leaves a half-written report. Returns an error message, or nothing.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content);

/// Appends `content` to `path` (for $GITHUB_STEP_SUMMARY, which the runner owns).
std::optional<std::string> append_to_file(const std::string& path, const std::string& content);

}  // namespace dlcheck
