#pragma once
// Declarations of every rule, one block per rule-group file; the registry lists them in order.

#include "rules/rule.hpp"

namespace dlcheck::rules {

// consistency.cpp
extern const RuleInfo kUnreadableFile;
extern const RuleInfo kInvalidJson;
extern const RuleInfo kSymlinkedEvidence;
extern const RuleInfo kMissingEvidence;
extern const RuleInfo kTooManyFindings;
extern const RuleInfo kDuplicateKey;
extern const RuleInfo kUnknownField;
extern const RuleInfo kShorthandConflict;
extern const RuleInfo kMetricRange;
extern const RuleInfo kPlaceholder;
void check_duplicate_key(const CheckContext& evidence, FindingSink& sink);
void check_unknown_field(const CheckContext& evidence, FindingSink& sink);
void check_shorthand_conflict(const CheckContext& evidence, FindingSink& sink);
void check_metric_range(const CheckContext& evidence, FindingSink& sink);
void check_placeholder(const CheckContext& evidence, FindingSink& sink);

// config_rules.cpp: what is said about a rubric config found beside the evidence
extern const RuleInfo kInvalidConfig;
extern const RuleInfo kLocalConfigIgnored;
extern const RuleInfo kLocalConfigLimit;

// record.cpp: "Keep One Evidence Record"
extern const RuleInfo kTask;
extern const RuleInfo kBaselineValue;
extern const RuleInfo kMetricDirection;
extern const RuleInfo kImprovement;
extern const RuleInfo kFailureEvidence;
extern const RuleInfo kNextStep;
void check_task(const CheckContext& evidence, FindingSink& sink);
void check_baseline_value(const CheckContext& evidence, FindingSink& sink);
void check_metric_direction(const CheckContext& evidence, FindingSink& sink);
void check_improvement(const CheckContext& evidence, FindingSink& sink);
void check_failure_evidence(const CheckContext& evidence, FindingSink& sink);
void check_next_step(const CheckContext& evidence, FindingSink& sink);

// evidence_to_keep.cpp: "Evidence to Keep"
extern const RuleInfo kRunCommand;
extern const RuleInfo kDatasetNote;
extern const RuleInfo kBaselineMethod;
void check_run_command(const CheckContext& evidence, FindingSink& sink);
void check_dataset_note(const CheckContext& evidence, FindingSink& sink);
void check_baseline_method(const CheckContext& evidence, FindingSink& sink);

// deliverables.cpp: "Project Deliverable Standards"
extern const RuleInfo kModelSummary;
extern const RuleInfo kTrainingLog;
extern const RuleInfo kMetricTable;
void check_model_summary(const CheckContext& evidence, FindingSink& sink);
void check_training_log(const CheckContext& evidence, FindingSink& sink);
void check_metric_table(const CheckContext& evidence, FindingSink& sink);

// failure_check.cpp: "Failure Check"
extern const RuleInfo kSuccessSamples;
extern const RuleInfo kFailureCases;
extern const RuleInfo kFailureCaseCount;
extern const RuleInfo kNextStepReason;
void check_success_samples(const CheckContext& evidence, FindingSink& sink);
void check_failure_cases(const CheckContext& evidence, FindingSink& sink);
void check_failure_case_count(const CheckContext& evidence, FindingSink& sink);
void check_next_step_reason(const CheckContext& evidence, FindingSink& sink);

// reasoning.cpp: "Check reasoning and explanation"
extern const RuleInfo kShapeChecks;
extern const RuleInfo kSelfCheck;
void check_shape_checks(const CheckContext& evidence, FindingSink& sink);
void check_self_check(const CheckContext& evidence, FindingSink& sink);

// project_files.cpp: claims checked against the files the record names, and when they apply
bool reads_project_files(const CheckContext& evidence);
bool names_any_file(const CheckContext& evidence);
bool looks_for_readme_and_has_run_command(const CheckContext& evidence);
bool names_training_log(const CheckContext& evidence);
bool names_training_log_and_self_check(const CheckContext& evidence);
bool names_predictions(const CheckContext& evidence);
bool names_predictions_and_count(const CheckContext& evidence);
bool names_splits(const CheckContext& evidence);

/// Why a file the record names could not be used, as a not-checked reason: "the training log
/// runs/x.csv is missing (see project-file)". `what` names the file ("the training log").
std::string unopened_file_reason(const ProjectArtifacts& artifacts, const NamedFile& file, std::string_view what);

/// Where in a file the record names a finding points: a line (0 for the whole file) and its text.
ArtifactLocation at_line(const NamedFile& file, std::size_t line = 0, std::string excerpt = {});

/// Says why a rule cannot judge a file the record names: it was not `opened`, or could not be
/// read as `what` (then `reading_rule`, e.g. "log-format", says why).
void file_not_loaded(FindingSink& sink, const ProjectArtifacts& artifacts, const NamedFile& file, bool opened,
                     std::string_view what, std::string_view reading_rule);

// deliverable_files.cpp: the metric table and the model summary kept as files
extern const RuleInfo kMetricTableFile;
extern const RuleInfo kModelSummaryFile;
bool names_metric_table_file(const CheckContext& evidence);
bool names_model_summary_file_or_parameters(const CheckContext& evidence);
void check_metric_table_file(const CheckContext& evidence, FindingSink& sink);
void check_model_summary_file(const CheckContext& evidence, FindingSink& sink);

extern const RuleInfo kReadme;
extern const RuleInfo kProjectFile;
extern const RuleInfo kReadmeRunCommand;
void check_readme(const CheckContext& evidence, FindingSink& sink);
void check_project_file(const CheckContext& evidence, FindingSink& sink);
void check_readme_run_command(const CheckContext& evidence, FindingSink& sink);

// training_log_rules.cpp
extern const RuleInfo kLogFormat;
extern const RuleInfo kLogNonFinite;
extern const RuleInfo kLogTooFewPoints;
extern const RuleInfo kLogNoDecrease;
extern const RuleInfo kLogOverfitting;
extern const RuleInfo kLogSelfCheck;
extern const RuleInfo kLogAppendedRuns;
void check_log_format(const CheckContext& evidence, FindingSink& sink);
void check_log_non_finite(const CheckContext& evidence, FindingSink& sink);
void check_log_too_few_points(const CheckContext& evidence, FindingSink& sink);
void check_log_no_decrease(const CheckContext& evidence, FindingSink& sink);
void check_log_overfitting(const CheckContext& evidence, FindingSink& sink);
void check_log_self_check(const CheckContext& evidence, FindingSink& sink);
void check_log_appended_runs(const CheckContext& evidence, FindingSink& sink);

// predictions_rules.cpp
extern const RuleInfo kPredictionsFormat;
extern const RuleInfo kPredictionsMetric;
extern const RuleInfo kPredictionsFailureCount;
extern const RuleInfo kPredictionsSamples;
extern const RuleInfo kSplitLeakage;
void check_predictions_format(const CheckContext& evidence, FindingSink& sink);
void check_predictions_metric(const CheckContext& evidence, FindingSink& sink);
void check_predictions_failure_count(const CheckContext& evidence, FindingSink& sink);
void check_predictions_samples(const CheckContext& evidence, FindingSink& sink);
void check_split_leakage(const CheckContext& evidence, FindingSink& sink);

}  // namespace dlcheck::rules
