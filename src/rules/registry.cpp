#include <algorithm>
#include <array>

#include "rules/rule.hpp"
#include "rules/rules.hpp"

namespace dlcheck {

void FindingSink::report(std::string_view pointer, std::string message, std::string hint) {
  if (full()) return skip(rule_.severity);
  JsonValue member = evidence_.find(pointer);
  report_at(pointer, evidence_.position(pointer), std::move(message), std::move(hint));
  out_.back().member_exists = member != nullptr;
}

void FindingSink::report_at(std::string_view pointer, SourcePosition position, std::string message, std::string hint) {
  if (full()) return skip(rule_.severity);
  ++kept_;
  Finding finding;
  finding.rule = std::string(rule_.id);
  finding.severity = rule_.severity;
  finding.message = std::move(message);
  finding.hint = hint.empty() ? std::string(rule_.hint) : std::move(hint);
  finding.pointer = std::string(pointer);
  finding.position = position;
  finding.member_exists = true;
  out_.push_back(std::move(finding));
}

void FindingSink::report_in_file(std::string_view pointer, ArtifactLocation location, std::string message,
                                 std::string hint, std::optional<Severity> severity) {
  if (full()) return skip(severity.value_or(rule_.severity));
  report(pointer, std::move(message), std::move(hint));
  out_.back().artifact = std::move(location);
  if (severity) out_.back().severity = *severity;
}

void FindingSink::not_checked(std::string reason) {
  if (!not_checked_reason_) not_checked_reason_ = std::move(reason);
}

namespace {

using namespace rules;

// Why a file check does not apply, shared by the rules of one file kind.
constexpr std::string_view kNoTrainingLog = "the record names no training log (training_log)";
constexpr std::string_view kNoPredictions = "the record names no predictions file (predictions)";

// The one table of rules, in the order the report shows them.
const std::array kRules = {
    Rule{kTask, check_task},
    Rule{kBaselineValue, check_baseline_value},
    Rule{kMetricDirection, check_metric_direction},
    Rule{kImprovement, check_improvement},
    Rule{kFailureEvidence, check_failure_evidence},
    Rule{kNextStep, check_next_step},
    Rule{kRunCommand, check_run_command},
    Rule{kDatasetNote, check_dataset_note},
    Rule{kBaselineMethod, check_baseline_method},
    Rule{kModelSummary, check_model_summary},
    Rule{kTrainingLog, check_training_log},
    Rule{kMetricTable, check_metric_table},
    Rule{kReadme, check_readme, reads_project_files, "the project files are not read"},
    Rule{kSuccessSamples, check_success_samples},
    Rule{kFailureCases, check_failure_cases},
    Rule{kFailureCaseCount, check_failure_case_count},
    Rule{kNextStepReason, check_next_step_reason},
    Rule{kShapeChecks, check_shape_checks},
    Rule{kSelfCheck, check_self_check},
    Rule{kProjectFile, check_project_file, names_any_file, "the record names no project file"},
    Rule{kReadmeRunCommand, check_readme_run_command, looks_for_readme_and_has_run_command,
         "it needs a README and a run command (see readme and run-command)"},
    Rule{kLogFormat, check_log_format, names_training_log, kNoTrainingLog},
    Rule{kLogNonFinite, check_log_non_finite, names_training_log, kNoTrainingLog},
    Rule{kLogTooFewPoints, check_log_too_few_points, names_training_log, kNoTrainingLog},
    Rule{kLogNoDecrease, check_log_no_decrease, names_training_log, kNoTrainingLog},
    Rule{kLogOverfitting, check_log_overfitting, names_training_log, kNoTrainingLog},
    Rule{kLogSelfCheck, check_log_self_check, names_training_log_and_self_check,
         "it needs a training log and a self-check naming overfitting or no loss decrease"},
    Rule{kPredictionsFormat, check_predictions_format, names_predictions, kNoPredictions},
    Rule{kPredictionsMetric, check_predictions_metric, names_predictions, kNoPredictions},
    Rule{kPredictionsFailureCount, check_predictions_failure_count, names_predictions_and_count,
         "it needs a predictions file and a failure_case_count"},
    Rule{kPredictionsSamples, check_predictions_samples, names_predictions, kNoPredictions},
    Rule{kSplitLeakage, check_split_leakage, names_splits, "the record names no split id files"},
    Rule{kMetricTableFile, check_metric_table_file, names_metric_table_file, "the record names no metric table file"},
    Rule{kModelSummaryFile, check_model_summary_file, names_model_summary_file_or_parameters,
         "the record names no model summary file and no parameter count"},
    Rule{kDuplicateKey, check_duplicate_key},
    Rule{kUnknownField, check_unknown_field},
    Rule{kShorthandConflict, check_shorthand_conflict},
    Rule{kLogAppendedRuns, check_log_appended_runs, names_training_log, kNoTrainingLog},
    Rule{kMetricRange, check_metric_range},
    Rule{kPlaceholder, check_placeholder},
    Rule{kUnreadableFile, nullptr},
    Rule{kInvalidJson, nullptr},
    Rule{kSymlinkedEvidence, nullptr},
    Rule{kMissingEvidence, nullptr},
    Rule{kTooManyFindings, nullptr},
    Rule{kInvalidConfig, nullptr},
    Rule{kLocalConfigIgnored, nullptr},
    Rule{kLocalConfigLimit, nullptr},
};

}  // namespace

std::span<const Rule> all_rules() { return kRules; }

const Rule* find_rule(std::string_view id) {
  const auto it = std::find_if(kRules.begin(), kRules.end(), [&](const Rule& rule) { return rule.info.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

}  // namespace dlcheck
