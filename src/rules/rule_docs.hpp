#pragma once
// Rule documentation rendered from the rule table: `dlcheck rules`, `dlcheck explain`, docs/rules.md.

#include <ostream>

#include "rules/rule.hpp"

namespace dlcheck {

/// One line per rule: id, default severity, profiles, summary.
void write_rule_list(std::ostream& out);

/// Everything about one rule, for `dlcheck explain RULE`.
void write_rule_explanation(const RuleInfo& rule, std::ostream& out);

/// The whole rule reference as Markdown; docs/rules.md is this output, checked by a test.
void write_rules_markdown(std::ostream& out);

/// "record, roadmap" or "roadmap".
std::string profiles_of(const RuleInfo& rule);

}  // namespace dlcheck
