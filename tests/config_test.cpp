// The rubric config: keys, validation with positions, discovery, and how it reaches the checks.

#include "engine/config.hpp"

#include <catch2/catch.hpp>

#include "temp_project.hpp"

using dlcheck::testing::TempProject;

namespace {

dlcheck::ConfigError config_error(const std::string& text) {
  auto parsed = dlcheck::parse_config(text, ".dlcheck.json");
  REQUIRE(std::holds_alternative<dlcheck::ConfigError>(parsed));
  return std::get<dlcheck::ConfigError>(parsed);
}

dlcheck::Config config(const std::string& text) {
  auto parsed = dlcheck::parse_config(text, ".dlcheck.json");
  if (auto* error = std::get_if<dlcheck::ConfigError>(&parsed)) FAIL(error->message);
  return std::get<dlcheck::Config>(parsed);
}

}  // namespace

TEST_CASE("config: every key is read and applied", "[config]") {
  const auto rubric = config(R"({"profile": "record",
    "thresholds": {"min_failure_cases": 5, "min_success_samples": 2, "min_improvement": 0.02,
                   "min_relative_improvement": 0.1, "metric_tolerance": 0.01, "min_log_points": 4,
                   "min_loss_decrease": 0.2, "overfit_rise": 0.1, "overfit_patience": 3,
                   "sample_error": 0.25},
    "rules": {"unknown-field": "error", "readme-run-command": "off", "metric-range": "info"},
    "points": {"improvement": 3, "task": 0}})");
  dlcheck::CheckOptions options;
  dlcheck::apply_config(rubric, options);
  CHECK(options.profile == dlcheck::Profile::record);
  CHECK(options.thresholds.min_failure_cases == 5);
  CHECK(options.thresholds.min_success_samples == 2);
  CHECK(options.thresholds.min_improvement == 0.02);
  CHECK(options.thresholds.min_relative_improvement == 0.1);
  CHECK(options.thresholds.metric_tolerance == 0.01);
  CHECK(options.thresholds.log.min_points == 4);
  CHECK(options.thresholds.log.min_relative_decrease == 0.2);
  CHECK(options.thresholds.log.overfit_min_rise == 0.1);
  CHECK(options.thresholds.log.overfit_min_points_after_best == 3);
  CHECK(options.thresholds.sample_error == 0.25);
  CHECK(options.rule_settings.at("unknown-field").severity == dlcheck::Severity::error);
  CHECK(options.rule_settings.at("readme-run-command").off);
  CHECK(options.rule_settings.at("metric-range").severity == dlcheck::Severity::info);
  CHECK(options.points.at("improvement") == 3);
  CHECK(options.points.at("task") == 0);
  CHECK(dlcheck::threshold_keys().size() == 10);
}

