// The loss curve behind the claims: read the training log and judge what it shows.

#include <fmt/format.h>

#include <algorithm>
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

std::string where(const LossCurve& curve, const CurvePoint& point) {
  return fmt::format("{} {}", curve.x_name, format_rounded(point.x, 3));
}

std::string percent(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }

// Says why a rule that needs the loaded log cannot judge it: the file could not be opened, or
// could not be read as a log.
void log_not_loaded(const CheckContext& evidence, FindingSink& sink) {
  const ProjectArtifacts* artifacts = evidence.artifacts();
  if (artifacts == nullptr || !artifacts->training_log_file) return;
  file_not_loaded(sink, *artifacts, *artifacts->training_log_file, artifacts->training_log.has_value(),
                  "the training log", "log-format");
}

std::string adversarial_columns(const TrainingLog& log) {
  std::vector<std::string> names;
  for (const LossCurve& curve : log.adversarial) names.push_back(printable(curve.column));
  return fmt::format("{}", fmt::join(names, ", "));
}

// The training curve is too short (or absent) to judge: the reason, naming the rule that says so.
std::string no_trend_reason(const LoadedLog& loaded) {
  const std::string path = printable(loaded.file.display_path);
  if (!loaded.log.train && !loaded.log.adversarial.empty()) {
    return fmt::format("only adversarial losses ({}): a GAN's losses are not expected to fall",
                       adversarial_columns(loaded.log));
  }
  if (!loaded.log.train) return fmt::format("no training loss curve in {} (see log-too-few-points)", path);
  return fmt::format("too few training-loss points in {} to judge the curve (see log-too-few-points)", path);
}

/// Where a value of a curve is: a line of a text log, or the step of a binary one.
ArtifactLocation at_point(const NamedFile& file, const CurvePoint& point) { return at_line(file, point.line); }

struct SelfCheckClaim {
  FailureMode mode;
  Observed observed;
};

/// The failure mode a self-check names, and whether it says the mode happened: `observed` when
/// given, else what its texts say.
std::optional<SelfCheckClaim> self_check_claim(const CheckContext& evidence) {
  const std::optional<std::string_view> text = find_text(evidence, fields::kSelfCheckFailureMode.pointer);
  const std::optional<FailureMode> mode = text ? recognise_failure_mode(*text) : std::nullopt;
  if (!mode) return std::nullopt;
  if (JsonValue observed = evidence.find(fields::kSelfCheckObserved.pointer);
      observed != nullptr && observed->is_boolean()) {
    return SelfCheckClaim{*mode, observed->boolean() ? Observed::yes : Observed::no};
  }
  const std::optional<std::string_view> said = find_text(evidence, fields::kSelfCheckEvidence.pointer);
  return SelfCheckClaim{*mode, read_observed(*mode, *text, said.value_or(std::string_view()))};
}

// No validation curve has enough points: the reason, with the longest curve's count, the same
// for log-overfitting and log-self-check.
std::string too_few_validation_points(const TrainingLog& log, std::string_view path, const LogThresholds& thresholds) {
  std::size_t most = 0;
  for (const LossCurve& curve : log.validation) most = std::max(most, curve.count);
  return fmt::format("too few validation-loss points in {} to judge overfitting: {} of at least {}", path, most,
                     thresholds.min_points);
}

/// The first validation curve that shows overfitting, with what it shows.
struct OverfitCurve {
  const LossCurve* curve = nullptr;
  OverfittingEvidence found;
};

std::optional<OverfitCurve> overfitting_curve(const TrainingLog& log, const LogThresholds& thresholds) {
  for (const LossCurve& validation : log.validation) {
    const LogAssessment assessment = assess_loss_curves(log.train, &validation, thresholds);
    if (assessment.overfitting) return OverfitCurve{&validation, *assessment.overfitting};
  }
  return std::nullopt;
}

double relative_rise(const OverfittingEvidence& found) {
  return found.best.value != 0 ? (found.last.value - found.best.value) / std::fabs(found.best.value) : 0;
}

std::string describe_rise(const LossCurve& validation, const OverfittingEvidence& found) {
  return fmt::format("{} is lowest at {} ({}) and rises to {} by {} (+{})", printable(validation.column),
                     where(validation, found.best), format_rounded(found.best.value, 4),
                     format_rounded(found.last.value, 4), where(validation, found.last), percent(relative_rise(found)));
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
  if (artifacts == nullptr || !artifacts->training_log_file) return;
  if (!artifacts->training_log) {
    return sink.not_checked(unopened_file_reason(*artifacts, *artifacts->training_log_file, "the training log"));
  }
  if (const auto* error = std::get_if<TrainingLogError>(&*artifacts->training_log)) {
    sink.report_in_file(fields::kTrainingLog.pointer,
                        ArtifactLocation{artifacts->training_log_file->display_path, error->line, error->column, ""},
                        error->message);
    return;
  }
  // How the log was read (a run chosen among several, a record cut short) is information.
  for (const std::string& note : std::get<TrainingLog>(*artifacts->training_log).notes) {
    sink.report_in_file(fields::kTrainingLog.pointer, at_line(*artifacts->training_log_file, 0), note, "",
                        Severity::info);
  }
}

