// "Keep One Evidence Record": the roadmap's minimum habit. Every improvement needs a baseline,
// a metric, failure evidence and a next step.

#include <fmt/format.h>

#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/numbers.hpp"
#include "text/text_match.hpp"

namespace dlcheck::rules {

const RuleInfo kTask{
    .id = "task",
    .section = Section::record,
    .severity = Severity::error,
    .summary = "the record says what task the project solves",
    .explanation =
        "A reviewer reads the task first: it decides which metric makes sense and which failures "
        "matter. `task` must be a non-empty string such as \"image classification\".",
    .hint = "add \"task\": a few words such as \"image classification\"",
    .passing_example = R"({"task": "image classification"})",
    .failing_example = R"({"task": ""})",
};

void check_task(const CheckContext& evidence, FindingSink& sink) {
  require_text(evidence, sink, fields::kTask.pointer, "task");
}

const RuleInfo kBaselineValue{
    .id = "baseline-value",
    .section = Section::record,
    .severity = Severity::error,
    .summary = "the record has a numeric baseline score",
    .explanation =
        "An improvement means nothing without the first simple score it improves on. The baseline "
        "is `baseline.value`, or the roadmap's shorthand `baseline_<metric>`; it must be a JSON "
        "number (a quoted \"0.71\" is not converted).",
    .hint =
        "add \"baseline\": {\"method\": \"…\", \"value\": <number>}, or the shorthand \"baseline_<metric>\": <number>",
    .passing_example = R"({"baseline_accuracy": 0.71})",
    .failing_example = R"({"baseline": {"method": "majority class", "value": "0.71"}})",
};

void check_baseline_value(const CheckContext& evidence, FindingSink& sink) {
  const ClaimedValue& baseline = evidence.metric().baseline;
  if (baseline.raw != nullptr) {
    if (!baseline.number) report_wrong_type(sink, baseline.pointer, *baseline.raw, "a number");
    return;
  }
  if (JsonValue object = evidence.find(fields::kBaseline.pointer); object != nullptr && !object->is_object()) {
    report_wrong_type(sink, fields::kBaseline.pointer, *object, "an object with \"method\" and \"value\"");
    return;
  }
  sink.report(
      evidence.find(fields::kBaseline.pointer) != nullptr ? fields::kBaselineValue.pointer : fields::kBaseline.pointer,
      "the record has no baseline value");
}

const RuleInfo kMetricDirection{
    .id = "metric-direction",
    .section = Section::record,
    .severity = Severity::error,
    .summary = "the record names its metric, and whether higher is better is known",
    .explanation =
        "\"Better\" depends on the metric: accuracy should rise, FID and loss should fall. The "
        "metric is `metric.name`, or the suffix of the shorthand keys (`baseline_accuracy` means "
        "accuracy). dlcheck knows the direction of common metrics (docs/metrics.md); for any "
        "other metric, `metric.higher_is_better` must say it. A stated direction that "
        "contradicts a known metric is an error.",
    .hint =
        "add \"metric\": {\"name\": \"accuracy\"}; for a metric dlcheck does not know, add \"higher_is_better\": true "
        "or false",
    .passing_example = R"({"metric": {"name": "word_overlap", "higher_is_better": true}})",
    .failing_example = R"({"metric": {"name": "word_overlap"}})",
};

void check_metric_direction(const CheckContext& evidence, FindingSink& sink) {
  const MetricClaim& metric = evidence.metric();
  if (JsonValue object = evidence.find(fields::kMetric.pointer); object != nullptr) {
    if (!object->is_object()) {
      report_wrong_type(sink, fields::kMetric.pointer, *object, "an object such as {\"name\": \"accuracy\"}");
      return;
    }
    check_optional_string(evidence, sink, fields::kMetricName.pointer);
    check_optional_string(evidence, sink, fields::kMetricSplit.pointer);
    check_optional_string(evidence, sink, fields::kMetricUnit.pointer);
    if (JsonValue direction = evidence.find(fields::kMetricHigherIsBetter.pointer);
        direction != nullptr && !direction->is_boolean()) {
      report_wrong_type(sink, fields::kMetricHigherIsBetter.pointer, *direction, "true or false");
      return;
    }
  }
  if (metric.name.empty()) {
    if (metric.shorthand_names.size() > 1) {
      sink.report(fields::kMetricName.pointer,
                  fmt::format("the metric is ambiguous: the shorthand keys name {} metrics ({})",
                              metric.shorthand_names.size(), fmt::join(metric.shorthand_names, ", ")),
                  "add \"metric\": {\"name\": …} to say which one the record is judged by");
    } else if (JsonValue name = evidence.find(fields::kMetricName.pointer); name == nullptr) {
      sink.report(
          evidence.find(fields::kMetric.pointer) != nullptr ? fields::kMetricName.pointer : fields::kMetric.pointer,
          "the record names no metric");
    } else if (name->is_string()) {
      sink.report(fields::kMetricName.pointer, "metric.name is empty");
    }
    return;
  }
  if (metric.known == nullptr && !metric.declared_higher_is_better) {
    const bool from_shorthand = metric.name_pointer != fields::kMetricName.pointer;
    sink.report(
        metric.name_pointer,
        fmt::format("unknown metric \"{}\": dlcheck cannot tell whether higher is better{}", metric.name,
                    did_you_mean(suggest_metric(metric.name))),
        from_shorthand
            ? fmt::format("add \"metric\": {{\"name\": \"{}\", \"higher_is_better\": true or false}}", metric.name)
            : "add \"higher_is_better\": true or false to \"metric\"");
    return;
  }
  if (metric.known != nullptr && metric.declared_higher_is_better &&
      *metric.declared_higher_is_better != metric.known->higher_is_better) {
    sink.report(
        fields::kMetricHigherIsBetter.pointer,
        fmt::format("{} is a {}-is-better metric, but metric.higher_is_better is {}", metric.known->name,
                    metric.known->higher_is_better ? "higher" : "lower",
                    *metric.declared_higher_is_better ? "true" : "false"),
        fmt::format("set \"higher_is_better\": {}, or remove it", metric.known->higher_is_better ? "true" : "false"));
  }
}

const RuleInfo kImprovement{
    .id = "improvement",
    .section = Section::record,
    .severity = Severity::error,
    .summary = "the current score improves on the baseline",
    .explanation =
        "The metric must prove the improvement: the current value must be strictly better than the "
        "baseline in the metric's direction. Improvement = current − baseline when higher is "
        "better, baseline − current when lower is better. A comparison that cannot be made "
        "(no current value, no baseline, or an unknown direction) never passes.",
    .hint =
        "record the current score as \"current\": {\"method\": \"…\", \"value\": <number>}, or \"current_<metric>\"",
    .passing_example = R"({"baseline_accuracy": 0.71, "current_accuracy": 0.82})",
    .failing_example = R"({"baseline_accuracy": 0.71, "current_accuracy": 0.69})",
};

void check_improvement(const CheckContext& evidence, FindingSink& sink) {
  const MetricClaim& metric = evidence.metric();
  const ClaimedValue& current = metric.current;
  if (current.raw == nullptr) {
    if (JsonValue object = evidence.find(fields::kCurrent.pointer); object != nullptr && !object->is_object()) {
      report_wrong_type(sink, fields::kCurrent.pointer, *object, "an object with \"method\" and \"value\"");
      return;
    }
    sink.report(
        evidence.find(fields::kCurrent.pointer) != nullptr ? fields::kCurrentValue.pointer : fields::kCurrent.pointer,
        "the record has no current value, so no improvement can be shown");
    return;
  }
  if (!current.number) {
    report_wrong_type(sink, current.pointer, *current.raw, "a number");
    return;
  }
  if (!metric.baseline.number) {
    sink.report(metric.baseline.pointer.empty() ? fields::kBaseline.pointer : metric.baseline.pointer,
                "no improvement can be shown without a numeric baseline",
                "fix the baseline first (see baseline-value)");
    return;
  }
  if (!metric.higher_is_better) {
    sink.report(metric.name_pointer.empty() ? fields::kMetric.pointer : metric.name_pointer,
                "no improvement can be judged while the metric's direction is unknown",
                "fix the metric first (see metric-direction)");
    return;
  }
  if (metric.known != nullptr && metric.known->range == MetricRange::unit_interval &&
      on_different_scales(*metric.baseline.number, *current.number)) {
    sink.report(current.pointer,
                fmt::format("no improvement can be shown: the baseline {} and the current {} are on different scales",
                            format_rounded(*metric.baseline.number, 6), format_rounded(*current.number, 6)),
                "fix the scale first (see metric-range)");
    return;
  }
  const double improvement = signed_improvement(*metric.baseline.number, *current.number, *metric.higher_is_better);
  const std::string direction = *metric.higher_is_better ? "higher is better" : "lower is better";
  const Thresholds& thresholds = evidence.thresholds();
  const std::optional<double> relative = relative_improvement(improvement, *metric.baseline.number);
  const bool enough_relative =
      thresholds.min_relative_improvement <= 0 || (relative && *relative >= thresholds.min_relative_improvement);
  if (improvement > 0 && improvement > thresholds.min_improvement && enough_relative) return;
  if (improvement > 0) {
    sink.report(current.pointer,
                fmt::format("the improvement {} ({}) is below the rubric's minimum ({} absolute, {:.1f}% relative)",
                            format_rounded(improvement),
                            relative ? fmt::format("{:+.1f}%", *relative * 100) : "relative undefined",
                            format_rounded(thresholds.min_improvement, 6), thresholds.min_relative_improvement * 100),
                "improve the model further, or discuss the rubric with your instructor");
    return;
  }
  sink.report(current.pointer,
              improvement == 0
                  ? fmt::format("current {} {} equals the baseline ({}): no improvement", metric.name,
                                format_rounded(*current.number, 6), direction)
                  : fmt::format("current {} {} is worse than the baseline {} ({}): improvement {}", metric.name,
                                format_rounded(*current.number, 6), format_rounded(*metric.baseline.number, 6),
                                direction, format_rounded(improvement)),
              "report the score of a model that beats the baseline, or say in next_step what you will try");
}

const RuleInfo kFailureEvidence{
    .id = "failure-evidence",
    .section = Section::record,
    .severity = Severity::error,
    .summary = "the record shows at least three failures",
    .explanation =
        "\"If you cannot show failures, the project is still a demo.\" The record passes with "
        "`failure_case_count` of at least 3, or at least 3 entries in `failure_cases`.",
    .hint =
        "list at least three wrong or weak predictions in \"failure_cases\", or count them in \"failure_case_count\"",
    .passing_example = R"({"failure_case_count": 5})",
    .failing_example = R"({"failure_case_count": 2})",
};

void check_failure_evidence(const CheckContext& evidence, FindingSink& sink) {
  const std::size_t minimum = evidence.thresholds().min_failure_cases;
  JsonValue count = evidence.find(fields::kFailureCaseCount.pointer);
  JsonValue cases = evidence.find(fields::kFailureCases.pointer);
  if (count != nullptr && !is_count(*count)) {
    report_wrong_type(sink, fields::kFailureCaseCount.pointer, *count, "a whole number of failures");
    return;
  }
  if (cases != nullptr && !cases->is_array()) {
    report_wrong_type(sink, fields::kFailureCases.pointer, *cases, "a list");
    return;
  }
  const double counted = count != nullptr ? count->number() : 0;
  const std::size_t listed = cases != nullptr ? cases->size() : 0;
  if (counted >= static_cast<double>(minimum) || listed >= minimum) return;
  if (count == nullptr && cases == nullptr) {
    sink.report(fields::kFailureCaseCount.pointer,
                "the record shows no failure evidence: no failure_case_count and no failure_cases");
  } else if (count != nullptr) {
    sink.report(fields::kFailureCaseCount.pointer,
                fmt::format("failure_case_count is {} and {} failure cases are listed: at least {} failures are needed",
                            count->dump(), listed, minimum));
  } else {
    sink.report(fields::kFailureCases.pointer, fmt::format("only {} failure case{} listed: at least {} are needed",
                                                           listed, listed == 1 ? " is" : "s are", minimum));
  }
}

const RuleInfo kNextStep{
    .id = "next-step",
    .section = Section::record,
    .severity = Severity::error,
    .summary = "the record says what to change next",
    .explanation =
        "A project is improvable when its author knows the next change. `next_step` is a string "
        "(the roadmap's shorthand) or an object whose `change` is a non-empty string.",
    .hint = "add \"next_step\": {\"change\": \"…\", \"reason\": \"…\"}",
    .passing_example = R"({"next_step": "inspect confused classes and add augmentation"})",
    .failing_example = R"({"next_step": {"reason": "cats and dogs are confused"}})",
};

void check_next_step(const CheckContext& evidence, FindingSink& sink) {
  JsonValue next_step = evidence.find(fields::kNextStep.pointer);
  if (next_step == nullptr || next_step->is_string()) {
    require_text(evidence, sink, fields::kNextStep.pointer, "next step");
    return;
  }
  if (!next_step->is_object()) {
    report_wrong_type(sink, fields::kNextStep.pointer, *next_step,
                      "a string or an object with \"change\" and \"reason\"");
    return;
  }
  require_text(evidence, sink, fields::kNextStepChange.pointer, "change in its next step");
}

}  // namespace dlcheck::rules
