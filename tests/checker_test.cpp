// Input errors, profiles and verdicts.

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "check_helpers.hpp"
#include "engine/config.hpp"
#include "format/formatter.hpp"
#include "temp_project.hpp"

using dlcheck::testing::check;
using dlcheck::testing::TempProject;

namespace {

const dlcheck::Finding& only_finding(const dlcheck::FileReport& report) {
  REQUIRE(report.findings.size() == 1);
  return report.findings.front();
}

std::filesystem::path scratch_dir() {
  auto dir = std::filesystem::temp_directory_path() / ("dlcheck-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

const char* kRoadmapRecord = R"({
  "task": "image classification",
  "baseline_accuracy": 0.71,
  "current_accuracy": 0.82,
  "failure_case_count": 5,
  "next_step": "inspect confused classes and add augmentation"
})";

}  // namespace

TEST_CASE("checker: the roadmap's record passes the record profile and fails the roadmap profile", "[checker]") {
  const auto record = check(kRoadmapRecord, dlcheck::Profile::record);
  CHECK(record.verdict == dlcheck::Verdict::pass);
  CHECK(record.checklist.size() == 6);
  CHECK(record.points_earned() == 6);

  const auto roadmap = check(kRoadmapRecord, dlcheck::Profile::roadmap);
  CHECK(roadmap.verdict == dlcheck::Verdict::fail);
  CHECK(roadmap.checklist.size() == 18);
  CHECK(roadmap.points_earned() == 7);
  // One clear finding per missing item.
  std::vector<std::string> rules;
  for (const auto& finding : roadmap.findings) rules.push_back(finding.rule);
  std::sort(rules.begin(), rules.end());
  CHECK(rules == std::vector<std::string>{"baseline-method", "dataset-note", "failure-cases", "metric-table",
                                          "model-summary", "next-step-reason", "run-command", "self-check",
                                          "shape-checks", "success-samples", "training-log"});
}

TEST_CASE("checker: the record summary follows the roadmap's four lines", "[checker]") {
  const auto report = check(kRoadmapRecord);
  CHECK(report.record.task == "image classification");
  REQUIRE(report.record.improvement.has_value());
  CHECK(*report.record.improvement == Approx(0.11));
  CHECK(report.record.failure_case_count == 5);
  CHECK(report.record.next_step == "inspect confused classes and add augmentation");

  const auto listed = check(R"({"failure_cases": [{}, {}], "next_step": {"change": "more data", "reason": "r"}})");
  CHECK(listed.record.failure_case_count == 2);
  CHECK(listed.record.failure_count_from_list);
  CHECK(listed.record.next_step == "more data");
}

TEST_CASE("checker: a warning fails the verdict only with fail_on warning", "[checker]") {
  const std::string json = R"({"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6,
                               "failure_case_count": 3, "next_step": "x", "run_comand": "typo"})";
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  CHECK(dlcheck::check_text("e.json", json, options).verdict == dlcheck::Verdict::pass);
  options.fail_on = dlcheck::Severity::warning;
  CHECK(dlcheck::check_text("e.json", json, options).verdict == dlcheck::Verdict::fail);
}

