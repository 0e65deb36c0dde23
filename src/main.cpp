// The command line: argument parsing and wiring only. All checking lives in dlcheck_core.

#include <unistd.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "engine/batch.hpp"
#include "engine/checker.hpp"
#include "engine/config.hpp"
#include "engine/init.hpp"
#include "engine/options.hpp"
#include "format/formatter.hpp"
#include "io/atomic_write.hpp"
#include "io/file_search.hpp"
#include "metrics/metric_docs.hpp"
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
  dlcheck --format github --also sarif=dlcheck.sarif --also classroom=grade.json .
                                            annotations, a SARIF file and a Classroom grade from one check
  dlcheck --format concise evidence.json    one line per finding
  dlcheck init my-project                   write an evidence.json template to fill in
  dlcheck schema > evidence.schema.json     a JSON Schema of the format, for editors
  dlcheck rules                             list every rule
  dlcheck explain metric-range              what a rule checks and how to fix it

Exit codes: 0 every file passes, 1 a checklist item fails, 2 bad usage or unreadable input.)";

// Where an installed user finds the docs: the man page, the copy `cmake --install` and the .deb
// put beside it, and the repository.
std::string help_footer() {
  return fmt::format(
      "{}\nDocumentation: man dlcheck, dlcheck explain RULE, and the guides evidence-format.md, rules.md,\n"
      "metrics.md, artifacts.md, ci.md and untrusted-input.md, installed in\n{}, and at {}/tree/main/docs",
      kExamples, DLCHECK_DOC_DIR, DLCHECK_REPOSITORY_URL);
}

int usage_error(const std::string& message) {
  std::cerr << "dlcheck: error: " << message << "\nRun 'dlcheck --help' for usage.\n";
  return kUsageError;
}

int explain(const std::string& rule_id) {
  if (rule_id.empty()) {
    std::cerr << "dlcheck: error: explain needs a rule id, e.g. dlcheck explain metric-range; the rules are:\n";
    dlcheck::write_rule_list(std::cerr);
    return kUsageError;
  }
  if (const dlcheck::Rule* rule = dlcheck::find_rule(rule_id)) {
    dlcheck::write_rule_explanation(rule->info, std::cout);
    return 0;
  }
  std::vector<std::string_view> ids;
  for (const auto& rule : dlcheck::all_rules()) ids.push_back(rule.info.id);
  std::cerr << fmt::format("dlcheck: error: unknown rule \"{}\"{}\nRun 'dlcheck rules' for the list.\n",
                           dlcheck::printable(rule_id), dlcheck::did_you_mean_closest(rule_id, ids));
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

// Every subcommand and long option name (with its dashes), the candidates of "did you mean".
std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
    names.push_back(command->get_name());
  }
  return names;
}

std::vector<std::string> long_option_names(CLI::App& app) {
  std::vector<std::string> names;
  std::vector<CLI::App*> apps = app.get_subcommands([](CLI::App*) { return true; });
  apps.push_back(&app);
  for (const CLI::App* command : apps) {
    for (const CLI::Option* option : command->get_options()) {
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
    }
  }
  return names;
}

std::string did_you_mean_closest(std::string_view word, const std::vector<std::string>& names) {
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  return dlcheck::did_you_mean_closest(word, candidates);
}

// CLI11 names an unexpected argument without a suggestion: the first unknown long option in the
// command line gets one.
std::string unknown_option_message(CLI::App& app, int argc, char** argv) {
  const std::vector<std::string> names = long_option_names(app);
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (!arg.starts_with("--")) continue;
    const std::string_view name = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    return fmt::format("unknown option \"{}\"{}", dlcheck::printable(name), did_you_mean_closest(name, names));
  }
  return {};
}

// `dlcheck rule` checks a file named "rule": when no such file is there and the word is close
// to a command's name, it was the command that was meant.
std::string mistyped_command_message(CLI::App& app, const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::error_code error;
  if (std::filesystem::exists(std::filesystem::symlink_status(paths.front(), error))) return {};
  const std::string suggestion = did_you_mean_closest(paths.front(), command_names(app));
  if (suggestion.empty()) return {};
  return fmt::format("\"{}\" is neither a file nor a command{}", dlcheck::printable(paths.front()), suggestion);
}

