// The machine-readable report. Scripts rely on these names: add fields, never rename them.

#include <nlohmann/json.hpp>

#include "dlcheck/artifacts.hpp"
#include "dlcheck/formatter.hpp"

namespace dlcheck {
namespace {

using Json = nlohmann::ordered_json;

template <typename T>
Json optional_value(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

std::optional<std::size_t> nonzero(std::size_t value) { return value ? std::optional(value) : std::nullopt; }

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
      {"artifact", finding.artifact ? Json{{"path", finding.artifact->path},
                                          {"line", optional_value(nonzero(finding.artifact->line))},
                                          {"column", optional_value(nonzero(finding.artifact->column))}}
                                    : Json(nullptr)},
  };
}

Json point_json(const CurvePoint& point) {
  return Json{{"x", point.x}, {"value", point.value}, {"line", point.line}};
}

Json curve_json(const LossCurve& curve) {
  Json values = Json::array();
  for (const auto& point : curve.points) values.push_back(point.value);
  return Json{{"column", curve.column}, {"x", curve.x_name}, {"count", curve.count},
              {"first", point_json(curve.first)}, {"best", point_json(curve.best)}, {"last", point_json(curve.last)},
              {"points", values}};
}

Json training_log_json(const ProjectArtifacts& artifacts) {
  if (!artifacts.training_log_file || !artifacts.training_log) return nullptr;
  const auto* log = std::get_if<TrainingLog>(&*artifacts.training_log);
  if (log == nullptr) return nullptr;
  Json adversarial = Json::array();
  for (const auto& curve : log->adversarial) adversarial.push_back(curve_json(curve));
  return Json{{"path", artifacts.training_log_file->display_path},
              {"format", std::string(format_as(log->format))},
              {"rows", log->rows},
              {"train", log->train ? curve_json(*log->train) : Json(nullptr)},
              {"validation", log->validation ? curve_json(*log->validation) : Json(nullptr)},
              {"adversarial", adversarial},
              {"non_finite", log->non_finite_total}};
}

Json predictions_json(const ProjectArtifacts& artifacts) {
  if (!artifacts.predictions_file || !artifacts.predictions) return nullptr;
  const auto* summary = std::get_if<PredictionSummary>(&*artifacts.predictions);
  if (summary == nullptr) return nullptr;
  Json out{{"path", artifacts.predictions_file->display_path},
           {"format", summary->format},
           {"rows", summary->rows},
           {"kind", summary->kind == TargetKind::numeric ? "numeric" : "class_labels"}};
  if (summary->kind == TargetKind::numeric) {
    out["mae"] = summary->mae;
    out["mse"] = summary->mse;
    out["rmse"] = summary->rmse;
    return out;
  }
  out["accuracy"] = summary->accuracy;
  out["wrong"] = summary->wrong;
  out["precision"] = optional_value(summary->precision);
  out["recall"] = optional_value(summary->recall);
  out["f1"] = optional_value(summary->f1);
  Json classes = Json::array();
  for (const auto& entry : summary->per_class) {
    classes.push_back({{"label", entry.label}, {"total", entry.total}, {"correct", entry.correct}});
  }
  out["per_class"] = classes;
  Json pairs = Json::array();
  for (const auto& pair : summary->top_confusions) {
    pairs.push_back({{"label", pair.label}, {"prediction", pair.prediction}, {"count", pair.count}});
  }
  out["top_confusions"] = pairs;
  return out;
}

Json artifacts_json(const std::shared_ptr<const ProjectArtifacts>& artifacts) {
  if (!artifacts) return nullptr;
  Json splits = Json::array();
  for (const auto& split : artifacts->splits) {
    splits.push_back({{"split", split.split},
                      {"path", split.file.display_path},
                      {"ids", split.ids ? Json(split.ids->ids.size()) : Json(nullptr)}});
  }
  return Json{{"training_log", training_log_json(*artifacts)},
              {"predictions", predictions_json(*artifacts)},
              {"splits", splits},
              {"leaked_ids", artifacts->leaked_total}};
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
      {"artifacts", artifacts_json(file.artifacts)},
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
