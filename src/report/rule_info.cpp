#include "report/rule_info.hpp"

namespace dlcheck {

std::string_view format_as(Severity severity) {
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "warning";
    case Severity::error:
      return "error";
  }
  return "error";
}

std::string_view format_as(Profile profile) { return profile == Profile::record ? "record" : "roadmap"; }

std::string_view section_title(Section section) {
  switch (section) {
    case Section::record:
      return "Keep One Evidence Record";
    case Section::evidence_to_keep:
      return "Evidence to Keep";
    case Section::deliverables:
      return "Project Deliverable Standards";
    case Section::failure_check:
      return "Failure Check";
    case Section::reasoning:
      return "Check reasoning and explanation";
    case Section::verification:
      return "Claims checked against the project's files";
    case Section::consistency:
      return "Consistency";
    case Section::input:
      return "Input";
  }
  return "";
}

bool is_checklist_item(const RuleInfo& rule) {
  return rule.section != Section::consistency && rule.section != Section::input;
}

bool applies_to(const RuleInfo& rule, Profile profile) {
  if (profile == Profile::roadmap) return true;
  return rule.section == Section::record || rule.section == Section::verification || !is_checklist_item(rule);
}

}  // namespace dlcheck
