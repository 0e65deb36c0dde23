#pragma once
// Checking many evidence files in parallel with a deterministic result.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "engine/checker.hpp"

namespace dlcheck {

/// Checks every file on `jobs` threads (0: all cores). The reports are in the order of `paths`
/// whatever the number of threads. `options_for` gives each file its options (its rubric config).
/// `checked`, when given, runs on the same thread right after each file (to render it there).
std::vector<FileReport> check_files(
    const std::vector<std::string>& paths, const std::function<CheckOptions(const std::string&)>& options_for,
    std::size_t jobs, const std::function<void(std::size_t index, const FileReport& report)>& checked = {});

}  // namespace dlcheck