TEST_CASE("checker: the record's samples travel in the report as text", "[checker]") {
  const std::string json = R"({"task": "t",
    "success_samples": [{"input": "a.png", "label": "cat", "prediction": "cat", "note": "clear", "extra": 1}],
    "failure_cases": [{"input": 7, "label": 1, "prediction": 1.0},
                      {"label": "1", "prediction": 1, "note": null},
                      "just text", null, [1, "x"]]})";
  dlcheck::CheckOptions options;
  options.read_project_files = false;
  const auto report = dlcheck::check_text("e.json", json, options);

  REQUIRE(report.success_samples.size() == 1);
  const dlcheck::SampleRow& success = report.success_samples[0];
  CHECK(success.is_object);
  CHECK(success.input == "a.png");
  CHECK(success.label == "cat");
  CHECK(success.prediction == "cat");
  CHECK(success.note == "clear");
  CHECK_FALSE(success.prediction_differs);

  REQUIRE(report.failure_cases.size() == 5);
  const dlcheck::SampleRow& numbers = report.failure_cases[0];
  CHECK(numbers.input == "7");  // not a string: compact JSON
  CHECK(numbers.label == "1");
  CHECK(numbers.prediction == "1.0");
  CHECK_FALSE(numbers.prediction_differs);  // 1 and 1.0 are the same JSON number
  CHECK_FALSE(numbers.note.has_value());
  const dlcheck::SampleRow& types = report.failure_cases[1];
  CHECK_FALSE(types.input.has_value());
  CHECK(types.label == "1");
  CHECK(types.prediction == "1");
  CHECK(types.prediction_differs);      // the string "1" is not the number 1
  CHECK_FALSE(types.note.has_value());  // null is shown as missing
  CHECK_FALSE(report.failure_cases[2].is_object);
  CHECK(report.failure_cases[2].whole == "just text");
  CHECK_FALSE(report.failure_cases[3].is_object);
  CHECK_FALSE(report.failure_cases[3].whole.has_value());
  CHECK(report.failure_cases[4].whole == R"([1,"x"])");

  // An empty list, or something else than a list, gives no rows.
  const auto empty = dlcheck::check_text("e.json", R"({"success_samples": [], "failure_cases": {"a": 1}})", options);
  CHECK(empty.success_samples.empty());
  CHECK(empty.failure_cases.empty());
}

TEST_CASE("checker: invalid JSON is an input error with the position", "[checker][input]") {
  const auto report = check("{\n  \"task\": \"x\",\n}");
  CHECK(report.verdict == dlcheck::Verdict::error);
  const auto& finding = only_finding(report);
  CHECK(finding.rule == "invalid-json");
  CHECK(finding.message == "trailing comma before '}'");
  CHECK(finding.position.line == 2);  // at the comma, not the line after
  CHECK(finding.position.column == 14);
  CHECK(report.checklist.empty());
}

TEST_CASE("checker: an empty file, a non-object and a huge number are input errors", "[checker][input]") {
  CHECK(only_finding(check("")).message == "the file is empty: expected a JSON object");
  const auto array = check("[1, 2]");
  CHECK(array.verdict == dlcheck::Verdict::error);
  CHECK(only_finding(array).message == "the top level must be an object of evidence fields, not an array");
  const auto huge = check(R"({"baseline_accuracy": 1e400})");
  CHECK(huge.verdict == dlcheck::Verdict::error);
  CHECK(only_finding(huge).message == "number 1e400 is too large for a double");
  CHECK(only_finding(huge).position.column == 23);
}

TEST_CASE("checker: UTF-16 text is named as such", "[checker][input]") {
  CHECK(only_finding(check(std::string("\xFF\xFE{\0}\0", 6))).message == "the file is UTF-16 text: save it as UTF-8");
  CHECK(only_finding(check(std::string("{\0\"\0", 4))).message == "the file is UTF-16 text: save it as UTF-8");
  CHECK(only_finding(check(std::string("\0", 1))).message == "unexpected control character U+0000, expected a value");
}

TEST_CASE("checker: a byte-order mark is accepted and dropped from the source", "[checker][input]") {
  const auto report = check("\xEF\xBB\xBF" + std::string(kRoadmapRecord), dlcheck::Profile::record);
  CHECK(report.verdict == dlcheck::Verdict::pass);
  CHECK(report.source.front() == '{');
}

TEST_CASE("checker: unreadable paths are input errors, never exceptions", "[checker][input]") {
  const auto dir = scratch_dir();
  dlcheck::CheckOptions options;

  const auto missing = dlcheck::check_file((dir / "missing.json").string(), options);
  CHECK(missing.verdict == dlcheck::Verdict::error);
  CHECK(only_finding(missing).rule == "unreadable-file");
  CHECK(only_finding(missing).message == "cannot open the file: no such file or directory");

  // The search passes a folder on only when it found no evidence file below it.
  const auto directory = dlcheck::check_file(dir.string(), options);
  CHECK(directory.verdict == dlcheck::Verdict::error);
  CHECK(only_finding(directory).rule == "missing-evidence");
  CHECK(only_finding(directory).message == "no file named evidence.json in this folder or below");
  options.evidence_name = "*.evidence.json";
  CHECK(only_finding(dlcheck::check_file(dir.string(), options)).message ==
        "no file named *.evidence.json in this folder or below");

  const auto fifo = dir / "fifo.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const auto fifo_report = dlcheck::check_file(fifo.string(), options);
  CHECK(only_finding(fifo_report).message == "this is not a regular file (a FIFO, socket or device is never read)");

  const auto big = dir / "big.json";
  std::ofstream(big) << "{\"task\": \"" << std::string(100, 'x') << "\"}";
  options.max_file_size = 50;
  CHECK(only_finding(dlcheck::check_file(big.string(), options)).message ==
        "the file is 112 bytes, over the limit of 50 bytes (--max-file-size)");
  std::filesystem::remove_all(dir);
}

