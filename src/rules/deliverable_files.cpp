// The deliverables kept as files, read and checked against the record: the metric table as a
// CSV/TSV or Markdown file, and the printed model summary.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "artifacts/project_artifacts.hpp"
#include "metrics/catalog.hpp"
#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck::rules {

bool names_metric_table_file(const CheckContext& evidence) {
  return evidence.artifacts() != nullptr && evidence.artifacts()->metric_table_file.has_value();
}

bool names_model_summary_file_or_parameters(const CheckContext& evidence) {
  return (evidence.artifacts() != nullptr && evidence.artifacts()->model_summary_file.has_value()) ||
         evidence.find(fields::kModelParameters.pointer) != nullptr;
}

namespace {

std::string place(const NamedFile& file, std::size_t line) {
  return line == 0 ? printable(file.display_path) : fmt::format("{}:{}", printable(file.display_path), line);
}

bool same_model(std::string_view row, std::string_view name) {
  return ascii_lower(trim(row)) == ascii_lower(trim(name)) ||
         (!normalise_metric_name(row).empty() && normalise_metric_name(row) == normalise_metric_name(name));
}

// A row's value on the record's scale, and half a unit of its last written decimal on that scale.
struct RowValue {
  double value;
  double half_unit;
};

std::optional<RowValue> on_record_scale(const MetricTableRow& row, const MetricClaim& metric) {
  if (!row.value) return std::nullopt;
  const double scale = row.percent && !metric.percent ? 0.01 : 1.0;
  return RowValue{*row.value * scale, 0.5 * std::pow(10.0, -row.decimals) * scale};
}

// The table agrees with the record when the record's number is what the table's text rounds.
bool agrees(const RowValue& row, double claimed) {
  return same_number(row.value, claimed) || std::fabs(row.value - claimed) <= row.half_unit + 1e-12;
}

const MetricTableRow* find_row(const MetricTable& table, std::string_view name) {
  for (const MetricTableRow& row : table.rows) {
    if (same_model(row.model, name)) return &row;
  }
  return nullptr;
}

std::string row_names(const MetricTable& table) {
  std::string out;
  for (std::size_t i = 0; i < table.rows.size() && i < 5; ++i) {
    out += fmt::format("{}\"{}\"", i == 0 ? "" : ", ", printable(table.rows[i].model.substr(0, 60)));
  }
  if (table.rows.size() > 5) out += fmt::format(", … ({} rows)", table.rows.size());
  return out.empty() ? "none" : out;
}

// The row of one role, checked against the record's value; the row when found.
const MetricTableRow* check_role(const CheckContext& evidence, FindingSink& sink, const NamedFile& file,
                                 const MetricTable& table, std::string_view role) {
  const bool baseline = role == "baseline";
  const MetricClaim& metric = evidence.metric();
  const ClaimedValue& claim = baseline ? metric.baseline : metric.current;
  const std::string_view explicit_row =
      baseline ? fields::kMetricTableBaselineRow.pointer : fields::kMetricTableCurrentRow.pointer;
  std::optional<std::string_view> name = find_text(evidence, explicit_row);
  std::string_view name_pointer = explicit_row;
  if (!name) {
    name_pointer = baseline ? fields::kBaselineMethod.pointer : fields::kCurrentMethod.pointer;
    name = find_text(evidence, name_pointer);
  }
  if (!name) {
    sink.not_checked(fmt::format("the record names no {} row: set {}.method or metric_table.{}_row", role, role, role));
    return nullptr;
  }
  const MetricTableRow* row = find_row(table, *name);
  if (row == nullptr) {
    sink.report_in_file(name_pointer, at_line(file),
                        fmt::format("{} has no row for the {} \"{}\" (rows: {})", printable(file.display_path), role,
                                    printable(*name), row_names(table)),
                        fmt::format("add a row for \"{}\" to the table, or name its row with metric_table.{}_row",
                                    printable(*name), role));
    return nullptr;
  }
  if (!claim.number) return row;
  const std::optional<RowValue> value = on_record_scale(*row, metric);
  if (!value) {
    sink.report_in_file(
        claim.pointer, at_line(file, row->line, row->excerpt),
        fmt::format("the row \"{}\" at {} has no number in column \"{}\": \"{}\"", printable(row->model),
                    place(file, row->line), printable(table.metric_column), printable(row->cell)),
        "write the score as a number, such as 0.82 or 82%");
    return row;
  }
  if (!agrees(*value, *claim.number)) {
    sink.report_in_file(claim.pointer, at_line(file, row->line, row->excerpt),
                        fmt::format("{} gives the {} \"{}\" {} \"{}\", but {} is {}", place(file, row->line), role,
                                    printable(row->model), printable(table.metric_column), printable(row->cell),
                                    field_name(claim.pointer), format_rounded(*claim.number, 6)),
                        "update the stale number so the table and the record agree");
  }
  return row;
}

}  // namespace

