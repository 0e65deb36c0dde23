#include "format/formatter.hpp"

#include <algorithm>
#include <array>

namespace dlcheck {
namespace {

const std::array kFormatters = {
    Formatter{"text", "the checklist report for people (default)", make_text_writer},
    Formatter{"concise", "one line per finding: path:line:col: severity[rule] message", make_concise_writer},
    Formatter{"json", "one JSON document for scripts", make_json_writer},
    Formatter{"github", "GitHub Actions workflow commands (annotations)", make_github_writer},
    Formatter{"markdown", "a Markdown summary (for $GITHUB_STEP_SUMMARY)", make_markdown_writer},
    Formatter{"sarif", "SARIF 2.1.0 for code scanning", make_sarif_writer},
    Formatter{"junit", "JUnit XML: one test case per checklist item", make_junit_writer},
    Formatter{"gitlab", "GitLab Code Quality JSON (artifacts: reports: codequality)", make_gitlab_writer},
    Formatter{"classroom", "GitHub Classroom grader result: one test per checklist item, scored",
              make_classroom_writer},
    Formatter{"csv", "one CSV row per evidence file", make_csv_writer},
    Formatter{"html", "one self-contained HTML page", make_html_writer},
};

}  // namespace

void Formatter::write(const Report& report, std::ostream& out, const OutputOptions& options) const {
  const std::unique_ptr<ReportWriter> writer = make(out, options);
  write_report(*writer, report);
}

bool use_color(ColorMode mode, const char* no_color, const char* force_color, bool stdout_is_terminal) {
  if (mode != ColorMode::auto_detect) return mode == ColorMode::always;
  if (no_color != nullptr && *no_color != '\0') return false;
  if (force_color != nullptr && *force_color != '\0') return true;
  return stdout_is_terminal;
}

std::span<const Formatter> all_formatters() { return kFormatters; }

const Formatter* find_formatter(std::string_view name) {
  const auto it = std::find_if(kFormatters.begin(), kFormatters.end(),
                               [&](const Formatter& formatter) { return formatter.name == name; });
  return it == kFormatters.end() ? nullptr : &*it;
}

}  // namespace dlcheck
