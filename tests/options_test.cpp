// The options of each evidence file: defaults, then its rubric config, then the command line.

#include "engine/options.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
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

// Runs a test in `folder`, so that found configs are named relative to it as in a real run.
class InFolder {
 public:
  explicit InFolder(const std::filesystem::path& folder) : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(folder);
  }
  ~InFolder() { std::filesystem::current_path(previous_); }
  InFolder(const InFolder&) = delete;
  InFolder& operator=(const InFolder&) = delete;

 private:
  std::filesystem::path previous_;
};

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
  dlcheck::CommandLineOptions command_line;
  command_line.trust_local_configs = true;  // three files are a class
  const auto options = resolve(command_line, {alice, bob, other});
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

TEST_CASE("options: a found config that cannot be used is the error of its files alone", "[options]") {
  TempProject project;
  const InFolder in_project(project.root());
  project.write("class/alice/.dlcheck.json", R"({"thresholds": {"overfit_patience": 0}})");
  project.write("class/alice/.git/HEAD", "");
  project.write("class/bob/.git/HEAD", "");
  const std::vector<std::string> files = {"class/alice/evidence.json", "class/bob/evidence.json"};
  dlcheck::OptionsResolver resolver({});
  CHECK_FALSE(resolver.load_configs(files).has_value());  // the run goes on
  const auto alice = resolver.options_for(files[0]);
  REQUIRE(alice.config_error.has_value());
  CHECK(alice.config_error->rule == "invalid-config");
  CHECK(alice.config_error->severity == dlcheck::Severity::error);
  CHECK(alice.config_error->message ==
        "class/alice/.dlcheck.json:1:17: overfit_patience must be a whole number from 1 to 1000000, not 0");
  CHECK(alice.config.empty());
  const auto bob = resolver.options_for(files[1]);
  CHECK_FALSE(bob.config_error.has_value());
  CHECK(bob.config_findings.empty());
}

TEST_CASE("options: --config that cannot be used stops the run with its position", "[options]") {
  TempProject project;
  const auto config = project.write("rubric.json", R"({"thresholds": {"overfit_patience": 0}})");
  const std::string alice = project.write("class/alice/evidence.json", "{}").string();
  dlcheck::CommandLineOptions command_line;
  command_line.config = config;
  dlcheck::OptionsResolver resolver(command_line);
  const auto error = resolver.load_configs(std::vector<std::string>{alice});
  REQUIRE(error.has_value());
  CHECK(dlcheck::describe(*error) ==
        config.string() + ":1:17: overfit_patience must be a whole number from 1 to 1000000, not 0");
}

TEST_CASE("options: in a class, a config found beside a file is reported, not applied", "[options]") {
  TempProject project;
  const InFolder in_project(project.root());
  project.write("class/alice/.git/HEAD", "");
  project.write("class/alice/.dlcheck.json",
                R"({"rules": {"task": "off", "improvement": "off", "unknown-field": "info"},
                    "limits": {"max_file_size": "1G"}})");
  project.write("class/bob/.git/HEAD", "");
  project.write("class/bob/.dlcheck.json", R"({"profile": "record"})");
  const std::vector<std::string> files = {"class/alice/evidence.json", "class/bob/evidence.json"};
  const auto options = resolve({}, files);
  const dlcheck::CheckOptions defaults;
  for (const auto& file : options) {
    CHECK(file.profile == dlcheck::Profile::roadmap);
    CHECK(file.rule_settings.empty());
    CHECK(file.max_file_size == defaults.max_file_size);
    CHECK(file.config.empty());
    CHECK_FALSE(file.config_error.has_value());
    REQUIRE(file.config_findings.size() == 1);
    CHECK(file.config_findings[0].rule == "local-config-ignored");
    CHECK(file.config_findings[0].severity == dlcheck::Severity::warning);
  }
  CHECK(options[0].config_findings[0].message ==
        "class/alice/.dlcheck.json is not applied: when several files are checked, a config found beside them "
        "applies only with --trust-local-configs; it would turn off 2 rules, lower the severity of 1 rule and raise "
        "max_file_size to 1G");
  CHECK(options[1].config_findings[0].message ==
        "class/bob/.dlcheck.json is not applied: when several files are checked, a config found beside them "
        "applies only with --trust-local-configs; it would set profile record");
}

