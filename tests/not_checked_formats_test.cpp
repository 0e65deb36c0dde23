// Every format shows a not-checked item as such, never as passed: exact golden output for a
// record whose next-step item could not be checked, with a hostile reason.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "engine/checker.hpp"
#include "format/formatter.hpp"
#include "format_helpers.hpp"

namespace {

using dlcheck::testing::render;

using dlcheck::ItemStatus;

const char* kPassing =
    R"({"task": "image classification", "baseline_accuracy": 0.71, "current_accuracy": 0.82, "failure_case_count": 5, "next_step": "inspect confused classes"})";

// A reason names files a student chose: every trick that might escape its medium.
const std::string kEvilReason = "the training log =x|<b>\n::error::%0A \x1b[2J `y`,\"q\".csv is missing";

dlcheck::Report not_checked_report() {
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.read_project_files = false;
  dlcheck::FileReport file = dlcheck::check_text("nc/evidence.json", kPassing, options);
  file.seconds = 0;  // measured: golden output needs a fixed time
  for (auto& entry : file.checklist) {
    if (entry.rule->id != "next-step") continue;
    entry.status = ItemStatus::not_checked;
    entry.reason = kEvilReason;
  }
  dlcheck::Report report;
  report.rules = dlcheck::rule_table();
  report.profile = dlcheck::Profile::record;
  report.files.push_back(std::move(file));
  return report;
}

}  // namespace

