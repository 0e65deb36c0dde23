// "Project Deliverable Standards": the files a finished project keeps.

#include <fmt/format.h>

#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/numbers.hpp"
#include "text/text_match.hpp"

namespace dlcheck::rules {

const RuleInfo kModelSummary{
    .id = "model-summary",
    .section = Section::deliverables,
    .severity = Severity::error,
    .summary = "a model summary describes the architecture",
    .explanation =
        "A reviewer needs to know what was trained: layers, parameter count, pretrained weights. "
        "`model_summary` is a non-empty string: a short description or the path of a summary file.",
    .hint = "add \"model_summary\": e.g. \"ResNet-18, ImageNet weights, new 10-class head, 11.2M parameters\"",
    .passing_example = R"({"model_summary": "2-layer LSTM, 128 hidden units, 1.1M parameters"})",
    .failing_example = R"({"model_summary": ""})",
};

void check_model_summary(const CheckContext& evidence, FindingSink& sink) {
  require_text(evidence, sink, fields::kModelSummary.pointer, "model summary");
}

const RuleInfo kTrainingLog{
    .id = "training-log",
    .section = Section::deliverables,
    .severity = Severity::error,
    .summary = "a training log (the loss curve) is kept",
    .explanation =
        "The loss curve is the training evidence: it shows whether the loss went down and whether "
        "the model overfits. `training_log` is the path of the log, relative to the evidence file: a "
        "file, a TensorBoard log folder or an MLflow store, or {\"path\": …, \"run\": …} to name "
        "one run of several.",
    .hint = "add \"training_log\": the path of the exported log, e.g. \"logs/train_log.csv\"",
    .passing_example = R"({"training_log": "logs/train_log.csv"})",
    .failing_example = R"({"training_log": null})",
};

void check_training_log(const CheckContext& evidence, FindingSink& sink) {
  if (evidence.find(fields::kTrainingLog.pointer).is_object()) {
    require_text(evidence, sink, fields::kTrainingLogPath.pointer, "training log path");
    return;
  }
  require_text(evidence, sink, fields::kTrainingLog.pointer, "training log");
}

const RuleInfo kMetricTable{
    .id = "metric-table",
    .section = Section::deliverables,
    .severity = Severity::error,
    .summary = "a metric table compares the models, and agrees with the baseline and current values",
    .explanation =
        "`metric_table` is a list of rows, each with a `model` and a number in a column named after "
        "the metric, or the path of a results file (see metric-table-file). A row named like `baseline.method` (or "
        "`current.method`) must carry the same "
        "value as `baseline.value` (or `current.value`); when no row carries the method's name, "
        "some row must carry the value. A table that disagrees with the record means one of them "
        "is stale.",
    .hint =
        "add \"metric_table\": [{\"model\": \"<baseline method>\", \"<metric>\": <baseline>}, {\"model\": \"<current "
        "method>\", \"<metric>\": <current>}]",
    .passing_example = R"({"metric": {"name": "accuracy"}, "baseline": {"method": "small CNN", "value": 0.71},
 "metric_table": [{"model": "small CNN", "accuracy": 0.71}]})",
    .failing_example = R"({"metric": {"name": "accuracy"}, "baseline": {"method": "small CNN", "value": 0.71},
 "metric_table": [{"model": "small CNN", "accuracy": 0.74}]})",
};

