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
