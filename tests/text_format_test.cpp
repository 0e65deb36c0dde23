// The text report, as exact golden strings.

#include <catch2/catch.hpp>
#include <sstream>
#include <vector>

#include "check_helpers.hpp"
#include "format/format_util.hpp"
#include "format/formatter.hpp"

namespace {

std::string render_text(const std::string& json, dlcheck::Profile profile, bool color = false) {
  dlcheck::Report report;
  report.profile = profile;
  report.files.push_back(dlcheck::testing::check(json, profile));
  std::ostringstream out;
  dlcheck::find_formatter("text")->write(report, out, dlcheck::OutputOptions{color});
  return out.str();
}

const char* kRoadmapRecord =
    R"({"task": "image classification", "baseline_accuracy": 0.71, "current_accuracy": 0.82, "failure_case_count": 5, "next_step": "inspect confused classes and add augmentation"})";

}  // namespace

TEST_CASE("text: the roadmap's record under the record profile", "[format][text]") {
  CHECK(render_text(kRoadmapRecord, dlcheck::Profile::record) == R"(task: image classification
improvement: 0.11
failure_case_count: 5
next_step: inspect confused classes and add augmentation

evidence.json (profile: record)
accuracy (higher is better): 0.71 → 0.82, +0.11 (+15.5%)
  improvement = current − baseline = 0.82 − 0.71 = 0.11
  relative improvement = improvement / |baseline| = 0.11 / 0.71 = +15.5%

Keep One Evidence Record
  ✓ task              the record says what task the project solves
  ✓ baseline-value    the record has a numeric baseline score
  ✓ metric-direction  the record names its metric, and whether higher is better is known
  ✓ improvement       the current score improves on the baseline
  ✓ failure-evidence  the record shows at least three failures
  ✓ next-step         the record says what to change next

verdict: pass: 6/6 checklist items passed, 0 errors, 0 warnings
)");
}

TEST_CASE("text: problems show location, snippet, hint, student control characters are escaped", "[format][text]") {
  const std::string json = R"({
  "task": "sentiment\u001b[2J analysis",
  "metric": {"name": "fid"},
  "baseline": {"method": "VAE", "value": 0},
  "current": {"value": "38.1"},
  "run_comand": "python x.py"
})";
  CHECK(render_text(json, dlcheck::Profile::record) == R"(task: sentiment\x1b[2J analysis
improvement: n/a
failure_case_count: (missing)
next_step: (missing)

evidence.json (profile: record)
fix first:
  evidence.json:5:15: error[improvement]: current.value must be a number, not the string "38.1"
    hint: write the number without quotes: 38.1
  evidence.json:1:1: error[failure-evidence]: the record shows no failure evidence: no failure_case_count and no failure_cases
    hint: list at least three wrong or weak predictions in "failure_cases", or count them in "failure_case_count"
  evidence.json:1:1: error[next-step]: the record has no next step (next_step)
    hint: add "next_step": {"change": "…", "reason": "…"}
  evidence.json:6:3: warning[unknown-field]: unknown field "run_comand" in the record; did you mean "run_command"?
    hint: rename it to "run_command"; unknown fields are otherwise ignored

fid (lower is better): 0 → ?

Keep One Evidence Record
  ✓ task              the record says what task the project solves
  ✓ baseline-value    the record has a numeric baseline score
  ✓ metric-direction  the record names its metric, and whether higher is better is known
  ✗ improvement       the current score improves on the baseline
      evidence.json:5:15: error[improvement]: current.value must be a number, not the string "38.1"
        5 |   "current": {"value": "38.1"},
          |               ^
        hint: write the number without quotes: 38.1
  ✗ failure-evidence  the record shows at least three failures
      evidence.json:1:1: error[failure-evidence]: the record shows no failure evidence: no failure_case_count and no failure_cases
        hint: list at least three wrong or weak predictions in "failure_cases", or count them in "failure_case_count"
  ✗ next-step         the record says what to change next
      evidence.json:1:1: error[next-step]: the record has no next step (next_step)
        hint: add "next_step": {"change": "…", "reason": "…"}
Consistency
  ! unknown-field     no field name looks like a misspelt known field
      evidence.json:6:3: warning[unknown-field]: unknown field "run_comand" in the record; did you mean "run_command"?
        6 |   "run_comand": "python x.py"
          |   ^
        hint: rename it to "run_command"; unknown fields are otherwise ignored

verdict: fail: 3/6 checklist items passed, 3 errors, 1 warning
)");
}