const RuleInfo kLogNonFinite{
    .id = "log-non-finite",
    .section = Section::verification,
    .severity = Severity::error,
    .summary = "no loss in the training log is NaN or infinite",
    .explanation =
        "A NaN or infinite loss means training diverged: the weights after that point are garbage, "
        "whatever metric was reported. Each loss column gets one finding, at its first non-finite "
        "value, with the number of them.",
    .hint = "lower the learning rate, clip gradients, or check the inputs for NaN, then retrain",
    .passing_example = "",
    .failing_example = "",
};

void check_log_non_finite(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  if (!loaded) return log_not_loaded(evidence, sink);
  for (const NonFiniteValues& values : loaded->log.non_finite) {
    const std::string place =
        values.line > 0 ? fmt::format("line {}", values.line) : fmt::format("step {}", format_rounded(values.x, 3));
    sink.report_in_file(fields::kTrainingLog.pointer, at_line(loaded->file, values.line),
                        values.count == 1
                            ? fmt::format("{} is {} at {}", printable(values.column), printable(values.text), place)
                            : fmt::format("{} is {} at {}, the first of {} non-finite values", printable(values.column),
                                          printable(values.text), place, values.count));
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
  if (!loaded) return log_not_loaded(evidence, sink);
  if (!loaded->log.train && !loaded->log.adversarial.empty()) {
    return sink.not_checked(fmt::format("only adversarial losses ({}): a GAN's losses are summarised, not judged",
                                        adversarial_columns(loaded->log)));
  }
  const LogAssessment assessment = assess_loss_curves(loaded->log.train, nullptr, evidence.thresholds().log);
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
  if (!loaded) return log_not_loaded(evidence, sink);
  const LogAssessment assessment = assess_loss_curves(loaded->log.train, nullptr, evidence.thresholds().log);
  if (assessment.too_few_points) return sink.not_checked(no_trend_reason(*loaded));
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
  if (!loaded) return log_not_loaded(evidence, sink);
  const std::string path = printable(loaded->file.display_path);
  if (loaded->log.validation.empty()) return sink.not_checked(fmt::format("no validation loss curve in {}", path));
  const LogThresholds& thresholds = evidence.thresholds().log;
  if (assess_loss_curves(loaded->log.train, nullptr, thresholds).too_few_points) {
    return sink.not_checked(no_trend_reason(*loaded));
  }
  const std::optional<SelfCheckClaim> claim = self_check_claim(evidence);
  const bool confirmed = claim && claim->mode == FailureMode::overfitting && claim->observed == Observed::yes;
  std::size_t judged = 0;
  for (const LossCurve& validation : loaded->log.validation) {
    judged += validation.count >= thresholds.min_points ? 1 : 0;
    const LogAssessment assessment = assess_loss_curves(loaded->log.train, &validation, thresholds);
    if (!assessment.overfitting) continue;
    const OverfittingEvidence& found = *assessment.overfitting;
    sink.report_in_file(
        fields::kTrainingLog.pointer, at_point(loaded->file, found.best),
        fmt::format("overfitting: {} while the training loss keeps falling (-{}){}", describe_rise(validation, found),
                    percent(found.train_drop_after_best), confirmed ? "; this confirms the self-check" : ""),
        confirmed ? "report the metric of the checkpoint at the validation minimum" : "",
        confirmed ? std::optional<Severity>(Severity::info) : std::nullopt);
  }
  if (judged == 0) sink.not_checked(too_few_validation_points(loaded->log, path, thresholds));
}

const RuleInfo kLogSelfCheck{
    .id = "log-self-check",
    .section = Section::verification,
    .severity = Severity::warning,
    .summary = "the self-check agrees with what the training log shows",
    .explanation =
        "A self-check says whether its failure mode happened: `self_check.observed`, or plain words "
        "in its texts (\"no overfitting\", \"ruled out\", \"none seen\" rule it out; \"val loss "
        "rises\" says it happened). A self-check that rules out overfitting while the validation "
        "loss rises, or says it happened when the validation loss never rises, is contradicted by "
        "the project's own evidence; likewise for no loss decrease. When the self-check does not "
        "say either way, dlcheck says so rather than guess. It applies only when the self-check "
        "names one of these two modes.",
    .hint = "look at the curves again and name the failure mode they show",
    .passing_example = "",
    .failing_example = "",
};

void check_log_self_check(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  const std::optional<SelfCheckClaim> claim = self_check_claim(evidence);
  if (!claim) return;  // the rule applies only to modes a log can judge (names_training_log_and_self_check)
  if (!loaded) return log_not_loaded(evidence, sink);
  const TrainingLog& log = loaded->log;
  const LogThresholds& thresholds = evidence.thresholds().log;
  const LogAssessment assessment = assess_loss_curves(log.train, nullptr, thresholds);
  if (assessment.too_few_points) return sink.not_checked(no_trend_reason(*loaded));
  const std::string file = printable(loaded->file.display_path);
  const auto report = [&](std::string message) {
    sink.report_in_file(fields::kSelfCheckFailureMode.pointer, at_line(loaded->file, 0), std::move(message));
  };
  const auto unsaid = [&](std::string_view mode, bool shown) {
    sink.report_in_file(fields::kSelfCheckFailureMode.pointer, at_line(loaded->file, 0),
                        fmt::format("the self-check names {} but does not say whether it happened; {} {} it", mode,
                                    file, shown ? "shows" : "does not show"),
                        "set \"observed\": true or false in self_check", Severity::info);
  };
  if (claim->mode == FailureMode::overfitting) {
    const std::optional<OverfitCurve> shown = overfitting_curve(log, thresholds);
    const bool checkable = std::any_of(log.validation.begin(), log.validation.end(),
                                       [&](const LossCurve& curve) { return curve.count >= thresholds.min_points; });
    if (!shown && !checkable) {
      return sink.not_checked(too_few_validation_points(log, file, thresholds));
    }
    if (claim->observed == Observed::unsaid) return unsaid("overfitting", shown.has_value());
    if (shown && claim->observed == Observed::no) {
      report(fmt::format("the self-check rules out overfitting, but in {} {}", file,
                         describe_rise(*shown->curve, shown->found)));
    } else if (!shown && claim->observed == Observed::yes) {
      const LossCurve& validation = log.validation.front();
      const bool rises = validation.last.value > validation.best.value * (1 + thresholds.overfit_min_rise);
      const bool a_little = !rises && validation.last.value > validation.best.value;
      report(fmt::format("the self-check says overfitting happened, but {} in {} {} ({} at {}, last {} at {})",
                         printable(validation.column), file,
                         rises ? "rises after its minimum while the training loss rises too, which is not overfitting"
                         : a_little ? fmt::format("rises only {} after its minimum, less than the --overfit-rise of {}",
                                                  percent((validation.last.value - validation.best.value) /
                                                          std::fabs(validation.best.value)),
                                                  percent(thresholds.overfit_min_rise))
                                    : std::string("does not rise after its minimum"),
                         format_rounded(validation.best.value, 4), where(validation, validation.best),
                         format_rounded(validation.last.value, 4), where(validation, validation.last)));
    }
  } else if (claim->mode == FailureMode::no_loss_decrease) {
    const bool shown = assessment.no_decrease || log.non_finite_total > 0;
    if (claim->observed == Observed::unsaid) return unsaid("no loss decrease", shown);
    if (shown && claim->observed == Observed::no) {
      report(fmt::format("the self-check rules out no loss decrease, but the training loss in {} {}", file,
                         log.non_finite_total > 0
                             ? "has non-finite values"
                             : fmt::format("falls only {}", percent(assessment.train_relative_decrease))));
    } else if (!shown && claim->observed == Observed::yes) {
      report(fmt::format("the self-check names no loss decrease, but the training loss in {} falls by {}", file,
                         percent(assessment.train_relative_decrease)));
    }
  }
}

const RuleInfo kLogAppendedRuns{
    .id = "log-appended-runs",
    .section = Section::consistency,
    .severity = Severity::warning,
    .summary = "the training log holds one run",
    .explanation =
        "When the epoch or step of a loss column goes back, the file holds several runs appended one "
        "after another (Keras `CSVLogger(append=True)`, a resumed script). Only the last run is "
        "judged; the finding says where it starts, so that a reader of the log knows which run the "
        "report describes.",
    .hint = "start a new log file for each run, or remove the runs that are not reported",
    .passing_example = "",
    .failing_example = "",
};

void check_log_appended_runs(const CheckContext& evidence, FindingSink& sink) {
  const auto loaded = loaded_log(evidence);
  if (!loaded || !loaded->log.appended) return;
  const AppendedRuns& appended = *loaded->log.appended;
  const std::string x_name = loaded->log.train ? loaded->log.train->x_name : "step";
  sink.report_in_file(fields::kTrainingLog.pointer, at_line(loaded->file, appended.line),
                      fmt::format("the training log holds {} runs appended one after another: {} goes back to {} {}{}; "
                                  "only the last run is judged",
                                  appended.runs, printable(appended.column), x_name, format_rounded(appended.x, 3),
                                  appended.line > 0 ? fmt::format(" at line {}", appended.line) : ""));
}

}  // namespace dlcheck::rules
