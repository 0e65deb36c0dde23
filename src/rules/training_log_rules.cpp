// The loss curve behind the claims: read the training log and judge what it shows.

#include <fmt/format.h>

#include <cmath>

#include "artifacts/project_artifacts.hpp"
#include "record/failure_mode.hpp"
#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"

namespace dlcheck::rules {
namespace {

struct LoadedLog {
  const NamedFile& file;
  const TrainingLog& log;
};

std::optional<LoadedLog> loaded_log(const CheckContext& evidence) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr || !artifacts->training_log) return std::nullopt;
  const auto* log = std::get_if<TrainingLog>(&*artifacts->training_log);
  if (log == nullptr) return std::nullopt;
  return LoadedLog{*artifacts->training_log_file, *log};
}

ArtifactLocation at_line(const NamedFile& file, std::size_t line) { return {file.display_path, line, 0, ""}; }

std::string where(const LossCurve& curve, const CurvePoint& point) {
  return fmt::format("{} {}", curve.x_name, format_rounded(point.x, 3));
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }

std::optional<FailureMode> self_check_mode(const CheckContext& evidence) {
  const std::optional<std::string_view> mode = find_text(evidence, fields::kSelfCheckFailureMode.pointer);
  return mode ? recognise_failure_mode(*mode) : std::nullopt;
}

}  // namespace

const RuleInfo kLogFormat{
    .id = "log-format",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "the training log is in a format dlcheck reads, with a loss column",
    .explanation =
        "dlcheck reads Keras CSVLogger files, PyTorch Lightning metrics.csv, Hugging Face "
        "trainer_state.json, CSV/TSV with a header, and JSON Lines, detecting the format from the "
        "content. Plain text logging output cannot be checked: export the log with a logger.",
    .hint =
        "export the log with a CSV logger (Keras CSVLogger, Lightning CSVLogger) or the Trainer's trainer_state.json",
    .passing_example = "",
    .failing_example = "",
};

void check_log_format(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr || !artifacts->training_log) return;
  if (const auto* error = std::get_if<TrainingLogError>(&*artifacts->training_log)) {
    sink.report_in_file(fields::kTrainingLog.pointer,
                        ArtifactLocation{artifacts->training_log_file->display_path, error->line, error->column, ""},
                        error->message);
  }
}

const RuleInfo kLogNonFinite{
    .id = "log-non-finite",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "no loss in the training log is NaN or infinite",
    .explanation =
        "A NaN or infinite loss means training diverged: the weights after that point are garbage, "
        "whatever metric was reported. The finding points at the log line.",
    .hint = "lower the learning rate, clip gradients, or check the inputs for NaN, then retrain",
    .passing_example = "",
    .failing_example = "",
};

void check_log_non_finite(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  if (!loaded) return;
  const auto& values = loaded->log.non_finite;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const bool last = i + 1 == values.size();
    const std::size_t more = loaded->log.non_finite_total - values.size();
    sink.report_in_file(fields::kTrainingLog.pointer, at_line(loaded->file, values[i].line),
                        fmt::format("{} is {} at line {}{}", printable(values[i].column), printable(values[i].text),
                                    values[i].line, last && more > 0 ? fmt::format(" ({} more not shown)", more) : ""));
  }
}

const RuleInfo kLogTooFewPoints{
    .id = "log-too-few-points",
    .section = Section::verification,
    .severity = Severity::warning,
    .summary = "the training log has enough training-loss points to judge the curve",
    .explanation =
        "With fewer points than --min-log-points (default 3) no trend can be judged, so the "
        "no-decrease and overfitting checks are skipped. GAN logs with only adversarial losses "
        "(d_loss, g_loss) are summarised and never judged.",
    .hint = "log the loss every epoch (or every few steps)",
    .passing_example = "",
    .failing_example = "",
};

void check_log_too_few_points(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  if (!loaded || (!loaded->log.train && !loaded->log.adversarial.empty())) return;
  const LogAssessment assessment =
      assess_loss_curves(loaded->log.train, loaded->log.validation, evidence.thresholds().log);
  if (!assessment.too_few_points) return;
  const std::size_t count = loaded->log.train ? loaded->log.train->count : 0;
  sink.report_in_file(
      fields::kTrainingLog.pointer, at_line(loaded->file, 0),
      loaded->log.train
          ? fmt::format("the training log has {} training-loss value{}: at least {} are needed to judge the curve",
                        count, count == 1 ? "" : "s", evidence.thresholds().log.min_points)
          : "the training log has no training-loss column to judge");
}

