#pragma once
// Declarations of every rule, one block per rule-group file; the registry lists them in order.

#include "dlcheck/rule.hpp"

namespace dlcheck::rules {

// consistency.cpp
extern const RuleInfo kUnreadableFile;
extern const RuleInfo kInvalidJson;
extern const RuleInfo kTooManyFindings;
extern const RuleInfo kDuplicateKey;
extern const RuleInfo kUnknownField;
extern const RuleInfo kShorthandConflict;
extern const RuleInfo kMetricRange;
extern const RuleInfo kPlaceholder;
void check_duplicate_key(const Evidence& evidence, FindingSink& sink);
void check_unknown_field(const Evidence& evidence, FindingSink& sink);
void check_shorthand_conflict(const Evidence& evidence, FindingSink& sink);
void check_metric_range(const Evidence& evidence, FindingSink& sink);
void check_placeholder(const Evidence& evidence, FindingSink& sink);

// record.cpp: "Keep One Evidence Record"
extern const RuleInfo kTask;
extern const RuleInfo kBaselineValue;
extern const RuleInfo kMetricDirection;
extern const RuleInfo kImprovement;
extern const RuleInfo kFailureEvidence;
extern const RuleInfo kNextStep;
void check_task(const Evidence& evidence, FindingSink& sink);
void check_baseline_value(const Evidence& evidence, FindingSink& sink);
void check_metric_direction(const Evidence& evidence, FindingSink& sink);
void check_improvement(const Evidence& evidence, FindingSink& sink);
void check_failure_evidence(const Evidence& evidence, FindingSink& sink);
void check_next_step(const Evidence& evidence, FindingSink& sink);

// evidence_to_keep.cpp: "Evidence to Keep"
extern const RuleInfo kRunCommand;
extern const RuleInfo kDatasetNote;
extern const RuleInfo kBaselineMethod;
void check_run_command(const Evidence& evidence, FindingSink& sink);
void check_dataset_note(const Evidence& evidence, FindingSink& sink);
void check_baseline_method(const Evidence& evidence, FindingSink& sink);

// deliverables.cpp: "Project Deliverable Standards"
extern const RuleInfo kModelSummary;
extern const RuleInfo kTrainingLog;
extern const RuleInfo kMetricTable;
void check_model_summary(const Evidence& evidence, FindingSink& sink);
void check_training_log(const Evidence& evidence, FindingSink& sink);
void check_metric_table(const Evidence& evidence, FindingSink& sink);

// failure_check.cpp: "Failure Check"
extern const RuleInfo kSuccessSamples;
extern const RuleInfo kFailureCases;
extern const RuleInfo kFailureCaseCount;
extern const RuleInfo kNextStepReason;
void check_success_samples(const Evidence& evidence, FindingSink& sink);
void check_failure_cases(const Evidence& evidence, FindingSink& sink);
void check_failure_case_count(const Evidence& evidence, FindingSink& sink);
void check_next_step_reason(const Evidence& evidence, FindingSink& sink);

// reasoning.cpp: "Check reasoning and explanation"
extern const RuleInfo kShapeChecks;
extern const RuleInfo kSelfCheck;
void check_shape_checks(const Evidence& evidence, FindingSink& sink);
void check_self_check(const Evidence& evidence, FindingSink& sink);

// project_files.cpp: claims checked against the files the record names, and when they apply
bool reads_project_files(const Evidence& evidence);
bool names_any_file(const Evidence& evidence);
bool has_readme_and_run_command(const Evidence& evidence);
bool names_training_log(const Evidence& evidence);
bool names_training_log_and_self_check(const Evidence& evidence);
bool names_predictions(const Evidence& evidence);
bool names_predictions_and_count(const Evidence& evidence);
bool names_splits(const Evidence& evidence);
extern const RuleInfo kReadme;
extern const RuleInfo kProjectFile;
extern const RuleInfo kReadmeRunCommand;
void check_readme(const Evidence& evidence, FindingSink& sink);
void check_project_file(const Evidence& evidence, FindingSink& sink);
void check_readme_run_command(const Evidence& evidence, FindingSink& sink);

// training_log_rules.cpp
extern const RuleInfo kLogFormat;
extern const RuleInfo kLogNonFinite;
extern const RuleInfo kLogTooFewPoints;
extern const RuleInfo kLogNoDecrease;
extern const RuleInfo kLogOverfitting;
extern const RuleInfo kLogSelfCheck;
void check_log_format(const Evidence& evidence, FindingSink& sink);
void check_log_non_finite(const Evidence& evidence, FindingSink& sink);
void check_log_too_few_points(const Evidence& evidence, FindingSink& sink);
void check_log_no_decrease(const Evidence& evidence, FindingSink& sink);
void check_log_overfitting(const Evidence& evidence, FindingSink& sink);
void check_log_self_check(const Evidence& evidence, FindingSink& sink);

// predictions_rules.cpp
extern const RuleInfo kPredictionsFormat;
extern const RuleInfo kPredictionsMetric;
extern const RuleInfo kPredictionsFailureCount;
extern const RuleInfo kPredictionsSamples;
extern const RuleInfo kSplitLeakage;
void check_predictions_format(const Evidence& evidence, FindingSink& sink);
void check_predictions_metric(const Evidence& evidence, FindingSink& sink);
void check_predictions_failure_count(const Evidence& evidence, FindingSink& sink);
void check_predictions_samples(const Evidence& evidence, FindingSink& sink);
void check_split_leakage(const Evidence& evidence, FindingSink& sink);

}  // namespace dlcheck::rules
