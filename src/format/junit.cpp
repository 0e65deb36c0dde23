// JUnit XML for CI test reports: one test suite per evidence file, one test case per rule of its
// profile (less those its rubric turns off), the same cases in the same order in every suite so
// the counts are stable. A test case fails exactly when a finding of its rule fails the file, so
// the test report agrees with the verdict: a warning below --fail-on is output, not a failure. An
// item that could not be checked, or that does not apply to the record, is skipped with its reason.

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// Escapes XML's special characters in text that printable() has already rid of control
// characters and invalid UTF-8. U+FFFE and U+FFFF are valid UTF-8 but not XML 1.0 characters.
std::string xml_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string_view rest = text.substr(i);
    if (rest.starts_with("\xEF\xBF\xBE") || rest.starts_with("\xEF\xBF\xBF")) {
      out += "\xEF\xBF\xBD";
      i += 2;
      continue;
    }
    switch (text[i]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += text[i];
    }
  }
  return out;
}

// Every student string passes through here: control characters become visible escapes, so
// nothing illegal in XML 1.0 (and no line break inside an attribute) remains.
std::string xml(std::string_view text) { return xml_escaped(printable(text)); }

enum class Outcome { passed, failed, error, skipped };

struct TestCase {
  const RuleInfo* rule = nullptr;
  std::vector<const Finding*> findings;
  Outcome outcome = Outcome::passed;
  std::string skipped;  ///< why the test was skipped
};

// Whether the finding fails the file: a warning below --fail-on is output, never a failure.
bool fails_file(const FileReport& file, const Finding& finding) {
  return finding.severity != Severity::info && finding.severity >= file.fail_on;
}

bool any_failing(const FileReport& file, const std::vector<const Finding*>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding* finding) { return fails_file(file, *finding); });
}

bool any_above_info(const std::vector<const Finding*>& findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding* finding) { return finding->severity != Severity::info; });
}

TestCase checklist_case(const FileReport& file, const ChecklistEntry& entry) {
  TestCase test;
  test.rule = entry.rule;
  test.findings = file.findings_of(entry.rule->id);
  if (entry.status == ItemStatus::not_checked) {
    test.outcome = Outcome::skipped;
    test.skipped = "not checked: " + entry.reason;
  } else if (entry.status == ItemStatus::failed) {
    // An item failed by findings the report left out fails with the file.
    const bool left_out = !any_above_info(test.findings) && file.verdict == Verdict::fail;
    if (any_failing(file, test.findings) || left_out) test.outcome = Outcome::failed;
  }
  return test;
}

TestCase rule_case(const FileReport& file, const RuleInfo& rule) {
  TestCase test;
  test.rule = &rule;
  test.findings = file.findings_of(rule.id);
  if (is_checklist_item(rule)) {
    test.outcome = Outcome::skipped;
    test.skipped =
        file.verdict == Verdict::error ? "not checked: the file could not be read" : "does not apply to this record";
  } else if (any_failing(file, test.findings)) {
    const bool input_error = rule.section == Section::input && file.verdict == Verdict::error;
    test.outcome = input_error ? Outcome::error : Outcome::failed;
  }
  return test;
}

// Every rule the file was checked against, in rule-table order, so every suite of a profile
// has the same test cases whatever fired; a rule outside them that has findings is kept too.
std::vector<TestCase> test_cases(const std::vector<const RuleInfo*>& all_rules, const FileReport& file) {
  const auto listed = [](const std::vector<const RuleInfo*>& rules, const RuleInfo* rule) {
    return std::find(rules.begin(), rules.end(), rule) != rules.end();
  };
  // A report put together without the rule table: the file's own rules, then any other that fired.
  std::vector<const RuleInfo*> order = all_rules;
  if (order.empty()) {
    order = file.rules;
    for (const ChecklistEntry& entry : file.checklist)
      if (!listed(order, entry.rule)) order.push_back(entry.rule);
    for (const RuleInfo* rule : file.other_rules)
      if (!listed(order, rule)) order.push_back(rule);
  }
  const auto entry_of = [](const std::vector<ChecklistEntry>& entries, const RuleInfo* rule) {
    const auto it =
        std::find_if(entries.begin(), entries.end(), [&](const ChecklistEntry& item) { return item.rule == rule; });
    return it == entries.end() ? nullptr : &*it;
  };
  std::vector<TestCase> cases;
  for (const RuleInfo* rule : order) {
    // An item that does not apply is skipped with the engine's reason ("the record names no …").
    const ChecklistEntry* entry = entry_of(file.checklist, rule);
    if (entry == nullptr) entry = entry_of(file.not_applicable, rule);
    if (entry != nullptr)
      cases.push_back(checklist_case(file, *entry));
    else if (listed(file.rules, rule) || listed(file.other_rules, rule))
      cases.push_back(rule_case(file, *rule));
  }
  return cases;
}

// "path:line:col: severity: message" and the hint, one line each.
std::string finding_lines(const FileReport& file, const Finding& finding) {
  std::string text = fmt::format("{}: {}: {}\n", xml(location_text(repository_location(file, finding))),
                                 finding.severity, xml(finding.message));
  if (!finding.hint.empty()) text += fmt::format("hint: {}\n", xml(finding.hint));
  return text;
}

