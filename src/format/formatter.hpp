#pragma once
// Output formats. Each is a ReportWriter (report/report_writer.hpp) in its own file: it receives
// a header, each file in path order and a footer, reads only the report, and decides nothing
// itself. Streaming formats (text, concise, json, github, csv) write as the files come;
// whole-document formats (markdown, sarif, junit, gitlab, classroom, html), which open with totals
// or build one tree, collect in file() and write in end().
//
// Parallel rendering has one mechanism, ReportWriter::render(): a format whose output for a file
// depends on that file alone renders it there (text, concise, json, github, csv, html), and the batch
// runner calls it on the thread that checked the file; file() then only appends in path order.

#include <memory>
#include <ostream>
#include <span>
#include <string_view>

#include "report/report.hpp"
#include "report/report_writer.hpp"

namespace dlcheck {

struct OutputOptions {
  bool color = false;  ///< ANSI colours in the text format
};

/// A new writer of one format, writing to `out`, which must outlive it.
using WriterFactory = std::unique_ptr<ReportWriter> (*)(std::ostream& out, const OutputOptions& options);

struct Formatter {
  std::string_view name;
  std::string_view description;
  WriterFactory make;

  /// Writes a finished report in this format: make(), then write_report().
  void write(const Report& report, std::ostream& out, const OutputOptions& options) const;
};

/// Every output format, in the order --help lists them.
std::span<const Formatter> all_formatters();

/// The format with this name, or nullptr.
const Formatter* find_formatter(std::string_view name);

enum class ColorMode { auto_detect, always, never };

/// --color always/never win; with auto, a non-empty NO_COLOR disables colour, a non-empty
/// FORCE_COLOR forces it, and otherwise colour follows whether stdout is a terminal.
bool use_color(ColorMode mode, const char* no_color, const char* force_color, bool stdout_is_terminal);

std::unique_ptr<ReportWriter> make_text_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_json_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_github_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_markdown_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_sarif_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_junit_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_csv_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_html_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_concise_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_gitlab_writer(std::ostream& out, const OutputOptions& options);
std::unique_ptr<ReportWriter> make_classroom_writer(std::ostream& out, const OutputOptions& options);

}  // namespace dlcheck
