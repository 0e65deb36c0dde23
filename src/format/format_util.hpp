#pragma once
// Helpers shared by the output formats.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

/// The file's path relative to the repository root (FileReport::repo_path), for the formats a CI
/// tool maps to files (sarif, github, junit); repo_relative_path(path) in a report built without it.
std::string repository_path(const FileReport& file);

/// primary_location() with the path relative to the repository root: a named file's path is
/// placed the way it lies from the evidence file.
PrimaryLocation repository_location(const FileReport& file, const Finding& finding);

/// 64-bit FNV-1a of the text: the same on every machine, in every run and version (unlike
/// std::hash), for fingerprints that CI services match across runs.
std::uint64_t stable_hash(std::string_view text);

/// "path:line:col", leaving out what is unknown. Not escaped: each format escapes for its medium.
std::string location_text(const PrimaryLocation& location);

/// Said under the roadmap profile when only roadmap items fail (FileReport::only_roadmap_items_fail).
inline constexpr std::string_view kRecordProfileHint =
    "the roadmap's \"Keep One Evidence Record\" habit passes; run with --profile record to check only that. "
    "The default profile checks a finished project.";

/// The failed items a reader should fix first, at most `limit`: errors before warnings, each in
/// checklist order, then rules outside the checklist; each with its first problem finding, or
/// none when every finding of the item was left out over the limit.
struct FixFirst {
  const RuleInfo* rule = nullptr;
  Severity severity = Severity::error;
  const Finding* finding = nullptr;
};
std::vector<FixFirst> fix_first(const FileReport& file, std::size_t limit, std::size_t* more = nullptr);

/// A terminal sparkline (▁▂▃▄▅▆▇█) of a loss curve, at most `width` characters.
std::string sparkline(const LossCurve& curve, std::size_t width = 40);

/// The rubric a file was checked under: "profile record", or "profile record, config
/// a/.dlcheck.json" (the config repo-relative). Not escaped.
std::string rubric_text(const FileReport& file);

/// The profiles of the files seen so far, for a page that names them once: "profile roadmap",
/// or "profile roadmap for 2, record for 1" when they differ through the files' configs.
class ProfileTally {
 public:
  void add(const FileReport& file) { ++counts_[static_cast<std::size_t>(file.profile)]; }
  /// Whether the files were checked under more than one profile.
  bool mixed() const { return counts_[0] > 0 && counts_[1] > 0; }
  /// `asked` names the profile when no file was seen.
  std::string text(Profile asked) const;

 private:
  std::array<int, 2> counts_{};  // by Profile
};

}  // namespace dlcheck
