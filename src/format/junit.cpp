// JUnit XML for CI test reports: one test suite per evidence file, one test case per checklist
// item, plus one per consistency or input rule that fired. A test case fails exactly when the
// report marks its item as failed, and is skipped when the item could not be checked, so the
// test report agrees with the score.

#include <fmt/format.h>

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

struct TestCase {
  const RuleInfo* rule = nullptr;
  std::vector<const Finding*> findings;
  bool failed = false;
  const std::string* not_checked = nullptr;  ///< the reason, for an item that could not be checked
};

// The same criterion the report uses for checklist items: information never fails.
bool any_above_info(const std::vector<const Finding*>& findings) {
  for (const Finding* finding : findings) {
    if (finding->severity != Severity::info) return true;
  }
  return false;
}

std::vector<TestCase> test_cases(const FileReport& file) {
  std::vector<TestCase> cases;
  for (const ChecklistEntry& entry : file.checklist) {
    cases.push_back({entry.rule, file.findings_of(entry.rule->id), entry.status == ItemStatus::failed,
                     entry.status == ItemStatus::not_checked ? &entry.reason : nullptr});
  }
  for (const RuleInfo* rule : file.other_rules) {
    auto findings = file.findings_of(rule->id);
    const bool failed = any_above_info(findings);
    cases.push_back({rule, std::move(findings), failed});
  }
  return cases;
}

bool is_input_error(const TestCase& test) { return test.failed && test.rule->section == Section::input; }
bool is_failure(const TestCase& test) { return test.failed && test.rule->section != Section::input; }

// "path:line:col: severity: message" and the hint, one line each.
std::string finding_lines(const FileReport& file, const Finding& finding) {
  std::string text = fmt::format("{}: {}: {}\n", xml(location_text(primary_location(file, finding))), finding.severity,
                                 xml(finding.message));
  if (!finding.hint.empty()) text += fmt::format("hint: {}\n", xml(finding.hint));
  return text;
}

std::string findings_text(const FileReport& file, const TestCase& test) {
  std::string text;
  for (const Finding* finding : test.findings) text += finding_lines(file, *finding);
  return text;
}

std::string outcome_message(const TestCase& test) {
  std::vector<const Finding*> failing;
  for (const Finding* finding : test.findings) {
    if (finding->severity != Severity::info) failing.push_back(finding);
  }
  if (failing.empty()) return std::string(test.rule->summary);
  if (failing.size() == 1) return failing.front()->message;
  return fmt::format("{} (and {} more)", failing.front()->message, failing.size() - 1);
}

void write_test_case(std::ostream& out, const FileReport& file, const TestCase& test) {
  const std::string path = xml(repo_relative_path(file.path));
  out << fmt::format(R"(    <testcase classname="{}" name="{}: {}")", path, xml(test.rule->id),
                     xml(test.rule->summary));
  if (test.findings.empty() && !test.failed && test.not_checked == nullptr) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  if (test.not_checked != nullptr) {
    out << fmt::format(R"(      <skipped message="not checked: {}"/>)", xml(*test.not_checked)) << '\n';
    if (!test.findings.empty()) out << "      <system-out>" << findings_text(file, test) << "</system-out>\n";
  } else if (test.failed) {
    out << fmt::format(R"(      <{} message="{}" type="{}">)", is_input_error(test) ? "error" : "failure",
                       xml(outcome_message(test)), xml(test.rule->id))
        << findings_text(file, test) << fmt::format("</{}>\n", is_input_error(test) ? "error" : "failure");
  } else {
    // Information only (a confirmed self-check): kept as output of a passing test.
    out << "      <system-out>" << findings_text(file, test) << "</system-out>\n";
  }
  out << "    </testcase>\n";
}

struct SuiteCounts {
  int tests = 0;
  int failures = 0;
  int errors = 0;
  int skipped = 0;  ///< items that could not be checked
};

SuiteCounts count_cases(const std::vector<TestCase>& cases) {
  SuiteCounts counts;
  for (const TestCase& test : cases) {
    ++counts.tests;
    counts.failures += is_failure(test) ? 1 : 0;
    counts.errors += is_input_error(test) ? 1 : 0;
    counts.skipped += test.not_checked != nullptr ? 1 : 0;
  }
  return counts;
}

void write_suite(std::ostream& out, const FileReport& file, const std::vector<TestCase>& cases,
                 const SuiteCounts& counts) {
  out << fmt::format(R"(  <testsuite name="{}" tests="{}" failures="{}" errors="{}" skipped="{}">)",
                     xml(repo_relative_path(file.path)), counts.tests, counts.failures, counts.errors, counts.skipped)
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

  void begin(const ReportHeader&) override {}

  void file(const FileReport& file, std::string) override {
    const std::vector<TestCase> cases = test_cases(file);
    const SuiteCounts counts = count_cases(cases);
    total_.tests += counts.tests;
    total_.failures += counts.failures;
    total_.errors += counts.errors;
    std::ostringstream suite;
    write_suite(suite, file, cases, counts);
    suites_ += suite.str();
  }

  void end(const ReportFooter&) override {
    out_ << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n';
    out_ << fmt::format(R"(<testsuites name="dlcheck" tests="{}" failures="{}" errors="{}">)", total_.tests,
                        total_.failures, total_.errors)
         << '\n';
    out_ << suites_ << "</testsuites>\n";
  }

 private:
  std::ostream& out_;
  SuiteCounts total_;
  std::string suites_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_junit_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<JunitWriter>(out);
}

}  // namespace dlcheck
