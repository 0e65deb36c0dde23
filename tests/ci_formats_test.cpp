// The formats for CI services: concise (one line per finding), classroom (GitHub Classroom's
// grader result) and gitlab (Code Quality). Exact golden output for small reports, the numbers
// each consumer adds up, and proof that student text stays data.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "engine/checker.hpp"
#include "format/formatter.hpp"
#include "format_helpers.hpp"
#include "rules/rule.hpp"
#include "text/source_text.hpp"

namespace {

using dlcheck::testing::lines_of;
using dlcheck::testing::render;

using dlcheck::FileReport;
using dlcheck::Finding;
using dlcheck::ItemStatus;
using dlcheck::Report;
using dlcheck::Severity;
using Json = nlohmann::json;

const char* kPassing =
    R"({"task": "image classification", "baseline_accuracy": 0.71, "current_accuracy": 0.82, "failure_case_count": 5, "next_step": "inspect confused classes"})";
const char* kFailing =
    "{\"task\": \"t\", \"baseline_accuracy\": 0.8,\n \"current_accuracy\": 0.6, \"failure_case_count\": 3, "
    "\"next_step\": \"x\"}";
const char* kInvalid = "{\"task\": \"t\",\n  \"next_step\": }";
const char* kDuplicate =
    "{\"task\": \"t\", \"baseline_accuracy\": 0.71, \"current_accuracy\": 0.82, \"failure_case_count\": 5,\n"
    " \"next_step\": \"x\", \"task\": \"u\"}";

const std::string kEvil = "=HYPERLINK(\"x\")\n::error::pwned %0A <script>alert(1)</script> | \x1b[2J `x`";

FileReport check_as(const std::string& path, const std::string& json,
                    dlcheck::Profile profile = dlcheck::Profile::record) {
  dlcheck::CheckOptions options;
  options.profile = profile;
  options.read_project_files = false;  // inline records name no real files
  return dlcheck::check_text(path, json, options);
}

Report report_of(std::vector<FileReport> files) {
  Report report;
  report.rules = dlcheck::rule_table();
  report.profile = dlcheck::Profile::record;
  report.files = std::move(files);
  return report;
}

Report mixed_report() {
  return report_of({check_as("pass/evidence.json", kPassing), check_as("fail/evidence.json", kFailing),
                    check_as("bad/evidence.json", kInvalid)});
}

// A passing record whose next-step item could not be checked, for a reason a student chose.
FileReport not_checked_file(const std::string& reason = "the training log is missing") {
  FileReport file = check_as("nc/evidence.json", kPassing);
  for (auto& entry : file.checklist) {
    if (entry.rule->id != "next-step") continue;
    entry.status = ItemStatus::not_checked;
    entry.reason = reason;
  }
  return file;
}

Finding artifact_finding(std::size_t line) {
  Finding finding;
  finding.rule = "predictions-metric";
  finding.severity = Severity::error;
  finding.message = "current.value is 0.85, but the rows give accuracy 0.82";
  finding.hint = "recompute the metric";
  finding.pointer = "/current/value";
  finding.position = {2, 5, 0};
  finding.artifact = dlcheck::ArtifactLocation{"run/predictions.csv", line, 0, ""};
  return finding;
}

}  // namespace

// --- concise ------------------------------------------------------------------------------------

TEST_CASE("concise: one line per finding, and a tally for a file that passes", "[formats][concise]") {
  CHECK(render("concise", mixed_report()) ==
        "pass/evidence.json: all 6 items passed\n"
        "fail/evidence.json:2:2: error[improvement] current accuracy 0.6 is worse than the baseline 0.8 (higher is "
        "better): improvement -0.2\n"
        "bad/evidence.json:2:16: error[invalid-json] unexpected character '}', expected a value\n");
}

TEST_CASE("concise: a not-checked item is a note and never counted as passed", "[formats][concise][status]") {
  CHECK(render("concise", report_of({not_checked_file()})) ==
        "nc/evidence.json: note[next-step] not checked: the training log is missing\n"
        "nc/evidence.json: 5 items passed, 1 not checked\n");
}

