#pragma once
// Checking many evidence files in parallel with a deterministic result.

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "engine/checker.hpp"
#include "report/report_writer.hpp"

namespace dlcheck {

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

}  // namespace dlcheck
