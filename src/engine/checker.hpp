#pragma once
// Loading an evidence file and running the profile's rules over it.

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/load_artifacts.hpp"
#include "io/folder_facts.hpp"
#include "json/json_parser.hpp"
#include "report/report.hpp"
#include "rules/context.hpp"

namespace dlcheck {

/// What the rubric says about one rule: turned off, or a severity replacing its default.
struct RuleSetting {
  bool off = false;
  std::optional<Severity> severity;
};

struct CheckOptions {
  Profile profile = Profile::roadmap;
  ParseLimits parse_limits;                      ///< max_depth applies to the JSON in named files too
  std::size_t max_file_size = 16 * 1024 * 1024;  ///< also bounds a training log read whole (trainer_state.json)
  std::size_t max_findings = 200;                ///< per file; beyond it one too-many-findings note counts the rest
  Severity fail_on = Severity::error;            ///< the least severe finding that fails a file
  bool read_project_files = true;                ///< read the training log, predictions, README, … the record names
  /// Threads for one large file (a predictions file split in chunks); 0: one per core.
  std::size_t threads = 0;
  bool follow_symlinks = false;                       ///< check_file follows an evidence path that is a symlink
  std::string evidence_name = "evidence.json";        ///< --name: said when a folder holds no evidence file
  std::optional<std::filesystem::path> project_root;  ///< --root; else found from the evidence path
  /// The folder named on the command line that holds the evidence file: below it, no symlink is
  /// followed to the evidence file or its project root. Unset: paths are taken as they resolve.
  std::optional<std::filesystem::path> anchor;
  /// The repository root that FileReport::repo_path is relative to ($GITHUB_WORKSPACE). Unset:
  /// the nearest folder above each file holding .git when find_repository_root, else the
  /// current folder.
  std::optional<std::filesystem::path> repository_root;
  bool find_repository_root = false;
  Thresholds thresholds;
  ArtifactLimits artifact_limits;
  std::map<std::string, RuleSetting, std::less<>> rule_settings;  ///< by rule id
  std::map<std::string, int, std::less<>> points;                 ///< checklist points by rule id (default 1)
  std::string config;                    ///< the rubric config applied, as the report names it; empty for none
  std::vector<Finding> config_findings;  ///< about the file's rubric config (ignored, capped): added to its report
  std::optional<Finding> config_error;   ///< its config cannot be used: the file is an error row, left unchecked
  /// What the run has learnt of folders (.git, configs, the working directory), shared by its
  /// files; null: the file system is asked each time.
  std::shared_ptr<FolderFacts> folders;
};

/// Checks evidence given as text. `path` is shown in messages and, when project files are read,
/// locates them (they are relative to its folder).
FileReport check_text(std::string path, std::string text, const CheckOptions& options);

/// Reads and checks one evidence file. Never throws: unreadable input becomes an error report.
/// A symlink is reported (symlinked-evidence), never opened, unless options.follow_symlinks; a
/// folder is reported as holding no evidence file (missing-evidence), since the search passes a
/// folder on only when it found nothing below it.
FileReport check_file(const std::string& path, const CheckOptions& options);

/// Lists in `report.other_rules` the rules outside its checklist that have a finding shown, in
/// rule-table order; the checker calls it, and so must code that adds findings afterwards.
void list_other_rules(FileReport& report);

/// `path` relative to the repository root that `options` give (FileReport::repo_path), with "/"
/// separators; absolute when it lies outside the root.
std::string repository_path(std::string_view path, const CheckOptions& options);

/// Every rule's documentation in rule-table order, for Report::rules.
std::vector<const RuleInfo*> rule_table();

}  // namespace dlcheck
