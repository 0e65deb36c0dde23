#pragma once
// What the report knows of a rule: its documentation as plain data.

#include <string_view>

#include "report/finding.hpp"

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
  std::string_view summary;          ///< one line: what a passing record has
  std::string_view explanation;      ///< why it matters, what exactly is checked
  std::string_view hint;             ///< one line on how to fix a failure
  std::string_view passing_example;  ///< a small record that passes this rule
  std::string_view failing_example;  ///< a small record that fails it
};

/// Checklist items get a pass/fail mark and a point (verification items only when they apply);
/// consistency and input rules only report.
bool is_checklist_item(const RuleInfo& rule);
bool applies_to(const RuleInfo& rule, Profile profile);

}  // namespace dlcheck
