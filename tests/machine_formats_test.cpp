// The machine formats (github, csv, markdown, junit, sarif): exact golden output for small
// reports, and proof that student text cannot escape its medium in any of them.

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "check_helpers.hpp"
#include "format/formatter.hpp"
#include "format_helpers.hpp"
#include "rules/rule.hpp"
#include "text/source_text.hpp"

namespace {

using dlcheck::testing::lines_of;
using dlcheck::testing::render;

using dlcheck::FileReport;
using dlcheck::Finding;
using dlcheck::Report;
using dlcheck::Severity;

const char* kPassing =
    R"({"task": "image classification", "baseline_accuracy": 0.71, "current_accuracy": 0.82, "failure_case_count": 5, "next_step": "inspect confused classes"})";
const char* kFailing =
    "{\"task\": \"t\", \"baseline_accuracy\": 0.8,\n \"current_accuracy\": 0.6, \"failure_case_count\": 3, "
    "\"next_step\": \"x\"}";
const char* kInvalid = "{\"task\": \"t\",\n  \"next_step\": }";

// Every trick a student string might try: a new workflow command, a pre-escaped line break,
// HTML, a table cell break, a spreadsheet formula, a terminal escape and a Markdown code span.
const std::string kEvil = "=HYPERLINK(\"x\")\n::error::pwned %0A <script>alert(1)</script> | \x1b[2J `x`";

FileReport check_as(const std::string& path, const std::string& json,
                    dlcheck::Profile profile = dlcheck::Profile::record) {
  dlcheck::CheckOptions options;
  options.profile = profile;
  options.read_project_files = false;  // inline records name no real files
  FileReport file = dlcheck::check_text(path, json, options);
  file.seconds = 0;  // measured: golden output needs a fixed time
  return file;
}

Report report_of(std::vector<FileReport> files, dlcheck::Profile profile = dlcheck::Profile::record) {
  Report report;
  report.rules = dlcheck::rule_table();
  report.profile = profile;
  report.files = std::move(files);
  return report;
}

// The three kinds of file a report can hold: passing, failing, and not valid JSON.
Report mixed_report() {
  return report_of({check_as("pass/evidence.json", kPassing), check_as("fail/evidence.json", kFailing),
                    check_as("bad/evidence.json", kInvalid)});
}

// A failing report whose file has a hostile path and one finding with a hostile message.
Report evil_report() {
  FileReport file = check_as("evil " + kEvil + ".json", kFailing);
  Finding finding;
  finding.rule = "task";
  finding.severity = Severity::warning;
  finding.message = "task is " + kEvil;
  finding.hint = "hint " + kEvil;
  finding.position = {3, 4, 0};
  file.findings.push_back(finding);
  file.record.task = kEvil;
  return report_of({file});
}

// A finding about a line of a named file, as the training-log and predictions rules report them.
Finding artifact_finding(std::size_t line, std::size_t column) {
  Finding finding;
  finding.rule = "predictions-metric";
  finding.severity = Severity::error;
  finding.message = "current.value is 0.85, but the rows give accuracy 0.82";
  finding.hint = "recompute the metric";
  finding.pointer = "/current/value";
  finding.position = {2, 5, 0};
  finding.artifact = dlcheck::ArtifactLocation{"run/predictions.csv", line, column, ""};
  return finding;
}

}  // namespace

// --- github -------------------------------------------------------------------------------------

TEST_CASE("github: one workflow command per finding, its hint on a second line, then a plain summary",
          "[formats][github]") {
  CHECK(render("github", mixed_report()) ==
        "::error file=fail/evidence.json,line=2,col=2,title=dlcheck improvement::fail/evidence.json:2:2: current "
        "accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2%0Ahint: report the score "
        "of a model that beats the baseline, or say in next_step what you will try\n"
        "::error file=bad/evidence.json,line=2,col=16,title=dlcheck invalid-json::bad/evidence.json:2:16: unexpected "
        "character '}', expected a value%0Ahint: fix the JSON at the caret; an editor with JSON support shows the "
        "same spot\n"
        "dlcheck: 3 files, 1 passed, 1 failed, 1 could not be read\n");
}

TEST_CASE("github: paths are relative to the repository root, named files placed from the evidence file",
          "[formats][github]") {
  // Checked from a subfolder: the path as given is ../sub/evidence.json, the repository sees it
  // as course/sub/evidence.json.
  FileReport file = check_as("../sub/evidence.json", kFailing);
  file.repo_path = "course/sub/evidence.json";
  Finding in_file = artifact_finding(3, 0);
  in_file.artifact->path = "../sub/run/predictions.csv";
  in_file.hint.clear();
  file.findings.push_back(in_file);
  const auto lines = lines_of(render("github", report_of({file})));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].starts_with(
      "::error file=course/sub/evidence.json,line=2,col=2,title=dlcheck improvement::course/sub/evidence.json:2:2: "));
  CHECK(lines[1] ==
        "::error file=course/sub/run/predictions.csv,line=3,title=dlcheck predictions-metric::"
        "course/sub/run/predictions.csv:3: current.value is 0.85, but the rows give accuracy 0.82");
}

TEST_CASE("github: a passing file gives only the summary", "[formats][github]") {
  CHECK(render("github", report_of({check_as("evidence.json", kPassing)})) ==
        "dlcheck: 1 file, 1 passed, 0 failed, 0 could not be read\n");
}

TEST_CASE("github: a finding in a named file points there, unknown line and column are left out", "[formats][github]") {
  FileReport file = check_as("evidence.json", kFailing);
  file.findings = {artifact_finding(0, 0), artifact_finding(7, 0)};
  file.findings[1].severity = Severity::info;
  CHECK(render("github", report_of({file})) ==
        "::error file=run/predictions.csv,title=dlcheck predictions-metric::run/predictions.csv: current.value is "
        "0.85, but the rows give accuracy 0.82%0Ahint: recompute the metric\n"
        "::notice file=run/predictions.csv,line=7,title=dlcheck predictions-metric::run/predictions.csv:7: "
        "current.value is 0.85, but the rows give accuracy 0.82%0Ahint: recompute the metric\n"
        "dlcheck: 1 file, 0 passed, 1 failed, 0 could not be read\n");
}

