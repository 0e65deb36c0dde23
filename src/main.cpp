// The command line: argument parsing and wiring only. All checking lives in dlcheck_core.

#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/batch.hpp"
#include "engine/checker.hpp"
#include "engine/config.hpp"
#include "engine/init.hpp"
#include "format/formatter.hpp"
#include "io/atomic_write.hpp"
#include "io/file_search.hpp"
#include "record/templates.hpp"
#include "rules/rule_docs.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace {

constexpr int kUsageError = 2;

constexpr const char* kExamples = R"(
Examples:
  dlcheck evidence.json                     check against the full roadmap checklist
  dlcheck --profile record evidence.json    check only the roadmap's minimal evidence record
  dlcheck submissions/                      every evidence.json below a folder, in parallel
  dlcheck --summary --format github .       annotations and a job summary in GitHub Actions
  dlcheck --format sarif -o dlcheck.sarif . a SARIF file for code scanning
  dlcheck init my-project                   write an evidence.json template to fill in
  dlcheck schema > evidence.schema.json     a JSON Schema of the format, for editors
  dlcheck rules                             list every rule
  dlcheck explain metric-range              what a rule checks and how to fix it

Exit codes: 0 every file passes, 1 a checklist item fails, 2 bad usage or unreadable input.
Documentation: docs/evidence-format.md, docs/rules.md, docs/metrics.md, docs/artifacts.md, docs/ci.md,
docs/untrusted-input.md)";

int usage_error(const std::string& message) {
  std::cerr << "dlcheck: error: " << message << "\nRun 'dlcheck --help' for usage.\n";
  return kUsageError;
}

int explain(const std::string& rule_id) {
  if (const dlcheck::Rule* rule = dlcheck::find_rule(rule_id)) {
    dlcheck::write_rule_explanation(rule->info, std::cout);
    return 0;
  }
  std::vector<std::string_view> ids;
  for (const auto& rule : dlcheck::all_rules()) ids.push_back(rule.info.id);
  const std::string suggestion = dlcheck::closest_match(rule_id, ids);
  std::cerr << fmt::format("dlcheck: error: unknown rule \"{}\"{}\nRun 'dlcheck rules' for the list.\n",
                           dlcheck::printable(rule_id),
                           suggestion.empty() ? "" : fmt::format("; did you mean \"{}\"?", suggestion));
  return kUsageError;
}

int init(const std::string& folder, bool force) {
  auto result = dlcheck::init_evidence(folder, force);
  if (auto* refused = std::get_if<dlcheck::InitRefused>(&result)) {
    std::cerr << "dlcheck: error: " << dlcheck::printable(refused->message) << '\n';
    return kUsageError;
  }
  const auto& done = std::get<dlcheck::InitDone>(result);
  if (!done.backup.empty()) std::cout << "kept the previous file as " << dlcheck::printable(done.backup) << '\n';
  std::cout << "wrote " << dlcheck::printable(done.written) << ": replace every \"<fill in: …>\", then run: dlcheck "
            << dlcheck::printable(done.written) << '\n';
  return 0;
}

std::string describe(const dlcheck::ConfigError& error) {
  return fmt::format("{}:{}:{}: {}", dlcheck::printable(error.path), error.position.line, error.position.column,
                     dlcheck::printable(error.message));
}

// Command-line values of the thresholds; each applies only when given, so it wins over the config.
struct ThresholdOptions {
  std::size_t min_log_points = 0;
  double min_loss_decrease = 0, overfit_rise = 0, metric_tolerance = 0;
  std::size_t overfit_patience = 0;
  std::vector<std::pair<CLI::Option*, std::function<void(dlcheck::Thresholds&)>>> given;
};

