#pragma once
// A rule is one checklist item or consistency check: its documentation as data, and its check.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dlcheck/evidence.hpp"
#include "dlcheck/finding.hpp"

namespace dlcheck {

enum class Profile { record, roadmap };
std::string_view format_as(Profile profile);

/// The roadmap's sections, in the order the report shows them.
enum class Section {
  record,            ///< "Keep One Evidence Record"
  evidence_to_keep,  ///< "Evidence to Keep"
  deliverables,      ///< "Project Deliverable Standards"
  failure_check,     ///< "Failure Check"
  reasoning,         ///< "Check reasoning and explanation"
  verification,      ///< claims checked against the project's files, shown only when they fire
  consistency,       ///< checks that every record must pass, shown only when they fire
  input,             ///< the file could not be read or parsed
};
std::string_view section_title(Section section);

struct RuleInfo {
  std::string_view id;
  Section section;
  Severity severity;
  std::string_view summary;      ///< one line: what a passing record has
  std::string_view explanation;  ///< why it matters, what exactly is checked
  std::string_view hint;         ///< one line on how to fix a failure
  std::string_view passing_example;  ///< a small record that passes this rule
  std::string_view failing_example;  ///< a small record that fails it
};

/// Checklist items get a pass/fail mark and a point (verification items only when they apply);
/// consistency and input rules only report.
bool is_checklist_item(const RuleInfo& rule);
bool applies_to(const RuleInfo& rule, Profile profile);

/// Collects one rule's findings, locating each pointer in the evidence.
class FindingSink {
 public:
  FindingSink(const Evidence& evidence, const RuleInfo& rule, std::vector<Finding>& out)
      : evidence_(evidence), rule_(rule), out_(out) {}

  /// Reports a problem at `pointer`; an empty hint means the rule's own hint.
  void report(std::string_view pointer, std::string message, std::string hint = {});

  /// Like report(), but places the position at an explicit spot (a duplicate key's second copy).
  void report_at(std::string_view pointer, SourcePosition position, std::string message, std::string hint = {});

  /// Reports a problem inside a file the record names; `pointer` is the field naming it.
  /// `severity` overrides the rule's when given (a confirmation is only info).
  void report_in_file(std::string_view pointer, ArtifactLocation location, std::string message, std::string hint = {},
                      std::optional<Severity> severity = std::nullopt);

 private:
  const Evidence& evidence_;
  const RuleInfo& rule_;
  std::vector<Finding>& out_;
};

using CheckFunction = void (*)(const Evidence&, FindingSink&);
using ApplicableFunction = bool (*)(const Evidence&);

struct Rule {
  const RuleInfo& info;
  CheckFunction check;  ///< nullptr for input rules, which the loader reports
  /// For checks of project files: whether the record gives them anything to check (a training
  /// log, predictions, …). A rule that does not apply is left out of the checklist. nullptr: always.
  ApplicableFunction applicable = nullptr;
};

/// Every rule, in report order.
std::span<const Rule> all_rules();

/// The rule with this id, or nullptr.
const Rule* find_rule(std::string_view id);

}  // namespace dlcheck