TEST_CASE("github: more than ten annotations of a level add a notice with the totals", "[formats][github]") {
  const char* record = R"({"task": "t", "baseline_accuracy": 0.71, "current_accuracy": 0.82, "failure_case_count": 5,
                           "next_step": "x", "run_comand": "python train.py"})";
  const Report report =
      report_of({check_as("evidence.json", record, dlcheck::Profile::roadmap)}, dlcheck::Profile::roadmap);
  REQUIRE(report.files[0].count(Severity::error) > 10);
  const auto lines = lines_of(render("github", report));
  REQUIRE(lines.size() >= 2);
  CHECK(lines[lines.size() - 2] ==
        fmt::format("::notice::dlcheck found {} errors, 1 warning and 0 notices in total; GitHub shows only the "
                    "first 10 annotations of each level, the log lists them all",
                    report.files[0].count(Severity::error)));
  CHECK(lines.back() == "dlcheck: 1 file, 0 passed, 1 failed, 0 could not be read");
}

TEST_CASE("github: ten annotations of a level need no notice", "[formats][github]") {
  FileReport file = check_as("evidence.json", kPassing);
  for (int i = 0; i < 10; ++i) file.findings.push_back(artifact_finding(1, 1));
  const std::string out = render("github", report_of({file}));
  CHECK(out.find("::notice::") == std::string::npos);
}

TEST_CASE("github: student text cannot end a command or start a new one", "[formats][github][injection]") {
  const std::string out = render("github", evil_report());
  const auto lines = lines_of(out);
  for (const auto& line : lines) {
    INFO(line);
    const bool command = line.starts_with("::error file=") || line.starts_with("::warning file=");
    CHECK((command || line.starts_with("dlcheck: ")));
  }
  // Properties escape ':' and ','; the message escapes '%' and line breaks; \x1b becomes visible.
  CHECK(lines.at(1) ==
        "::warning file=evil =HYPERLINK(\"x\")\\n%3A%3Aerror%3A%3Apwned %250A <script>alert(1)</script> | "
        "\\x1b[2J `x`.json,line=3,col=4,title=dlcheck task::evil =HYPERLINK(\"x\")\\n::error::pwned %250A "
        "<script>alert(1)</script> | \\x1b[2J `x`.json:3:4: task is =HYPERLINK(\"x\")%0A::error::pwned %250A "
        "<script>alert(1)</script> | \\x1b[2J `x`%0Ahint: hint =HYPERLINK(\"x\")\\n::error::pwned %250A "
        "<script>alert(1)</script> | \\x1b[2J `x`");
  CHECK(out.find('\x1b') == std::string::npos);
}

TEST_CASE("github: a carriage return is escaped as the runner expects", "[formats][github][injection]") {
  FileReport file = check_as("a,b:c%.json", kPassing);
  Finding finding = artifact_finding(1, 1);
  finding.artifact->path = "a,b:c%.csv";
  finding.message = "x\r\ny";
  file.findings = {finding};
  CHECK(lines_of(render("github", report_of({file}))).at(0) ==
        "::error file=a%2Cb%3Ac%25.csv,line=1,col=1,title=dlcheck predictions-metric::a,b:c%25.csv:1:1: x%0D%0Ay"
        "%0Ahint: recompute the metric");
}

// --- csv ----------------------------------------------------------------------------------------

TEST_CASE("csv: a header and one row per file", "[formats][csv]") {
  CHECK(render("csv", mixed_report()) ==
        "path,task,metric,baseline,current,improvement,verdict,errors,warnings,score_earned,profile,config,not_checked,"
        "score_possible,failed_rules\n"
        "pass/evidence.json,image classification,accuracy,0.71,0.82,0.11,pass,0,0,6,record,,0,6,\n"
        "fail/evidence.json,t,accuracy,0.8,0.6,-0.2,fail,1,0,5,record,,0,6,improvement\n"
        "bad/evidence.json,,,,,,error,1,0,0,record,,,6,invalid-json\n");
}

TEST_CASE("csv: fields are quoted as RFC 4180 says", "[formats][csv]") {
  FileReport file = check_as("my \"best\", run.json", kPassing);
  file.record.task = "cats, dogs";
  CHECK(lines_of(render("csv", report_of({file}))).at(1) ==
        R"("my ""best"", run.json","cats, dogs",accuracy,0.71,0.82,0.11,pass,0,0,6,record,,0,6,)");
}

TEST_CASE("csv: cells that a spreadsheet would run as a formula start with '", "[formats][csv][injection]") {
  const auto task_cell = [](const std::string& task) {
    FileReport file = check_as("evidence.json", kPassing);
    file.record.task = task;
    const std::string row = lines_of(render("csv", report_of({file}))).at(1);
    const std::string rest = row.substr(row.find(',') + 1);
    return rest.substr(0, rest.rfind(",accuracy,"));
  };
  CHECK(task_cell("=HYPERLINK(\"x\")") == R"~("'=HYPERLINK(""x"")")~");
  CHECK(task_cell("+1+1") == "'+1+1");
  CHECK(task_cell("-cmd|' /C calc'!A0") == "'-cmd|' /C calc'!A0");
  CHECK(task_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(task_cell("-0.03") == "-0.03");  // a real number stays a number
  CHECK(task_cell("\x1b[2J\ttab\nline") == "\\x1b[2J\\ttab\\nline");
  CHECK(task_cell("\tx") == "\\tx");  // printable() already made the tab visible
}

TEST_CASE("csv: numbers are rounded as the text report rounds them, and negative ones stay numbers", "[formats][csv]") {
  FileReport file = check_as("evidence.json", kFailing);
  file.metric->baseline = 0.123456789;
  file.metric->current = -0.0299999999999999;
  file.record.improvement = 0.82 - 0.71;
  CHECK(lines_of(render("csv", report_of({file}))).at(1) ==
        "evidence.json,t,accuracy,0.123457,-0.03,0.11,fail,1,0,5,record,,0,6,improvement");
  file.record.improvement = -0.0299999999999999;
  CHECK(lines_of(render("csv", report_of({file}))).at(1).find(",-0.03,fail,") != std::string::npos);
}

TEST_CASE("csv: hostile text stays in its cell, on its line", "[formats][csv][injection]") {
  const auto lines = lines_of(render("csv", evil_report()));
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] ==
        "\"evil =HYPERLINK(\"\"x\"\")\\n::error::pwned %0A <script>alert(1)</script> | \\x1b[2J `x`.json\","
        "\"'=HYPERLINK(\"\"x\"\")\\n::error::pwned %0A <script>alert(1)</script> | \\x1b[2J `x`\","
        "accuracy,0.8,0.6,-0.2,fail,1,1,5,record,,0,6,improvement");
}