namespace {

// The key of a row's metric column: the metric's own name, compared after normalisation.
// The first in key order, as nlohmann::json kept them, when several keys normalise alike.
std::optional<JsonKeyValue> metric_column(JsonValue row, const std::string& metric) {
  if (!row.is_object()) return std::nullopt;
  const std::string wanted = normalise_metric_name(metric);
  for (const JsonKeyValue& member : row.sorted_members()) {
    if (normalise_metric_name(member.key) == wanted) return member;
  }
  return std::nullopt;
}

void check_row_agrees(const CheckContext& evidence, FindingSink& sink, JsonValue table, const std::string& metric,
                      std::string_view role) {
  const ClaimedValue& claim = role == "baseline" ? evidence.metric().baseline : evidence.metric().current;
  if (!claim.number) return;
  const std::optional<std::string_view> method =
      find_text(evidence, role == "baseline" ? fields::kBaselineMethod.pointer : fields::kCurrentMethod.pointer);
  bool value_found = false;
  std::size_t i = 0;
  for (const JsonValue row : table.elements()) {
    const std::size_t index = i++;
    const std::optional<JsonKeyValue> column = metric_column(row, metric);
    if (!column || !column->value.is_number()) continue;
    const double value = column->value.number();
    const JsonValue model = row.find("model");
    const bool named_like_method = method && model.is_string() && ascii_lower(model.string()) == ascii_lower(*method);
    if (named_like_method) {
      if (!same_number(value, *claim.number)) {
        sink.report(child_pointer(child_pointer(fields::kMetricTable.pointer, index), column->key),
                    fmt::format("metric_table row \"{}\" has {} {}, but {} is {}", *method, metric,
                                format_rounded(value, 6), field_name(claim.pointer), format_rounded(*claim.number, 6)),
                    "update the stale number so the table and the record agree");
      }
      return;
    }
    value_found = value_found || same_number(value, *claim.number);
  }
  if (value_found) return;
  sink.report(fields::kMetricTable.pointer,
              fmt::format("metric_table has no row for the {} ({}{} {})", role,
                          method ? std::string(*method) + ", " : "", metric, format_rounded(*claim.number, 6)),
              fmt::format("add a row {{\"model\": \"{}\", \"{}\": {}}}", method ? *method : "…", metric,
                          format_rounded(*claim.number, 12)));
}

}  // namespace

void check_metric_table(const CheckContext& evidence, FindingSink& sink) {
  // A file named here is read and checked by metric-table-file.
  if (const JsonValue field = evidence.find(fields::kMetricTable.pointer); field.is_object()) {
    require_text(evidence, sink, fields::kMetricTablePath.pointer, "metric table path");
    return;
  } else if (field.is_string()) {
    const std::string_view text = field.string();
    if (text.find_first_of(" \t\r\n") != std::string_view::npos || text.find_first_of("./") == std::string_view::npos) {
      report_wrong_type(sink, fields::kMetricTable.pointer, field, "a list of rows or the path of a results file");
    }
    return;
  }
  JsonValue table = require_array(evidence, sink, fields::kMetricTable.pointer, "metric table");
  if (table == nullptr) return;
  if (table->empty()) {
    sink.report(fields::kMetricTable.pointer, "metric_table is empty");
    return;
  }
  const std::string& metric = evidence.metric().name;
  bool rows_ok = true;
  std::size_t i = 0;
  for (const JsonValue row : table->elements()) {
    const std::string row_pointer = child_pointer(fields::kMetricTable.pointer, i++);
    if (!row.is_object()) {
      report_wrong_type(sink, row_pointer, row, "an object such as {\"model\": \"…\", \"accuracy\": 0.8}");
      rows_ok = false;
      continue;
    }
    if (!require_text(evidence, sink, child_pointer(row_pointer, fields::kMetricTableModel.key()),
                      "model name in this row"))
      rows_ok = false;
    if (metric.empty()) continue;
    const std::optional<JsonKeyValue> column = metric_column(row, metric);
    if (!column) {
      sink.report(row_pointer, fmt::format("{} has no \"{}\" column", field_name(row_pointer), metric),
                  fmt::format("add \"{}\": <number> to the row", metric));
      rows_ok = false;
    } else if (!column->value.is_number()) {
      report_wrong_type(sink, child_pointer(row_pointer, column->key), column->value, "a number");
      rows_ok = false;
    }
  }
  if (!rows_ok || metric.empty()) return;
  check_row_agrees(evidence, sink, *table, metric, "baseline");
  check_row_agrees(evidence, sink, *table, metric, "current");
}

}  // namespace dlcheck::rules