std::string findings_text(const FileReport& file, const TestCase& test) {
  std::string text;
  for (const Finding* finding : test.findings) text += finding_lines(file, *finding);
  return text;
}

std::string outcome_message(const FileReport& file, const TestCase& test) {
  std::vector<const Finding*> failing;
  for (const Finding* finding : test.findings) {
    if (fails_file(file, *finding)) failing.push_back(finding);
  }
  if (failing.empty()) return std::string(test.rule->summary);
  if (failing.size() == 1) return failing.front()->message;
  return fmt::format("{} (and {} more)", failing.front()->message, failing.size() - 1);
}

void write_test_case(std::ostream& out, const FileReport& file, const TestCase& test) {
  const std::string path = xml(repository_path(file));
  out << fmt::format(R"(    <testcase classname="{}" name="{}: {}")", path, xml(test.rule->id),
                     xml(test.rule->summary));
  if (test.findings.empty() && test.outcome == Outcome::passed) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  switch (test.outcome) {
    case Outcome::skipped:
      out << fmt::format(R"(      <skipped message="{}"/>)", xml(test.skipped)) << '\n';
      break;
    case Outcome::failed:
    case Outcome::error: {
      const std::string_view element = test.outcome == Outcome::error ? "error" : "failure";
      out << fmt::format(R"(      <{} message="{}" type="{}">)", element, xml(outcome_message(file, test)),
                         xml(test.rule->id))
          << findings_text(file, test) << fmt::format("</{}>\n", element);
      break;
    }
    case Outcome::passed:
      break;
  }
  // What did not fail the test (information, a warning below --fail-on, the findings of a skipped
  // item) is its output.
  if (test.outcome != Outcome::failed && test.outcome != Outcome::error && !test.findings.empty())
    out << "      <system-out>" << findings_text(file, test) << "</system-out>\n";
  out << "    </testcase>\n";
}

struct SuiteCounts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;  ///< items that could not be checked, or do not apply
};

SuiteCounts count_cases(const std::vector<TestCase>& cases) {
  SuiteCounts counts;
  for (const TestCase& test : cases) {
    ++counts.tests;
    counts.failures += test.outcome == Outcome::failed ? 1 : 0;
    counts.errors += test.outcome == Outcome::error ? 1 : 0;
    counts.skipped += test.outcome == Outcome::skipped ? 1 : 0;
  }
  return counts;
}

// Seconds as JUnit writes them, e.g. "0.004".
std::string seconds_text(double seconds) { return fmt::format("{:.3f}", seconds); }

void write_suite(std::ostream& out, const FileReport& file, const std::vector<TestCase>& cases,
                 const SuiteCounts& counts) {
  const std::string path = xml(repository_path(file));
  out << fmt::format(R"(  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}" time="{}" file="{}">)",
                     path, counts.tests, counts.failures, counts.errors, counts.skipped, seconds_text(file.seconds),
                     path)
      << '\n';
  out << "    <properties>\n";
  if (file.verdict != Verdict::error) {  // a file that could not be read has no score
    out << fmt::format(R"(      <property name="score" value="{}/{}"/>)", file.points_earned(), file.points_possible())
        << '\n';
  }
  out << fmt::format(R"(      <property name="verdict" value="{}"/>)", file.verdict) << '\n';
  out << fmt::format(R"(      <property name="profile" value="{}"/>)", file.profile) << '\n';
  // Always there, empty when no config applied, so every suite has the same properties.
  out << fmt::format(R"(      <property name="config" value="{}"/>)",
                     file.config.empty() ? "" : xml(repo_relative_path(file.config)))
      << '\n';
  out << "    </properties>\n";
  for (const TestCase& test : cases) write_test_case(out, file, test);
  out << "  </testsuite>\n";
}

// The totals come first, on <testsuites>: each file's suite is kept until the end.
class JunitWriter final : public ReportWriter {
 public:
  explicit JunitWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader& header) override { rules_ = header.rules; }

  void file(const FileReport& file, std::string) override {
    const std::vector<TestCase> cases = test_cases(rules_, file);
    const SuiteCounts counts = count_cases(cases);
    total_.tests += counts.tests;
    total_.failures += counts.failures;
    total_.errors += counts.errors;
    seconds_ += file.seconds;
    std::ostringstream suite;
    write_suite(suite, file, cases, counts);
    suites_ += suite.str();
  }

  void end(const ReportFooter&) override {
    out_ << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n';
    out_ << fmt::format(R"(<testsuites name="dlcheck" tests="{}" failures="{}" errors="{}" time="{}">)", total_.tests,
                        total_.failures, total_.errors, seconds_text(seconds_))
         << '\n';
    out_ << suites_ << "</testsuites>\n";
  }

 private:
  std::ostream& out_;
  std::vector<const RuleInfo*> rules_;
  SuiteCounts total_;
  double seconds_ = 0;
  std::string suites_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_junit_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<JunitWriter>(out);
}

}  // namespace dlcheck
