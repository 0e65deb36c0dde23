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

namespace {

constexpr int kUsageError = 2;

constexpr const char* kExamples = R"(
Examples:
  dlcheck evidence.json                     check against the full roadmap checklist
  dlcheck --profile record evidence.json    check only the roadmap's minimal evidence record
  dlcheck --format json a.json b.json       one JSON report for several files

Exit codes: 0 every file passes, 1 a checklist item fails, 2 bad usage or unreadable input.
Documentation: docs/evidence-format.md, docs/rules.md, docs/metrics.md)";

int real_main(int argc, char** argv) {
  CLI::App app{"dlcheck: checks a deep-learning project's evidence record against the roadmap checklist",
               "dlcheck"};
  app.set_version_flag("--version", std::string("dlcheck ") + DLCHECK_VERSION);
  app.footer(kExamples);

  std::vector<std::string> paths;
  std::string profile_name = "roadmap";
  std::string format_name = "text";
  std::string color_name = "auto";
  app.add_option("files", paths, "evidence files (JSON) to check")->required();
  app.add_option("--profile", profile_name, "checklist: roadmap (everything, default) or record (the minimal habit)")
      ->check(CLI::IsMember({"roadmap", "record"}));
  std::vector<std::string> format_names;
  for (const auto& formatter : dlcheck::all_formatters()) format_names.emplace_back(formatter.name);
  app.add_option("--format", format_name, "output format: " + CLI::detail::join(format_names, ", "))
      ->check(CLI::IsMember(format_names));
  app.add_option("--color", color_name, "colour in the text report: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error);
    std::cerr << "dlcheck: error: " << error.what() << "\nRun 'dlcheck --help' for usage.\n";
    return kUsageError;
  }

  dlcheck::CheckOptions options;
  options.profile = profile_name == "record" ? dlcheck::Profile::record : dlcheck::Profile::roadmap;
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