TEST_CASE("concise: a file failing only a consistency check gets no tally", "[formats][concise]") {
  CHECK(render("concise", report_of({check_as("dup/evidence.json", kDuplicate)})) ==
        "dup/evidence.json:2:20: error[duplicate-key] duplicate key: task is already set at line 1; only this later "
        "value is used\n");
}

TEST_CASE("concise: lines go in path order, then position", "[formats][concise]") {
  FileReport file = check_as("b/evidence.json", kFailing);
  file.findings.push_back(artifact_finding(7));
  file.findings.push_back(artifact_finding(3));
  file.findings.push_back(artifact_finding(0));
  const auto lines = lines_of(render("concise", report_of({file})));
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].starts_with("b/evidence.json:2:2: error[improvement] "));
  CHECK(lines[1] ==
        "run/predictions.csv: error[predictions-metric] current.value is 0.85, but the rows give "
        "accuracy 0.82");
  CHECK(lines[2].starts_with("run/predictions.csv:3: "));
  CHECK(lines[3].starts_with("run/predictions.csv:7: "));
}

TEST_CASE("concise: student text cannot add a line or a terminal escape", "[formats][concise][injection]") {
  FileReport file = not_checked_file(kEvil);
  file.path = "evil " + kEvil + ".json";
  Finding finding = artifact_finding(1);
  finding.message = "task is " + kEvil;
  file.findings.push_back(finding);
  const std::string out = render("concise", report_of({file}));
  CHECK(out.find('\x1b') == std::string::npos);
  const auto lines = lines_of(out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] ==
        "run/predictions.csv:1: error[predictions-metric] task is =HYPERLINK(\"x\")\\n::error::pwned %0A "
        "<script>alert(1)</script> | \\x1b[2J `x`");
  CHECK(lines[1].starts_with("evil =HYPERLINK(\"x\")\\n::error::pwned"));
  CHECK(
      lines[1].ends_with(": note[next-step] not checked: =HYPERLINK(\"x\")\\n::error::pwned %0A "
                         "<script>alert(1)</script> | \\x1b[2J `x`"));
}

// --- classroom ----------------------------------------------------------------------------------

namespace {

Json classroom_of(const Report& report) { return Json::parse(render("classroom", report)); }

int sum_of_scores(const Json& result) {
  int total = 0;
  for (const auto& test : result["tests"]) total += test["score"].get<int>();
  return total;
}

}  // namespace

TEST_CASE("classroom: one scored test per checklist item, and max_score the points possible", "[formats][classroom]") {
  const FileReport file = check_as("fail/evidence.json", kFailing);
  const Json result = classroom_of(report_of({file}));
  CHECK(result["version"] == 1);
  CHECK(result["status"] == "fail");
  CHECK(result["max_score"] == file.points_possible());
  CHECK(sum_of_scores(result) == file.points_earned());
  REQUIRE(result["tests"].size() == file.checklist.size());
  CHECK(result["tests"][0] == Json::parse(R"({"name": "task: the record says what task the project solves",
      "status": "pass", "score": 1, "message": "", "test_code": "dlcheck explain task",
      "filename": "fail/evidence.json", "line_no": 0, "duration": 0})"));
  CHECK(result["tests"][3] == Json::parse(R"({"name": "improvement: the current score improves on the baseline",
      "status": "fail", "score": 0,
      "message": "fail/evidence.json:2:2: current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2\nhint: report the score of a model that beats the baseline, or say in next_step what you will try",
      "test_code": "dlcheck explain improvement", "filename": "fail/evidence.json", "line_no": 2, "duration": 0})"));
}

