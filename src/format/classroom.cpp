// GitHub Classroom's grader result, as classroom-resources/autograding-grading-reporter reads it
// from a step output (base64 of this JSON): {"version", "status", "max_score", "tests": [...]}.
// Classroom's grade is the sum of the tests' `score` over the sum of the runners' `max_score`, so
// each checklist item is one test worth its points when passed and 0 otherwise, and `max_score`
// is every item's points. Nothing else is a test: the reporter's console shows passed tests over
// all tests times max_score, which equals the grade only when every test is an item of equal
// points. Findings outside the checklist (a duplicate key) still make `status` fail, as the gate.

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

using Json = nlohmann::ordered_json;

// What the reporter prints under a test: each finding at its place, then how to fix it.
std::string findings_message(const FileReport& file, const std::vector<const Finding*>& findings) {
  std::vector<std::string> lines, hints;
  for (const Finding* finding : findings) {
    lines.push_back(
        fmt::format("{}: {}", printable(location_text(primary_location(file, *finding))), printable(finding->message)));
    const std::string hint = printable(finding->hint);
    if (!hint.empty() && std::find(hints.begin(), hints.end(), hint) == hints.end()) hints.push_back(hint);
  }
  for (const std::string& hint : hints) lines.push_back("hint: " + hint);
  return fmt::format("{}", fmt::join(lines, "\n"));
}

class ClassroomWriter final : public ReportWriter {
 public:
  explicit ClassroomWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader& header) override {
    rules_ = header.rules;
    several_files_ = header.files > 1;
  }

  void file(const FileReport& file, std::string) override {
    path_ = printable(repository_path(file));
    max_score_ += file.points_possible();
    if (file.verdict == Verdict::error) {
      add_error_tests(file);
      return;
    }
    // Items that do not apply count in max_score, so each is a test too: the reporter's console
    // (passed tests ÷ all tests × max_score) then agrees with the grade when points are equal.
    for (const ChecklistEntry& entry : file.checklist) add_item_test(file, entry);
    for (const ChecklistEntry& entry : file.not_applicable) add_item_test(file, entry);
  }

  void end(const ReportFooter& footer) override {
    const std::string_view status = footer.errored > 0 ? "error" : footer.failed > 0 ? "fail" : "pass";
    const Json document{
        {"version", 1},
        {"status", status},
        {"max_score", max_score_},
        {"tests", std::move(tests_)},
    };
    // Paths come from the command line and may hold invalid UTF-8; never let dump() throw on them.
    out_ << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  }

 private:
  // "rule: summary", after the file's path when there are several files.
  std::string test_name(std::string_view rule, std::string_view summary) const {
    std::vector<std::string> parts;
    if (several_files_) parts.push_back(path_);
    if (!rule.empty()) parts.push_back(printable(rule));
    if (!summary.empty()) parts.emplace_back(summary);
    return fmt::format("{}", fmt::join(parts, ": "));
  }

  std::string_view summary_of(std::string_view id) const {
    const auto it = std::find_if(rules_.begin(), rules_.end(), [&](const RuleInfo* rule) { return rule->id == id; });
    return it == rules_.end() ? std::string_view() : (*it)->summary;
  }

  // `findings` locate the test: the first one's file and line, else the evidence file.
  Json test(std::string name, std::string_view status, int score, std::string message, std::string_view rule,
            const FileReport& file, const std::vector<const Finding*>& findings) const {
    PrimaryLocation location{repository_path(file), 0, 0};
    if (!findings.empty()) location = repository_location(file, *findings.front());
    return Json{
        {"name", std::move(name)},
        {"status", status},
        {"score", score},
        {"message", std::move(message)},
        {"test_code", rule.empty() ? std::string() : fmt::format("dlcheck explain {}", printable(rule))},
        {"filename", printable(location.path)},
        {"line_no", location.line},
        {"duration", 0},  // not timed: the same report gives the same bytes
    };
  }

  void add_item_test(const FileReport& file, const ChecklistEntry& entry) {
    const RuleInfo& rule = *entry.rule;
    const std::vector<const Finding*> findings = file.findings_of(rule.id);
    std::string_view status = "pass";
    std::string message;
    if (entry.status == ItemStatus::failed) {
      status = "fail";
      message = findings.empty()
                    ? fmt::format("not met; its findings were left out (--max-findings)\nhint: {}", rule.hint)
                    : findings_message(file, findings);
    } else if (entry.status == ItemStatus::not_checked) {
      status = "fail";  // the reporter knows only pass, fail and error: never shown as passed
      message = fmt::format("not checked: {}", printable(entry.reason));
    }
    const int score = entry.status == ItemStatus::passed ? entry.points : 0;
    tests_.push_back(test(test_name(rule.id, rule.summary), status, score, std::move(message), rule.id, file,
                          entry.status == ItemStatus::failed ? findings : std::vector<const Finding*>{}));
  }

  // A file that could not be read or parsed: every item it would have had is an error, or, when
  // the report gives it no checklist, one error per reason it could not be read.
  void add_error_tests(const FileReport& file) {
    std::vector<const Finding*> errors;
    for (const Finding& finding : file.findings) {
      if (finding.severity == Severity::error) errors.push_back(&finding);
    }
    const std::string message = findings_message(file, errors);
    for (const ChecklistEntry& entry : file.checklist) {
      tests_.push_back(
          test(test_name(entry.rule->id, entry.rule->summary), "error", 0, message, entry.rule->id, file, errors));
    }
    if (!file.checklist.empty()) return;
    for (const Finding* error : errors) {
      tests_.push_back(test(test_name(error->rule, summary_of(error->rule)), "error", 0,
                            findings_message(file, {error}), error->rule, file, {error}));
    }
  }

  std::ostream& out_;
  std::vector<const RuleInfo*> rules_;
  bool several_files_ = false;
  std::string path_;  // the file being added, printable and repo-relative
  int max_score_ = 0;
  Json tests_ = Json::array();
};

}  // namespace

std::unique_ptr<ReportWriter> make_classroom_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<ClassroomWriter>(out);
}

}  // namespace dlcheck