TEST_CASE("checker: a symlinked evidence file is refused unread unless followed on purpose", "[checker][input]") {
  TempProject project;
  const auto secret = project.write("outside/credentials", "https://student:s3cr3t-t0ken@example.com\n");
  const auto link = project.root() / "pack/evidence.json";
  std::filesystem::create_directories(link.parent_path());
  std::filesystem::create_symlink(secret, link);
  dlcheck::CheckOptions options;
  const auto refused = dlcheck::check_file(link.string(), options);
  CHECK(refused.verdict == dlcheck::Verdict::error);
  CHECK(only_finding(refused).rule == "symlinked-evidence");
  CHECK(only_finding(refused).message ==
        "evidence.json is a symlink to \"" + secret.string() + "\", which is not followed");
  CHECK_FALSE(only_finding(refused).member_exists);  // no excerpt to show
  CHECK(refused.source.empty());
  dlcheck::Report report;
  report.files = {refused};
  for (const auto& formatter : dlcheck::all_formatters()) {
    std::ostringstream out;
    formatter.write(report, out, {});
    INFO(formatter.name);
    CHECK(out.str().find("pack/evidence.json") != std::string::npos);
    if (formatter.name != "csv")
      CHECK(out.str().find("symlinked-evidence") != std::string::npos);  // a csv row has no findings
    CHECK(out.str().find("s3cr3t") == std::string::npos);
  }
  // Followed on purpose, the target is read: the grader chose to trust it.
  options.follow_symlinks = true;
  const auto followed = dlcheck::check_file(link.string(), options);
  CHECK(only_finding(followed).rule == "invalid-json");
  CHECK(followed.source == "https://student:s3cr3t-t0ken@example.com\n");
}

TEST_CASE("checker: exit codes take the worst file", "[checker]") {
  dlcheck::Report report;
  CHECK(dlcheck::exit_code(report) == 0);
  report.files.push_back(check(kRoadmapRecord, dlcheck::Profile::record));
  CHECK(dlcheck::exit_code(report) == 0);
  report.files.push_back(check(kRoadmapRecord));
  CHECK(dlcheck::exit_code(report) == 1);
  report.files.push_back(check("{"));
  CHECK(dlcheck::exit_code(report) == 2);
}

// ---------------------------------------------------------------------------------------------
// Limits

TEST_CASE("checker: nesting over the limit is an input error naming --max-depth", "[checker][limits]") {
  const auto report = check("{\"task\": " + std::string(300, '[') + std::string(300, ']') + "}");
  CHECK(report.verdict == dlcheck::Verdict::error);
  CHECK(only_finding(report).message == "nesting is deeper than 256 levels (--max-depth)");
  CHECK(only_finding(report).position.column == 265);
}

namespace {

// Nesting `levels` deep counting the root object: {"notes": [[…]], "extra": {"a": {…}}, "failure_cases": […]}.
std::string nested_record(std::size_t levels) {
  const std::size_t inner = levels - 1;
  std::string arrays = std::string(inner - 1, '[') + "[\"TODO\"]" + std::string(inner - 1, ']');
  std::string objects;
  for (std::size_t i = 0; i < inner; ++i) objects += "{\"a\": ";
  objects += "\"x\"" + std::string(inner, '}');
  std::string input = std::string(levels - 3, '[') + std::string(levels - 3, ']');
  return R"({"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.6, "next_step": "x", "notes": )" + arrays +
         ", \"extra\": " + objects + R"(, "failure_cases": [{"input": )" + input + R"(, "note": "n"}]})";
}

struct DeepCheck {
  std::size_t levels;
  std::size_t max_depth;
  dlcheck::FileReport report;
  std::vector<std::string> outputs;
};