void add_threshold_options(CLI::App& app, ThresholdOptions& t) {
  const dlcheck::Thresholds defaults;
  const auto* group = "Thresholds (override .dlcheck.json; defaults in docs/artifacts.md)";
  // Each option takes the range its config key takes, checked by the same function.
  const auto add = [&](std::string_view key_name, auto& value, auto default_value, const char* help,
                       std::function<void(dlcheck::Thresholds&)> apply) {
    const dlcheck::ThresholdKey& key = *dlcheck::find_threshold(key_name);
    value = default_value;
    const CLI::Validator valid(
        [&key](std::string& text) {
          std::string error;
          return dlcheck::parse_threshold(key, text, error) ? std::string() : error;
        },
        "");
    CLI::Option* option =
        app.add_option(dlcheck::option_name(key.name), value, help)->capture_default_str()->group(group)->check(valid);
    t.given.emplace_back(option, std::move(apply));
  };
  add("min_log_points", t.min_log_points, defaults.log.min_points, "fewest training-loss points to judge a curve",
      [&t](dlcheck::Thresholds& x) { x.log.min_points = t.min_log_points; });
  add("min_loss_decrease", t.min_loss_decrease, defaults.log.min_relative_decrease,
      "relative decrease of the training loss from its first value to its best",
      [&t](dlcheck::Thresholds& x) { x.log.min_relative_decrease = t.min_loss_decrease; });
  add("overfit_rise", t.overfit_rise, defaults.log.overfit_min_rise,
      "relative rise of the final validation loss above its minimum that counts as overfitting",
      [&t](dlcheck::Thresholds& x) { x.log.overfit_min_rise = t.overfit_rise; });
  add("overfit_patience", t.overfit_patience, defaults.log.overfit_min_points_after_best,
      "points the validation minimum must lie before the end",
      [&t](dlcheck::Thresholds& x) { x.log.overfit_min_points_after_best = t.overfit_patience; });
  add("metric_tolerance", t.metric_tolerance, defaults.metric_tolerance,
      "allowed difference between current.value and the metric recomputed from the predictions, on top of the "
      "rounding of the claimed value",
      [&t](dlcheck::Thresholds& x) { x.metric_tolerance = t.metric_tolerance; });
}

// Command-line values of the limits on untrusted input, parsed as the config parses them.
struct LimitOptions {
  std::vector<std::string> values;  // by index into dlcheck::limit_keys()
  std::vector<CLI::Option*> options;
};

void add_limit_options(CLI::App& app, LimitOptions& limits) {
  const dlcheck::CheckOptions defaults;
  const auto keys = dlcheck::limit_keys();
  limits.values.resize(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const dlcheck::LimitKey& key = keys[i];
    const std::uint64_t value = key.get(defaults);
    const std::string shown = key.byte_size ? dlcheck::format_byte_size(value) : std::to_string(value);
    const CLI::Validator valid(
        [&key](std::string& text) {
          std::string error;
          return dlcheck::parse_limit(key, text, error) ? std::string() : error;
        },
        "");
    const std::string ceiling = key.byte_size ? dlcheck::format_byte_size(key.high) : std::to_string(key.high);
    const std::string help = fmt::format("{} (at most {}{})", key.description, ceiling,
                                         key.byte_size ? "; K, M and G are KiB, MiB and GiB" : "");
    limits.options.push_back(app.add_option(dlcheck::option_name(key.name), limits.values[i], help)
                                 ->type_name(key.byte_size ? "BYTES" : "N")
                                 ->default_str(shown)
                                 ->check(valid)
                                 ->group("Limits on untrusted input (override .dlcheck.json; see the README)"));
  }
}

struct Arguments {
  std::vector<std::string> paths;
  std::string profile = "roadmap";
  std::string format = "text";
  std::string color = "auto";
  std::string output;
  std::string summary;
  std::string config;
  std::string root;
  std::string name_glob = "evidence.json";
  std::string fail_on = "error";
  std::size_t jobs = 0;
  bool isolated = false;
  bool exit_zero = false;
  ThresholdOptions thresholds;
  LimitOptions limits;
  CLI::Option* profile_option = nullptr;
  CLI::Option* summary_option = nullptr;
};

// The options of one file: defaults, then its rubric config, then the command line.
class OptionsResolver {
 public:
  explicit OptionsResolver(const Arguments& args) : args_(args) {}

  std::optional<std::string> prepare(const std::vector<std::string>& files) {
    // A config is read under the command line's --max-file-size: it cannot raise its own limit.
    dlcheck::CheckOptions command_line;
    apply_limits(command_line);
    const std::uint64_t max_size = command_line.max_file_size;
    if (!args_.config.empty()) {
      auto loaded = dlcheck::load_config(args_.config, max_size);
      if (auto* error = std::get_if<dlcheck::ConfigError>(&loaded)) return describe(*error);
      explicit_config_ = std::get<dlcheck::Config>(std::move(loaded));
      return std::nullopt;
    }
    if (args_.isolated) return std::nullopt;
    for (const auto& file : files) {
      const auto found = dlcheck::discover_config(file);
      if (!found || configs_.contains(found->string())) continue;
      auto loaded = dlcheck::load_config(*found, max_size);
      if (auto* error = std::get_if<dlcheck::ConfigError>(&loaded)) return describe(*error);
      configs_.emplace(found->string(), std::get<dlcheck::Config>(std::move(loaded)));
    }
    return std::nullopt;
  }