const RuleInfo kMetricTableFile{
    .id = "metric-table-file",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "the metric table file has rows for the baseline and the current model, agreeing with the record",
    .explanation =
        "When `metric_table` names a file (CSV/TSV with a header, or a Markdown pipe table; "
        "{\"path\", \"heading\", \"baseline_row\", \"current_row\"} picks the table and the rows), "
        "dlcheck reads it: a `model` column (or the first column) names the rows, and the first column "
        "naming the metric (through the metric catalog's aliases: `Accuracy`, `acc`, `Top-1 Acc.`) holds "
        "the scores. The rows named like `baseline.method` and `current.method` must give "
        "`baseline.value` and `current.value`, to the precision the table writes (82.1% stands for "
        "0.8205–0.8215); a row that beats the current model is a warning. Not checked when the file "
        "cannot be read or has no column for the metric.",
    .hint = "keep the table and the record in step: one row per model, the metric in a column named after it",
    .passing_example = "",
    .failing_example = "",
};

void check_metric_table_file(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts& artifacts = *evidence.artifacts();
  const NamedFile& file = *artifacts.metric_table_file;
  const MetricClaim& metric = evidence.metric();
  if (metric.name.empty()) {
    return sink.not_checked(
        fmt::format("the record names no metric, so no column of {} can be read", printable(file.display_path)));
  }
  if (!artifacts.metric_table) return sink.not_checked(unopened_file_reason(artifacts, file, "the metric table"));
  if (const auto* error = std::get_if<MetricTableError>(&*artifacts.metric_table)) {
    if (error->no_metric_column) {
      return sink.not_checked(fmt::format("{}: {}", place(file, error->line), error->message));
    }
    sink.report_in_file(file.pointer, {file.display_path, error->line, error->column, ""},
                        fmt::format("{}: {}", place(file, error->line), error->message),
                        "keep the results as a CSV file with a header, or one Markdown pipe table");
    return;
  }
  const MetricTable& table = std::get<MetricTable>(*artifacts.metric_table);
  check_role(evidence, sink, file, table, "baseline");
  const MetricTableRow* current = check_role(evidence, sink, file, table, "current");
  if (current == nullptr || !metric.higher_is_better) return;
  const std::optional<RowValue> current_value = on_record_scale(*current, metric);
  if (!current_value) return;
  // The record presents its current model as its best: a row that beats it by more than the
  // rounding of both is a warning. The best such row is named.
  const MetricTableRow* best = nullptr;
  double best_value = current_value->value;
  for (const MetricTableRow& row : table.rows) {
    const std::optional<RowValue> value = on_record_scale(row, metric);
    if (&row == current || !value) continue;
    const double margin = signed_improvement(best_value, value->value, *metric.higher_is_better);
    if (margin > value->half_unit + current_value->half_unit + 1e-12) {
      best = &row;
      best_value = value->value;
    }
  }
  if (best == nullptr) return;
  sink.report_in_file(file.pointer, at_line(file, best->line, best->excerpt),
                      fmt::format("{}: the row \"{}\" has {} \"{}\", better than the current model \"{}\" (\"{}\")",
                                  place(file, best->line), printable(best->model), printable(table.metric_column),
                                  printable(best->cell), printable(current->model), printable(current->cell)),
                      "make the best model the current one, or say in the record why it is not", Severity::warning);
}

const RuleInfo kModelSummaryFile{
    .id = "model-summary-file",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "the model summary file can be read, and agrees with the parameter count and the shape checks",
    .explanation =
        "When `model_summary` names a file, dlcheck reads its parameter count from Keras 3 or Keras 2 "
        "model.summary() (in Keras 3, trainable plus non-trainable when an optimizer line is "
        "printed), torchinfo, torchsummary, PyTorch Lightning's ModelSummary, or a line "
        "\"parameters: N\", and shows it in the report. A count the record states (`model.parameters`, "
        "or \"11.2M parameters\" in a `model_summary` text) must agree to the precision written: "
        "\"9.5k\" stands for 9,450–9,550. Output shapes listed in the summary are compared with the "
        "`shape_checks` whose `tensor` names the same layer; a batch dimension printed as None, -1 or "
        "a number matches a named dimension such as \"batch\". A summary in another format is noted, "
        "and the item is not checked.",
    .hint = "save the summary as printed by the library, and keep the record's numbers in step with it",
    .passing_example = "",
    .failing_example = "",
};