TEST_CASE("text: invalid JSON shows the caret under the spot", "[format][text]") {
  CHECK(render_text("{\n  \"task\": ,\n}", dlcheck::Profile::roadmap) ==
        R"(evidence.json:2:11: error[invalid-json]: unexpected character ',', expected a value
  2 |   "task": ,
    |           ^
  hint: fix the JSON at the caret; an editor with JSON support shows the same spot
verdict: error: the file could not be checked
)");
}

TEST_CASE("text: a caret after tabs and escaped characters stays under the spot", "[format][text]") {
  const std::string out = render_text("{\"a\\u0001\":\t1,\t\"task\": 5}", dlcheck::Profile::record);
  // The tab is shown as two characters "\t", so the caret moves one further right.
  CHECK(out.find("  1 | {\"a\\u0001\":\\t1,\\t\"task\": 5}\n"
                 "          |" +
                 std::string(18, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("text: a long minified line is shown as a window around the column", "[format][text]") {
  const std::string json = "{\"notes\": \"" + std::string(300, 'x') + "\", \"task\": 7}";
  const std::string out = render_text(json, dlcheck::Profile::record);
  CHECK(out.find("  1 | …" + std::string(40 - 3, 'x') + "\", \"task\": 7}\n") != std::string::npos);
  CHECK(out.find("    |  " + std::string(40, ' ') + "^\n") != std::string::npos);
}

TEST_CASE("text: lower-is-better improvement and a zero baseline", "[format][text]") {
  const std::string fid = render_text(R"({"metric": {"name": "FID"}, "baseline_fid": 62.4, "current_fid": 38.1})",
                                      dlcheck::Profile::record);
  CHECK(fid.find("FID (lower is better): 62.4 → 38.1, +24.3 (+38.9%)\n"
                 "  improvement = baseline − current = 62.4 − 38.1 = 24.3\n"
                 "  relative improvement = improvement / |baseline| = 24.3 / 62.4 = +38.9%\n") != std::string::npos);
  const std::string zero =
      render_text(R"({"metric": {"name": "r2"}, "baseline_r2": 0, "current_r2": 0.4})", dlcheck::Profile::record);
  CHECK(zero.find("r2 (higher is better): 0 → 0.4, +0.4\n"
                  "  improvement = current − baseline = 0.4 − 0 = 0.4\n"
                  "  relative improvement = improvement / |baseline| is undefined: the baseline is 0\n") !=
        std::string::npos);
  const std::string percent = render_text(
      R"({"metric": {"name": "accuracy", "unit": "percent"}, "baseline_accuracy": 71, "current_accuracy": 82})",
      dlcheck::Profile::record);
  CHECK(percent.find("accuracy (higher is better, percent): 71 → 82, +11 (+15.5%)\n") != std::string::npos);
}

TEST_CASE("text: colour only when asked", "[format][text]") {
  CHECK(render_text(kRoadmapRecord, dlcheck::Profile::record, false).find('\x1b') == std::string::npos);
  const std::string colored = render_text(kRoadmapRecord, dlcheck::Profile::record, true);
  CHECK(colored.find("\x1b[32m✓\x1b[0m") != std::string::npos);
  CHECK(colored.find("\x1b[1m\x1b[32mverdict: pass\x1b[0m\x1b[0m") != std::string::npos);
}

TEST_CASE("text: colour follows --color, NO_COLOR, FORCE_COLOR and the terminal", "[format][text]") {
  using dlcheck::ColorMode;
  CHECK(dlcheck::use_color(ColorMode::always, "1", nullptr, false));
  CHECK_FALSE(dlcheck::use_color(ColorMode::never, nullptr, "1", true));
  CHECK_FALSE(dlcheck::use_color(ColorMode::auto_detect, "1", "1", true));
  CHECK(dlcheck::use_color(ColorMode::auto_detect, "", nullptr, true));
  CHECK(dlcheck::use_color(ColorMode::auto_detect, nullptr, "1", false));
  CHECK_FALSE(dlcheck::use_color(ColorMode::auto_detect, nullptr, "", false));
  CHECK(dlcheck::use_color(ColorMode::auto_detect, nullptr, nullptr, true));
}

TEST_CASE("text: several files end with a summary line", "[format][text]") {
  dlcheck::Report report;
  report.profile = dlcheck::Profile::record;
  report.files.push_back(dlcheck::testing::check(kRoadmapRecord, dlcheck::Profile::record));
  report.files.push_back(dlcheck::testing::check("[]", dlcheck::Profile::record));
  std::ostringstream out;
  dlcheck::find_formatter("text")->write(report, out, {});
  CHECK(
      out.str().ends_with("\n\n"
                          "file           verdict    score  improvement  errors  warnings\n"
                          "evidence.json  pass         6/6        +0.11       0         0\n"
                          "evidence.json  error        0/6            -       1         0\n"
                          "2 files checked: 1 passed, 0 failed, 1 could not be read; 1 error, 0 warnings\n"));
}

// ---------------------------------------------------------------------------------------------
// Sparklines of the training log's curves

namespace {

dlcheck::LossCurve curve_of(const std::vector<double>& values) {
  dlcheck::LossCurve curve;
  curve.count = values.size();
  for (std::size_t i = 0; i < values.size(); ++i) curve.points.push_back({static_cast<double>(i), values[i], i + 2});
  return curve;
}

}  // namespace

TEST_CASE("text: sparklines", "[format][text]") {
  using dlcheck::sparkline;
  CHECK(sparkline(curve_of({4, 3, 2, 1})) == "█▆▃▁");
  CHECK(sparkline(curve_of({1, 8, 2, 7, 3, 6, 4, 5})) == "▁█▂▇▃▆▄▅");
  CHECK(sparkline(curve_of({0.5, 0.5, 0.5})) == "▄▄▄");
  CHECK(sparkline(curve_of({})).empty());
  CHECK(sparkline(curve_of({1, 2}), 0).empty());
  // Eight points in four characters: the means 1.5, 3.5, 5.5, 7.5 of each pair.
  CHECK(sparkline(curve_of({1, 2, 3, 4, 5, 6, 7, 8}), 4) == "▁▃▆█");
  // Never wider than asked.
  std::vector<double> many;
  for (int i = 0; i < 1000; ++i) many.push_back(1000.0 - i);
  CHECK(sparkline(curve_of(many), 24) == "██▇▇▇▆▆▆▆▅▅▅▄▄▄▃▃▃▃▂▂▂▁▁");
}

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string render_report(const dlcheck::FileReport& file) {
  dlcheck::Report report;
  report.files.push_back(file);
  std::ostringstream out;
  dlcheck::find_formatter("text")->write(report, out, {});
  return out.str();
}

}  // namespace

TEST_CASE("text: a long report gives the verdict at the top too, then what to fix first, and the record hint",
          "[format][text]") {
  const std::string text = render_text(kRoadmapRecord, dlcheck::Profile::roadmap);
  const auto lines = lines_of(text);
  REQUIRE(lines.size() > 40);
  const std::string verdict = "verdict: fail: 7/34 checklist items passed, 16 not checked, 11 errors, 0 warnings";
  const std::vector<std::string> top(lines.begin(), lines.begin() + 21);
  CHECK(top == std::vector<std::string>{
                   "task: image classification",
                   "improvement: 0.11",
                   "failure_case_count: 5",
                   "next_step: inspect confused classes and add augmentation",
                   "",
                   "evidence.json (profile: roadmap)",
                   verdict,
                   "the roadmap's \"Keep One Evidence Record\" habit passes; run with --profile record to check only "
                   "that. The default profile checks a finished project.",
                   "fix first:",
                   "  evidence.json:1:1: error[run-command]: the record has no run command (run_command)",
                   "    hint: add \"run_command\": the exact command, e.g. \"python train.py --config "
                   "configs/base.yaml --seed 0\"",
                   "  evidence.json:1:1: error[dataset-note]: the record has no dataset note (dataset)",
                   "    hint: add \"dataset\": {\"name\": \"…\", \"source\": \"…\", \"split\": {\"train\": <count>, "
                   "\"test\": <count>}, \"split_method\": \"…\"}",
                   "  evidence.json:1:1: error[baseline-method]: the record has no baseline method (baseline.method)",
                   "    hint: add \"method\" to \"baseline\", e.g. \"majority class\" or \"logistic regression on "
                   "TF-IDF\"",
                   "  evidence.json:1:1: error[model-summary]: the record has no model summary (model_summary)",
                   "    hint: add \"model_summary\": e.g. \"ResNet-18, ImageNet weights, new 10-class head, 11.2M "
                   "parameters\"",
                   "  evidence.json:1:1: error[training-log]: the record has no training log (training_log)",
                   "    hint: add \"training_log\": the path of the exported log, e.g. \"logs/train_log.csv\"",
                   "  … and 6 more failed items in the checklist below",
                   "",
               });
  CHECK(lines.back() == verdict);
  // The items that do not apply come after the checklist, one line per reason.
  CHECK(text.find("Not checked: they do not apply to this record (possible points, not earned)\n"
                  "  – readme: the project files are not read\n") != std::string::npos);
  CHECK(text.find("  – log-format, log-non-finite, log-too-few-points, log-no-decrease, log-overfitting: the record "
                  "names no training log (training_log)\n") != std::string::npos);
  // Under the record profile, the same record passes: no hint, nothing to fix, a short report.
  const std::string record = render_text(kRoadmapRecord, dlcheck::Profile::record);
  CHECK(record.find("fix first") == std::string::npos);
  CHECK(record.find("--profile record") == std::string::npos);
  CHECK(lines_of(record).size() < 40);
  CHECK(lines_of(record).at(6) == "accuracy (higher is better): 0.71 → 0.82, +0.11 (+15.5%)");
}

TEST_CASE("text: fix first lists errors before warnings, in checklist order, at most five", "[format][text]") {
  dlcheck::FileReport file = dlcheck::testing::check(kRoadmapRecord, dlcheck::Profile::record);
  file.verdict = dlcheck::Verdict::fail;
  const auto finding = [](std::string rule, dlcheck::Severity severity, int line) {
    dlcheck::Finding made;
    made.rule = std::move(rule);
    made.severity = severity;
    made.message = "problem in " + made.rule;
    made.hint = "fix " + made.rule;
    made.position = {line, 2, 0};
    return made;
  };
  // task fails with a warning only; the next five fail with errors; next-step's finding was left out.
  file.findings = {finding("task", dlcheck::Severity::warning, 2),
                   finding("baseline-value", dlcheck::Severity::error, 3),
                   finding("metric-direction", dlcheck::Severity::error, 4),
                   finding("improvement", dlcheck::Severity::info, 5),
                   finding("improvement", dlcheck::Severity::error, 6),
                   finding("failure-evidence", dlcheck::Severity::error, 7)};
  file.omitted[static_cast<std::size_t>(dlcheck::Severity::error)] = 1;
  for (auto& entry : file.checklist) entry.status = dlcheck::ItemStatus::failed;
  const std::string text = render_report(file);
  CHECK(text.find(R"(fix first:
  evidence.json:3:2: error[baseline-value]: problem in baseline-value
    hint: fix baseline-value
  evidence.json:4:2: error[metric-direction]: problem in metric-direction
    hint: fix metric-direction
  evidence.json:6:2: error[improvement]: problem in improvement
    hint: fix improvement
  evidence.json:7:2: error[failure-evidence]: problem in failure-evidence
    hint: fix failure-evidence
  evidence.json: error[next-step]: the record says what to change next
    hint: add "next_step": {"change": "…", "reason": "…"}
  … and 1 more failed item in the checklist below

)") != std::string::npos);
}

TEST_CASE("record hint: only when every failure is an item the record profile does not check", "[format][text]") {
  using dlcheck::Profile;
  CHECK(dlcheck::testing::check(kRoadmapRecord, Profile::roadmap).only_roadmap_items_fail);
  CHECK_FALSE(dlcheck::testing::check(kRoadmapRecord, Profile::record).only_roadmap_items_fail);
  // A duplicate key fails under both profiles; so does a failed record item.
  std::string duplicate = kRoadmapRecord;
  duplicate.insert(1, R"("task": "x", )");
  CHECK_FALSE(dlcheck::testing::check(duplicate, Profile::roadmap).only_roadmap_items_fail);
  CHECK_FALSE(dlcheck::testing::check(R"({"task": "t"})", Profile::roadmap).only_roadmap_items_fail);
}
