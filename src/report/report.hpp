#pragma once
// The report model every formatter renders: one detector, many renderers.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "artifacts/project_artifacts.hpp"
#include "report/finding.hpp"
#include "report/rule_info.hpp"

namespace dlcheck {

enum class Verdict { pass, fail, error };
std::string_view format_as(Verdict verdict);

/// A checklist item is passed, failed, or not checked: a check that could not run (its file is
/// missing, the log has no validation curve, …) is never shown as passed.
enum class ItemStatus { passed, failed, not_checked };
std::string_view format_as(ItemStatus status);  ///< "passed", "failed", "not_checked"

struct ChecklistEntry {
  const RuleInfo* rule = nullptr;
  ItemStatus status = ItemStatus::passed;  ///< failed: a finding above info; not_checked: the rule could not judge
  std::string reason;                      ///< why the item was not checked; empty otherwise
  int points = 1;                          ///< earned only when passed, possible in every status
};

/// The metric comparison, present when the record names a metric.
struct MetricSummary {
  std::string name;
  std::optional<bool> higher_is_better;
  std::string unit;
  std::optional<double> baseline;
  std::optional<double> current;
  std::optional<double> improvement;           ///< positive means better
  std::optional<double> relative_improvement;  ///< improvement / |baseline|; absent for a zero baseline
};

/// The roadmap's four summary lines, as far as the record gives them.
struct RecordSummary {
  std::optional<std::string> task;
  std::optional<double> improvement;
  std::optional<std::int64_t> failure_case_count;
  bool failure_count_from_list = false;  ///< no failure_case_count: the number of listed cases
  std::optional<std::string> next_step;
};

/// One entry of the record's success_samples or failure_cases, as the report shows it. A value
/// is its text when it is a string and compact JSON otherwise; absent when missing or null.
struct SampleRow {
  bool is_object = true;                                      ///< false: the entry is shown whole, from `whole`
  std::optional<std::string> whole;                           ///< an entry that is not an object
  std::optional<std::string> input, label, prediction, note;  ///< an object's members
  bool prediction_differs = false;  ///< label and prediction are both there and differ as JSON values
};

struct FileReport {
  std::string path;  ///< as given on the command line
  /// `path` relative to the repository root, for CI tools that map findings to files: the root
  /// is $GITHUB_WORKSPACE, else the nearest folder above the file holding .git, else the current
  /// folder (CheckOptions says which). Absolute when the file lies outside it.
  std::string repo_path;
  Profile profile = Profile::roadmap;  ///< may differ between files through their rubric configs
  std::string config;                  ///< the rubric config applied (--config, or one found); empty for none
  std::string source;                  ///< the file's text (without a byte-order mark), for snippets
  Verdict verdict = Verdict::pass;
  Severity fail_on = Severity::error;  ///< the least severe finding that fails the file (--fail-on)
  double seconds = 0;                  ///< time spent checking the file
  RecordSummary record;
  std::optional<MetricSummary> metric;
  std::vector<ChecklistEntry> checklist;  ///< the profile's checklist items, in report order
  /// Every rule the file was checked against: its profile's, less those its rubric turns off, in
  /// rule-table order, whether they apply to this record or not (JUnit lists them all).
  std::vector<const RuleInfo*> rules;
  /// Checklist items that do not apply to this record (it names no training log, …): not checked,
  /// with the reason, and kept apart so that formats listing what could not be checked stay short.
  std::vector<ChecklistEntry> not_applicable;
  std::vector<Finding> findings;  ///< ordered by position in the file; a too-many-findings note last
  /// Rules outside the checklist (consistency, input) that have findings here, in rule-table order.
  std::vector<const RuleInfo*> other_rules;
  std::array<int, 3> omitted = {};  ///< findings left out over the limit, by Severity; count() includes them
  std::shared_ptr<const ProjectArtifacts> artifacts;  ///< what was read from the project's files, if anything
  std::vector<SampleRow> success_samples;  ///< the record's success_samples when a non-empty list, else empty
  std::vector<SampleRow> failure_cases;    ///< the record's failure_cases when a non-empty list, else empty
  /// Checked under the roadmap profile, the file fails only on items the record profile does not
  /// check: the roadmap's "Keep One Evidence Record" habit passes on its own.
  bool only_roadmap_items_fail = false;

  int count(Severity severity) const;  ///< shown and omitted findings of this severity
  std::vector<const Finding*> findings_of(std::string_view rule) const;
  /// The checklist item's status, even when its findings were left out; passed outside the checklist.
  ItemStatus item_status(std::string_view rule) const;
  /// item_status(rule) == passed: false for an item that failed or was not checked.
  bool item_passed(std::string_view rule) const;
  /// The points of every checklist item of the file's profile and rubric, set by the checker even
  /// for a file that could not be checked, so every file of a profile has the same denominator.
  int points_total = 0;

  int items_not_checked() const;  ///< checklist items that could not be checked
  /// Points of passed items; a failing file scores at most points_possible() − 1, even when it
  /// failed only on a finding outside the checklist (a consistency check, --fail-on warning).
  int points_earned() const;
  /// Points of every item, not-checked ones included: points_total, or the checklist's own sum
  /// when that is larger (a report built by hand).
  int points_possible() const;
};

struct Report {
  Profile profile = Profile::roadmap;
  std::vector<const RuleInfo*> rules;  ///< every rule, in rule-table order (SARIF lists them all)
  std::vector<FileReport> files;

  int files_with(Verdict verdict) const;
};

/// What an output format knows before the first file.
struct ReportHeader {
  Profile profile = Profile::roadmap;  ///< the profile asked for; a file's rubric config may choose another
  std::vector<const RuleInfo*> rules;  ///< every rule, in rule-table order
  std::size_t files = 0;               ///< how many files follow
};

/// The totals, known after the last file.
struct ReportFooter {
  std::size_t files = 0;
  int passed = 0;
  int failed = 0;
  int errored = 0;  ///< files that could not be read or parsed

  void add(const FileReport& file);  ///< counts one more file
  /// 0 when every file passes, 1 when a checklist item fails, 2 when a file cannot be read or parsed.
  int exit_code() const;
};

ReportHeader header_of(const Report& report);
ReportFooter footer_of(const Report& report);

/// footer_of(report).exit_code().
int exit_code(const Report& report);

}  // namespace dlcheck
