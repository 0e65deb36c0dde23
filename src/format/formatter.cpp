#include "format/formatter.hpp"

#include <algorithm>
#include <array>

namespace dlcheck {
namespace {

const std::array kFormatters = {
    Formatter{"text", "the checklist report for people (default)", write_text, render_text_file},
    Formatter{"json", "one JSON document for scripts", write_json, render_json_file},
    Formatter{"github", "GitHub Actions workflow commands (annotations)", write_github},
    Formatter{"markdown", "a Markdown summary (for $GITHUB_STEP_SUMMARY)", write_markdown},
    Formatter{"sarif", "SARIF 2.1.0 for code scanning", write_sarif},
    Formatter{"junit", "JUnit XML: one test case per checklist item", write_junit},
    Formatter{"csv", "one CSV row per evidence file", write_csv},
    Formatter{"html", "one self-contained HTML page", write_html, nullptr, true},
};

}  // namespace

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
