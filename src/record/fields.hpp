#pragma once
// The fields of the evidence format, in one table. The JSON Schema (`dlcheck schema`), the
// `init` template, the known names of the unknown-field rule and the field list of
// docs/evidence-format.md are generated from it, and code names a field by its row
// (fields::kTrainingLog.pointer) rather than by a string of its own.

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace dlcheck::fields {

/// The least profile whose rules need a field; a field the `record` profile needs is needed by
/// `roadmap` too. Fields with an alternative (the shorthand) say so in their description.
enum class RequiredFrom { none, record, roadmap };

/// One field of the evidence format.
///
/// `pointer` is an RFC 6901 pointer, with two stand-ins: the token "*" means every item of an
/// array ("/failure_cases/*/note"), and a token ending in "<metric>" means every key with that
/// prefix ("/baseline_<metric>", the roadmap's shorthand).
struct Field {
  std::string_view pointer;
  /// The JSON Schema of the value, as JSON text; an object's "properties" and "required" and an
  /// array's "items" come from the rows under it.
  std::string_view schema;
  std::string_view description;  ///< one line, for docs/evidence-format.md
  RequiredFrom required_from = RequiredFrom::none;
  /// The value `dlcheck init` writes, as JSON text. Empty: an object or array made of the
  /// placeholders of the rows under it, or no value at all when they have none either.
  std::string_view placeholder = {};
  int template_items = 1;           ///< for an item row ("*"): how many items `init` writes
  bool required_member = false;     ///< listed in the schema's "required" of its object
  std::string_view shared_as = {};  ///< the object's schema sits once under "$defs/<shared_as>"
  bool names_are_checked = false;   ///< unknown-field suggests this object's member names for typos

  /// The last token: "change" for "/next_step/change", "*" for an item row.
  constexpr std::string_view key() const { return pointer.substr(pointer.rfind('/') + 1); }
  /// The pointer of the row above: "/next_step" for "/next_step/change", "" at the top level.
  constexpr std::string_view parent() const { return pointer.substr(0, pointer.rfind('/')); }
  /// For a shorthand row ("/baseline_<metric>"), the key prefix "baseline_"; else empty.
  constexpr std::string_view shorthand_prefix() const {
    constexpr std::string_view kAnyMetric = "<metric>";
    const std::string_view last = key();
    return last.ends_with(kAnyMetric) ? last.substr(0, last.size() - kAnyMetric.size()) : std::string_view{};
  }
};

// Every field, top-down, in the order of the schema and the template.

inline constexpr Field kSchemaUrl{
    .pointer = "/$schema",
    .schema = R"({"type": "string"})",
    .description = "the URL of a JSON Schema, for editors; dlcheck does not read it",
};
inline constexpr Field kTask{
    .pointer = "/task",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "what the model does, such as \"image classification\"",
    .required_from = RequiredFrom::record,
    .placeholder = R"("<fill in: what the model does, e.g. image classification>")",
};
inline constexpr Field kRunCommand{
    .pointer = "/run_command",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the exact command that reproduces the result",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: the exact command that reproduces the result>")",
};
inline constexpr Field kDataset{
    .pointer = "/dataset",
    .schema = R"({"type": "object"})",
    .description = "where the data came from and how it was split",
    .required_from = RequiredFrom::roadmap,
    .names_are_checked = true,
};
inline constexpr Field kDatasetName{
    .pointer = "/dataset/name",
    .schema = R"({"type": "string"})",
    .description = "the data set's name",
    .placeholder = R"("<fill in: data set name>")",
};
inline constexpr Field kDatasetSource{
    .pointer = "/dataset/source",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "where the data came from: a URL, a library call, a path",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: where the data came from (URL, library call)>")",
};
inline constexpr Field kDatasetSplit{
    .pointer = "/dataset/split",
    .schema = R"({"type": "object", "minProperties": 1, "additionalProperties": {"$ref": "#/$defs/count"}})",
    .description = "how many examples each split holds, by split name",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"({"train": "<fill in: count>", "val": "<fill in: count>", "test": "<fill in: count>"})",
};
inline constexpr Field kDatasetSplitMethod{
    .pointer = "/dataset/split_method",
    .schema = R"({"type": "string"})",
    .description = "how the split was made: official, stratified, grouped, seeded",
    .placeholder = R"("<fill in: how the split was made (official, stratified, grouped, seed)>")",
};
inline constexpr Field kDatasetIds{
    .pointer = "/dataset/ids",
    .schema = R"({"type": "object", "additionalProperties": {"type": "string"}})",
    .description = "by split name, the path of a file of example ids; ids in two splits are data leakage",
};
inline constexpr Field kMetric{
    .pointer = "/metric",
    .schema = R"({"type": "object"})",
    .description = "the metric that proves the improvement; the suffix of the shorthand keys may stand in for it",
    .required_from = RequiredFrom::record,
    .names_are_checked = true,
};
inline constexpr Field kMetricName{
    .pointer = "/metric/name",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the metric's name, such as \"accuracy\"; the suffix of the shorthand keys may stand in for it",
    .required_from = RequiredFrom::record,
    .placeholder = R"("<fill in: e.g. accuracy>")",
};
inline constexpr Field kMetricSplit{
    .pointer = "/metric/split",
    .schema = R"({"type": "string"})",
    .description = "the split the numbers come from, usually a name in `dataset.split`",
    .placeholder = R"("test")",
};
inline constexpr Field kMetricHigherIsBetter{
    .pointer = "/metric/higher_is_better",
    .schema = R"({"type": "boolean"})",
    .description = "whether higher is better; needed when dlcheck does not know the metric",
};
inline constexpr Field kMetricUnit{
    .pointer = "/metric/unit",
    .schema = R"({"type": "string"})",
    .description = "`\"percent\"` when the values are on a 0 to 100 scale",
};
inline constexpr Field kMetricPositiveLabel{
    .pointer = "/metric/positive_label",
    .schema = R"({"type": ["string", "number", "boolean"]})",
    .description =
        "the positive class of a binary precision, recall, f1 or specificity, as written in the predictions "
        "file; without it a label named 1, true, yes, pos or positive",
};
inline constexpr Field kBaseline{
    .pointer = "/baseline",
    .schema = R"({"type": "object"})",
    .description =
        "the first simple method the project beat, and its score; the shorthand `baseline_<metric>` may stand "
        "in for it",
    .required_from = RequiredFrom::record,
    .shared_as = "score",
    .names_are_checked = true,
};
inline constexpr Field kBaselineMethod{
    .pointer = "/baseline/method",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the simple method",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: the simple method you beat>")",
};
inline constexpr Field kBaselineValue{
    .pointer = "/baseline/value",
    .schema = R"({"type": "number"})",
    .description = "its score on the metric; the shorthand `baseline_<metric>` may stand in for it",
    .required_from = RequiredFrom::record,
    .placeholder = R"("<fill in: its score>")",
};
inline constexpr Field kCurrent{
    .pointer = "/current",
    .schema = R"({"type": "object"})",
    .description = "the project's own method, and its score; the shorthand `current_<metric>` may stand in for it",
    .required_from = RequiredFrom::record,
    .shared_as = "score",
    .names_are_checked = true,
};
inline constexpr Field kCurrentMethod{
    .pointer = "/current/method",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the project's model; `metric_table` looks for its row",
    .placeholder = R"("<fill in: your model>")",
};
inline constexpr Field kCurrentValue{
    .pointer = "/current/value",
    .schema = R"({"type": "number"})",
    .description = "its score on the metric; the shorthand `current_<metric>` may stand in for it",
    .required_from = RequiredFrom::record,
    .placeholder = R"("<fill in: its score>")",
};
inline constexpr Field kBaselineShorthand{
    .pointer = "/baseline_<metric>",
    .schema = R"({"type": "number"})",
    .description = "the roadmap's shorthand for `baseline.value`; the suffix names the metric",
};
inline constexpr Field kCurrentShorthand{
    .pointer = "/current_<metric>",
    .schema = R"({"type": "number"})",
    .description = "the roadmap's shorthand for `current.value`; the suffix names the metric",
};
inline constexpr Field kModelSummary{
    .pointer = "/model_summary",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the architecture and parameter count, or the path of a summary file",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: architecture and parameter count, or a file such as model_summary.txt>")",
};
inline constexpr Field kModel{
    .pointer = "/model",
    .schema = R"({"type": "object"})",
    .description = "facts about the current model that dlcheck checks against the model summary file",
    .names_are_checked = true,
};
inline constexpr Field kModelParameters{
    .pointer = "/model/parameters",
    .schema = R"({"oneOf": [{"$ref": "#/$defs/count"}, {"$ref": "#/$defs/text"}]})",
    .description =
        "the model's parameter count: a number, or as written (\"11.2M\", \"151 K\"), agreeing with the summary "
        "file to the precision written",
};
inline constexpr Field kTrainingLog{
    .pointer = "/training_log",
    .schema = R"({"oneOf": [{"$ref": "#/$defs/text"}, {"type": "object"}]})",
    .description =
        "the path of the training log (a file, a TensorBoard log folder or an MLflow store), or an object naming "
        "it and its run",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: path of the exported log, e.g. logs/train_log.csv>")",
};
inline constexpr Field kTrainingLogPath{
    .pointer = "/training_log/path",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the path of the log; the object form needs it",
    .required_member = true,
};
inline constexpr Field kTrainingLogRun{
    .pointer = "/training_log/run",
    .schema = R"({"type": "string"})",
    .description = "the run to read when the store or folder holds several: an MLflow run id or name, or a run folder",
};
inline constexpr Field kPredictions{
    .pointer = "/predictions",
    .schema = R"({"oneOf": [{"$ref": "#/$defs/text"}, {"type": "object"}]})",
    .description = "the path of a file of all predictions, or an object naming the file and its columns",
    .placeholder = R"("<fill in: path of the predictions file, e.g. predictions.csv>")",
};
inline constexpr Field kPredictionsPath{
    .pointer = "/predictions/path",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the path of the predictions file; the object form needs it",
    .required_member = true,
};
inline constexpr Field kPredictionsId{
    .pointer = "/predictions/id",
    .schema = R"({"type": "string"})",
    .description = "the column of example ids",
};
inline constexpr Field kPredictionsLabel{
    .pointer = "/predictions/label",
    .schema = R"({"type": "string"})",
    .description = "the column of true labels",
};
inline constexpr Field kPredictionsPrediction{
    .pointer = "/predictions/prediction",
    .schema = R"({"type": "string"})",
    .description = "the column of the model's predictions",
};
inline constexpr Field kReadme{
    .pointer = "/readme",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description =
        "the path of the README, when it is not `README.md` next to the evidence file or at the project root",
};
inline constexpr Field kMetricTable{
    .pointer = "/metric_table",
    .schema = R"({"oneOf": [{"type": "array"}, {"$ref": "#/$defs/text"}, {"type": "object"}]})",
    .description =
        "the results, one row per model, the baseline and the current model included; or the path of a CSV, TSV or "
        "Markdown file holding them, or an object naming the file",
    .required_from = RequiredFrom::roadmap,
    .placeholder =
        R"([{"model": "<fill in: baseline method>", "<fill in: metric name>": "<fill in: baseline score>"}, )"
        R"({"model": "<fill in: your model>", "<fill in: metric name>": "<fill in: current score>"}])",
    .names_are_checked = true,
};
inline constexpr Field kMetricTableRow{
    .pointer = "/metric_table/*",
    .schema = R"({"type": "object"})",
    .description = "one row: the model, then one column per metric, named after the metric",
    .required_from = RequiredFrom::roadmap,
};
inline constexpr Field kMetricTableModel{
    .pointer = "/metric_table/*/model",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the model's name, as in `baseline.method` or `current.method`",
    .required_from = RequiredFrom::roadmap,
    .required_member = true,
};
inline constexpr Field kMetricTablePath{
    .pointer = "/metric_table/path",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the path of the results file (CSV, TSV, or Markdown for .md); the object form needs it",
    .required_member = true,
};
inline constexpr Field kMetricTableHeading{
    .pointer = "/metric_table/heading",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "in a Markdown file, the heading whose first pipe table is read",
};
inline constexpr Field kMetricTableBaselineRow{
    .pointer = "/metric_table/baseline_row",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the model name of the baseline's row, when it differs from `baseline.method`",
};
inline constexpr Field kMetricTableCurrentRow{
    .pointer = "/metric_table/current_row",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "the model name of the current model's row, when it differs from `current.method`",
};
inline constexpr Field kSuccessSamples{
    .pointer = "/success_samples",
    .schema = R"({"type": "array"})",
    .description = "predictions that look right, at least one",
    .required_from = RequiredFrom::roadmap,
};
inline constexpr Field kSuccessSample{
    .pointer = "/success_samples/*",
    .schema = R"({"type": "object"})",
    .description = "one prediction that looks right",
    .required_from = RequiredFrom::roadmap,
    .shared_as = "sample",
    .names_are_checked = true,
};
inline constexpr Field kSuccessSampleInput{
    .pointer = "/success_samples/*/input",
    .schema = R"({"type": ["string", "number"]})",
    .description = "an id, a file path or a text; a number is read as a row id",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: id or text>")",
    .required_member = true,
};
inline constexpr Field kSuccessSampleLabel{
    .pointer = "/success_samples/*/label",
    .schema = "{}",
    .description = "the true answer, usually a string",
    .placeholder = R"("<fill in>")",
};
inline constexpr Field kSuccessSamplePrediction{
    .pointer = "/success_samples/*/prediction",
    .schema = "{}",
    .description = "the model's answer, usually a string",
    .placeholder = R"("<fill in>")",
};
inline constexpr Field kSuccessSampleNote{
    .pointer = "/success_samples/*/note",
    .schema = R"({"type": "string"})",
    .description = "why the prediction looks right",
    .placeholder = R"("<fill in: why it looks right>")",
};
inline constexpr Field kFailureCases{
    .pointer = "/failure_cases",
    .schema = R"({"type": "array"})",
    .description = "predictions that are still wrong or weak, at least three",
    .required_from = RequiredFrom::roadmap,
};
inline constexpr Field kFailureCase{
    .pointer = "/failure_cases/*",
    .schema = R"({"type": "object"})",
    .description = "one wrong or weak prediction",
    .required_from = RequiredFrom::roadmap,
    .template_items = 3,
    .shared_as = "sample",
    .names_are_checked = true,
};
inline constexpr Field kFailureCaseInput{
    .pointer = "/failure_cases/*/input",
    .schema = R"({"type": ["string", "number"]})",
    .description = "an id, a file path or a text; a number is read as a row id",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: id or text>")",
    .required_member = true,
};
inline constexpr Field kFailureCaseLabel{
    .pointer = "/failure_cases/*/label",
    .schema = "{}",
    .description = "the true answer, usually a string",
    .placeholder = R"("<fill in>")",
};
inline constexpr Field kFailureCasePrediction{
    .pointer = "/failure_cases/*/prediction",
    .schema = "{}",
    .description = "the model's answer, usually a string",
    .placeholder = R"("<fill in>")",
};
inline constexpr Field kFailureCaseNote{
    .pointer = "/failure_cases/*/note",
    .schema = R"({"type": "string"})",
    .description = "what went wrong, or why a right answer is weak",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: what went wrong>")",
};
inline constexpr Field kFailureCaseCount{
    .pointer = "/failure_case_count",
    .schema = R"({"$ref": "#/$defs/count"})",
    .description =
        "how many predictions are wrong in all; `record` needs 3 or more unless three "
        "`failure_cases` are listed",
    .placeholder = R"("<fill in: number of wrong predictions>")",
};
inline constexpr Field kNextStep{
    .pointer = "/next_step",
    .schema = R"({"oneOf": [{"$ref": "#/$defs/text"}, {"type": "object"}]})",
    .description = "the one change to make next: a string, or an object with the change and its reason",
    .required_from = RequiredFrom::record,
    .names_are_checked = true,
};
inline constexpr Field kNextStepChange{
    .pointer = "/next_step/change",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "what you will change",
    .required_from = RequiredFrom::record,
    .placeholder = R"("<fill in: one change>")",
    .required_member = true,
};
inline constexpr Field kNextStepReason{
    .pointer = "/next_step/reason",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "why, citing the failures",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: which failures justify it>")",
};
inline constexpr Field kShapeChecks{
    .pointer = "/shape_checks",
    .schema = R"({"type": "array"})",
    .description = "tensor shapes printed from a real batch, next to the shapes expected",
    .required_from = RequiredFrom::roadmap,
};
inline constexpr Field kShapeCheck{
    .pointer = "/shape_checks/*",
    .schema = R"({"type": "object"})",
    .description = "one tensor's shapes",
    .required_from = RequiredFrom::roadmap,
    .names_are_checked = true,
};
inline constexpr Field kShapeCheckTensor{
    .pointer = "/shape_checks/*/tensor",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "which tensor",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: e.g. logits>")",
    .required_member = true,
};
inline constexpr Field kShapeCheckExpected{
    .pointer = "/shape_checks/*/expected",
    .schema = R"({"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/count"}, {"$ref": "#/$defs/text"}]}})",
    .description = "the shape expected: sizes, and names such as \"batch\" for any size",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"(["batch", "<fill in>"])",
    .required_member = true,
};
inline constexpr Field kShapeCheckActual{
    .pointer = "/shape_checks/*/actual",
    .schema = R"({"type": "array", "items": {"$ref": "#/$defs/count"}})",
    .description = "the shape printed from a real batch",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"(["<fill in>", "<fill in>"])",
    .required_member = true,
};
inline constexpr Field kSelfCheck{
    .pointer = "/self_check",
    .schema = R"({"type": "object"})",
    .description = "one failure mode the project was checked for, and what was looked at",
    .required_from = RequiredFrom::roadmap,
    .names_are_checked = true,
};
inline constexpr Field kSelfCheckFailureMode{
    .pointer = "/self_check/failure_mode",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description =
        "the failure mode: shape mismatch, no loss decrease, overfitting, data leakage, or attention "
        "without explaining the data flow",
    .required_from = RequiredFrom::roadmap,
    .placeholder =
        R"("<fill in: shape mismatch, no loss decrease, overfitting, data leakage, or attention without data flow>")",
};
inline constexpr Field kSelfCheckEvidence{
    .pointer = "/self_check/evidence",
    .schema = R"({"$ref": "#/$defs/text"})",
    .description = "what you looked at, and what you saw",
    .required_from = RequiredFrom::roadmap,
    .placeholder = R"("<fill in: what you looked at>")",
};
inline constexpr Field kSelfCheckObserved{
    .pointer = "/self_check/observed",
    .schema = R"({"type": "boolean"})",
    .description =
        "true when the failure mode happened, false when it was checked for and ruled out; without it, "
        "dlcheck reads plain negations in the texts",
};