void* run_deep_check(void* argument) {
  auto& run = *static_cast<DeepCheck*>(argument);
  dlcheck::CheckOptions options;
  options.read_project_files = false;
  options.parse_limits.max_depth = run.max_depth;
  run.report = dlcheck::check_text("deep.json", nested_record(run.levels), options);
  dlcheck::Report report;
  report.files = {run.report};
  for (const auto& formatter : dlcheck::all_formatters()) {
    std::ostringstream out;
    formatter.write(report, out, {});
    run.outputs.push_back(out.str());
  }
  return nullptr;
}

// Runs a whole check and every format on a thread whose stack is half of Linux's usual 8 MiB:
// overflowing it would crash the test.
DeepCheck deep_check_on_small_stack(std::size_t levels, std::size_t max_depth) {
  DeepCheck run{levels, max_depth, {}, {}};
  pthread_attr_t attributes;
  REQUIRE(::pthread_attr_init(&attributes) == 0);
  REQUIRE(::pthread_attr_setstacksize(&attributes, 4 * 1024 * 1024) == 0);
  pthread_t thread;
  REQUIRE(::pthread_create(&thread, &attributes, run_deep_check, &run) == 0);
  REQUIRE(::pthread_join(thread, nullptr) == 0);
  ::pthread_attr_destroy(&attributes);
  return run;
}

}  // namespace

TEST_CASE("checker: the deepest nesting any option allows is checked and rendered in half an 8 MiB stack",
          "[checker][limits]") {
  const auto keys = dlcheck::limit_keys();
  const auto max_depth =
      std::find_if(keys.begin(), keys.end(), [](const auto& key) { return key.name == "max_depth"; });
  REQUIRE(max_depth != keys.end());
  const auto ceiling = static_cast<std::size_t>(max_depth->high);
  CHECK(ceiling == 1000);

  const DeepCheck allowed = deep_check_on_small_stack(ceiling, ceiling);
  CHECK(allowed.report.verdict == dlcheck::Verdict::fail);       // parsed and checked: the record lacks items
  CHECK(allowed.report.findings_of("placeholder").size() == 1);  // the "TODO" at the bottom of the arrays
  CHECK(allowed.outputs.size() == dlcheck::all_formatters().size());

  const DeepCheck refused = deep_check_on_small_stack(ceiling + 1, ceiling);
  CHECK(refused.report.verdict == dlcheck::Verdict::error);
  CHECK(only_finding(refused.report).message == "nesting is deeper than 1000 levels (--max-depth)");
}

TEST_CASE("checker: over --max-findings, the rest is counted in one note and still decides the verdict",
          "[checker][limits]") {
  std::string notes;
  for (int i = 0; i < 30; ++i) notes += fmt::format("{}\"TODO {}\"", i == 0 ? "" : ", ", i);
  const std::string record = R"({"baseline_accuracy": 0.5, "current_accuracy": 0.6, "failure_case_count": 3,
                                 "next_step": "x", "run_comand": "typo", "notes": [)" +
                             notes + "]}";
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.read_project_files = false;
  const auto all = dlcheck::check_text("e.json", record, options);
  REQUIRE(all.findings.size() == 32);  // task, unknown-field and 30 placeholders

  options.max_findings = 5;
  const auto capped = dlcheck::check_text("e.json", record, options);
  CHECK(capped.verdict == dlcheck::Verdict::fail);
  CHECK(capped.count(dlcheck::Severity::error) == all.count(dlcheck::Severity::error));
  CHECK(capped.count(dlcheck::Severity::warning) == all.count(dlcheck::Severity::warning));
  CHECK(capped.points_earned() == all.points_earned());
  std::vector<std::string> shown;
  for (const auto& finding : capped.findings) shown.push_back(finding.rule);
  // The first finding of every rule (one warning among them), then the most severe of the rest,
  // shown in file order; the note last.
  CHECK(shown == std::vector<std::string>{"task", "unknown-field", "placeholder", "placeholder", "placeholder",
                                          "too-many-findings"});
  const auto& note = capped.findings.back();
  CHECK(note.severity == dlcheck::Severity::info);
  CHECK(note.message ==
        "27 more findings are left out (27 errors): the report keeps at most 5 per file (--max-findings)");
  CHECK(capped.omitted == std::array<int, 3>{0, 0, 27});

  options.max_findings = 32;
  CHECK(dlcheck::check_text("e.json", record, options).findings.size() == 32);
}

