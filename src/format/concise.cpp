// One line per finding, as compilers and ruff's concise mode print them:
//   path:line:col: severity[rule] message
// then one `note[rule] not checked: reason` line per item that could not be checked, and, for a
// file that passes, one line saying how many items passed. An item that could not be checked is
// never counted as passed.

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

struct Line {
  PrimaryLocation location;
  std::string text;
};

std::string finding_line(const PrimaryLocation& location, const Finding& finding) {
  return fmt::format("{}: {}[{}] {}\n", printable(location_text(location)), finding.severity, printable(finding.rule),
                     printable(finding.message));
}

// The closing line of a file that passes: "all N items passed", or how many items passed, failed
// (a warning that does not fail the file) and could not be checked, items that do not apply to
// the record included: as in the score, those are never passed.
std::string tally_line(const FileReport& file, const std::string& path) {
  const int total = static_cast<int>(file.checklist.size() + file.not_applicable.size());
  if (total == 0) return fmt::format("{}: no checklist items to check\n", path);
  int passed = 0, failed = 0;
  for (const ChecklistEntry& entry : file.checklist) {
    passed += entry.status == ItemStatus::passed ? 1 : 0;
    failed += entry.status == ItemStatus::failed ? 1 : 0;
  }
  if (passed == total) return fmt::format("{}: all {} items passed\n", path, total);
  std::string line = fmt::format("{}: {} items passed", path, passed);
  if (failed > 0) line += fmt::format(", {} failed", failed);
  if (total - passed - failed > 0) line += fmt::format(", {} not checked", total - passed - failed);
  return line + '\n';
}

std::string render_file(const FileReport& file) {
  std::vector<Line> lines;
  lines.reserve(file.findings.size());
  for (const Finding& finding : file.findings) {
    PrimaryLocation location = primary_location(file, finding);
    std::string text = finding_line(location, finding);
    lines.push_back({std::move(location), std::move(text)});
  }
  // Path, then position; findings at the same place keep the report's order.
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return std::tie(a.location.path, a.location.line, a.location.column) <
           std::tie(b.location.path, b.location.line, b.location.column);
  });
  std::string out;
  for (const Line& line : lines) out += line.text;

  const std::string path = printable(repo_relative_path(file.path));
  for (const ChecklistEntry& entry : file.checklist) {
    if (entry.status == ItemStatus::not_checked)
      out += fmt::format("{}: note[{}] not checked: {}\n", path, entry.rule->id, printable(entry.reason));
  }
  if (file.verdict == Verdict::pass) out += tally_line(file, path);
  return out;
}

class ConciseWriter final : public ReportWriter {
 public:
  explicit ConciseWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader&) override {}
  std::string render(const FileReport& file, std::size_t) const override { return render_file(file); }
  void file(const FileReport&, std::string rendered) override { out_ << rendered; }
  void end(const ReportFooter&) override {}

 private:
  std::ostream& out_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_concise_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<ConciseWriter>(out);
}

}  // namespace dlcheck