namespace {

std::optional<ParameterCount> stated_parameters(const CheckContext& evidence) {
  const JsonValue value = evidence.find(fields::kModelParameters.pointer);
  if (value.is_number() && value.number() >= 0) return ParameterCount{value.number(), 0, value.dump(), 0};
  if (value.is_string()) return parse_parameter_count(value.string());
  return std::nullopt;
}

bool counts_agree(const ParameterCount& a, const ParameterCount& b) {
  return std::fabs(a.value - b.value) <= a.half_unit + b.half_unit + 0.5;
}

std::string describe_expected(JsonValue shape) {
  std::string out = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) out += ", ";
    out += shape[i].is_string() ? printable(shape[i].string()) : shape[i].dump();
  }
  return out + "]";
}

// Whether the listed shape fits the expected one: a name matches any size, None or -1 any value.
bool shape_fits(const SummaryShape& shape, JsonValue expected) {
  if (expected.size() != shape.dims.size()) return false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (expected[i].is_string() || !shape.dims[i]) continue;
    if (!expected[i].is_number() || expected[i].number() != static_cast<double>(*shape.dims[i])) return false;
  }
  return true;
}

void check_shapes(const CheckContext& evidence, FindingSink& sink, const NamedFile& file, const ModelSummary& summary) {
  const JsonValue checks = evidence.find(fields::kShapeChecks.pointer);
  if (!checks.is_array()) return;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    const JsonValue tensor = checks[i].find("tensor");
    const JsonValue expected = checks[i].find("expected");
    if (!tensor.is_string() || !expected.is_array()) continue;
    const auto shape = std::find_if(summary.shapes.begin(), summary.shapes.end(), [&](const SummaryShape& listed) {
      return ascii_lower(listed.layer) == ascii_lower(trim(tensor.string()));
    });
    if (shape == summary.shapes.end() || shape_fits(*shape, expected)) continue;
    const std::string pointer = child_pointer(child_pointer(fields::kShapeChecks.pointer, i), "expected");
    sink.report_in_file(
        pointer, at_line(file, shape->line),
        fmt::format("shape check \"{}\" expects {}, but {} lists {} for that layer", printable(tensor.string()),
                    describe_expected(expected), place(file, shape->line), printable(shape->text)),
        "correct the expected shape, or the layer the check names");
  }
}

}  // namespace

void check_model_summary_file(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  const std::optional<ParameterCount> stated = stated_parameters(evidence);
  const JsonValue stated_value = evidence.find(fields::kModelParameters.pointer);
  if (stated_value != nullptr && !stated) {
    report_wrong_type(sink, fields::kModelParameters.pointer, stated_value,
                      "a parameter count such as 11181642 or \"11.2M\"");
  }
  if (artifacts == nullptr || !artifacts->model_summary_file) {
    // No file: a count in the summary text is the only thing to compare with.
    const std::optional<std::string_view> text = find_text(evidence, fields::kModelSummary.pointer);
    const std::optional<ParameterCount> written = text ? find_parameter_claim(*text) : std::nullopt;
    if (!stated || !written) {
      return sink.not_checked("model.parameters has no model summary file or parameter count to compare with");
    }
    if (!counts_agree(*stated, *written)) {
      sink.report(fields::kModelParameters.pointer,
                  fmt::format("model.parameters is {} but model_summary says {} parameters", printable(stated->text),
                              printable(written->text)),
                  "write one parameter count, the one the summary prints");
    }
    return;
  }
  const NamedFile& file = *artifacts->model_summary_file;
  if (!artifacts->model_summary) return sink.not_checked(unopened_file_reason(*artifacts, file, "the model summary"));
  if (const auto* error = std::get_if<ModelSummaryError>(&*artifacts->model_summary)) {
    sink.report_in_file(
        file.pointer, at_line(file, error->line), fmt::format("{}: {}", place(file, error->line), error->message),
        fmt::format("save the summary as the library prints it: {}", recognised_summary_formats()), Severity::info);
    return sink.not_checked(
        fmt::format("the model summary {} gives no parameter count dlcheck can read", printable(file.display_path)));
  }
  const ModelSummary& summary = std::get<ModelSummary>(*artifacts->model_summary);
  if (stated && !counts_agree(*stated, summary.total)) {
    sink.report_in_file(fields::kModelParameters.pointer, at_line(file, summary.total.line),
                        fmt::format("model.parameters is {}, but {} gives {} parameters", printable(stated->text),
                                    place(file, summary.total.line), printable(summary.total.text)),
                        "copy the parameter count from the summary");
  }
  check_shapes(evidence, sink, file, summary);
}

}  // namespace dlcheck::rules
