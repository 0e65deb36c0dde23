// The machine-readable report. Scripts rely on these names: add fields, never rename them.

#include <nlohmann/json.hpp>

#include "dlcheck/formatter.hpp"

namespace dlcheck {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json optional_value(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json metric_json(const std::optional<MetricSummary>& metric) {
  if (!metric) return nullptr;
  return Json{
      {"name", metric->name},
      {"higher_is_better", optional_value(metric->higher_is_better)},
      {"unit", metric->unit.empty() ? Json(nullptr) : Json(metric->unit)},
      {"baseline", optional_value(metric->baseline)},
      {"current", optional_value(metric->current)},
      {"improvement", optional_value(metric->improvement)},
      {"relative_improvement", optional_value(metric->relative_improvement)},
  };
}

Json finding_json(const Finding& finding) {
  return Json{
      {"rule", finding.rule},
      {"severity", std::string(format_as(finding.severity))},
      {"message", finding.message},
      {"hint", finding.hint},
      {"pointer", finding.pointer},
      {"line", finding.position.line},
      {"column", finding.position.column},
  };
}

Json file_json(const FileReport& file) {
  Json findings = Json::array();
  for (const auto& finding : file.findings) findings.push_back(finding_json(finding));
  Json checklist = Json::array();
  for (const auto& entry : file.checklist) {
    checklist.push_back({{"rule", entry.rule->id},
                         {"section", section_title(entry.rule->section)},
                         {"passed", entry.passed},
                         {"points", entry.points}});
  }
  return Json{
      {"path", file.path},
      {"verdict", std::string(format_as(file.verdict))},
      {"task", optional_value(file.record.task)},
      {"metric", metric_json(file.metric)},
      {"failure_case_count", optional_value(file.record.failure_case_count)},
      {"next_step", optional_value(file.record.next_step)},
      {"score", {{"earned", file.points_earned()}, {"possible", file.points_possible()}}},
      {"counts",
       {{"errors", file.count(Severity::error)},
        {"warnings", file.count(Severity::warning)},
        {"infos", file.count(Severity::info)}}},
      {"checklist", checklist},
      {"findings", findings},
  };
}

}  // namespace

void write_json(const Report& report, std::ostream& out, const OutputOptions&) {
  Json files = Json::array();
  for (const auto& file : report.files) files.push_back(file_json(file));
  const Json document{
      {"tool", {{"name", "dlcheck"}, {"version", DLCHECK_VERSION}}},
      {"profile", std::string(format_as(report.profile))},
      {"files", files},
      {"summary",
       {{"files", report.files.size()},
        {"passed", report.files_with(Verdict::pass)},
        {"failed", report.files_with(Verdict::fail)},
        {"errored", report.files_with(Verdict::error)},
        {"exit_code", exit_code(report)}}},
  };
  // Paths come from the command line and may hold invalid UTF-8; never let dump() throw on them.
  out << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

}  // namespace dlcheck