TEST_CASE("not checked: text marks the item with its reason and counts it in the verdict line", "[status][format]") {
  CHECK(render("text", not_checked_report()) == R"golden(task: image classification
improvement: 0.11
failure_case_count: 5
next_step: inspect confused classes

nc/evidence.json (profile: record)
accuracy (higher is better): 0.71 → 0.82, +0.11 (+15.5%)
  improvement = current − baseline = 0.82 − 0.71 = 0.11
  relative improvement = improvement / |baseline| = 0.11 / 0.71 = +15.5%

Keep One Evidence Record
  ✓ task              the record says what task the project solves
  ✓ baseline-value    the record has a numeric baseline score
  ✓ metric-direction  the record names its metric, and whether higher is better is known
  ✓ improvement       the current score improves on the baseline
  ✓ failure-evidence  the record shows at least three failures
  – next-step         the record says what to change next — not checked: the training log =x|<b>\n::error::%0A \x1b[2J `y`,"q".csv is missing

verdict: pass: 5/6 checklist items passed, 1 not checked, 0 errors, 0 warnings
)golden");
}

TEST_CASE("not checked: github makes the item a notice, escaped like any message", "[status][format]") {
  CHECK(
      render("github", not_checked_report()) ==
      R"golden(::notice file=nc/evidence.json,title=dlcheck next-step not checked::nc/evidence.json: not checked: the training log =x|<b>\n::error::%250A \x1b[2J `y`,"q".csv is missing
dlcheck: 1 file, 1 passed, 0 failed, 0 could not be read
)golden");
}

TEST_CASE("not checked: markdown says it in the score and in a row of its own", "[status][format]") {
  CHECK(render("markdown", not_checked_report()) == R"golden(## ✅ dlcheck: pass

1 file checked (profile record): 1 passed, 0 failed, 0 could not be read

| File | Verdict | Score | Improvement | Errors | Warnings |
| --- | --- | ---: | ---: | ---: | ---: |
| nc/evidence.json | ✅ pass | 5/6 (1 not checked) | +0.11 | 0 | 0 |

### ➖ nc/evidence.json

| Location | Severity | Rule | Message |
| --- | --- | --- | --- |
| nc/evidence.json | ➖ not checked | next-step | the training log =x\|&lt;b&gt; ::error::%0A \\x1b\[2J &#96;y&#96;,"q".csv is missing |
)golden");
}

TEST_CASE("not checked: csv counts the items in its not_checked column", "[status][format]") {
  CHECK(
      render("csv", not_checked_report()) ==
      R"golden(path,task,metric,baseline,current,improvement,verdict,errors,warnings,score_earned,profile,config,not_checked,score_possible,failed_rules
nc/evidence.json,image classification,accuracy,0.71,0.82,0.11,pass,0,0,5,record,,1,6,
)golden");
}

TEST_CASE("not checked: junit skips the test case with the reason", "[status][format]") {
  const std::string junit = render("junit", not_checked_report());
  // 35 rules of the record profile: the one not checked, and the 15 that read project files
  // (none here), are skipped.
  CHECK(junit.find(R"golden(<testsuites name="dlcheck" tests="35" failures="0" errors="0" time="0.000">
  <testsuite name="nc/evidence.json" tests="35" failures="0" errors="0" skipped="16" time="0.000" file="nc/evidence.json">
    <properties>
      <property name="score" value="5/6"/>
      <property name="verdict" value="pass"/>
      <property name="profile" value="record"/>
      <property name="config" value=""/>
    </properties>
    <testcase classname="nc/evidence.json" name="task: the record says what task the project solves"/>
    <testcase classname="nc/evidence.json" name="baseline-value: the record has a numeric baseline score"/>
    <testcase classname="nc/evidence.json" name="metric-direction: the record names its metric, and whether higher is better is known"/>
    <testcase classname="nc/evidence.json" name="improvement: the current score improves on the baseline"/>
    <testcase classname="nc/evidence.json" name="failure-evidence: the record shows at least three failures"/>
    <testcase classname="nc/evidence.json" name="next-step: the record says what to change next">
      <skipped message="not checked: the training log =x|&lt;b&gt;\n::error::%0A \x1b[2J `y`,&quot;q&quot;.csv is missing"/>
    </testcase>
    <testcase classname="nc/evidence.json" name="project-file: every file the record names exists inside the project and can be read">
      <skipped message="does not apply to this record"/>
    </testcase>
)golden") != std::string::npos);
}

TEST_CASE("not checked: json gives the status and reason of the entry and counts it in the score", "[status][format]") {
  const auto json = nlohmann::json::parse(render("json", not_checked_report()));
  const auto& file = json["files"][0];
  CHECK(file["checklist"][4] == nlohmann::json::parse(
                                    R"({"rule": "failure-evidence", "section": "Keep One Evidence Record",
                                        "passed": true, "status": "passed", "points": 1})"));
  nlohmann::json entry = {{"rule", "next-step"},   {"section", "Keep One Evidence Record"},
                          {"passed", false},       {"status", "not_checked"},
                          {"reason", kEvilReason}, {"points", 1}};
  CHECK(file["checklist"][5] == entry);
  CHECK(file["score"] ==
        nlohmann::json::parse(R"({"earned": 5, "possible": 6, "not_checked": 1, "not_applicable": 0})"));
  CHECK(file["verdict"] == "pass");
}

TEST_CASE("not checked: sarif says it in a tool notification naming the rule, never in a result", "[status][format]") {
  const auto sarif = nlohmann::json::parse(render("sarif", not_checked_report()));
  const auto& run = sarif["runs"][0];
  CHECK(run["results"].empty());
  CHECK(run["invocations"] == nlohmann::json::parse(R"golden([{
    "executionSuccessful": true,
    "toolExecutionNotifications": [{
      "level": "note",
      "message": {"text": "nc/evidence.json: not checked: the training log =x|<b>\\n::error::%0A \\x1b[2J `y`,\"q\".csv is missing"},
      "locations": [{"physicalLocation": {
        "artifactLocation": {"uri": "nc/evidence.json", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1}}}],
      "associatedRule": {"id": "next-step", "index": 5}
    }]
  }])golden"));
}

TEST_CASE("not checked: html gives a grey mark, the words and the reason, escaped", "[status][format]") {
  const std::string html = render("html", not_checked_report());
  CHECK(
      html.find(
          R"(<li class="item not-checked"><div class="item-row"><span class="mark not-checked" role="img" aria-label="not checked" title="not checked">–</span><code class="rule">next-step</code><span class="summary">the record says what to change next</span></div>)"
          "\n"
          R"(<p class="not-checked-reason"><b>not checked:</b> the training log =x|&lt;b&gt;\n::error::%0A \x1b[2J `y`,&quot;q&quot;.csv is missing</p>)") !=
      std::string::npos);
  CHECK(html.find(R"(<span class="muted">5/6 passed, 1 not checked</span>)") != std::string::npos);
  CHECK(html.find(R"(<div class="counts">0 errors · 0 warnings · 0 notes · 1 not checked</div>)") != std::string::npos);
  CHECK(html.find("<b>\n") == std::string::npos);
  CHECK(html.find('\x1b') == std::string::npos);
}