const RuleInfo kLogNoDecrease{
    .id = "log-no-decrease",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "the training loss goes down meaningfully",
    .explanation =
        "If the training loss does not fall from its first value by at least --min-loss-decrease "
        "(default 5%, relative), the model is not learning: a bug in the loss, the labels, the "
        "learning rate or the optimizer step. It is the roadmap's \"no loss decrease\" failure mode.",
    .hint = "check that optimizer.step() runs, the learning rate, and that labels match the inputs",
    .passing_example = "",
    .failing_example = "",
};

void check_log_no_decrease(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  if (!loaded || !loaded->log.train) return;
  const LogAssessment assessment =
      assess_loss_curves(loaded->log.train, loaded->log.validation, evidence.thresholds().log);
  if (!assessment.no_decrease) return;
  const LossCurve& train = *loaded->log.train;
  sink.report_in_file(
      fields::kTrainingLog.pointer, at_line(loaded->file, train.first.line),
      fmt::format("the training loss does not decrease: it starts at {} ({}) and its best is {} ({}), "
                  "a {} decrease where at least {} is expected",
                  format_rounded(train.first.value, 4), where(train, train.first), format_rounded(train.best.value, 4),
                  where(train, train.best), percent(assessment.train_relative_decrease),
                  percent(evidence.thresholds().log.min_relative_decrease)));
}

const RuleInfo kLogOverfitting{
    .id = "log-overfitting",
    .section = Section::verification,
    .severity = Severity::warning,
    .summary = "the validation loss does not rise while the training loss keeps falling",
    .explanation =
        "When the validation loss reaches its minimum well before the end (at least "
        "--overfit-patience points, default 2) and ends at least --overfit-rise (default 5%) above "
        "it while the training loss keeps falling, the model is overfitting: the best checkpoint is "
        "the one at the minimum. If `self_check.failure_mode` names overfitting, the finding is "
        "only information confirming the self-check.",
    .hint = "keep the checkpoint from the validation minimum (early stopping), or add regularisation or data",
    .passing_example = "",
    .failing_example = "",
};

void check_log_overfitting(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  if (!loaded || !loaded->log.validation) return;
  const LogAssessment assessment =
      assess_loss_curves(loaded->log.train, loaded->log.validation, evidence.thresholds().log);
  if (!assessment.overfitting) return;
  const OverfittingEvidence& found = *assessment.overfitting;
  const LossCurve& validation = *loaded->log.validation;
  const bool confirmed = self_check_mode(evidence) == FailureMode::overfitting;
  const double rise = found.best.value != 0 ? (found.last.value - found.best.value) / std::fabs(found.best.value) : 0;
  sink.report_in_file(
      fields::kTrainingLog.pointer, at_line(loaded->file, found.best.line),
      fmt::format("overfitting: the validation loss is lowest at {} ({}) and rises to {} by {} (+{}) while the "
                  "training loss keeps falling (-{}){}",
                  where(validation, found.best), format_rounded(found.best.value, 4),
                  format_rounded(found.last.value, 4), where(validation, found.last), percent(rise),
                  percent(found.train_drop_after_best), confirmed ? "; this confirms the self-check" : ""),
      confirmed ? "report the metric of the checkpoint at the validation minimum" : "",
      confirmed ? std::optional<Severity>(Severity::info) : std::nullopt);
}

const RuleInfo kLogSelfCheck{
    .id = "log-self-check",
    .section = Section::verification,
    .severity = Severity::warning,
    .summary = "the self-check does not name a failure mode the training log contradicts",
    .explanation =
        "A self-check that names overfitting when the validation loss never rises, or no loss "
        "decrease when the training loss clearly falls, is contradicted by the project's own "
        "evidence.",
    .hint = "look at the curves again and name the failure mode they show",
    .passing_example = "",
    .failing_example = "",
};

void check_log_self_check(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  const std::optional<FailureMode> mode = self_check_mode(evidence);
  if (!loaded || !mode) return;
  const LogAssessment assessment =
      assess_loss_curves(loaded->log.train, loaded->log.validation, evidence.thresholds().log);
  if (assessment.too_few_points) return;
  const std::size_t validation_points = loaded->log.validation ? loaded->log.validation->count : 0;
  if (*mode == FailureMode::overfitting && !assessment.overfitting &&
      validation_points >= evidence.thresholds().log.min_points) {
    sink.report_in_file(fields::kSelfCheckFailureMode.pointer, at_line(loaded->file, 0),
                        fmt::format("the self-check names overfitting, but the validation loss in {} does not rise "
                                    "after its minimum",
                                    printable(loaded->file.display_path)));
  } else if (*mode == FailureMode::no_loss_decrease && !assessment.no_decrease) {
    sink.report_in_file(fields::kSelfCheckFailureMode.pointer, at_line(loaded->file, 0),
                        fmt::format("the self-check names no loss decrease, but the training loss in {} falls by {}",
                                    printable(loaded->file.display_path), percent(assessment.train_relative_decrease)));
  }
}

}  // namespace dlcheck::rules
