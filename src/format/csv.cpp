// One CSV row per evidence file, for spreadsheets and scripts that collect many students' results.
// Fields are quoted as RFC 4180 says; a student's cell can never run as a spreadsheet formula.

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// New columns go at the end, so that scripts reading columns by position keep working. The score
// was one "7/19" cell, which spreadsheets read as a date: its place holds the points earned.
constexpr std::string_view kHeader =
    "path,task,metric,baseline,current,improvement,verdict,errors,warnings,score_earned,profile,config,not_checked,"
    "score_possible,failed_rules";

bool is_finite_number(std::string_view cell) {
  double value = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  return error == std::errc() && end == cell.data() + cell.size() && std::isfinite(value);
}

// Spreadsheets run a cell starting with one of these as a formula; a leading ' makes it text.
// A number such as -0.03 is left alone: it is a value, not a formula.
std::string without_formula(std::string_view cell) {
  const bool risky = !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
  return risky && !is_finite_number(cell) ? fmt::format("'{}", cell) : std::string(cell);
}

std::string quoted(const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (const char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_field(std::string_view cell) { return quoted(without_formula(cell)); }

// Rounded as the text report rounds it: no binary noise such as -0.0299999999999999.
std::string number_cell(const std::optional<double>& value, int decimals) {
  return value ? format_rounded(*value, decimals) : "";
}

std::string text_cell(const std::optional<std::string>& text) { return text ? printable(*text) : ""; }

// The ids of the failed checklist items, then of the rules outside the checklist that found a
// problem (an input error's rule included), space-separated.
std::string failed_rules(const FileReport& file) {
  std::vector<std::string_view> ids;
  for (const ChecklistEntry& entry : file.checklist) {
    if (entry.status == ItemStatus::failed) ids.push_back(entry.rule->id);
  }
  for (const RuleInfo* rule : file.other_rules) {
    const bool problem = std::any_of(file.findings.begin(), file.findings.end(), [&](const Finding& finding) {
      return finding.rule == rule->id && finding.severity != Severity::info;
    });
    if (problem) ids.push_back(rule->id);
  }
  return fmt::format("{}", fmt::join(ids, " "));
}

std::vector<std::string> row_cells(const FileReport& file) {
  const MetricSummary* metric = file.metric ? &*file.metric : nullptr;
  return {
      printable(repo_relative_path(file.path)),
      text_cell(file.record.task),
      metric ? printable(metric->name) : "",
      number_cell(metric ? metric->baseline : std::nullopt, 6),
      number_cell(metric ? metric->current : std::nullopt, 6),
      number_cell(file.record.improvement, 3),
      std::string(format_as(file.verdict)),
      std::to_string(file.count(Severity::error)),
      std::to_string(file.count(Severity::warning)),
      // A file that could not be read scores 0 of the profile's points.
      std::to_string(file.points_earned()),
      std::string(format_as(file.profile)),
      file.config.empty() ? "" : printable(repo_relative_path(file.config)),
      // Items that could not be checked, or do not apply: counted in the possible points, never earned.
      file.verdict == Verdict::error
          ? ""
          : std::to_string(file.items_not_checked() + static_cast<int>(file.not_applicable.size())),
      std::to_string(file.points_possible()),
      failed_rules(file),
  };
}

std::string row(const FileReport& file) {
  std::vector<std::string> fields;
  for (const std::string& cell : row_cells(file)) fields.push_back(csv_field(cell));
  return fmt::format("{}\n", fmt::join(fields, ","));
}

// The header line first, then one row as each file comes.
class CsvWriter final : public ReportWriter {
 public:
  explicit CsvWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader&) override { out_ << kHeader << '\n'; }
  std::string render(const FileReport& file, std::size_t) const override { return row(file); }
  void file(const FileReport&, std::string rendered) override { out_ << rendered; }
  void end(const ReportFooter&) override {}

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_csv_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<CsvWriter>(out);
}

}  // namespace dlcheck
