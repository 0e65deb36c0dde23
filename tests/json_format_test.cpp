// The JSON report: a contract scripts rely on, compared as exact golden text.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "check_helpers.hpp"
#include "format/formatter.hpp"

namespace {

std::string render_json(const std::vector<std::string>& documents, dlcheck::Profile profile) {
  dlcheck::Report report;
  report.profile = profile;
  for (const auto& document : documents) report.files.push_back(dlcheck::testing::check(document, profile));
  std::ostringstream out;
  dlcheck::find_formatter("json")->write(report, out, {});
  return out.str();
}

}  // namespace

TEST_CASE("json: a failing record, exactly", "[format][json]") {
  const std::string json =
      "{\"task\": \"t\", \"baseline_accuracy\": 0.8,\n \"current_accuracy\": 0.6, \"failure_case_count\": 3, "
      "\"next_step\": \"x\"}";
  const std::string expected = std::string(R"({
  "tool": {
    "name": "dlcheck",
    "version": ")") + DLCHECK_VERSION +
                               R"("
  },
  "profile": "record",
  "files": [
    {
      "path": "evidence.json",
      "profile": "record",
      "config": null,
      "verdict": "fail",
      "task": "t",
      "metric": {
        "name": "accuracy",
        "higher_is_better": true,
        "unit": null,
        "baseline": 0.8,
        "current": 0.6,
        "improvement": -0.20000000000000007,
        "relative_improvement": -0.25000000000000006
      },
      "failure_case_count": 3,
      "next_step": "x",
      "score": {
        "earned": 5,
        "possible": 6,
        "not_checked": 0,
        "not_applicable": 0
      },
      "counts": {
        "errors": 1,
        "warnings": 0,
        "infos": 0
      },
      "checklist": [
        {
          "rule": "task",
          "section": "Keep One Evidence Record",
          "passed": true,
          "status": "passed",
          "points": 1
        },
        {
          "rule": "baseline-value",
          "section": "Keep One Evidence Record",
          "passed": true,
          "status": "passed",
          "points": 1
        },
        {
          "rule": "metric-direction",
          "section": "Keep One Evidence Record",
          "passed": true,
          "status": "passed",
          "points": 1
        },
        {
          "rule": "improvement",
          "section": "Keep One Evidence Record",
          "passed": false,
          "status": "failed",
          "points": 1
        },
        {
          "rule": "failure-evidence",
          "section": "Keep One Evidence Record",
          "passed": true,
          "status": "passed",
          "points": 1
        },
        {
          "rule": "next-step",
          "section": "Keep One Evidence Record",
          "passed": true,
          "status": "passed",
          "points": 1
        }
      ],
      "not_applicable": [],
      "findings": [
        {
          "rule": "improvement",
          "severity": "error",
          "message": "current accuracy 0.6 is worse than the baseline 0.8 (higher is better): improvement -0.2",
          "hint": "report the score of a model that beats the baseline, or say in next_step what you will try",
          "pointer": "/current_accuracy",
          "line": 2,
          "column": 2,
          "artifact": null
        }
      ],
      "artifacts": null
    }
  ],
  "summary": {
    "files": 1,
    "passed": 0,
    "failed": 1,
    "errored": 0,
    "exit_code": 1
  }
}
)";
  CHECK(render_json({json}, dlcheck::Profile::record) == expected);
}

TEST_CASE("json: the contract's names are present for every verdict", "[format][json]") {
  const auto document =
      nlohmann::json::parse(render_json({R"({"task": "t"})", "[]", R"({"baseline_x": 1})"}, dlcheck::Profile::roadmap));
  CHECK(document["profile"] == "roadmap");
  CHECK(document["summary"] ==
        nlohmann::json{{"files", 3}, {"passed", 0}, {"failed", 2}, {"errored", 1}, {"exit_code", 2}});
  for (const auto& file : document["files"]) {
    for (const char* key : {"path", "profile", "config", "verdict", "task", "metric", "findings"})
      CHECK(file.contains(key));
    for (const auto& finding : file["findings"]) {
      for (const char* key : {"rule", "severity", "message", "hint", "pointer", "line", "column"})
        CHECK(finding.contains(key));
    }
  }
  CHECK(document["files"][0]["metric"].is_null());
  CHECK(document["files"][1]["verdict"] == "error");
  CHECK(document["files"][2]["metric"]["name"] == "x");
  CHECK(document["files"][2]["metric"]["higher_is_better"].is_null());
  CHECK(document["files"][2]["metric"]["improvement"].is_null());
}

TEST_CASE("json: a zero baseline gives a null relative improvement", "[format][json]") {
  const auto document =
      nlohmann::json::parse(render_json({R"({"baseline_r2": 0, "current_r2": 0.5})"}, dlcheck::Profile::record));
  CHECK(document["files"][0]["metric"]["improvement"] == 0.5);
  CHECK(document["files"][0]["metric"]["relative_improvement"].is_null());
}

TEST_CASE("json: each file names its own profile and config, not the report's", "[format][json]") {
  dlcheck::Report report;
  report.profile = dlcheck::Profile::roadmap;
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.config = "class/bob/.dlcheck.json";
  options.read_project_files = false;
  report.files.push_back(dlcheck::check_text("class/bob/evidence.json", R"({"task": "t"})", options));
  report.files.push_back(dlcheck::testing::check(R"({"task": "t"})"));
  std::ostringstream out;
  dlcheck::find_formatter("json")->write(report, out, {});
  const auto document = nlohmann::json::parse(out.str());
  CHECK(document["profile"] == "roadmap");
  CHECK(document["files"][0]["profile"] == "record");
  CHECK(document["files"][0]["config"] == "class/bob/.dlcheck.json");
  CHECK(document["files"][1]["profile"] == "roadmap");
  CHECK(document["files"][1]["config"].is_null());
}