TEST_CASE("config: mistakes are errors with the position and a suggestion", "[config]") {
  const auto unknown = config_error("{\n  \"treshold\": {}\n}");
  CHECK(unknown.message == "unknown key \"treshold\"; did you mean \"thresholds\"?");
  CHECK(unknown.position.line == 2);
  CHECK(unknown.position.column == 3);
  CHECK(config_error(R"({"rules": {"metric-rnge": "off"}})").message ==
        "unknown rule \"metric-rnge\"; did you mean \"metric-range\"?");
  CHECK(config_error(R"({"rules": {"task": "fatal"}})").message ==
        "rule task must be \"off\", \"info\", \"warning\" or \"error\", not \"fatal\"");
  CHECK(config_error(R"({"thresholds": {"min_failure_case": 4}})").message ==
        "unknown threshold \"min_failure_case\"; did you mean \"min_failure_cases\"?");
  CHECK(config_error(R"({"thresholds": {"min_failure_cases": "4"}})").message ==
        "min_failure_cases must be a whole number from 0 to 1000000, not \"4\"");
  CHECK(config_error(R"({"thresholds": {"min_failure_cases": 2.5}})").message ==
        "min_failure_cases must be a whole number from 0 to 1000000, not 2.5");
  CHECK(config_error(R"({"thresholds": {"min_failure_cases": 1e300}})").message ==
        "min_failure_cases must be a whole number from 0 to 1000000, not 1e+300");
  CHECK(config_error(R"({"thresholds": {"min_loss_decrease": 5}})").message ==
        "min_loss_decrease must be a fraction from 0 to 1, not 5");
  // The ranges are the command line's: a curve needs a point, and patience a point after the minimum.
  CHECK(config_error(R"({"thresholds": {"min_log_points": 0}})").message ==
        "min_log_points must be a whole number from 1 to 1000000, not 0");
  CHECK(config_error(R"({"thresholds": {"overfit_patience": 0}})").message ==
        "overfit_patience must be a whole number from 1 to 1000000, not 0");
  CHECK(config_error(R"({"thresholds": {"overfit_rise": 250}})").message ==
        "overfit_rise must be a number from 0 to 100, not 250");
  CHECK(config_error(R"({"thresholds": {"min_improvement": -0.1}})").message ==
        "min_improvement must be a number of at least 0, not -0.1");
  CHECK(config_error(R"({"profile": "strict"})").message ==
        "profile must be \"roadmap\" or \"record\", not \"strict\"");
  CHECK(config_error(R"({"points": {"duplicate-key": 2}})").message ==
        "duplicate-key is not a checklist item, so it carries no points");
  CHECK(config_error(R"({"points": {"task": -1}})").message ==
        "points of task must be a whole number from 0 to 1000, not -1");
  CHECK(config_error("{\"profile\": \"record\",}").message == "trailing comma before '}'");
  CHECK(config_error("[]").message == "a config must be a JSON object");
  CHECK(config_error(R"({"profile": "record", "profile": "roadmap"})").message == "duplicate key /profile");
}

TEST_CASE("config: discovery searches upward and stops at the repository root", "[config]") {
  TempProject project;  // has .git at its root
  project.write("class/.dlcheck.json", "{}");
  const auto nested = project.write("class/alice/week6/evidence.json", "{}");
  CHECK(dlcheck::discover_config(nested) == project.root() / "class/.dlcheck.json");
  const auto elsewhere = project.write("other/evidence.json", "{}");
  CHECK_FALSE(dlcheck::discover_config(elsewhere).has_value());
  project.write(".dlcheck.json", "{}");
  CHECK(dlcheck::discover_config(elsewhere) == project.root() / ".dlcheck.json");
}

TEST_CASE("config: severities, off rules, points and thresholds change the report", "[config]") {
  const std::string record = R"({"task": "t", "baseline_accuracy": 0.70, "current_accuracy": 0.71,
                                 "failure_case_count": 4, "next_step": "x", "run_comand": "typo"})";
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  options.read_project_files = false;
  CHECK(dlcheck::check_text("e.json", record, options).verdict == dlcheck::Verdict::pass);

  options.rule_settings["unknown-field"] = {false, dlcheck::Severity::error};
  CHECK(dlcheck::check_text("e.json", record, options).verdict == dlcheck::Verdict::fail);
  options.rule_settings["unknown-field"] = {true, std::nullopt};
  const auto off = dlcheck::check_text("e.json", record, options);
  CHECK(off.findings.empty());

  options.thresholds.min_failure_cases = 5;
  options.thresholds.min_improvement = 0.05;
  options.points["improvement"] = 3;
  const auto strict = dlcheck::check_text("e.json", record, options);
  CHECK(strict.points_possible() == 8);
  CHECK(strict.points_earned() == 4);  // task, baseline-value, metric-direction, next-step
  std::vector<std::string> rules;
  for (const auto& finding : strict.findings) rules.push_back(finding.rule);
  CHECK(rules == std::vector<std::string>{"improvement", "failure-evidence"});
  CHECK(strict.findings[0].message ==
        "the improvement 0.01 (+1.4%) is below the rubric's minimum (0.05 absolute, 0.0% relative)");
}

