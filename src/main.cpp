// The command line: argument parsing and wiring only. All checking lives in dlcheck_core.

#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "dlcheck/checker.hpp"
#include "dlcheck/formatter.hpp"
#include "dlcheck/rule_docs.hpp"
#include "dlcheck/text_match.hpp"

namespace {

constexpr int kUsageError = 2;

constexpr const char* kExamples = R"(
Examples:
  dlcheck evidence.json                     check against the full roadmap checklist
  dlcheck --profile record evidence.json    check only the roadmap's minimal evidence record
  dlcheck --format json a.json b.json       one JSON report for several files
  dlcheck rules                             list every rule
  dlcheck explain metric-range              what a rule checks and how to fix it

Exit codes: 0 every file passes, 1 a checklist item fails, 2 bad usage or unreadable input.
Documentation: docs/evidence-format.md, docs/rules.md, docs/metrics.md)";

int explain(const std::string& rule_id) {
  if (const dlcheck::Rule* rule = dlcheck::find_rule(rule_id)) {
    dlcheck::write_rule_explanation(rule->info, std::cout);
    return 0;
  }
  std::vector<std::string_view> ids;
  for (const auto& rule : dlcheck::all_rules()) ids.push_back(rule.info.id);
  const std::string suggestion = dlcheck::closest_match(rule_id, ids);
  std::cerr << fmt::format("dlcheck: error: unknown rule \"{}\"{}\nRun 'dlcheck rules' for the list.\n", rule_id,
                           suggestion.empty() ? "" : fmt::format("; did you mean \"{}\"?", suggestion));
  return kUsageError;
}

int real_main(int argc, char** argv) {
  CLI::App app{"dlcheck: checks a deep-learning project's evidence record against the roadmap checklist",
               "dlcheck"};
  app.set_version_flag("--version", std::string("dlcheck ") + DLCHECK_VERSION);
  app.footer(kExamples);

  std::vector<std::string> paths;
  std::string profile_name = "roadmap";
  std::string format_name = "text";
  std::string color_name = "auto";
  app.add_option("files", paths, "evidence files (JSON) to check; name a file called 'rules' or 'explain' as ./rules");
  app.add_option("--profile", profile_name, "checklist: roadmap (everything, default) or record (the minimal habit)")
      ->check(CLI::IsMember({"roadmap", "record"}));
  std::vector<std::string> format_names;
  for (const auto& formatter : dlcheck::all_formatters()) format_names.emplace_back(formatter.name);
  app.add_option("--format", format_name, "output format: " + CLI::detail::join(format_names, ", "))
      ->check(CLI::IsMember(format_names));
  app.add_option("--color", color_name, "colour in the text report: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  std::string root;
  app.add_option("--root", root,
                 "project root: files the record names must lie inside it (default: the nearest folder above "
                 "the evidence file holding .git, else the evidence file's folder)");
  dlcheck::Thresholds thresholds;
  auto* log_group = "Training log and predictions (docs/artifacts.md)";
  app.add_option("--min-log-points", thresholds.log.min_points, "fewest training-loss points to judge a curve")
      ->capture_default_str()->check(CLI::Range(1, 1000000))->group(log_group);
  app.add_option("--min-loss-decrease", thresholds.log.min_relative_decrease,
                 "relative decrease of the training loss from its first value to its best")
      ->capture_default_str()->check(CLI::Range(0.0, 1.0))->group(log_group);
  app.add_option("--overfit-rise", thresholds.log.overfit_min_rise,
                 "relative rise of the final validation loss above its minimum that counts as overfitting")
      ->capture_default_str()->check(CLI::Range(0.0, 100.0))->group(log_group);
  app.add_option("--overfit-patience", thresholds.log.overfit_min_points_after_best,
                 "points the validation minimum must lie before the end")
      ->capture_default_str()->check(CLI::Range(1, 1000000))->group(log_group);
  app.add_option("--metric-tolerance", thresholds.metric_tolerance,
                 "allowed difference between current.value and the metric recomputed from the predictions, "
                 "on top of the rounding of the claimed value")
      ->capture_default_str()->check(CLI::Range(0.0, 1e9))->group(log_group);

  CLI::App* rules_command = app.add_subcommand("rules", "list every rule: id, default severity, profiles, summary");
  std::string rules_format = "text";
  rules_command->add_option("--format", rules_format, "text, or markdown (the source of docs/rules.md)")
      ->check(CLI::IsMember({"text", "markdown"}));
  CLI::App* explain_command = app.add_subcommand("explain", "print a rule's documentation");
  std::string rule_id;
  explain_command->add_option("rule", rule_id, "the rule id, e.g. metric-range")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);
    std::cerr << "dlcheck: error: " << error.what() << "\nRun 'dlcheck --help' for usage.\n";
    return kUsageError;
  }

  if (rules_command->parsed()) {
    if (rules_format == "markdown") dlcheck::write_rules_markdown(std::cout);
    else dlcheck::write_rule_list(std::cout);
    return 0;
  }
  if (explain_command->parsed()) return explain(rule_id);
  if (paths.empty()) {
    std::cerr << "dlcheck: error: no evidence file given\nRun 'dlcheck --help' for usage.\n";
    return kUsageError;
  }

  dlcheck::CheckOptions options;
  options.profile = profile_name == "record" ? dlcheck::Profile::record : dlcheck::Profile::roadmap;
  options.thresholds = thresholds;
  if (!root.empty()) options.project_root = root;
  dlcheck::Report report;
  report.profile = options.profile;
  for (const auto& path : paths) report.files.push_back(dlcheck::check_file(path, options));

  const std::map<std::string, dlcheck::ColorMode> color_modes = {
      {"auto", dlcheck::ColorMode::auto_detect}, {"always", dlcheck::ColorMode::always}, {"never", dlcheck::ColorMode::never}};
  dlcheck::OutputOptions output;
  output.color = dlcheck::use_color(color_modes.at(color_name), std::getenv("NO_COLOR"), std::getenv("FORCE_COLOR"),
                                    ::isatty(STDOUT_FILENO) == 1);
  dlcheck::find_formatter(format_name)->write(report, std::cout, output);
  std::cout.flush();
  return dlcheck::exit_code(report);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return real_main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "dlcheck: internal error: " << error.what() << '\n';
    return kUsageError;
  }
}