  dlcheck::CheckOptions options_for(const std::string& file) const {
    dlcheck::CheckOptions options;
    if (const dlcheck::Config* config = config_for(file)) dlcheck::apply_config(*config, options);
    if (args_.profile_option->count() > 0 || !config_for(file) || !config_for(file)->profile) {
      options.profile = args_.profile == "record" ? dlcheck::Profile::record : dlcheck::Profile::roadmap;
    }
    for (const auto& [option, apply] : args_.thresholds.given) {
      if (option->count() > 0) apply(options.thresholds);
    }
    apply_limits(options);
    options.fail_on = args_.fail_on == "warning" ? dlcheck::Severity::warning : dlcheck::Severity::error;
    if (!args_.root.empty()) options.project_root = args_.root;
    return options;
  }

 private:
  void apply_limits(dlcheck::CheckOptions& options) const {
    const auto keys = dlcheck::limit_keys();
    for (std::size_t i = 0; i < keys.size(); ++i) {
      std::string error;
      if (args_.limits.options[i]->count() > 0)
        keys[i].set(options, *dlcheck::parse_limit(keys[i], args_.limits.values[i], error));
    }
  }

  const dlcheck::Config* config_for(const std::string& file) const {
    if (explicit_config_) return &*explicit_config_;
    if (args_.isolated) return nullptr;
    const auto found = dlcheck::discover_config(file);
    if (!found) return nullptr;
    const auto it = configs_.find(found->string());
    return it == configs_.end() ? nullptr : &it->second;
  }

  const Arguments& args_;
  std::optional<dlcheck::Config> explicit_config_;
  std::map<std::string, dlcheck::Config> configs_;
};

std::optional<std::string> write_summary(const Arguments& args, const dlcheck::Report& report) {
  if (args.summary_option->count() == 0) return std::nullopt;
  std::ostringstream markdown;
  dlcheck::write_markdown(report, markdown, {});
  if (!args.summary.empty()) return dlcheck::write_file_atomically(args.summary, markdown.str());
  const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (step_summary == nullptr || *step_summary == '\0') {
    std::cerr << "dlcheck: note: --summary without a file writes nothing: $GITHUB_STEP_SUMMARY is not set\n";
    return std::nullopt;
  }
  return dlcheck::append_to_file(step_summary, markdown.str());
}

int check(const Arguments& args) {
  if (!args.root.empty() && !std::filesystem::is_directory(args.root)) {
    return usage_error(fmt::format("--root {} is not a folder", dlcheck::printable(args.root)));
  }
  const std::vector<std::string> files = dlcheck::collect_evidence_files(args.paths, args.name_glob, args.jobs);
  if (files.empty()) return usage_error(fmt::format("no file named {} found", dlcheck::printable(args.name_glob)));
  OptionsResolver resolver(args);
  if (auto error = resolver.prepare(files)) return usage_error(*error);

  static const std::map<std::string, dlcheck::ColorMode> kColorModes = {{"auto", dlcheck::ColorMode::auto_detect},
                                                                        {"always", dlcheck::ColorMode::always},
                                                                        {"never", dlcheck::ColorMode::never}};
  dlcheck::OutputOptions output;
  const bool to_terminal = args.output.empty() && ::isatty(STDOUT_FILENO) == 1;
  output.color =
      dlcheck::use_color(kColorModes.at(args.color), std::getenv("NO_COLOR"), std::getenv("FORCE_COLOR"), to_terminal);
  if (!args.output.empty()) output.color = args.color == "always";
  const dlcheck::Formatter* formatter = dlcheck::find_formatter(args.format);

  // Each file is rendered on the thread that checked it, so that output keeps up with -j.
  std::vector<std::string> rendered(formatter->render_file ? files.size() : 0);
  const auto render = [&](std::size_t index, const dlcheck::FileReport& file) {
    rendered[index] = formatter->render_file(file, output);
  };
  dlcheck::Report report;
  report.rules = dlcheck::rule_table();
  report.profile = args.profile == "record" ? dlcheck::Profile::record : dlcheck::Profile::roadmap;
  const auto options_for = [&](const std::string& file) {
    dlcheck::CheckOptions options = resolver.options_for(file);
    options.keep_document = formatter->reads_record;
    return options;
  };
  report.files = dlcheck::check_files(
      files, options_for, args.jobs,
      formatter->render_file ? render : std::function<void(std::size_t, const dlcheck::FileReport&)>{});
  output.rendered_files = rendered;
  if (args.output.empty()) {
    formatter->write(report, std::cout, output);
    std::cout.flush();
  } else {
    std::ostringstream rendered;
    formatter->write(report, rendered, output);
    if (auto error = dlcheck::write_file_atomically(args.output, rendered.str())) return usage_error(*error);
  }
  if (auto error = write_summary(args, report)) return usage_error(*error);

  const int code = dlcheck::exit_code(report);
  return code == 1 && args.exit_zero ? 0 : code;
}