// The threshold and limit options, one per key of the config's tables, in table order. Each
// value is checked against its key's range first; a count is then bound to a whole number, so
// "3.0" stays refused as before.
struct KeyOptions {
  std::vector<double> numbers;      // by index into dlcheck::threshold_keys()
  std::vector<std::size_t> counts;  // the same, for Kind::count keys
  std::vector<std::string> limits;  // by index into dlcheck::limit_keys()
  std::vector<CLI::Option*> threshold_options, limit_options;
};

void add_threshold_options(CLI::App& app, KeyOptions& given) {
  const dlcheck::Thresholds defaults;
  const auto keys = dlcheck::threshold_keys();
  given.numbers.resize(keys.size());
  given.counts.resize(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const dlcheck::ThresholdKey& key = keys[i];
    const CLI::Validator valid(
        [&key](std::string& text) {
          std::string error;
          return dlcheck::parse_threshold(key, text, error) ? std::string() : error;
        },
        "");
    const std::string name = dlcheck::option_name(key.name);
    const std::string help(key.description);
    CLI::Option* option = nullptr;
    if (key.kind == dlcheck::ThresholdKey::Kind::count) {
      given.counts[i] = static_cast<std::size_t>(key.get(defaults));
      option = app.add_option(name, given.counts[i], help);
    } else {
      given.numbers[i] = key.get(defaults);
      option = app.add_option(name, given.numbers[i], help);
    }
    option->capture_default_str()->group("Thresholds (override .dlcheck.json; defaults in docs/artifacts.md)");
    given.threshold_options.push_back(option->check(valid));
  }
}

void add_limit_options(CLI::App& app, KeyOptions& given) {
  const dlcheck::CheckOptions defaults;
  const auto keys = dlcheck::limit_keys();
  given.limits.resize(keys.size());
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
    given.limit_options.push_back(app.add_option(dlcheck::option_name(key.name), given.limits[i], help)
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
  std::vector<std::string> also;  // FORMAT=FILE
  std::string summary;
  std::string config;
  std::string root;
  std::string name_glob = "evidence.json";
  std::string fail_on = "error";
  std::size_t jobs = 0;
  bool isolated = false;
  bool trust_local_configs = false;
  bool exit_zero = false;
  bool follow_symlinks = false;
  bool root_per_folder = false;
  KeyOptions keys;
  CLI::Option* profile_option = nullptr;
  CLI::Option* summary_option = nullptr;
};

dlcheck::Profile profile_named(const std::string& name) {
  return name == "record" ? dlcheck::Profile::record : dlcheck::Profile::roadmap;
}

// What the command line says about the options of every file; the validators have already
// checked each value, so parsing it again cannot fail.
dlcheck::CommandLineOptions command_line_options(const Arguments& args) {
  dlcheck::CommandLineOptions given;
  if (args.profile_option->count() > 0) given.profile = profile_named(args.profile);
  const auto thresholds = dlcheck::threshold_keys();
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    if (args.keys.threshold_options[i]->count() == 0) continue;
    const bool count = thresholds[i].kind == dlcheck::ThresholdKey::Kind::count;
    given.thresholds.emplace_back(&thresholds[i],
                                  count ? static_cast<double>(args.keys.counts[i]) : args.keys.numbers[i]);
  }
  const auto limits = dlcheck::limit_keys();
  for (std::size_t i = 0; i < limits.size(); ++i) {
    std::string error;
    if (args.keys.limit_options[i]->count() > 0)
      given.limits.emplace_back(&limits[i], *dlcheck::parse_limit(limits[i], args.keys.limits[i], error));
  }
  if (!args.config.empty()) given.config = args.config;
  given.isolated = args.isolated;
  given.trust_local_configs = args.trust_local_configs;
  if (!args.root.empty()) given.root = args.root;
  given.fail_on = args.fail_on == "warning" ? dlcheck::Severity::warning : dlcheck::Severity::error;
  return given;
}