TEST_CASE("checker: a rule past --max-findings only counts, and the counts still decide", "[checker]") {
  std::string record = R"({"task": "t")";
  for (int i = 0; i < 1000; ++i) record += R"(, "task": "t")";
  record += "}";
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.read_project_files = false;
  options.max_findings = 5;
  const auto capped = dlcheck::check_text("e.json", record, options);
  std::size_t duplicates = 0;
  for (const auto& finding : capped.findings) duplicates += finding.rule == "duplicate-key" ? 1 : 0;
  CHECK(duplicates <= 5);
  // Every duplicate counted, none lost: 1,000 duplicates and five missing record fields.
  CHECK(capped.count(dlcheck::Severity::error) == 1005);
  const auto& note = capped.findings.back();
  CHECK(note.rule == "too-many-findings");
  CHECK(note.message ==
        "1000 more findings are left out (1000 errors): the report keeps at most 5 per file (--max-findings)");
}

// --- the repository root -----------------------------------------------------------------------

TEST_CASE("checker: repo_path is relative to $GITHUB_WORKSPACE when given", "[checker][repository]") {
  dlcheck::CheckOptions options;
  options.repository_root = "/ws/course";
  options.find_repository_root = true;  // the workspace wins
  CHECK(dlcheck::repository_path("/ws/course/alice/evidence.json", options) == "alice/evidence.json");
  CHECK(dlcheck::repository_path("/ws/course/alice/../bob/./evidence.json", options) == "bob/evidence.json");
  CHECK(dlcheck::repository_path("/ws/other/evidence.json", options) == "/ws/other/evidence.json");
  CHECK(dlcheck::repository_path("/ws/course/", options) == ".");  // the root itself
}

TEST_CASE("checker: repo_path is relative to the nearest folder holding .git, whatever the working folder",
          "[checker][repository]") {
  TempProject project;  // holds .git
  const auto evidence = project.write("course/sub/evidence.json", kRoadmapRecord);
  dlcheck::CheckOptions options;
  options.find_repository_root = true;
  CHECK(dlcheck::repository_path(evidence.string(), options) == "course/sub/evidence.json");
  const std::string through = (project.root() / "course" / "x" / ".." / "sub" / "evidence.json").string();
  CHECK(dlcheck::repository_path(through, options) == "course/sub/evidence.json");
  // The report carries it, with the path as given, its rules, its threshold and its time.
  options.profile = dlcheck::Profile::record;
  const dlcheck::FileReport report = dlcheck::check_file(through, options);
  CHECK(report.path == through);
  CHECK(report.repo_path == "course/sub/evidence.json");
  CHECK(report.fail_on == dlcheck::Severity::error);
  CHECK(report.seconds >= 0);
  // Without a repository search the root is the working folder, as for every other format.
  options.find_repository_root = false;
  CHECK(dlcheck::repository_path(evidence.string(), options) ==
        (evidence.string().starts_with(std::filesystem::current_path().string() + "/")
             ? std::filesystem::relative(evidence).generic_string()
             : evidence.string()));
  CHECK(dlcheck::repository_path("./a/../b/evidence.json", options) == "b/evidence.json");
}

TEST_CASE("checker: a report lists the rules of its profile that its rubric leaves on", "[checker][repository]") {
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.rule_settings["unknown-field"].off = true;
  const auto report = dlcheck::check_text("e.json", kRoadmapRecord, options);
  std::vector<std::string_view> expected;
  for (const dlcheck::RuleInfo* rule : dlcheck::rule_table()) {
    if (dlcheck::applies_to(*rule, dlcheck::Profile::record) && rule->id != "unknown-field")
      expected.push_back(rule->id);
  }
  std::vector<std::string_view> listed;
  for (const dlcheck::RuleInfo* rule : report.rules) listed.push_back(rule->id);
  CHECK(listed == expected);
  CHECK(listed.size() == 34);
  // A file that cannot be parsed has the same rules.
  CHECK(dlcheck::check_text("e.json", "{", options).rules == report.rules);
}