TEST_CASE("classroom: a test scores its rubric points, and max_score adds every item's", "[formats][classroom]") {
  FileReport file = check_as("pass/evidence.json", kPassing);
  file.checklist[0].points = 5;
  file.checklist[1].points = 3;
  file.checklist[1].status = ItemStatus::failed;
  const Json result = classroom_of(report_of({file}));
  CHECK(result["max_score"] == 12);
  CHECK(result["tests"][0]["score"] == 5);
  CHECK(result["tests"][1]["score"] == 0);
  CHECK(result["tests"][1]["status"] == "fail");
  CHECK(result["tests"][1]["message"] ==
        fmt::format("not met; its findings were left out (--max-findings)\nhint: {}", file.checklist[1].rule->hint));
  CHECK(sum_of_scores(result) == 9);
}

TEST_CASE("classroom: a not-checked item fails with its reason and scores nothing", "[formats][classroom][status]") {
  const Json result = classroom_of(report_of({not_checked_file()}));
  CHECK(result["status"] == "pass");  // the gate's verdict
  CHECK(result["max_score"] == 6);
  CHECK(sum_of_scores(result) == 5);
  CHECK(result["tests"][5]["name"] == "next-step: the record says what to change next");
  CHECK(result["tests"][5]["status"] == "fail");
  CHECK(result["tests"][5]["score"] == 0);
  CHECK(result["tests"][5]["message"] == "not checked: the training log is missing");
}

TEST_CASE("classroom: an unreadable file is an error, and several files name their paths", "[formats][classroom]") {
  const Report report = mixed_report();
  const Json result = classroom_of(report);
  CHECK(result["status"] == "error");
  CHECK(result["max_score"] == 18);  // the unreadable file counts its profile's 6 points, none earned
  CHECK(sum_of_scores(result) == 11);
  CHECK(result["tests"][0]["name"] == "pass/evidence.json: task: the record says what task the project solves");
  CHECK(result["tests"][6]["name"] == "fail/evidence.json: task: the record says what task the project solves");
  CHECK(result["tests"].back() == Json::parse(R"({
      "name": "bad/evidence.json: invalid-json: the evidence file is one valid JSON object", "status": "error",
      "score": 0,
      "message": "bad/evidence.json:2:16: unexpected character '}', expected a value\nhint: fix the JSON at the caret; an editor with JSON support shows the same spot",
      "test_code": "dlcheck explain invalid-json", "filename": "bad/evidence.json", "line_no": 2, "duration": 0})"));
  CHECK(result["tests"].size() == 13);
}

TEST_CASE("classroom: a consistency error fails the result but is no test", "[formats][classroom]") {
  const FileReport file = check_as("dup/evidence.json", kDuplicate);
  const Json result = classroom_of(report_of({file}));
  CHECK(result["status"] == "fail");  // the gate's verdict
  CHECK(result["tests"].size() == file.checklist.size());
  CHECK(sum_of_scores(result) == 6);
  for (const auto& test : result["tests"]) CHECK(test["status"] == "pass");
}

TEST_CASE("classroom: student text is data", "[formats][classroom][injection]") {
  FileReport file = not_checked_file(kEvil);
  file.path = "evil\xff " + kEvil + ".json";
  const std::string out = render("classroom", report_of({file}));
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(dlcheck::valid_utf8(out) == out);
  const Json result = Json::parse(out);
  CHECK(result["tests"][5]["message"] ==
        "not checked: =HYPERLINK(\"x\")\\n::error::pwned %0A <script>alert(1)</script> | \\x1b[2J `x`");
}

// --- gitlab -------------------------------------------------------------------------------------

namespace {

Json gitlab_of(const Report& report) { return Json::parse(render("gitlab", report)); }

std::set<std::string> fingerprints(const Json& issues) {
  std::set<std::string> found;
  for (const auto& issue : issues) found.insert(issue["fingerprint"].get<std::string>());
  return found;
}

}  // namespace

