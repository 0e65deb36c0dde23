// The machine-readable report. Scripts rely on these names: add fields, never rename them.

#include <cassert>
#include <cmath>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "format/json_writer.hpp"

namespace dlcheck {
namespace {

std::optional<std::size_t> nonzero(std::size_t value) { return value ? std::optional(value) : std::nullopt; }

void write_metric(JsonWriter& json, const std::optional<MetricSummary>& metric) {
  if (!metric) {
    json.value(nullptr);
    return;
  }
  json.begin_object().member("name", metric->name).member("higher_is_better", metric->higher_is_better).key("unit");
  metric->unit.empty() ? json.value(nullptr) : json.value(metric->unit);
  json.member("baseline", metric->baseline)
      .member("current", metric->current)
      .member("improvement", metric->improvement)
      .member("relative_improvement", metric->relative_improvement)
      .end_object();
}

void write_finding(JsonWriter& json, const Finding& finding) {
  json.begin_object()
      .member("rule", finding.rule)
      .member("severity", format_as(finding.severity))
      .member("message", finding.message)
      .member("hint", finding.hint)
      .member("pointer", finding.pointer)
      .member("line", finding.position.line)
      .member("column", finding.position.column)
      .key("artifact");
  if (finding.artifact) {
    json.begin_object()
        .member("path", finding.artifact->path)
        .member("line", nonzero(finding.artifact->line))
        .member("column", nonzero(finding.artifact->column))
        .end_object();
  } else {
    json.value(nullptr);
  }
  json.end_object();
}

void write_point(JsonWriter& json, std::string_view name, const CurvePoint& point) {
  json.key(name)
      .begin_object()
      .member("x", point.x)
      .member("value", point.value)
      .member("line", point.line)
      .end_object();
}

void write_curve(JsonWriter& json, const LossCurve* curve) {
  if (curve == nullptr) {
    json.value(nullptr);
    return;
  }
  json.begin_object().member("column", curve->column);
  if (!curve->source.empty()) json.member("source", curve->source);
  if (curve->is_sum) json.member("sum", true);
  json.member("x", curve->x_name).member("count", curve->count);
  write_point(json, "first", curve->first);
  write_point(json, "best", curve->best);
  write_point(json, "last", curve->last);
  json.key("points").begin_array();
  for (const auto& point : curve->points) json.value(point.value);
  json.end_array().end_object();
}

void write_training_log(JsonWriter& json, const ProjectArtifacts& artifacts) {
  const auto* log = artifacts.training_log_file && artifacts.training_log
                        ? std::get_if<TrainingLog>(&*artifacts.training_log)
                        : nullptr;
  if (log == nullptr) {
    json.value(nullptr);
    return;
  }
  json.begin_object()
      .member("path", artifacts.training_log_file->display_path)
      .member("format", log->format)
      .member("rows", log->rows);
  if (!log->run.empty()) json.member("run", log->run);
  json.key("train");
  write_curve(json, log->train ? &*log->train : nullptr);
  // "validation" is the first set, as before several sets were read; "validation_sets" holds all.
  json.key("validation");
  write_curve(json, log->validation.empty() ? nullptr : &log->validation.front());
  json.key("validation_sets").begin_array();
  for (const auto& curve : log->validation) write_curve(json, &curve);
  json.end_array();
  json.key("adversarial").begin_array();
  for (const auto& curve : log->adversarial) write_curve(json, &curve);
  json.end_array().member("non_finite", log->non_finite_total).end_object();
}

void write_predictions(JsonWriter& json, const ProjectArtifacts& artifacts) {
  const auto* summary = artifacts.predictions_file && artifacts.predictions
                            ? std::get_if<PredictionSummary>(&*artifacts.predictions)
                            : nullptr;
  if (summary == nullptr) {
    json.value(nullptr);
    return;
  }
  json.begin_object()
      .member("path", artifacts.predictions_file->display_path)
      .member("format", summary->format)
      .member("rows", summary->rows)
      .member("kind", summary->kind == TargetKind::numeric ? "numeric"
                      : summary->kind == TargetKind::text  ? "text"
                                                           : "class_labels");
  if (summary->kind == TargetKind::text) {
    json.member("wrong", summary->wrong)
        .member("wer", word_error_rate(summary->text))
        .member("cer", character_error_rate(summary->text))
        .member("exact_match", exact_match(summary->text))
        .end_object();
    return;
  }
  if (summary->kind == TargetKind::numeric) {
    json.member("mae", summary->mae).member("mse", summary->mse).member("rmse", summary->rmse).end_object();
    return;
  }
  json.member("accuracy", summary->accuracy)
      .member("wrong", summary->wrong)
      .member("precision", summary->precision)
      .member("recall", summary->recall)
      .member("f1", summary->f1)
      .key("per_class")
      .begin_array();
  for (const auto& entry : summary->per_class) {
    json.begin_object()
        .member("label", entry.label)
        .member("total", entry.total)
        .member("correct", entry.correct)
        .end_object();
  }
  json.end_array().key("top_confusions").begin_array();
  for (const auto& pair : summary->top_confusions) {
    json.begin_object()
        .member("label", pair.label)
        .member("prediction", pair.prediction)
        .member("count", pair.count)
        .end_object();
  }
  json.end_array().end_object();
}

void write_model_summary(JsonWriter& json, const ProjectArtifacts& artifacts) {
  const auto* summary = artifacts.model_summary_file && artifacts.model_summary
                            ? std::get_if<ModelSummary>(&*artifacts.model_summary)
                            : nullptr;
  if (summary == nullptr) {
    json.value(nullptr);
    return;
  }
  json.begin_object()
      .member("path", artifacts.model_summary_file->display_path)
      .member("format", fmt::format("{}", summary->format))
      .member("parameters", static_cast<std::uint64_t>(std::llround(summary->total.value)))
      .member("parameters_as_written", summary->total.text)
      .end_object();
}

void write_artifacts(JsonWriter& json, const std::shared_ptr<const ProjectArtifacts>& artifacts) {
  if (!artifacts) {
    json.value(nullptr);
    return;
  }
  json.begin_object().key("training_log");
  write_training_log(json, *artifacts);
  json.key("predictions");
  write_predictions(json, *artifacts);
  json.key("model_summary");
  write_model_summary(json, *artifacts);
  json.key("splits").begin_array();
  for (const auto& split : artifacts->splits) {
    json.begin_object().member("split", split.split).member("path", split.file.display_path).key("ids");
    split.ids ? json.value(split.ids->size()) : json.value(nullptr);
    json.end_object();
  }
  json.end_array().member("leaked_ids", artifacts->leaked_total).end_object();
}

void write_file(JsonWriter& json, const FileReport& file) {
  json.begin_object().member("path", file.path).member("profile", format_as(file.profile)).key("config");
  // Always there, so every file has one shape: null when no config applied.
  file.config.empty() ? json.value(nullptr) : json.value(file.config);
  json.member("verdict", format_as(file.verdict)).member("task", file.record.task).key("metric");
  write_metric(json, file.metric);
  json.member("failure_case_count", file.record.failure_case_count)
      .member("next_step", file.record.next_step)
      .key("score")
      .begin_object()
      .member("earned", file.points_earned())
      .member("possible", file.points_possible())
      .member("not_checked", file.items_not_checked())
      .member("not_applicable", static_cast<int>(file.not_applicable.size()))
      .end_object()
      .key("counts")
      .begin_object()
      .member("errors", file.count(Severity::error))
      .member("warnings", file.count(Severity::warning))
      .member("infos", file.count(Severity::info))
      .end_object()
      .key("checklist")
      .begin_array();
  for (const auto& entry : file.checklist) {
    json.begin_object()
        .member("rule", entry.rule->id)
        .member("section", section_title(entry.rule->section))
        .member("passed", entry.status == ItemStatus::passed)  // the older field
        .member("status", format_as(entry.status));
    if (entry.status == ItemStatus::not_checked) json.member("reason", entry.reason);
    json.member("points", entry.points).end_object();
  }
  // Items that do not apply to this record: not checked, counted in the possible points.
  json.end_array().key("not_applicable").begin_array();
  for (const auto& entry : file.not_applicable) {
    json.begin_object()
        .member("rule", entry.rule->id)
        .member("section", section_title(entry.rule->section))
        .member("reason", entry.reason)
        .member("points", entry.points)
        .end_object();
  }
  json.end_array().key("findings").begin_array();
  for (const auto& finding : file.findings) write_finding(json, finding);
  json.end_array().key("artifacts");
  write_artifacts(json, file.artifacts);
  json.end_object();
}

// Where the writer places each file: in the report object's "files" array.
constexpr std::size_t kFileDepth = 2;

// The head as the header comes, each file as it comes, the summary at the end.
class JsonReportWriter final : public ReportWriter {
 public:
  explicit JsonReportWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader& header) override {
    json_.begin_object()
        .key("tool")
        .begin_object()
        .member("name", "dlcheck")
        .member("version", DLCHECK_VERSION)
        .end_object()
        .member("profile", format_as(header.profile))
        .key("files")
        .begin_array();
    assert(json_.depth() == kFileDepth);
    flush();
  }

  std::string render(const FileReport& file, std::size_t) const override {
    std::string text;
    JsonWriter json(text, 2, kFileDepth);
    write_file(json, file);
    return text;
  }

  void file(const FileReport&, std::string rendered) override {
    json_.rendered_value(rendered);
    flush();
  }

  void end(const ReportFooter& footer) override {
    json_.end_array()
        .key("summary")
        .begin_object()
        .member("files", footer.files)
        .member("passed", footer.passed)
        .member("failed", footer.failed)
        .member("errored", footer.errored)
        .member("exit_code", footer.exit_code())
        .end_object()
        .end_object();
    text_ += '\n';
    flush();
  }

 private:
  void flush() {
    out_ << text_;
    text_.clear();
  }

  std::ostream& out_;
  std::string text_;  // what json_ wrote since the last flush
  JsonWriter json_{text_};
};

}  // namespace

std::unique_ptr<ReportWriter> make_json_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<JsonReportWriter>(out);
}

}  // namespace dlcheck
