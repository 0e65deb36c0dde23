#pragma once
// A rule is one checklist item or consistency check: its documentation as data, and its check.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/finding.hpp"
#include "report/rule_info.hpp"
#include "rules/context.hpp"

namespace dlcheck {

/// Collects one rule's findings, locating each pointer in the evidence.
class FindingSink {
 public:
  /// Past `limit` findings of this rule, findings are only counted: no report can show more
  /// (--max-findings), and a hostile file can make a million.
  FindingSink(const CheckContext& evidence, const RuleInfo& rule, std::vector<Finding>& out,
              std::size_t limit = static_cast<std::size_t>(-1))
      : evidence_(evidence), rule_(rule), out_(out), limit_(limit) {}

  /// Whether further findings are only counted; a long loop may then count the rest and stop.
  bool full() const { return kept_ >= limit_; }
  /// Counts `count` findings of `severity` that are not kept.
  void skip(Severity severity, std::size_t count = 1) { skipped_[static_cast<std::size_t>(severity)] += count; }
  /// The findings counted but not kept, by Severity.
  const std::array<std::size_t, 3>& skipped() const { return skipped_; }

  /// Reports a problem at `pointer`; an empty hint means the rule's own hint.
  void report(std::string_view pointer, std::string message, std::string hint = {});

  /// Like report(), but places the position at an explicit spot (a duplicate key's second copy).
  void report_at(std::string_view pointer, SourcePosition position, std::string message, std::string hint = {});

  /// Reports a problem inside a file the record names; `pointer` is the field naming it.
  /// `severity` overrides the rule's when given (a confirmation is only info).
  void report_in_file(std::string_view pointer, ArtifactLocation location, std::string message, std::string hint = {},
                      std::optional<Severity> severity = std::nullopt);

  /// Says the rule could not judge, and why ("the training log is missing"): the item is then
  /// not checked rather than passed, unless it also reported a problem. The first reason is kept.
  void not_checked(std::string reason);

  /// The reason given to not_checked(), if any.
  const std::optional<std::string>& not_checked_reason() const { return not_checked_reason_; }

 private:
  const CheckContext& evidence_;
  const RuleInfo& rule_;
  std::vector<Finding>& out_;
  std::size_t limit_;
  std::size_t kept_ = 0;
  std::array<std::size_t, 3> skipped_ = {};
  std::optional<std::string> not_checked_reason_;
};

using CheckFunction = void (*)(const CheckContext&, FindingSink&);
using ApplicableFunction = bool (*)(const CheckContext&);

struct Rule {
  const RuleInfo& info;
  CheckFunction check;  ///< nullptr for input rules, which the loader reports
  /// For checks of project files: whether the record gives them anything to check (a training
  /// log, predictions, …). A checklist item that does not apply is not checked, for the reason
  /// below, and still counts in the score's denominator. nullptr: always.
  ApplicableFunction applicable = nullptr;
  std::string_view not_applicable = {};  ///< why the item is not checked when `applicable` says no
};

/// Every rule, in report order.
std::span<const Rule> all_rules();

/// The rule with this id, or nullptr.
const Rule* find_rule(std::string_view id);

}  // namespace dlcheck