TEST_CASE("config: limits are read, applied, and kept within their ceilings", "[config][limits]") {
  const auto rubric = config(R"({"limits": {"max_file_size": "2M", "max_depth": 64, "max_line_length": 4096,
                                            "max_findings": 50, "max_labels": 500}})");
  dlcheck::CheckOptions options;
  dlcheck::apply_config(rubric, options);
  CHECK(options.max_file_size == 2 * 1024 * 1024);
  CHECK(options.parse_limits.max_depth == 64);
  CHECK(options.artifact_limits.max_line_length == 4096);
  CHECK(options.max_findings == 50);
  CHECK(options.artifact_limits.max_labels == 500);
  CHECK(dlcheck::limit_keys().size() == 5);

  const auto error_at = [](const std::string& text) {
    const auto error = config_error(text);
    return std::to_string(error.position.line) + ":" + std::to_string(error.position.column) + ": " + error.message;
  };
  CHECK(error_at("{\"limits\": {\n  \"max_depht\": 10}}") ==
        "2:3: unknown limit \"max_depht\"; did you mean \"max_depth\"?");
  CHECK(error_at(R"({"limits": {"max_depth": 5000}})") ==
        "1:13: max_depth must be a whole number from 1 to 1000, not 5000");
  CHECK(error_at(R"({"limits": {"max_depth": "64"}})") ==
        "1:13: max_depth must be a whole number from 1 to 1000, not \"64\"");
  CHECK(error_at(R"({"limits": {"max_findings": 0}})") ==
        "1:13: max_findings must be a whole number from 1 to 1000000, not 0");
  CHECK(error_at(R"({"limits": {"max_file_size": "2T"}})") ==
        "1:13: max_file_size must be a number of bytes (or with K, M or G) from 1 to 1G, not 2T");
  CHECK(error_at(R"({"limits": {"max_line_length": -1}})") ==
        "1:13: max_line_length must be a number of bytes (or with K, M or G) from 1 to 1G, not -1");
  CHECK(error_at(R"({"limits": 3})") == "1:2: limits must be an object");
}

TEST_CASE("config: byte sizes with a K, M or G suffix", "[config][limits]") {
  CHECK(dlcheck::parse_byte_size("16M") == 16u * 1024 * 1024);
  CHECK(dlcheck::parse_byte_size("512k") == 512u * 1024);
  CHECK(dlcheck::parse_byte_size("1G") == 1024u * 1024 * 1024);
  CHECK(dlcheck::parse_byte_size("1000") == 1000u);
  for (const char* bad : {"", "M", "1.5M", "-1", "16MB", " 16M", "99999999999999999999", "17179869184G"}) {
    INFO(bad);
    CHECK_FALSE(dlcheck::parse_byte_size(bad).has_value());
  }
  CHECK(dlcheck::format_byte_size(16u * 1024 * 1024) == "16M");
  CHECK(dlcheck::format_byte_size(1536) == "1536");
  CHECK(dlcheck::format_byte_size(2048) == "2K");
  CHECK(dlcheck::format_byte_size(1024u * 1024 * 1024) == "1G");
}

TEST_CASE("config: a threshold from the command line takes the config's range", "[config]") {
  const auto parse = [](std::string_view name, std::string_view text) {
    std::string error;
    const auto value = dlcheck::parse_threshold(*dlcheck::find_threshold(name), text, error);
    return value ? std::to_string(*value) : error;
  };
  CHECK(parse("min_log_points", "4") == std::to_string(4.0));
  CHECK(parse("overfit_rise", "0.5") == std::to_string(0.5));
  CHECK(parse("min_log_points", "0") == "must be a whole number from 1 to 1000000, not 0");
  CHECK(parse("min_log_points", "2.5") == "must be a whole number from 1 to 1000000, not 2.5");
  CHECK(parse("overfit_rise", "1e3") == "must be a number from 0 to 100, not 1e3");
  CHECK(parse("min_loss_decrease", "half") == "must be a fraction from 0 to 1, not half");
  CHECK(parse("metric_tolerance", "") == "must be a number from 0 to 1000000000, not ");
  CHECK(dlcheck::option_name("overfit_patience") == "--overfit-patience");
}