// --- markdown -----------------------------------------------------------------------------------

TEST_CASE("markdown: verdict heading, file table, and the findings of files that did not pass", "[formats][markdown]") {
  CHECK(render("markdown", mixed_report()) == R"(## ❌ dlcheck: fail

3 files checked (profile record): 1 passed, 1 failed, 1 could not be read

| File | Verdict | Score | Improvement | Errors | Warnings |
| --- | --- | ---: | ---: | ---: | ---: |
| pass/evidence.json | ✅ pass | 6/6 | +0.11 | 0 | 0 |
| fail/evidence.json | ❌ fail | 5/6 | -0.2 | 1 | 0 |
| bad/evidence.json | ⚠️ error | 0/6 | n/a | 1 | 0 |

### ❌ fail/evidence.json

| Location | Severity | Rule | Message |
| --- | --- | --- | --- |
| fail/evidence.json:2:2 | error | improvement | current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2<br>hint: report the score of a model that beats the baseline, or say in next\_step what you will try |

### ⚠️ bad/evidence.json

| Location | Severity | Rule | Message |
| --- | --- | --- | --- |
| bad/evidence.json:2:16 | error | invalid-json | unexpected character '}', expected a value<br>hint: fix the JSON at the caret; an editor with JSON support shows the same spot |
)");
}

TEST_CASE("markdown: a passing report", "[formats][markdown]") {
  CHECK(render("markdown", report_of({check_as("evidence.json", kPassing)})) == R"(## ✅ dlcheck: pass

1 file checked (profile record): 1 passed, 0 failed, 0 could not be read

| File | Verdict | Score | Improvement | Errors | Warnings |
| --- | --- | ---: | ---: | ---: | ---: |
| evidence.json | ✅ pass | 6/6 | +0.11 | 0 | 0 |
)");
}

TEST_CASE("markdown: hostile text stays text inside its cell", "[formats][markdown][injection]") {
  const std::string out = render("markdown", evil_report());
  CHECK(out.find("<script>") == std::string::npos);
  CHECK(out.find('`') == std::string::npos);
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find("| evil =HYPERLINK(\"x\") ::error::pwned %0A &lt;script&gt;alert(1)&lt;/script&gt; \\| "
                 "\\\\x1b\\[2J &#96;x&#96;.json:3:4 | warning | task | task is =HYPERLINK(\"x\") ::error::pwned %0A "
                 "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\\\x1b\\[2J &#96;x&#96;<br>hint: ") != std::string::npos);
  // Every table row still has its columns: no student '|' or line break split one.
  for (const auto& line : lines_of(out)) {
    if (!line.starts_with("| ")) continue;
    INFO(line);
    std::size_t separators = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++separators;
    }
    CHECK((separators == 5 || separators == 7));
  }
}

TEST_CASE("markdown: emphasis, links and entities in student text are escaped", "[formats][markdown][injection]") {
  FileReport file = check_as("evidence.json", kFailing);
  file.findings[0].message = "*bold* _em_ ~~del~~ [link](http://x) ![img](y) &amp; \\";
  const std::string out = render("markdown", report_of({file}));
  CHECK(out.find("| \\*bold\\* \\_em\\_ \\~\\~del\\~\\~ \\[link\\](http://x) !\\[img\\](y) &amp;amp; \\\\<br>hint: ") !=
        std::string::npos);
}

TEST_CASE("markdown: a long cell is shortened", "[formats][markdown]") {
  FileReport file = check_as("evidence.json", kFailing);
  file.findings[0].message = std::string(5000, 'a');
  const std::string out = render("markdown", report_of({file}));
  CHECK(out.find(" | " + std::string(1000, 'a') + "…<br>hint: ") != std::string::npos);
}

TEST_CASE("markdown: a huge report stays under 1 MiB and says what it left out", "[formats][markdown]") {
  FileReport file = check_as("evidence.json", kFailing);
  Finding finding = file.findings.at(0);
  finding.message = std::string(500, 'x');
  file.findings.assign(5000, finding);
  const std::string out = render("markdown", report_of({file, file}));
  CHECK(out.size() < 1024 * 1024);
  const auto lines = lines_of(out);
  const auto rows = static_cast<std::size_t>(std::count_if(
      lines.begin(), lines.end(), [](const std::string& line) { return line.starts_with("| evidence.json:2:2 |"); }));
  CHECK(rows > 1000);
  CHECK(
      out.ends_with(fmt::format("\n> {} findings left out: a step summary must stay under 1 MiB; the log has them "
                                "all\n",
                                10000 - rows)));
}

// --- junit --------------------------------------------------------------------------------------

namespace {

// The test-case names of each suite, in order.
std::vector<std::vector<std::string>> junit_case_names(const std::string& xml) {
  std::vector<std::vector<std::string>> suites;
  for (const auto& line : lines_of(xml)) {
    if (line.starts_with("  <testsuite ")) suites.emplace_back();
    const auto start = line.find(" name=\"");
    if (line.starts_with("    <testcase ") && start != std::string::npos && !suites.empty())
      suites.back().push_back(line.substr(start + 7, line.find('"', start + 7) - start - 7));
  }
  return suites;
}

}  // namespace

