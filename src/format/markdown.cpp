// A Markdown summary for $GITHUB_STEP_SUMMARY: the overall verdict, a table of files, and the
// findings of every file that did not pass. Student text is escaped so it stays text in a table
// cell: it cannot end the cell or the row, format, link, or inject HTML.

#include <fmt/format.h>

#include <string>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// GitHub refuses a step summary over 1 MiB; rows stop here, leaving room for the note.
constexpr std::size_t kPageLimit = 900 * 1024;
// A quoted student value can be long; a cell shows at most this many characters of it.
constexpr std::size_t kCellCharacters = 1000;

std::string single_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

// Cuts printable (valid UTF-8) text after `limit` characters, marking the cut.
std::string shortened(std::string text, std::size_t limit) {
  std::size_t characters = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (characters++ == limit) return text.substr(0, i) + "…";
  }
  return text;
}

std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '`':
        out += "&#96;";
        break;
      case '|':
        out += "\\|";
        break;
      // Backslash-escaped so a student cannot add emphasis, strike-through, links or images.
      case '\\':
      case '*':
      case '_':
      case '[':
      case ']':
      case '~':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Untrusted text as the content of one table cell (or a heading).
std::string cell(std::string_view text) { return escaped(shortened(printable(single_line(text)), kCellCharacters)); }

std::string plural(int count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

std::string_view verdict_mark(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "✅ pass";
    case Verdict::fail:
      return "❌ fail";
    case Verdict::error:
      return "⚠️ error";
  }
  return "";
}

std::string score_text(const FileReport& file) {
  if (file.verdict == Verdict::error) return "n/a";
  return fmt::format("{}/{}", file.points_earned(), file.points_possible());
}

std::string improvement_text(const std::optional<double>& improvement) {
  if (!improvement) return "n/a";
  return *improvement > 0 ? "+" + format_rounded(*improvement) : format_rounded(*improvement);
}

std::string heading(const Report& report) {
  const bool passed = exit_code(report) == 0;
  return fmt::format(
      "## {} dlcheck: {}\n\n{} checked (profile {}): {} passed, {} failed, {} could not be read\n", passed ? "✅" : "❌",
      passed ? "pass" : "fail", plural(static_cast<int>(report.files.size()), "file"), report.profile,
      report.files_with(Verdict::pass), report.files_with(Verdict::fail), report.files_with(Verdict::error));
}

std::string file_row(const FileReport& file) {
  return fmt::format("| {} | {} | {} | {} | {} | {} |\n", cell(repo_relative_path(file.path)),
                     verdict_mark(file.verdict), score_text(file), improvement_text(file.record.improvement),
                     file.count(Severity::error), file.count(Severity::warning));
}

std::string finding_row(const FileReport& file, const Finding& finding) {
  return fmt::format("| {} | {} | {} | {} |\n", cell(location_text(primary_location(file, finding))), finding.severity,
                     cell(finding.rule), cell(finding.message));
}

std::string findings_heading(const FileReport& file) {
  return fmt::format("\n### {} {}\n\n| Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n",
                     file.verdict == Verdict::error ? "⚠️" : "❌", cell(repo_relative_path(file.path)));
}

// The page under construction, and what did not fit on it.
class Page {
 public:
  bool add(const std::string& text) {
    if (text_.size() + text.size() > kPageLimit) return false;
    text_ += text;
    return true;
  }
  void add_unlimited(std::string_view text) { text_ += text; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

struct LeftOut {
  int files = 0;
  std::size_t findings = 0;
};

void add_files_table(Page& page, const Report& report, LeftOut& left_out) {
  page.add_unlimited(
      "\n| File | Verdict | Score | Improvement | Errors | Warnings |\n"
      "| --- | --- | ---: | ---: | ---: | ---: |\n");
  for (const FileReport& file : report.files) {
    if (left_out.files > 0 || !page.add(file_row(file))) ++left_out.files;
  }
}

void add_findings(Page& page, const FileReport& file, LeftOut& left_out) {
  if (left_out.findings > 0 || !page.add(findings_heading(file))) {
    left_out.findings += file.findings.size();
    return;
  }
  for (std::size_t i = 0; i < file.findings.size(); ++i) {
    if (!page.add(finding_row(file, file.findings[i]))) {
      left_out.findings += file.findings.size() - i;
      return;
    }
  }
}

std::string left_out_note(const LeftOut& left_out) {
  std::vector<std::string> parts;
  if (left_out.files > 0) parts.push_back(plural(left_out.files, "file"));
  if (left_out.findings > 0) parts.push_back(plural(static_cast<int>(left_out.findings), "finding"));
  return fmt::format("\n> {} left out: a step summary must stay under 1 MiB; the log has them all\n",
                     fmt::join(parts, " and "));
}

}  // namespace

void write_markdown(const Report& report, std::ostream& out, const OutputOptions&) {
  Page page;
  page.add_unlimited(heading(report));
  LeftOut left_out;
  add_files_table(page, report, left_out);
  for (const FileReport& file : report.files) {
    if (file.verdict != Verdict::pass) add_findings(page, file, left_out);
  }
  if (left_out.files > 0 || left_out.findings > 0) page.add_unlimited(left_out_note(left_out));
  out << page.text();
}

}  // namespace dlcheck
