#pragma once
// Output formats: each renders a finished Report to a stream and decides nothing itself.

#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "report/report.hpp"

namespace dlcheck {

struct OutputOptions {
  bool color = false;  ///< ANSI colours in the text format
  /// Each file's part of the report, made by the format's render_file on the threads that
  /// checked the files. Empty: `write` renders every file itself.
  std::span<const std::string> rendered_files;
};

using FormatFunction = void (*)(const Report& report, std::ostream& out, const OutputOptions& options);
using FileRenderFunction = std::string (*)(const FileReport& file, const OutputOptions& options);

struct Formatter {
  std::string_view name;
  std::string_view description;
  FormatFunction write;
  /// One file's part, for formats whose files render independently; null for the others.
  FileRenderFunction render_file = nullptr;
  /// Reads the parsed record again (FileReport::document), so checks must keep it.
  bool reads_record = false;
};

/// Every output format, in the order --help lists them.
std::span<const Formatter> all_formatters();

/// The format with this name, or nullptr.
const Formatter* find_formatter(std::string_view name);

enum class ColorMode { auto_detect, always, never };

/// --color always/never win; with auto, a non-empty NO_COLOR disables colour, a non-empty
/// FORCE_COLOR forces it, and otherwise colour follows whether stdout is a terminal.
bool use_color(ColorMode mode, const char* no_color, const char* force_color, bool stdout_is_terminal);

void write_text(const Report& report, std::ostream& out, const OutputOptions& options);
std::string render_text_file(const FileReport& file, const OutputOptions& options);
void write_json(const Report& report, std::ostream& out, const OutputOptions& options);
std::string render_json_file(const FileReport& file, const OutputOptions& options);
void write_github(const Report& report, std::ostream& out, const OutputOptions& options);
void write_markdown(const Report& report, std::ostream& out, const OutputOptions& options);
void write_sarif(const Report& report, std::ostream& out, const OutputOptions& options);
void write_junit(const Report& report, std::ostream& out, const OutputOptions& options);
void write_csv(const Report& report, std::ostream& out, const OutputOptions& options);
void write_html(const Report& report, std::ostream& out, const OutputOptions& options);

}  // namespace dlcheck