/// The whole table, top-down: a row comes after the row above it.
inline constexpr std::array kAll = {
    &kSchemaUrl,
    &kTask,
    &kRunCommand,
    &kDataset,
    &kDatasetName,
    &kDatasetSource,
    &kDatasetSplit,
    &kDatasetSplitMethod,
    &kDatasetIds,
    &kMetric,
    &kMetricName,
    &kMetricSplit,
    &kMetricHigherIsBetter,
    &kMetricUnit,
    &kMetricPositiveLabel,
    &kBaseline,
    &kBaselineMethod,
    &kBaselineValue,
    &kCurrent,
    &kCurrentMethod,
    &kCurrentValue,
    &kBaselineShorthand,
    &kCurrentShorthand,
    &kModelSummary,
    &kModel,
    &kModelParameters,
    &kTrainingLog,
    &kTrainingLogPath,
    &kTrainingLogRun,
    &kPredictions,
    &kPredictionsPath,
    &kPredictionsId,
    &kPredictionsLabel,
    &kPredictionsPrediction,
    &kReadme,
    &kMetricTable,
    &kMetricTableRow,
    &kMetricTableModel,
    &kMetricTablePath,
    &kMetricTableHeading,
    &kMetricTableBaselineRow,
    &kMetricTableCurrentRow,
    &kSuccessSamples,
    &kSuccessSample,
    &kSuccessSampleInput,
    &kSuccessSampleLabel,
    &kSuccessSamplePrediction,
    &kSuccessSampleNote,
    &kFailureCases,
    &kFailureCase,
    &kFailureCaseInput,
    &kFailureCaseLabel,
    &kFailureCasePrediction,
    &kFailureCaseNote,
    &kFailureCaseCount,
    &kNextStep,
    &kNextStepChange,
    &kNextStepReason,
    &kShapeChecks,
    &kShapeCheck,
    &kShapeCheckTensor,
    &kShapeCheckExpected,
    &kShapeCheckActual,
    &kSelfCheck,
    &kSelfCheckFailureMode,
    &kSelfCheckEvidence,
    &kSelfCheckObserved,
};

/// The rows directly under `pointer` ("" for the top level), in table order.
std::span<const Field* const> children(std::string_view pointer);

/// The keys of the rows directly under `pointer`, shorthand and item rows left out.
std::span<const std::string_view> member_names(std::string_view pointer);

/// The key prefixes of the shorthand rows: "baseline_", "current_".
std::span<const std::string_view> shorthand_prefixes();

/// "dataset.split", "failure_cases[].note", "baseline_<metric>": a row's name as the docs write it.
std::string display_name(const Field& field);

}  // namespace dlcheck::fields