int real_main(int argc, char** argv) {
  CLI::App app{"dlcheck: checks a deep-learning project's evidence record against the roadmap checklist", "dlcheck"};
  app.set_version_flag("--version", std::string("dlcheck ") + DLCHECK_VERSION);
  app.footer(kExamples);

  Arguments args;
  app.add_option("paths", args.paths,
                 "evidence files, or folders searched for them; name a file called like a subcommand as ./rules");
  args.profile_option = app.add_option("--profile", args.profile,
                                       "checklist: roadmap (everything, default) or record (the minimal habit)")
                            ->check(CLI::IsMember({"roadmap", "record"}));
  std::vector<std::string> format_names;
  for (const auto& formatter : dlcheck::all_formatters()) format_names.emplace_back(formatter.name);
  app.add_option("--format", args.format, "output format: " + CLI::detail::join(format_names, ", "))
      ->check(CLI::IsMember(format_names));
  app.add_option("-o,--output", args.output, "write the report to FILE (atomically) instead of stdout");
  args.summary_option = app.add_option("--summary", args.summary,
                                       "also write a Markdown summary to FILE; with no FILE, append it to "
                                       "$GITHUB_STEP_SUMMARY when that is set")
                            ->expected(0, 1);
  app.add_option("--color", args.color, "colour in the text report: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--config", args.config, "use this rubric config instead of discovering .dlcheck.json");
  app.add_flag("--isolated", args.isolated, "ignore every .dlcheck.json");
  app.add_option("--fail-on", args.fail_on, "the least severe finding that fails a file: error (default) or warning")
      ->check(CLI::IsMember({"error", "warning"}));
  app.add_flag("--exit-zero", args.exit_zero, "exit 0 even when checklist items fail (still 2 for bad usage or input)");
  app.add_option("-j,--jobs", args.jobs, "files checked in parallel (default: all cores)")->check(CLI::Range(0, 1024));
  app.add_option("--name", args.name_glob, "file name pattern searched for in folders")->capture_default_str();
  app.add_option("--root", args.root,
                 "project root: files the record names must lie inside it (default: the nearest folder above "
                 "the evidence file holding .git, else the evidence file's folder)");
  add_threshold_options(app, args.thresholds);
  add_limit_options(app, args.limits);

  CLI::App* rules_command = app.add_subcommand("rules", "list every rule: id, default severity, profiles, summary");
  std::string rules_format = "text";
  rules_command->add_option("--format", rules_format, "text, or markdown (the source of docs/rules.md)")
      ->check(CLI::IsMember({"text", "markdown"}));
  CLI::App* explain_command = app.add_subcommand("explain", "print a rule's documentation");
  std::string rule_id;
  explain_command->add_option("rule", rule_id, "the rule id, e.g. metric-range")->required();
  CLI::App* init_command = app.add_subcommand("init", "write an evidence.json template with every roadmap field");
  std::string init_folder = ".";
  bool init_force = false;
  init_command->add_option("folder", init_folder, "where to write evidence.json")->capture_default_str();
  init_command->add_flag("--force", init_force, "replace an existing evidence.json, keeping a .bak copy first");
  CLI::App* schema_command = app.add_subcommand("schema", "print a JSON Schema (draft 2020-12) of the evidence format");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);
    return usage_error(error.what());
  }

  if (rules_command->parsed()) {
    if (rules_format == "markdown")
      dlcheck::write_rules_markdown(std::cout);
    else
      dlcheck::write_rule_list(std::cout);
    return 0;
  }
  if (explain_command->parsed()) return explain(rule_id);
  if (schema_command->parsed()) {
    std::cout << dlcheck::evidence_schema();
    return 0;
  }
  if (init_command->parsed()) return init(init_folder, init_force);
  if (args.paths.empty()) return usage_error("no evidence file given");
  return check(args);
}

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // glibc hands freed memory back to the kernel as soon as 128 KiB are free at the top of a heap,
  // and each file's check frees about that much: a batch of a thousand files then spent a tenth
  // of its time growing and trimming heaps (mprotect, brk) and faulting the same pages in again.
  // dlcheck is a short-lived process, so it keeps what it has freed.
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
  ::mallopt(M_TOP_PAD, 4 << 20);
#endif
  try {
    return real_main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "dlcheck: internal error: " << error.what() << '\n';
    return kUsageError;
  }
}