TEST_CASE("junit: a suite per file, a test case per rule of the profile", "[formats][junit]") {
  const std::string out = render("junit", mixed_report());
  CHECK(out.starts_with(R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="dlcheck" tests="105" failures="1" errors="1" time="0.000">
  <testsuite name="pass/evidence.json" tests="35" failures="0" errors="0" skipped="15" time="0.000" file="pass/evidence.json">
    <properties>
      <property name="score" value="6/6"/>
      <property name="verdict" value="pass"/>
      <property name="profile" value="record"/>
      <property name="config" value=""/>
    </properties>
    <testcase classname="pass/evidence.json" name="task: the record says what task the project solves"/>
)"));
  CHECK(out.find(R"(
  <testsuite name="fail/evidence.json" tests="35" failures="1" errors="0" skipped="15" time="0.000" file="fail/evidence.json">
    <properties>
      <property name="score" value="5/6"/>
      <property name="verdict" value="fail"/>
      <property name="profile" value="record"/>
      <property name="config" value=""/>
    </properties>
    <testcase classname="fail/evidence.json" name="task: the record says what task the project solves"/>
    <testcase classname="fail/evidence.json" name="baseline-value: the record has a numeric baseline score"/>
    <testcase classname="fail/evidence.json" name="metric-direction: the record names its metric, and whether higher is better is known"/>
    <testcase classname="fail/evidence.json" name="improvement: the current score improves on the baseline">
      <failure message="current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2" type="improvement">fail/evidence.json:2:2: error: current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2
hint: report the score of a model that beats the baseline, or say in next_step what you will try
</failure>
    </testcase>
    <testcase classname="fail/evidence.json" name="failure-evidence: the record shows at least three failures"/>
    <testcase classname="fail/evidence.json" name="next-step: the record says what to change next"/>
    <testcase classname="fail/evidence.json" name="project-file: every file the record names exists inside the project and can be read">
      <skipped message="does not apply to this record"/>
    </testcase>
)") != std::string::npos);
  // A file that could not be read: its items were not checked, the input rule is the error.
  CHECK(out.find(R"(
  <testsuite name="bad/evidence.json" tests="35" failures="0" errors="1" skipped="21" time="0.000" file="bad/evidence.json">
    <properties>
      <property name="verdict" value="error"/>
      <property name="profile" value="record"/>
      <property name="config" value=""/>
    </properties>
    <testcase classname="bad/evidence.json" name="task: the record says what task the project solves">
      <skipped message="not checked: the file could not be read"/>
    </testcase>
)") != std::string::npos);
  CHECK(out.find(R"(
    <testcase classname="bad/evidence.json" name="unreadable-file: the evidence file can be read"/>
    <testcase classname="bad/evidence.json" name="invalid-json: the evidence file is one valid JSON object">
      <error message="unexpected character &apos;}&apos;, expected a value" type="invalid-json">bad/evidence.json:2:16: error: unexpected character &apos;}&apos;, expected a value
hint: fix the JSON at the caret; an editor with JSON support shows the same spot
</error>
    </testcase>
    <testcase classname="bad/evidence.json" name="symlinked-evidence: the evidence file is a regular file, not a symlink"/>
)") != std::string::npos);
  CHECK(out.ends_with(R"(
    <testcase classname="bad/evidence.json" name="local-config-limit: a .dlcheck.json found beside the evidence file raises no limit"/>
  </testsuite>
</testsuites>
)"));
}

TEST_CASE("junit: every suite of a profile has the same test cases in the same order", "[formats][junit]") {
  const Report report = mixed_report();
  const auto suites = junit_case_names(render("junit", report));
  REQUIRE(suites.size() == 3);
  std::vector<std::string> expected;
  for (const dlcheck::RuleInfo* rule : report.files[0].rules)
    expected.push_back(fmt::format("{}: {}", rule->id, rule->summary));
  CHECK(expected.size() == 35);
  // The summaries are XML-escaped in the output.
  for (auto& name : expected) {
    for (std::size_t at = name.find('\''); at != std::string::npos; at = name.find('\'', at + 1))
      name.replace(at, 1, "&apos;");
  }
  CHECK(suites[0] == expected);
  CHECK(suites[1] == expected);
  CHECK(suites[2] == expected);
}

TEST_CASE("junit: a rule the rubric turns off is no test case", "[formats][junit]") {
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.read_project_files = false;
  options.rule_settings["unknown-field"].off = true;
  const std::string out = render("junit", report_of({dlcheck::check_text("evidence.json", kPassing, options)}));
  CHECK(out.find(R"(tests="34")") != std::string::npos);
  CHECK(out.find("name=\"unknown-field: ") == std::string::npos);
  CHECK(out.find("name=\"duplicate-key: ") != std::string::npos);
}

TEST_CASE("junit: consistency rules that fired fail, information only is output", "[formats][junit]") {
  const char* record = R"({"task": "t", "task": "u", "baseline_accuracy": 0.71, "current_accuracy": 0.82,
                           "failure_case_count": 5, "next_step": "x"})";
  FileReport file = check_as("evidence.json", record);
  file.findings.push_back(artifact_finding(7, 0));
  file.findings.back().severity = Severity::info;
  dlcheck::list_other_rules(file);
  const std::string out = render("junit", report_of({file}));
  CHECK(
      out.find(
          R"(<testsuite name="evidence.json" tests="35" failures="1" errors="0" skipped="15" time="0.000" file="evidence.json">)") !=
      std::string::npos);
  CHECK(out.find(R"(    <testcase classname="evidence.json" name="duplicate-key: no key appears twice in one object">
      <failure message="duplicate key: task is already set at line 1; only this later value is used" type="duplicate-key">evidence.json:1:15: error: duplicate key: task is already set at line 1; only this later value is used
hint: keep one of the two copies and delete the other
</failure>
    </testcase>
)") != std::string::npos);
  CHECK(
      out.find(
          R"(    <testcase classname="evidence.json" name="predictions-metric: the current value matches the metric recomputed from the predictions">
      <skipped message="does not apply to this record"/>
      <system-out>run/predictions.csv:7: info: current.value is 0.85, but the rows give accuracy 0.82
hint: recompute the metric
</system-out>
    </testcase>
)") != std::string::npos);
}

TEST_CASE("junit: a warning that does not fail the file is output, not a failure", "[formats][junit]") {
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.read_project_files = false;
  options.rule_settings["task"].severity = Severity::warning;  // a failed item that only warns
  const auto junit_of = [&](Severity fail_on) {
    options.fail_on = fail_on;
    // No task, and a misspelt next_step: two warnings.
    FileReport file = dlcheck::check_text(
        "evidence.json",
        "{\"baseline_accuracy\": 0.71, \"current_accuracy\": 0.82,\n \"failure_case_count\": 5, \"next_step\": \"x\", "
        "\"next_stpe\": \"y\"}",
        options);
    file.seconds = 0;
    return std::pair{file.verdict, render("junit", report_of({file}))};
  };
  const auto [passed, lenient] = junit_of(Severity::error);
  CHECK(passed == dlcheck::Verdict::pass);
  CHECK(lenient.find(R"(failures="0" errors="0")") != std::string::npos);
  CHECK(lenient.find("<failure") == std::string::npos);
  CHECK(
      lenient.find(R"(    <testcase classname="evidence.json" name="task: the record says what task the project solves">
      <system-out>evidence.json:1:1: warning: )") != std::string::npos);
  CHECK(
      lenient.find(
          R"(    <testcase classname="evidence.json" name="unknown-field: no field name looks like a misspelt known field">
      <system-out>evidence.json:2:45: warning: )") != std::string::npos);
  // With --fail-on warning the same findings fail the file and their test cases.
  const auto [failed, strict] = junit_of(Severity::warning);
  CHECK(failed == dlcheck::Verdict::fail);
  CHECK(strict.find(R"(failures="2" errors="0")") != std::string::npos);
  CHECK(strict.find(R"(type="task">evidence.json:1:1: warning: )") != std::string::npos);
  CHECK(strict.find(R"(type="unknown-field">evidence.json:2:45: warning: )") != std::string::npos);
}

TEST_CASE("junit: each suite carries the seconds its file took, and the file", "[formats][junit]") {
  FileReport first = check_as("a/evidence.json", kPassing);
  first.seconds = 1.25;
  FileReport second = check_as("b/evidence.json", kPassing);
  second.seconds = 0.0004;
  second.repo_path = "course/b/evidence.json";
  const std::string out = render("junit", report_of({first, second}));
  CHECK(out.find(R"(<testsuites name="dlcheck" tests="70" failures="0" errors="0" time="1.250">)") !=
        std::string::npos);
  CHECK(
      out.find(
          R"(<testsuite name="a/evidence.json" tests="35" failures="0" errors="0" skipped="15" time="1.250" file="a/evidence.json">)") !=
      std::string::npos);
  CHECK(
      out.find(
          R"(<testsuite name="course/b/evidence.json" tests="35" failures="0" errors="0" skipped="15" time="0.000" file="course/b/evidence.json">)") !=
      std::string::npos);
  CHECK(out.find(R"(<testcase classname="course/b/evidence.json" name="task: )") != std::string::npos);
}

TEST_CASE("junit: several findings of one item make one failure", "[formats][junit]") {
  FileReport file = check_as("evidence.json", kFailing);
  file.findings.push_back(file.findings.at(0));
  file.findings.back().message = "second";
  const std::string out = render("junit", report_of({file}));
  CHECK(
      out.find(
          R"~(<failure message="current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2 (and 1 more)" type="improvement">)~") !=
      std::string::npos);
  CHECK(out.find("evidence.json:2:2: error: second\n") != std::string::npos);
  CHECK(out.find(R"(tests="35" failures="1" errors="0")") != std::string::npos);
}

TEST_CASE("junit: hostile text is escaped, and characters XML forbids are gone", "[formats][junit][injection]") {
  Report report = evil_report();
  report.files[0].findings.back().message += " '\x01\x7f\xef\xbf\xbf\xff";
  const std::string out = render("junit", report);
  CHECK(out.find("<script>") == std::string::npos);
  CHECK(out.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(out.find("=HYPERLINK(&quot;x&quot;)\\n::error::pwned %0A") != std::string::npos);
  CHECK(out.find(" &apos;\\x01\\x7f\xef\xbf\xbd\xef\xbf\xbd") != std::string::npos);
  const auto control =
      std::find_if(out.begin(), out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; });
  CHECK(control == out.end());
  CHECK(out.find("\xef\xbf\xbf") == std::string::npos);
}

// --- sarif --------------------------------------------------------------------------------------

namespace {

nlohmann::json sarif_of(const Report& report) { return nlohmann::json::parse(render("sarif", report)); }

}  // namespace

TEST_CASE("sarif: the log, the tool and every rule", "[formats][sarif]") {
  const auto log = sarif_of(mixed_report());
  CHECK(log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json");
  CHECK(log["version"] == "2.1.0");
  REQUIRE(log["runs"].size() == 1);
  const auto& driver = log["runs"][0]["tool"]["driver"];
  CHECK(driver["name"] == "dlcheck");
  CHECK(driver["version"] == DLCHECK_VERSION);
  const auto rules = dlcheck::all_rules();
  REQUIRE(driver["rules"].size() == rules.size());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const auto& rule = driver["rules"][i];
    CHECK(rule["id"] == rules[i].info.id);
    CHECK(rule["shortDescription"]["text"] == rules[i].info.summary);
    CHECK(rule["fullDescription"]["text"] == rules[i].info.explanation);
    CHECK(rule["help"]["text"] == fmt::format("{}.\n\n{}\n\nHow to fix: {}\n", rules[i].info.summary,
                                              rules[i].info.explanation, rules[i].info.hint));
    CHECK(rule["help"]["markdown"].get<std::string>().starts_with(rule["help"]["text"].get<std::string>()));
    CHECK(rule["helpUri"] == fmt::format("{}/blob/main/docs/rules.md#{}", DLCHECK_REPOSITORY_URL, rules[i].info.id));
  }
  // The rule's section of docs/rules.md: its examples as JSON blocks.
  CHECK(driver["rules"][3]["help"]["markdown"] ==
        "the current score improves on the baseline.\n\n" + std::string(rules[3].info.explanation) +
            "\n\nHow to fix: " + std::string(rules[3].info.hint) +
            "\n\nPasses:\n\n```json\n{\"baseline_accuracy\": 0.71, \"current_accuracy\": 0.82}\n```\n"
            "\nFails:\n\n```json\n{\"baseline_accuracy\": 0.71, \"current_accuracy\": 0.69}\n```\n");
  const auto& log_overfitting = driver["rules"][dlcheck::find_rule("log-overfitting") - rules.data()];
  CHECK(log_overfitting["name"] == "LogOverfitting");
  CHECK(log_overfitting["defaultConfiguration"]["level"] == "warning");
  CHECK(driver["rules"][0]["defaultConfiguration"]["level"] == "error");
}

TEST_CASE("sarif: a result per finding, input errors included", "[formats][sarif]") {
  const auto log = sarif_of(mixed_report());
  const auto& results = log["runs"][0]["results"];
  REQUIRE(results.size() == 2);
  CHECK(results[0] == nlohmann::json::parse(R"({
    "ruleId": "improvement", "ruleIndex": 3, "level": "error",
    "message": {"text": "current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2"},
    "locations": [{"physicalLocation": {
      "artifactLocation": {"uri": "fail/evidence.json", "uriBaseId": "%SRCROOT%"},
      "region": {"startLine": 2, "startColumn": 2, "endLine": 2, "endColumn": 69}}}],
    "partialFingerprints": {"dlcheck/v1": "31f6f04afea5bf27:1"}})"));  // FNV-1a of
                                                                       // "improvement\nfail/evidence.json\n/current_accuracy"
  CHECK(results[1]["ruleId"] == "invalid-json");
  CHECK(results[1]["ruleIndex"] == dlcheck::find_rule("invalid-json") - dlcheck::all_rules().data());
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"] ==
        nlohmann::json::parse(R"({"startLine": 2, "startColumn": 16, "endLine": 2, "endColumn": 17})"));
  CHECK(log["runs"][0]["columnKind"] == "unicodeCodePoints");
  CHECK(log["runs"][0]["originalUriBaseIds"] ==
        nlohmann::json::parse(R"({"%SRCROOT%": {"description": {"text": "the repository root"}}})"));
}

TEST_CASE("sarif: a finding in a named file points there and relates the evidence field", "[formats][sarif]") {
  FileReport file = check_as("evidence.json", kPassing);
  file.findings = {artifact_finding(0, 0), artifact_finding(7, 0), artifact_finding(8, 3)};
  file.findings[0].position = {1, 61, 60};  // where "current_accuracy" starts
  file.findings[1].severity = Severity::info;
  file.findings[2].artifact->excerpt = "b,dog,cät";
  const auto results = sarif_of(report_of({file}))["runs"][0]["results"];
  REQUIRE(results.size() == 3);
  // About the whole file: its first line and column, start and end.
  CHECK(results[0]["locations"][0] == nlohmann::json::parse(R"({"physicalLocation": {
    "artifactLocation": {"uri": "run/predictions.csv", "uriBaseId": "%SRCROOT%"},
    "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}}})"));
  // The evidence field that names it, to the end of its line.
  CHECK(results[0]["relatedLocations"] == nlohmann::json::parse(R"([{
    "physicalLocation": {"artifactLocation": {"uri": "evidence.json", "uriBaseId": "%SRCROOT%"},
                         "region": {"startLine": 1, "startColumn": 61, "endLine": 1, "endColumn": 152}},
    "message": {"text": "named by /current/value in the evidence file"}}])"));
  CHECK(results[1]["level"] == "note");
  CHECK(results[1]["locations"][0]["physicalLocation"]["region"] ==
        nlohmann::json::parse(R"({"startLine": 7, "startColumn": 1, "endLine": 7, "endColumn": 1})"));
  // A row with its line kept ends where the line does, counted in code points.
  CHECK(results[2]["locations"][0]["physicalLocation"]["region"] ==
        nlohmann::json::parse(R"({"startLine": 8, "startColumn": 3, "endLine": 8, "endColumn": 10})"));
}

TEST_CASE("sarif: paths become URI references", "[formats][sarif]") {
  const auto uri_of = [](const std::string& path) {
    return sarif_of(report_of({check_as(
        path, kFailing)}))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
  };
  CHECK(uri_of("my run/100%#1.json") == "my%20run/100%25%231.json");
  CHECK(uri_of("c:d/é.json") == "c%3Ad/%C3%A9.json");
  CHECK(uri_of("/abs/evidence.json") == "file:///abs/evidence.json");
  const auto base_of = [](const std::string& path) {
    return sarif_of(report_of(
        {check_as(path, kFailing)}))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        .value("uriBaseId", "");
  };
  CHECK(base_of("x/evidence.json") == "%SRCROOT%");
  CHECK(base_of("/abs/evidence.json").empty());  // outside the repository: no base
  CHECK(uri_of("./x/../evidence.json") == "evidence.json");
}

TEST_CASE("sarif: hostile text is data", "[formats][sarif][injection]") {
  const auto results = sarif_of(evil_report())["runs"][0]["results"];
  CHECK(results[1]["message"]["text"] ==
        "task is =HYPERLINK(\"x\")\\n::error::pwned %0A <script>alert(1)</script> | \\x1b[2J `x`");
}

TEST_CASE("sarif: every result has a region with start and end, and a fingerprint unique in the run",
          "[formats][sarif]") {
  FileReport file = check_as("a/evidence.json", kFailing);
  file.findings.push_back(file.findings.at(0));  // the same rule at the same field twice
  for (const std::size_t line : {0, 3, 3}) file.findings.push_back(artifact_finding(line, 0));
  Report report = report_of({file, check_as("b/evidence.json", kFailing), check_as("bad/evidence.json", kInvalid)});
  const auto results = sarif_of(report)["runs"][0]["results"];
  REQUIRE(results.size() == 7);
  std::set<std::string> fingerprints;
  for (const auto& result : results) {
    INFO(result.dump());
    const auto& region = result["locations"][0]["physicalLocation"]["region"];
    for (const char* key : {"startLine", "startColumn", "endLine", "endColumn"}) CHECK(region[key].get<int>() >= 1);
    fingerprints.insert(result["partialFingerprints"]["dlcheck/v1"].get<std::string>());
  }
  CHECK(fingerprints.size() == results.size());
  // The n-th result about the same rule, file and field.
  CHECK(results[0]["partialFingerprints"]["dlcheck/v1"].get<std::string>().ends_with(":1"));
  CHECK(results[1]["partialFingerprints"]["dlcheck/v1"].get<std::string>().ends_with(":2"));
}

TEST_CASE("sarif: fingerprints are the same in every run and do not move with the line", "[formats][sarif]") {
  const auto fingerprint_of = [](int line) {
    FileReport file = check_as("a/evidence.json", kFailing);
    file.findings.at(0).position.line = line;
    return sarif_of(report_of({file}))["runs"][0]["results"][0]["partialFingerprints"];
  };
  CHECK(fingerprint_of(2) == fingerprint_of(2));
  CHECK(fingerprint_of(2) == fingerprint_of(40));
  // A different file is a different result.
  CHECK(sarif_of(report_of({check_as("b/evidence.json", kFailing)}))["runs"][0]["results"][0]["partialFingerprints"] !=
        fingerprint_of(2));
}

TEST_CASE("sarif: uris are relative to the repository root, not the working folder", "[formats][sarif]") {
  // Checked as ../sub/evidence.json from a sibling folder of course/sub.
  FileReport file = check_as("../sub/evidence.json", kFailing);
  file.repo_path = "course/sub/evidence.json";
  file.findings.push_back(artifact_finding(3, 0));
  file.findings.back().artifact->path = "../sub/run/predictions.csv";
  const auto run = sarif_of(report_of({file}))["runs"][0];
  const auto uri = [](const nlohmann::json& location) {
    return location["physicalLocation"]["artifactLocation"]["uri"].get<std::string>();
  };
  CHECK(uri(run["results"][0]["locations"][0]) == "course/sub/evidence.json");
  CHECK(uri(run["results"][1]["locations"][0]) == "course/sub/run/predictions.csv");
  CHECK(uri(run["results"][1]["relatedLocations"][0]) == "course/sub/evidence.json");
  CHECK(run["artifacts"][0]["location"] ==
        nlohmann::json::parse(R"({"uri": "course/sub/evidence.json", "uriBaseId": "%SRCROOT%"})"));
}

// --- all machine formats ------------------------------------------------------------------------

TEST_CASE("machine formats never emit invalid UTF-8", "[formats][injection]") {
  FileReport file = check_as("bad\xff\xfe.json", kFailing);
  file.findings[0].message = "value \xc3\x28 \xed\xa0\x80";
  file.record.task = "\xf8\x88\x80\x80\x80";
  const Report report = report_of({file});
  for (const std::string_view format : {"github", "csv", "markdown", "junit", "sarif"}) {
    const std::string out = render(format, report);
    CHECK(dlcheck::valid_utf8(out) == out);
  }
}

TEST_CASE("machine formats agree on the verdicts and counts of the report", "[formats]") {
  const Report report = mixed_report();
  const auto json = nlohmann::json::parse(render("json", report));
  CHECK(render("github", report)
            .ends_with(fmt::format("dlcheck: 3 files, {} passed, {} failed, {} could not be read\n",
                                   json["summary"]["passed"].get<int>(), json["summary"]["failed"].get<int>(),
                                   json["summary"]["errored"].get<int>())));
  const auto csv = lines_of(render("csv", report));
  for (std::size_t i = 0; i < report.files.size(); ++i) {
    CHECK(csv.at(i + 1).find(fmt::format(",{},", json["files"][i]["verdict"].get<std::string>())) != std::string::npos);
  }
}

// --- the findings limit -------------------------------------------------------------------------

namespace {

// A roadmap record with 12 errors and 10 unknown-field warnings, kept to 3 findings and a note.
FileReport capped_report() {
  std::string record = R"({"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3)";
  for (int i = 0; i < 30; ++i) record += fmt::format(", \"next_stp{}\": 1", i);
  record += "}";
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::roadmap;
  options.read_project_files = false;
  options.max_findings = 3;
  FileReport file = dlcheck::check_text("evidence.json", record, options);
  file.seconds = 0;  // measured: golden output needs a fixed time
  return file;
}

}  // namespace

TEST_CASE("every format shows the findings-limit note and counts what it left out", "[formats][limits]") {
  const FileReport file = capped_report();
  REQUIRE(file.findings.size() == 4);
  REQUIRE(file.findings.back().rule == "too-many-findings");
  const int errors = file.count(Severity::error), warnings = file.count(Severity::warning);
  CHECK(errors == 12);
  CHECK(warnings == 10);
  const std::string note = file.findings.back().message;
  CHECK(note ==
        "19 more findings are left out (9 errors, 10 warnings): the report keeps at most 3 per file "
        "(--max-findings)");
  const Report report = report_of({file}, dlcheck::Profile::roadmap);

  const auto json = nlohmann::json::parse(render("json", report));
  CHECK(json["files"][0]["counts"] == nlohmann::json{{"errors", errors}, {"warnings", warnings}, {"infos", 1}});
  CHECK(json["files"][0]["findings"].back()["rule"] == "too-many-findings");
  CHECK(json["files"][0]["findings"].back()["message"] == note);
  const auto sarif = sarif_of(report);
  CHECK(sarif["runs"][0]["results"].back()["ruleId"] == "too-many-findings");
  CHECK(sarif["runs"][0]["results"].back()["level"] == "note");
  CHECK(render("github", report).find(",title=dlcheck too-many-findings::evidence.json:1:1: " + note + "%0Ahint: ") !=
        std::string::npos);
  CHECK(render("markdown", report).find("| info | too-many-findings | ") != std::string::npos);
  CHECK(lines_of(render("csv", report)).at(1).find(fmt::format(",fail,{},{},6,roadmap,,16,34,", errors, warnings)) !=
        std::string::npos);
  const std::string junit = render("junit", report);
  CHECK(junit.find("<system-out>evidence.json:1:1: info: " + note) != std::string::npos);
  std::ostringstream text;
  dlcheck::find_formatter("text")->write(report, text, {});
  CHECK(text.str().find("info[too-many-findings]: " + note) != std::string::npos);
  CHECK(text.str().find(fmt::format("{} errors, {} warnings", errors, warnings)) != std::string::npos);
  std::ostringstream html;
  dlcheck::find_formatter("html")->write(report, html, {});
  CHECK(html.str().find(note) != std::string::npos);
}

TEST_CASE("junit: a failed item whose findings were left out is still a failure", "[formats][junit][limits]") {
  const FileReport file = capped_report();
  std::size_t failed_without_findings = 0;
  for (const auto& entry : file.checklist) {
    if (entry.status == dlcheck::ItemStatus::failed && file.findings_of(entry.rule->id).empty())
      ++failed_without_findings;
  }
  REQUIRE(failed_without_findings > 0);
  const std::string out = render("junit", report_of({file}, dlcheck::Profile::roadmap));
  CHECK(
      out.find(
          R"(<testsuite name="evidence.json" tests="48" failures="12" errors="0" skipped="16" time="0.000" file="evidence.json">)") !=
      std::string::npos);
  CHECK(
      out.find(
          R"(<testcase classname="evidence.json" name="next-step-reason: the next step gives a change and the reason for it">
      <failure message="the next step gives a change and the reason for it" type="next-step-reason"></failure>
    </testcase>)") != std::string::npos);
}

// --- the rubric of each file --------------------------------------------------------------------

namespace {

// A roadmap run in which bob's own config chose the record profile: every format must say so
// for bob, and not the report's profile.
Report rubric_report() {
  FileReport configured = check_as("bob/evidence.json", kFailing, dlcheck::Profile::record);
  configured.config = "bob/.dlcheck.json";
  return report_of({check_as("alice/evidence.json", kFailing, dlcheck::Profile::roadmap), configured},
                   dlcheck::Profile::roadmap);
}

}  // namespace

TEST_CASE("every format names each file's own profile and config", "[formats][rubric]") {
  const Report report = rubric_report();

  const auto json = nlohmann::json::parse(render("json", report));
  CHECK(json["files"][0]["profile"] == "roadmap");
  CHECK(json["files"][0]["config"].is_null());
  CHECK(json["files"][1]["profile"] == "record");
  CHECK(json["files"][1]["config"] == "bob/.dlcheck.json");

  const auto csv = lines_of(render("csv", report));
  CHECK(csv.at(1).ends_with(
      ",fail,12,0,6,roadmap,,16,34,improvement run-command dataset-note baseline-method model-summary training-log "
      "metric-table success-samples failure-cases next-step-reason shape-checks self-check"));
  CHECK(csv.at(2).ends_with(",fail,1,0,5,record,bob/.dlcheck.json,0,6,improvement"));

  const std::string junit = render("junit", report);
  CHECK(
      junit.find(
          R"(<testsuite name="bob/evidence.json" tests="35" failures="1" errors="0" skipped="15" time="0.000" file="bob/evidence.json">
    <properties>
      <property name="score" value="5/6"/>
      <property name="verdict" value="fail"/>
      <property name="profile" value="record"/>
      <property name="config" value="bob/.dlcheck.json"/>
    </properties>)") != std::string::npos);
  CHECK(junit.find(R"(<property name="profile" value="roadmap"/>
      <property name="config" value=""/>)") != std::string::npos);

  CHECK(sarif_of(report)["runs"][0]["artifacts"] == nlohmann::json::parse(R"([
    {"location": {"uri": "alice/evidence.json", "uriBaseId": "%SRCROOT%"}, "roles": ["analysisTarget"],
     "properties": {"profile": "roadmap", "config": null}},
    {"location": {"uri": "bob/evidence.json", "uriBaseId": "%SRCROOT%"}, "roles": ["analysisTarget"],
     "properties": {"profile": "record", "config": "bob/.dlcheck.json"}}])"));

  const std::string github = render("github", report);
  CHECK(github.find("\ndlcheck: bob/evidence.json: profile record, config bob/.dlcheck.json\n::error ") !=
        std::string::npos);
  CHECK(github.find("dlcheck: alice/evidence.json:") == std::string::npos);  // no config: nothing to say

  const std::string markdown = render("markdown", report);
  CHECK(markdown.find("2 files checked (profile roadmap for 1, record for 1): 0 passed, 2 failed") !=
        std::string::npos);
  CHECK(markdown.find(
            "| File | Rubric | Verdict | Score | Improvement | Errors | Warnings |\n"
            "| --- | --- | --- | ---: | ---: | ---: | ---: |\n"
            "| alice/evidence.json | profile roadmap | ❌ fail | 6/34 (16 not checked) | -0.2 | 12 | 0 |\n"
            "| bob/evidence.json | profile record, config bob/.dlcheck.json | ❌ fail | 5/6 | -0.2 | 1 | 0 |\n") !=
        std::string::npos);
  CHECK(markdown.find("### ❌ alice/evidence.json\n") != std::string::npos);
  CHECK(markdown.find("### ❌ bob/evidence.json (profile record, config bob/.dlcheck.json)\n") != std::string::npos);

  std::ostringstream text;
  dlcheck::find_formatter("text")->write(report, text, {});
  CHECK(text.str().find("\nalice/evidence.json (profile: roadmap)\n") != std::string::npos);
  CHECK(text.str().find("\nbob/evidence.json (profile: record, config: bob/.dlcheck.json)\n") != std::string::npos);

  std::ostringstream html;
  dlcheck::find_formatter("html")->write(report, html, {});
  CHECK(html.str().find("<h2><code>alice/evidence.json</code></h2><div class=\"profile\">profile roadmap</div>") !=
        std::string::npos);
  CHECK(html.str().find("<h2><code>bob/evidence.json</code></h2><div class=\"profile\">profile record · config "
                        "<code>bob/.dlcheck.json</code></div>") != std::string::npos);
  CHECK(html.str().find("could not be read · profile roadmap for 1, record for 1</p>") != std::string::npos);
}

TEST_CASE("markdown: without configs the table has no rubric column", "[formats][markdown][rubric]") {
  const std::string markdown = render("markdown", mixed_report());
  CHECK(markdown.find("| File | Verdict |") != std::string::npos);
  CHECK(markdown.find("Rubric") == std::string::npos);
}

TEST_CASE("the rubric's config path is escaped like any student text", "[formats][rubric][injection]") {
  FileReport file = check_as("evidence.json", kFailing);
  file.config = kEvil + "/.dlcheck.json";
  const Report report = report_of({file});
  const auto github = lines_of(render("github", report));
  REQUIRE_FALSE(github.empty());
  CHECK(github[0] ==
        "dlcheck: evidence.json: profile record, config =HYPERLINK(\"x\")\\n::error::pwned %0A "
        "<script>alert(1)</script> | \\x1b[2J `x`/.dlcheck.json");
  CHECK(lines_of(render("csv", report)).size() == 2);
  const std::string junit = render("junit", report);
  CHECK(junit.find("<script>") == std::string::npos);
  CHECK(junit.find(R"(<property name="config" value="=HYPERLINK(&quot;x&quot;)\n::error::pwned %0A &lt;script&gt;)") !=
        std::string::npos);
  std::ostringstream html;
  dlcheck::find_formatter("html")->write(report, html, {});
  CHECK(html.str().find("<script>alert") == std::string::npos);
}

TEST_CASE("junit: an item that does not apply is skipped with the engine's reason", "[formats][junit]") {
  // Under the roadmap profile a record naming no metric table still counts that item, not earned.
  const FileReport file = check_as("evidence.json", kPassing, dlcheck::Profile::roadmap);
  REQUIRE(std::any_of(file.not_applicable.begin(), file.not_applicable.end(),
                      [](const auto& entry) { return entry.rule->id == "metric-table-file"; }));
  const std::string out = render("junit", report_of({file}, dlcheck::Profile::roadmap));
  CHECK(
      out.find(
          R"(name="metric-table-file: the metric table file has rows for the baseline and the current model, agreeing with the record">
      <skipped message="not checked: the record names no metric table file"/>
    </testcase>)") != std::string::npos);
}