TEST_CASE("options: --trust-local-configs applies each config found in a class and names it", "[options]") {
  TempProject project;
  const InFolder in_project(project.root());
  project.write("class/alice/.git/HEAD", "");
  project.write("class/alice/.dlcheck.json", R"({"rules": {"task": "off"}})");
  project.write("class/bob/.git/HEAD", "");
  project.write("class/bob/.dlcheck.json", R"({"profile": "record"})");
  dlcheck::CommandLineOptions command_line;
  command_line.trust_local_configs = true;
  const auto options = resolve(command_line, {"class/alice/evidence.json", "class/bob/evidence.json"});
  CHECK(options[0].rule_settings.at("task").off);
  CHECK(options[0].config == "class/alice/.dlcheck.json");
  CHECK(options[0].config_findings.empty());
  CHECK(options[1].profile == dlcheck::Profile::record);
  CHECK(options[1].config == "class/bob/.dlcheck.json");
}

TEST_CASE("options: a single file gets the config found for it, named", "[options]") {
  TempProject project;
  const InFolder in_project(project.root());
  project.write(".dlcheck.json", R"({"profile": "record"})");
  const auto options = resolve({}, {"alice/evidence.json"}).at(0);
  CHECK(options.profile == dlcheck::Profile::record);
  CHECK(options.config == ".dlcheck.json");
  CHECK(options.config_findings.empty());
}

TEST_CASE("options: a found config may lower a limit but not raise one past its default", "[options]") {
  TempProject project;
  const InFolder in_project(project.root());
  project.write(".dlcheck.json", R"({"limits": {"max_file_size": "1G", "max_depth": 1000, "max_findings": 5}})");
  const dlcheck::CheckOptions defaults;
  const auto options = resolve({}, {"alice/evidence.json"}).at(0);
  CHECK(options.max_file_size == defaults.max_file_size);
  CHECK(options.parse_limits.max_depth == defaults.parse_limits.max_depth);
  CHECK(options.max_findings == 5);
  REQUIRE(options.config_findings.size() == 2);
  CHECK(options.config_findings[0].rule == "local-config-limit");
  CHECK(options.config_findings[0].severity == dlcheck::Severity::info);
  CHECK(options.config_findings[0].message ==
        ".dlcheck.json asks for max_file_size 1G, over the default: a config found beside the evidence may only "
        "lower a limit, so it stays 16M (--max-file-size or --config may raise it)");
  CHECK(options.config_findings[1].message ==
        ".dlcheck.json asks for max_depth 1000, over the default: a config found beside the evidence may only "
        "lower a limit, so it stays 256 (--max-depth or --config may raise it)");

  SECTION("the command line still raises it, and then nothing needs saying") {
    dlcheck::CommandLineOptions command_line;
    command_line.limits = {{limit("max_file_size"), 64 * 1024 * 1024}};
    const auto raised = resolve(command_line, {"alice/evidence.json"}).at(0);
    CHECK(raised.max_file_size == 64 * 1024 * 1024);
    REQUIRE(raised.config_findings.size() == 1);
    CHECK(raised.config_findings[0].message.starts_with(".dlcheck.json asks for max_depth 1000"));
  }
  SECTION("--config raises it to its ceiling") {
    const auto rubric = project.write("rubric.json", R"({"limits": {"max_file_size": "1G"}})");
    dlcheck::CommandLineOptions command_line;
    command_line.config = rubric;
    const auto raised = resolve(command_line, {"alice/evidence.json"}).at(0);
    CHECK(raised.max_file_size == 1024 * 1024 * 1024);
    CHECK(raised.config == rubric.string());
    CHECK(raised.config_findings.empty());
  }
}

TEST_CASE("options: what a config would change, in words", "[options]") {
  const auto changes = [](std::string_view text) {
    auto parsed = dlcheck::parse_config(text, "c.json");
    REQUIRE(std::holds_alternative<dlcheck::Config>(parsed));
    return dlcheck::config_changes(std::get<dlcheck::Config>(parsed));
  };
  CHECK(changes("{}") == "change nothing");
  CHECK(changes(R"({"profile": "roadmap"})") == "set profile roadmap");
  CHECK(changes(R"({"rules": {"task": "off", "log-overfitting": "error", "unknown-field": "warning"}})") ==
        "turn off 1 rule and raise the severity of 1 rule");
  CHECK(changes(R"({"thresholds": {"min_failure_cases": 0, "min_log_points": 3}, "points": {"task": 1}})") ==
        "set min_failure_cases to 0");
  CHECK(changes(R"({"thresholds": {"metric_tolerance": 0.5}, "limits": {"max_depth": 10},
                    "points": {"task": 5, "improvement": 0}})") ==
        "set metric_tolerance to 0.5, lower max_depth to 10 and change the points of 2 items");
}
