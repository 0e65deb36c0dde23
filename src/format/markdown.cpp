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

// Not-checked items count in the possible points, never in the earned ones, and are said.
std::string score_text(const FileReport& file) {
  const int not_checked = file.items_not_checked() + static_cast<int>(file.not_applicable.size());
  return fmt::format("{}/{}{}", file.points_earned(), file.points_possible(),
                     not_checked > 0 ? fmt::format(" ({} not checked)", not_checked) : "");
}

std::string improvement_text(const std::optional<double>& improvement) {
  if (!improvement) return "n/a";
  return *improvement > 0 ? "+" + format_rounded(*improvement) : format_rounded(*improvement);
}

// `profiles` is "profile roadmap", or the count of each when the files' configs chose both.
std::string heading(const ReportFooter& footer, const std::string& profiles) {
  const bool passed = footer.exit_code() == 0;
  return fmt::format("## {} dlcheck: {}\n\n{} checked ({}): {} passed, {} failed, {} could not be read\n",
                     passed ? "✅" : "❌", passed ? "pass" : "fail", plural(static_cast<int>(footer.files), "file"),
                     profiles, footer.passed, footer.failed, footer.errored);
}

// A file's cells after its File and Rubric cells, each followed by its "|".
std::string file_row(const FileReport& file) {
  return fmt::format(" {} | {} | {} | {} | {} |\n", verdict_mark(file.verdict), score_text(file),
                     improvement_text(file.record.improvement), file.count(Severity::error),
                     file.count(Severity::warning));
}

// The hint follows the message on a line of its own: <br> is the one line break a table cell
// has, and cell() escapes every '<' of the student's text, so only this one is markup.
std::string finding_row(const FileReport& file, const Finding& finding) {
  const std::string hint = finding.hint.empty() ? "" : "<br>hint: " + cell(finding.hint);
  return fmt::format("| {} | {} | {} | {}{} |\n", cell(location_text(primary_location(file, finding))),
                     finding.severity, cell(finding.rule), cell(finding.message), hint);
}

// An item that could not be checked: a row of its own, marked so it never reads as a pass.
std::string not_checked_row(const FileReport& file, const ChecklistEntry& entry) {
  return fmt::format("| {} | ➖ not checked | {} | {} |\n", cell(repo_relative_path(file.path)), cell(entry.rule->id),
                     cell(entry.reason));
}

// `with_rubric`: the file's profile and config follow its path, as in the table's Rubric column.
std::string findings_heading(const FileReport& file, bool with_rubric) {
  // Said above the table when the record's own habit passes (the roadmap's record under the default profile).
  const std::string hint = file.only_roadmap_items_fail ? fmt::format("{}\n\n", kRecordProfileHint) : "";
  return fmt::format("\n### {} {}{}\n\n{}| Location | Severity | Rule | Message |\n| --- | --- | --- | --- |\n",
                     file.verdict == Verdict::error  ? "⚠️"
                     : file.verdict == Verdict::fail ? "❌"
                                                     : "➖",
                     cell(repo_relative_path(file.path)),
                     with_rubric ? fmt::format(" ({})", cell(rubric_text(file))) : "", hint);
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

// A file's findings, kept until the end, where they go on the page after the table of files.
struct FindingsSection {
  bool kept = true;  ///< false: too late to fit on the page, so only counted
  std::string heading;
  std::vector<std::string> rows;
  std::size_t findings = 0;
};

// A file's row, kept until the end: whether the table has a Rubric column depends on every file.
struct FileRow {
  std::string file;    ///< the File cell
  std::string rubric;  ///< the Rubric cell
  std::string rest;    ///< the cells after them, from file_row()
};

// The Rubric column appears when a file was checked under a config or a profile that differs
// from the others; without configs the table is as it always was.
void add_files_table(Page& page, const std::vector<FileRow>& rows, bool with_rubric, LeftOut& left_out) {
  page.add_unlimited(with_rubric ? "\n| File | Rubric | Verdict | Score | Improvement | Errors | Warnings |\n"
                                   "| --- | --- | --- | ---: | ---: | ---: | ---: |\n"
                                 : "\n| File | Verdict | Score | Improvement | Errors | Warnings |\n"
                                   "| --- | --- | ---: | ---: | ---: | ---: |\n");
  for (const FileRow& row : rows) {
    const std::string text = with_rubric ? fmt::format("| {} | {} |{}", row.file, row.rubric, row.rest)
                                         : fmt::format("| {} |{}", row.file, row.rest);
    if (left_out.files > 0 || !page.add(text)) ++left_out.files;
  }
}

void add_findings(Page& page, const FindingsSection& section, LeftOut& left_out) {
  if (left_out.findings > 0 || !section.kept || !page.add(section.heading)) {
    left_out.findings += section.findings;
    return;
  }
  for (std::size_t i = 0; i < section.rows.size(); ++i) {
    if (!page.add(section.rows[i])) {
      left_out.findings += section.rows.size() - i;
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

// Everything on the page depends on the totals at its top: rows are collected, the page is made at the end.
class MarkdownWriter final : public ReportWriter {
 public:
  explicit MarkdownWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader& header) override { profile_ = header.profile; }

  void file(const FileReport& file, std::string) override {
    file_rows_.push_back({cell(repo_relative_path(file.path)), cell(rubric_text(file)), file_row(file)});
    profiles_.add(file);
    any_config_ = any_config_ || !file.config.empty();
    const int not_checked = file.items_not_checked();
    if (file.verdict == Verdict::pass && not_checked == 0) return;
    FindingsSection section;
    section.findings = file.findings.size() + static_cast<std::size_t>(not_checked);
    // Findings beyond a page's worth can never be shown: they are only counted.
    section.kept = kept_bytes_ <= kPageLimit;
    if (section.kept) {
      // Headings are made as files come, before it is known whether the files differ: a
      // file says its rubric when it has a config, or a profile not asked for.
      section.heading = findings_heading(file, !file.config.empty() || file.profile != profile_);
      kept_bytes_ += section.heading.size();
      for (const Finding& finding : file.findings) {
        section.rows.push_back(finding_row(file, finding));
        kept_bytes_ += section.rows.back().size();
      }
      for (const ChecklistEntry& entry : file.checklist) {
        if (entry.status != ItemStatus::not_checked) continue;
        section.rows.push_back(not_checked_row(file, entry));
        kept_bytes_ += section.rows.back().size();
      }
    }
    sections_.push_back(std::move(section));
  }

  void end(const ReportFooter& footer) override {
    Page page;
    page.add_unlimited(heading(footer, profiles_.text(profile_)));
    LeftOut left_out;
    add_files_table(page, file_rows_, any_config_ || profiles_.mixed(), left_out);
    for (const FindingsSection& section : sections_) add_findings(page, section, left_out);
    if (left_out.files > 0 || left_out.findings > 0) page.add_unlimited(left_out_note(left_out));
    out_ << page.text();
  }

 private:
  std::ostream& out_;
  Profile profile_ = Profile::roadmap;
  ProfileTally profiles_;
  bool any_config_ = false;
  std::vector<FileRow> file_rows_;
  std::vector<FindingsSection> sections_;
  std::size_t kept_bytes_ = 0;  // of the findings sections kept so far
};

}  // namespace

std::unique_ptr<ReportWriter> make_markdown_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<MarkdownWriter>(out);
}

}  // namespace dlcheck
