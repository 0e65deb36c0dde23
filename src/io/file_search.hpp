#pragma once
// Finding evidence files in folders: a parallel search by name, reading each folder once.

#include <cstddef>
#include <string>
#include <vector>

namespace dlcheck {

/// Files named directly are kept; folders are searched recursively for names matching `glob`
/// (fnmatch, e.g. "evidence.json" or "*.evidence.json"), skipping .git and node_modules. A
/// matching symlink is returned unfollowed, and symlinked folders are not searched. A named
/// folder with nothing found below it is returned itself, ending in '/' ("./" for "."), so that
/// it is reported. The result is sorted by path and has no duplicates; folders are read on
/// `jobs` threads (0: all cores).
std::vector<std::string> collect_evidence_files(const std::vector<std::string>& paths, const std::string& glob,
                                                std::size_t jobs = 0);

}  // namespace dlcheck
