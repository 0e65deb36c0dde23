#pragma once
// Checking many evidence files: finding them in folders, and checking them in parallel with a
// deterministic result.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/checker.hpp"
#include "report/report_writer.hpp"

namespace dlcheck {

/// Files named directly are kept; folders are searched recursively for names matching `glob`
/// (fnmatch, e.g. "evidence.json" or "*.evidence.json"), skipping .git and node_modules.
/// The result is sorted by path and has no duplicates; folders are read on `jobs` threads (0: all cores).
std::vector<std::string> collect_evidence_files(const std::vector<std::string>& paths, const std::string& glob,
                                                std::size_t jobs = 0);

/// Checks every file on `jobs` threads (0: all cores) and streams the reports to every writer:
/// begin, then each file's render() on the thread that checked it and file() on this thread in
/// the order of `paths` whatever the number of threads, then end. `options_for` gives each file
/// its options (its rubric config); `profile` is the one asked for. A report is dropped once
/// written, so a batch holds only what the writers keep. Returns the totals.
ReportFooter check_files(const std::vector<std::string>& paths,
                         const std::function<CheckOptions(const std::string&)>& options_for, std::size_t jobs,
                         Profile profile, std::span<ReportWriter* const> writers);

/// The same, keeping the reports: in the order of `paths` whatever the number of threads.
std::vector<FileReport> check_files(const std::vector<std::string>& paths,
                                    const std::function<CheckOptions(const std::string&)>& options_for,
                                    std::size_t jobs);

/// Writes `content` to `path` through a temporary file in the same folder and a rename, so an
/// interrupted run never leaves a half-written report. Returns an error message, or nothing.
std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content);

/// Appends `content` to `path` (for $GITHUB_STEP_SUMMARY, which the runner owns).
std::optional<std::string> append_to_file(const std::string& path, const std::string& content);

}  // namespace dlcheck