std::optional<std::string> write_summary(const Arguments& args, const std::string& markdown) {
  if (args.summary_option->count() == 0) return std::nullopt;
  if (!args.summary.empty()) return dlcheck::write_file_atomically(args.summary, markdown);
  const char* step_summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (step_summary == nullptr || *step_summary == '\0') {
    std::cerr << "dlcheck: note: --summary without a file writes nothing: $GITHUB_STEP_SUMMARY is not set\n";
    return std::nullopt;
  }
  return dlcheck::append_to_file(step_summary, markdown);
}

struct Anchor {
  std::filesystem::path folder;
  bool named = false;  ///< the folder itself was named, not a file in it
};

// The folder named on the command line that `file` was found in, or the folder of a file named
// itself: what the user named is trusted, and nothing below it is reached through a symlink.
Anchor anchor_of(const std::string& file, const std::vector<std::string>& named) {
  for (const std::string& path : named) {
    if (path == file) break;
    const std::string folder = std::filesystem::path(path).lexically_normal().string();
    if (folder == ".") {
      if (!file.starts_with('/')) return {".", true};
    } else if (file.starts_with(folder) &&
               (folder.ends_with('/') || (file.size() > folder.size() && file[folder.size()] == '/'))) {
      return {folder, true};
    }
  }
  const std::filesystem::path parent = std::filesystem::path(file).parent_path();
  return {parent.empty() ? std::filesystem::path(".") : parent, false};
}

/// One --also FORMAT=FILE: another format of the same check, written to FILE.
struct ExtraOutput {
  const dlcheck::Formatter* formatter = nullptr;
  std::string file;
  std::ostringstream text;
  std::unique_ptr<dlcheck::ReportWriter> writer;
};

