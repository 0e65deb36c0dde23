#include "report/report.hpp"

#include <algorithm>

namespace dlcheck {

std::string_view format_as(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return "pass";
    case Verdict::fail:
      return "fail";
    case Verdict::error:
      return "error";
  }
  return "error";
}

int FileReport::count(Severity severity) const {
  return omitted[static_cast<std::size_t>(severity)] +
         static_cast<int>(std::count_if(findings.begin(), findings.end(),
                                        [&](const Finding& finding) { return finding.severity == severity; }));
}

std::vector<const Finding*> FileReport::findings_of(std::string_view rule) const {
  std::vector<const Finding*> found;
  for (const auto& finding : findings) {
    if (finding.rule == rule) found.push_back(&finding);
  }
  return found;
}

std::string_view format_as(ItemStatus status) {
  switch (status) {
    case ItemStatus::passed:
      return "passed";
    case ItemStatus::failed:
      return "failed";
    case ItemStatus::not_checked:
      return "not_checked";
  }
  return "failed";
}

ItemStatus FileReport::item_status(std::string_view rule) const {
  const auto it = std::find_if(checklist.begin(), checklist.end(),
                               [&](const ChecklistEntry& entry) { return entry.rule->id == rule; });
  return it == checklist.end() ? ItemStatus::passed : it->status;
}

bool FileReport::item_passed(std::string_view rule) const { return item_status(rule) == ItemStatus::passed; }

int FileReport::items_not_checked() const {
  return static_cast<int>(std::count_if(checklist.begin(), checklist.end(), [](const ChecklistEntry& entry) {
    return entry.status == ItemStatus::not_checked;
  }));
}

int FileReport::points_earned() const {
  int points = 0;
  for (const auto& entry : checklist) points += entry.status == ItemStatus::passed ? entry.points : 0;
  const int possible = points_possible();
  if (verdict == Verdict::fail && possible > 0 && points >= possible) return possible - 1;
  return points;
}

int FileReport::points_possible() const {
  int points = 0;
  for (const auto& entry : checklist) points += entry.points;
  for (const auto& entry : not_applicable) points += entry.points;
  return std::max(points, points_total);
}

int Report::files_with(Verdict verdict) const {
  return static_cast<int>(
      std::count_if(files.begin(), files.end(), [&](const FileReport& file) { return file.verdict == verdict; }));
}

void ReportFooter::add(const FileReport& file) {
  ++files;
  switch (file.verdict) {
    case Verdict::pass:
      ++passed;
      break;
    case Verdict::fail:
      ++failed;
      break;
    case Verdict::error:
      ++errored;
      break;
  }
}

int ReportFooter::exit_code() const { return errored > 0 ? 2 : failed > 0 ? 1 : 0; }

ReportHeader header_of(const Report& report) { return {report.profile, report.rules, report.files.size()}; }

ReportFooter footer_of(const Report& report) {
  ReportFooter footer;
  for (const FileReport& file : report.files) footer.add(file);
  return footer;
}

int exit_code(const Report& report) { return footer_of(report).exit_code(); }

}  // namespace dlcheck