TEST_CASE("gitlab: one Code Quality issue per finding, with every field GitLab reads", "[formats][gitlab]") {
  const Json issues = gitlab_of(mixed_report());
  REQUIRE(issues.size() == 2);
  CHECK(issues[0] == Json::parse(R"({
      "description": "current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2 — report the score of a model that beats the baseline, or say in next_step what you will try",
      "check_name": "improvement", "fingerprint": ")" +
                                 issues[0]["fingerprint"].get<std::string>() + R"(", "severity": "major",
      "location": {"path": "fail/evidence.json", "lines": {"begin": 2}}})"));
  CHECK(issues[1]["check_name"] == "invalid-json");
  CHECK(issues[1]["severity"] == "critical");
  CHECK(issues[1]["location"] == Json::parse(R"({"path": "bad/evidence.json", "lines": {"begin": 2}})"));
  for (const auto& issue : issues) {
    CHECK(issue["fingerprint"].get<std::string>().size() == 16);
    CHECK(issue["description"].is_string());
  }
}

TEST_CASE("gitlab: severities map to GitLab's scale, and a not-checked item is info", "[formats][gitlab]") {
  FileReport file = not_checked_file();
  Finding warning = artifact_finding(0);
  warning.severity = Severity::warning;
  Finding info = artifact_finding(4);
  info.severity = Severity::info;
  file.findings = {warning, info};
  const Json issues = gitlab_of(report_of({file}));
  REQUIRE(issues.size() == 3);
  CHECK(issues[0]["severity"] == "minor");
  CHECK(issues[0]["location"]["lines"]["begin"] == 1);  // a whole-file finding points at line 1
  CHECK(issues[1]["severity"] == "info");
  CHECK(issues[1]["location"]["lines"]["begin"] == 4);
  CHECK(issues[2]["check_name"] == "next-step");
  CHECK(issues[2]["severity"] == "info");
  CHECK(issues[2]["description"] == "not checked: the training log is missing");
  CHECK(issues[2]["location"]["path"] == "nc/evidence.json");
}

TEST_CASE("gitlab: fingerprints are unique, the same on every run, and do not follow the line", "[formats][gitlab]") {
  const Json first = gitlab_of(mixed_report());
  CHECK(gitlab_of(mixed_report()) == first);
  // The same problem two lines further down keeps its fingerprint: GitLab does not see it as new.
  const Json moved = gitlab_of(report_of({check_as("fail/evidence.json", std::string("\n\n") + kFailing)}));
  REQUIRE(moved.size() == 1);
  CHECK(moved[0]["location"]["lines"]["begin"] == 4);
  CHECK(moved[0]["fingerprint"] == first[0]["fingerprint"]);
  // Another file, or another rule at the same place, is another problem.
  const Json other = gitlab_of(report_of({check_as("other/evidence.json", kFailing)}));
  CHECK(other[0]["fingerprint"] != first[0]["fingerprint"]);
  // Findings alike in every part still get distinct fingerprints, in a fixed order.
  FileReport file = check_as("a/evidence.json", kFailing);
  file.findings = {artifact_finding(3), artifact_finding(3), artifact_finding(3)};
  const Json alike = gitlab_of(report_of({file}));
  CHECK(fingerprints(alike).size() == 3);
  CHECK(gitlab_of(report_of({file})) == alike);
}

TEST_CASE("gitlab: no findings is an empty array", "[formats][gitlab]") {
  CHECK(render("gitlab", report_of({check_as("pass/evidence.json", kPassing)})) == "[]\n");
}

TEST_CASE("gitlab: student text is data", "[formats][gitlab][injection]") {
  FileReport file = not_checked_file(kEvil);
  file.path = file.repo_path = "evil\xff " + kEvil + ".json";
  const std::string out = render("gitlab", report_of({file}));
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(dlcheck::valid_utf8(out) == out);
  const Json issues = Json::parse(out);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0]["description"] ==
        "not checked: =HYPERLINK(\"x\")\\n::error::pwned %0A <script>alert(1)</script> | \\x1b[2J `x`");
  CHECK(issues[0]["location"]["path"].get<std::string>().starts_with("evil\xef\xbf\xbd =HYPERLINK"));
}
