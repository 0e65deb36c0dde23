// The options of each evidence file: defaults, then its rubric config, then the command line.

#include "engine/options.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "temp_project.hpp"

using dlcheck::testing::TempProject;

namespace {

const dlcheck::ThresholdKey* threshold(std::string_view name) { return dlcheck::find_threshold(name); }

const dlcheck::LimitKey* limit(std::string_view name) {
  for (const auto& key : dlcheck::limit_keys()) {
    if (key.name == name) return &key;
  }
  FAIL("no limit " << name);
  return nullptr;
}

// The options of each file, after loading the configs for all of them; a config error fails the test.
std::vector<dlcheck::CheckOptions> resolve(dlcheck::CommandLineOptions command_line,
                                           const std::vector<std::string>& files) {
  dlcheck::OptionsResolver resolver(std::move(command_line));
  if (auto error = resolver.load_configs(files)) FAIL(dlcheck::describe(*error));
  std::vector<dlcheck::CheckOptions> options;
  for (const auto& file : files) options.push_back(resolver.options_for(file));
  return options;
}

constexpr const char* kClassConfig = R"({"profile": "record", "thresholds": {"min_failure_cases": 5},
                                         "limits": {"max_depth": 64}, "rules": {"unknown-field": "error"}})";

}  // namespace

TEST_CASE("options: without a config or options, every file gets the defaults", "[options]") {
  TempProject project;
  const std::string file = project.write("alice/evidence.json", "{}").string();
  const auto options = resolve({}, {file}).at(0);
  const dlcheck::CheckOptions defaults;
  CHECK(options.profile == dlcheck::Profile::roadmap);
  CHECK(options.thresholds.min_failure_cases == defaults.thresholds.min_failure_cases);
  CHECK(options.thresholds.log.min_points == defaults.thresholds.log.min_points);
  CHECK(options.thresholds.metric_tolerance == defaults.thresholds.metric_tolerance);
  CHECK(options.parse_limits.max_depth == defaults.parse_limits.max_depth);
  CHECK(options.max_findings == defaults.max_findings);
  CHECK(options.fail_on == dlcheck::Severity::error);
  CHECK_FALSE(options.project_root.has_value());
  CHECK(options.rule_settings.empty());
  CHECK(options.points.empty());
}

TEST_CASE("options: a discovered config applies to the files below it only", "[options]") {
  TempProject project;
  project.write("class/.dlcheck.json", kClassConfig);
  const std::string alice = project.write("class/alice/evidence.json", "{}").string();
  const std::string bob = project.write("class/bob/week2/evidence.json", "{}").string();
  const std::string other = project.write("other/evidence.json", "{}").string();
  const auto options = resolve({}, {alice, bob, other});
  for (const auto& governed : {options[0], options[1]}) {
    CHECK(governed.profile == dlcheck::Profile::record);
    CHECK(governed.thresholds.min_failure_cases == 5);
    CHECK(governed.parse_limits.max_depth == 64);
    CHECK(governed.rule_settings.at("unknown-field").severity == dlcheck::Severity::error);
  }
  CHECK(options[2].profile == dlcheck::Profile::roadmap);
  CHECK(options[2].thresholds.min_failure_cases == 3);
  CHECK(options[2].rule_settings.empty());
}

TEST_CASE("options: the command line wins over the config, key by key", "[options]") {
  TempProject project;
  project.write(".dlcheck.json", kClassConfig);
  const std::string file = project.write("alice/evidence.json", "{}").string();
  dlcheck::CommandLineOptions command_line;
  command_line.profile = dlcheck::Profile::roadmap;
  command_line.thresholds = {{threshold("min_failure_cases"), 7}, {threshold("min_relative_improvement"), 0.1}};
  command_line.limits = {{limit("max_findings"), 20}};
  command_line.fail_on = dlcheck::Severity::warning;
  command_line.root = project.root();
  const auto options = resolve(command_line, {file}).at(0);
  CHECK(options.profile == dlcheck::Profile::roadmap);
  CHECK(options.thresholds.min_failure_cases == 7);
  CHECK(options.thresholds.min_relative_improvement == 0.1);
  CHECK(options.max_findings == 20);
  CHECK(options.fail_on == dlcheck::Severity::warning);
  CHECK(options.project_root == project.root());
  // What the command line leaves alone still comes from the config.
  CHECK(options.parse_limits.max_depth == 64);
  CHECK(options.rule_settings.at("unknown-field").severity == dlcheck::Severity::error);
}

TEST_CASE("options: --isolated ignores every config, even a broken one", "[options]") {
  TempProject project;
  project.write(".dlcheck.json", R"({"profile": "strict"})");
  const std::string file = project.write("alice/evidence.json", "{}").string();
  dlcheck::CommandLineOptions command_line;
  command_line.isolated = true;
  command_line.thresholds = {{threshold("overfit_patience"), 4}};
  const auto options = resolve(command_line, {file}).at(0);
  CHECK(options.profile == dlcheck::Profile::roadmap);
  CHECK(options.thresholds.log.overfit_min_points_after_best == 4);
  CHECK(options.rule_settings.empty());
}

TEST_CASE("options: --config replaces discovery for every file", "[options]") {
  TempProject project;
  project.write("class/.dlcheck.json", R"({"profile": "strict"})");  // never read
  const auto rubric = project.write("rubric.json", R"({"thresholds": {"min_success_samples": 2}})");
  const std::string governed = project.write("class/alice/evidence.json", "{}").string();
  const std::string elsewhere = project.write("other/evidence.json", "{}").string();
  dlcheck::CommandLineOptions command_line;
  command_line.config = rubric;
  command_line.isolated = true;  // --config still applies
  const auto options = resolve(command_line, {governed, elsewhere});
  CHECK(options[0].thresholds.min_success_samples == 2);
  CHECK(options[1].thresholds.min_success_samples == 2);
  CHECK(options[0].profile == dlcheck::Profile::roadmap);
}

TEST_CASE("options: a config that cannot be used is an error with its position", "[options]") {
  TempProject project;
  const auto config = project.write("class/.dlcheck.json", R"({"thresholds": {"overfit_patience": 0}})");
  const std::string alice = project.write("class/alice/evidence.json", "{}").string();
  dlcheck::OptionsResolver discovered({});
  const auto error = discovered.load_configs(std::vector<std::string>{alice});
  REQUIRE(error.has_value());
  CHECK(dlcheck::describe(*error) ==
        config.string() + ":1:17: overfit_patience must be a whole number from 1 to 1000000, not 0");
}