// Parses each --also value; an unknown format, a missing file or a file named twice is a usage error.
std::variant<std::vector<std::unique_ptr<ExtraOutput>>, std::string> extra_outputs(const Arguments& args) {
  std::vector<std::unique_ptr<ExtraOutput>> outputs;
  std::set<std::string> files;
  if (!args.output.empty()) files.insert(args.output);
  for (const std::string& value : args.also) {
    const std::size_t equals = value.find('=');
    const std::string name = value.substr(0, equals);
    const dlcheck::Formatter* formatter = dlcheck::find_formatter(name);
    if (equals == std::string::npos || equals + 1 == value.size()) {
      return fmt::format("--also {}: expected FORMAT=FILE, e.g. --also sarif=dlcheck.sarif", dlcheck::printable(value));
    }
    if (formatter == nullptr) {
      std::vector<std::string_view> names;
      for (const auto& known : dlcheck::all_formatters()) names.push_back(known.name);
      const std::string suggestion = dlcheck::did_you_mean_closest(name, names);
      return fmt::format("--also {}: unknown format \"{}\"{}", dlcheck::printable(value), dlcheck::printable(name),
                         suggestion.empty() ? fmt::format(" (formats: {})", fmt::join(names, ", ")) : suggestion);
    }
    auto output = std::make_unique<ExtraOutput>();
    output->formatter = formatter;
    output->file = value.substr(equals + 1);
    if (!files.insert(output->file).second) {
      return fmt::format("--also {}: {} is written twice", dlcheck::printable(value), dlcheck::printable(output->file));
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

int check(const Arguments& args) {
  if (!args.root.empty() && !std::filesystem::is_directory(args.root)) {
    return usage_error(fmt::format("--root {} is not a folder", dlcheck::printable(args.root)));
  }
  auto parsed_extras = extra_outputs(args);
  if (auto* error = std::get_if<std::string>(&parsed_extras)) return usage_error(*error);
  auto& extras = std::get<std::vector<std::unique_ptr<ExtraOutput>>>(parsed_extras);
  // Never empty: a folder with nothing found is kept, to be reported as missing-evidence.
  const std::vector<std::string> files = dlcheck::collect_evidence_files(args.paths, args.name_glob, args.jobs);
  dlcheck::OptionsResolver resolver(command_line_options(args));
  // Only --config stops the run; a config found for a file makes that file an error row.
  if (auto error = resolver.load_configs(files)) return usage_error(dlcheck::describe(*error));

  static const std::map<std::string, dlcheck::ColorMode> kColorModes = {{"auto", dlcheck::ColorMode::auto_detect},
                                                                        {"always", dlcheck::ColorMode::always},
                                                                        {"never", dlcheck::ColorMode::never}};
  dlcheck::OutputOptions output;
  const bool to_terminal = args.output.empty() && ::isatty(STDOUT_FILENO) == 1;
  output.color =
      dlcheck::use_color(kColorModes.at(args.color), std::getenv("NO_COLOR"), std::getenv("FORCE_COLOR"), to_terminal);
  if (!args.output.empty()) output.color = args.color == "always";
  const dlcheck::Formatter* formatter = dlcheck::find_formatter(args.format);

  // The report streams to stdout as files are checked, or is kept to be written atomically.
  std::ostringstream to_file, summary;
  const auto writer = formatter->make(args.output.empty() ? std::cout : to_file, output);
  std::vector<dlcheck::ReportWriter*> writers = {writer.get()};
  // Each --also format receives the same files from the same check, into its own buffer.
  for (auto& extra : extras) {
    extra->writer = extra->formatter->make(extra->text, {.color = args.color == "always"});
    writers.push_back(extra->writer.get());
  }
  std::unique_ptr<dlcheck::ReportWriter> summary_writer;
  if (args.summary_option->count() > 0) {
    summary_writer = dlcheck::make_markdown_writer(summary, {});
    writers.push_back(summary_writer.get());
  }
  const dlcheck::Profile profile = profile_named(args.profile);
  // --follow-symlinks covers the files named here, never a link a search found in a student's folder.
  const std::set<std::string, std::less<>> named(args.paths.begin(), args.paths.end());
  // CI formats name files relative to the repository, whatever the working folder.
  const char* workspace = std::getenv("GITHUB_WORKSPACE");
  const auto options_for = [&](const std::string& file) {
    dlcheck::CheckOptions options = resolver.options_for(file);
    if (workspace != nullptr && *workspace != '\0') options.repository_root = workspace;
    options.find_repository_root = true;
    options.follow_symlinks = args.follow_symlinks && named.contains(file);
    options.evidence_name = args.name_glob;
    const Anchor anchor = anchor_of(file, args.paths);
    options.anchor = anchor.folder;
    if (args.root_per_folder && anchor.named) options.project_root = anchor.folder;
    return options;
  };
  const dlcheck::ReportFooter footer = dlcheck::check_files(files, options_for, args.jobs, profile, writers);
  if (args.output.empty()) {
    std::cout.flush();
  } else if (auto error = dlcheck::write_file_atomically(args.output, to_file.str())) {
    return usage_error(*error);
  }
  for (const auto& extra : extras) {
    if (auto error = dlcheck::write_file_atomically(extra->file, extra->text.str())) return usage_error(*error);
  }
  if (auto error = write_summary(args, summary.str())) return usage_error(*error);

  const int code = footer.exit_code();
  return code == 1 && args.exit_zero ? 0 : code;
}

int real_main(int argc, char** argv) {
  CLI::App app{"dlcheck: checks a deep-learning project's evidence record against the roadmap checklist", "dlcheck"};
  app.set_version_flag("--version", std::string("dlcheck ") + DLCHECK_VERSION);
  app.footer(help_footer());

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
  app.add_option("--also", args.also,
                 "also write FORMAT to FILE (atomically) from the same check, e.g. --also sarif=dlcheck.sarif; "
                 "repeatable")
      ->type_name("FORMAT=FILE")
      ->allow_extra_args(false);  // one value per --also: the paths after it stay paths
  args.summary_option = app.add_option("--summary", args.summary,
                                       "also write a Markdown summary to FILE; with no FILE, append it to "
                                       "$GITHUB_STEP_SUMMARY when that is set")
                            ->expected(0, 1);
  app.add_option("--color", args.color, "colour in the text report: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--config", args.config, "use this rubric config instead of discovering .dlcheck.json");
  app.add_flag("--isolated", args.isolated, "ignore every .dlcheck.json");
  app.add_flag("--trust-local-configs", args.trust_local_configs,
               "apply the .dlcheck.json found above each file even when several files are checked (a class); "
               "without it they are only reported");
  app.add_option("--fail-on", args.fail_on, "the least severe finding that fails a file: error (default) or warning")
      ->check(CLI::IsMember({"error", "warning"}));
  app.add_flag("--exit-zero", args.exit_zero, "exit 0 even when checklist items fail (still 2 for bad usage or input)");
  app.add_option("-j,--jobs", args.jobs,
                 "threads: files checked in parallel, and the pieces of a large predictions file (default: one per "
                 "core; at most 4 per core)")
      ->check(CLI::Range(0, 1024));
  app.add_option("--name", args.name_glob, "file name pattern searched for in folders")->capture_default_str();
  app.add_flag("--follow-symlinks", args.follow_symlinks,
               "read an evidence file named here that is a symlink (a link found in a folder is never followed)");
  app.add_option("--root", args.root,
                 "project root: files the record names must lie inside it (default: the nearest folder above "
                 "the evidence file holding .git, else the evidence file's folder)");
  app.add_flag("--root-per-folder", args.root_per_folder,
               "each folder named here is the project root of the files below it (submissions unpacked inside "
               "a grader's repository)")
      ->excludes("--root");
  add_threshold_options(app, args.keys);
  add_limit_options(app, args.keys);

  CLI::App* rules_command = app.add_subcommand("rules", "list every rule: id, default severity, profiles, summary");
  std::string rules_format = "text";
  rules_command->add_option("--format", rules_format, "text, or markdown (the source of docs/rules.md)")
      ->check(CLI::IsMember({"text", "markdown"}));
  CLI::App* metrics_command =
      app.add_subcommand("metrics", "list every known metric: direction, range, target, whether it is recomputed");
  std::string metrics_format = "text";
  metrics_command->add_option("--format", metrics_format, "text, or markdown (the source of docs/metrics.md)")
      ->check(CLI::IsMember({"text", "markdown"}));
  CLI::App* explain_command = app.add_subcommand("explain", "print a rule's documentation");
  std::string rule_id;
  explain_command->add_option("rule", rule_id, "the rule id, e.g. metric-range; without one, the rules are listed");
  CLI::App* init_command = app.add_subcommand("init", "write an evidence.json template with every roadmap field");
  std::string init_folder = ".";
  bool init_force = false;
  init_command->add_option("folder", init_folder, "where to write evidence.json")->capture_default_str();
  init_command->add_flag("--force", init_force, "replace an existing evidence.json, keeping a .bak copy first");
  CLI::App* schema_command = app.add_subcommand("schema", "print a JSON Schema (draft 2020-12) of the evidence format");
  std::string schema_format = "json";
  schema_command->add_option("--format", schema_format, "json, or markdown (the field list of docs/evidence-format.md)")
      ->check(CLI::IsMember({"json", "markdown"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);
    if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
      if (const std::string message = unknown_option_message(app, argc, argv); !message.empty())
        return usage_error(message);
    }
    return usage_error(error.what());
  }

  if (rules_command->parsed()) {
    if (rules_format == "markdown")
      dlcheck::write_rules_markdown(std::cout);
    else
      dlcheck::write_rule_list(std::cout);
    return 0;
  }
  if (metrics_command->parsed()) {
    if (metrics_format == "markdown")
      dlcheck::write_metrics_markdown(std::cout);
    else
      dlcheck::write_metric_list(std::cout);
    return 0;
  }
  if (explain_command->parsed()) return explain(rule_id);
  if (schema_command->parsed()) {
    if (schema_format == "markdown")
      std::cout << dlcheck::evidence_fields_markdown();
    else
      std::cout << dlcheck::evidence_schema();
    return 0;
  }
  if (init_command->parsed()) return init(init_folder, init_force);
  if (args.paths.empty()) return usage_error("no evidence file given");
  if (const std::string message = mistyped_command_message(app, args.paths); !message.empty())
    return usage_error(message);
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
  // Setting M_TRIM_THRESHOLD also stops glibc from raising its mmap threshold as blocks are
  // freed, as it otherwise does up to 32 MiB: each pack's split lists and buffers (0.5 to 1 MiB
  // each) were then mapped, faulted in page by page and unmapped again, a sixth of a class's time.
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  try {
    return real_main(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << "dlcheck: internal error: " << error.what() << '\n';
    return kUsageError;
  }
}
