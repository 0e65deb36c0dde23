// "Failure Check": which predictions look right, which still fail, and what to change first.

#include <fmt/format.h>

#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck::rules {
namespace {

// A sample names its input by a string (an id, a path, a text) or a number (a row id).
void check_sample_input(const CheckContext& evidence, FindingSink& sink, const std::string& sample) {
  const std::string pointer = child_pointer(sample, fields::kSuccessSampleInput.key());
  JsonValue input = evidence.find(pointer);
  if (input == nullptr) {
    sink.report(pointer, fmt::format("{} has no input", field_name(sample)),
                "add \"input\": the example's id, file path or text");
  } else if (input->is_number()) {
    return;
  } else if (!input->is_string()) {
    report_wrong_type(sink, pointer, *input, "a string or a number");
  } else if (is_blank(input->string())) {
    sink.report(pointer, fmt::format("{} is empty", field_name(pointer)));
  } else {
    report_placeholder(sink, pointer, *input);
  }
}

std::string quoted(JsonValue value) {
  return value.is_string() ? fmt::format("\"{}\"", printable(value.string())) : value.dump();
}

}  // namespace

const RuleInfo kSuccessSamples{
    .id = "success-samples",
    .section = Section::failure_check,
    .severity = Severity::error,
    .summary = "at least one success sample shows a correct prediction",
    .explanation =
        "\"Which predictions look correct?\" `success_samples` lists examples the model gets right, "
        "each with an `input` and, for classifiers, its `label` and `prediction`. When both are "
        "strings they must be equal: a success with a wrong prediction is a failure case.",
    .hint = "add \"success_samples\": [{\"input\": \"…\", \"label\": \"…\", \"prediction\": \"…\", \"note\": \"…\"}]",
    .passing_example = R"({"success_samples": [{"input": "img_0042.png", "label": "ship", "prediction": "ship"}]})",
    .failing_example = R"({"success_samples": [{"input": "img_0042.png", "label": "ship", "prediction": "plane"}]})",
};

void check_success_samples(const CheckContext& evidence, FindingSink& sink) {
  JsonValue samples = require_array(evidence, sink, fields::kSuccessSamples.pointer, "success samples");
  if (samples == nullptr) return;
  if (samples->empty()) {
    sink.report(fields::kSuccessSamples.pointer, "success_samples is empty: show at least one correct prediction");
    return;
  }
  if (const std::size_t minimum = evidence.thresholds().min_success_samples; samples->size() < minimum) {
    sink.report(fields::kSuccessSamples.pointer,
                fmt::format("only {} success sample{} listed: at least {} are needed", samples->size(),
                            samples->size() == 1 ? " is" : "s are", minimum));
  }
  std::size_t i = 0;
  for (const JsonValue sample : samples->elements()) {
    const std::string pointer = child_pointer(fields::kSuccessSamples.pointer, i++);
    if (!sample.is_object()) {
      report_wrong_type(sink, pointer, sample, "an object with \"input\", \"label\", \"prediction\" and \"note\"");
      continue;
    }
    check_sample_input(evidence, sink, pointer);
    check_optional_string(evidence, sink, child_pointer(pointer, fields::kSuccessSampleNote.key()));
    const JsonValue label = sample.find("label");
    const JsonValue prediction = sample.find("prediction");
    if (label.is_string() && prediction.is_string() && label.string() != prediction.string()) {
      sink.report(child_pointer(pointer, fields::kSuccessSamplePrediction.key()),
                  fmt::format("{} has label {} but prediction {}: that is a failure, not a success",
                              field_name(pointer), quoted(*label), quoted(*prediction)),
                  "move it to failure_cases, or fix the label or prediction");
    }
  }
}

const RuleInfo kFailureCases{
    .id = "failure-cases",
    .section = Section::failure_check,
    .severity = Severity::error,
    .summary = "at least three failure cases are listed, each saying what went wrong",
    .explanation =
        "\"Which predictions still fail?\" Keep at least three wrong or weak examples in "
        "`failure_cases`, each with its `input` and a `note` on what went wrong; classifiers add "
        "`label` and `prediction`. A count alone (`failure_case_count`) is not inspectable.",
    .hint =
        "add entries {\"input\": \"…\", \"label\": \"…\", \"prediction\": \"…\", \"note\": \"what went wrong\"} to "
        "\"failure_cases\"",
    .passing_example = R"({"failure_cases": [
  {"input": "img_1.png", "label": "cat", "prediction": "dog", "note": "cat seen from behind"},
  {"input": "img_2.png", "label": "deer", "prediction": "horse", "note": "antlers cropped out"},
  {"input": "img_3.png", "label": "ship", "prediction": "plane", "note": "sky background dominates"}]})",
    .failing_example = R"({"failure_cases": [{"input": "img_1.png", "label": "cat", "prediction": "dog"}]})",
};

void check_failure_cases(const CheckContext& evidence, FindingSink& sink) {
  const std::size_t minimum = evidence.thresholds().min_failure_cases;
  JsonValue cases = require_array(evidence, sink, fields::kFailureCases.pointer, "failure cases listed");
  if (cases == nullptr) return;
  if (cases->size() < minimum) {
    sink.report(fields::kFailureCases.pointer,
                fmt::format("only {} failure case{} listed: at least {} are needed", cases->size(),
                            cases->size() == 1 ? " is" : "s are", minimum));
  }
  std::size_t i = 0;
  for (const JsonValue failure : cases->elements()) {
    const std::string pointer = child_pointer(fields::kFailureCases.pointer, i++);
    if (!failure.is_object()) {
      report_wrong_type(sink, pointer, failure, "an object with \"input\", \"label\", \"prediction\" and \"note\"");
      continue;
    }
    check_sample_input(evidence, sink, pointer);
    const std::string note_pointer = child_pointer(pointer, fields::kFailureCaseNote.key());
    JsonValue note = evidence.find(note_pointer);
    if (note == nullptr || (note->is_string() && is_blank(note->string()))) {
      sink.report(note_pointer, fmt::format("{} does not say what went wrong", field_name(pointer)),
                  "add \"note\": what went wrong and why you think so");
    } else if (!note->is_string()) {
      report_wrong_type(sink, note_pointer, *note, "a string");
    } else {
      report_placeholder(sink, note_pointer, *note);
    }
  }
}

const RuleInfo kFailureCaseCount{
    .id = "failure-case-count",
    .section = Section::failure_check,
    .severity = Severity::error,
    .summary = "failure_case_count, when given, is not below the number of listed failure cases",
    .explanation =
        "`failure_case_count` is the total number of wrong predictions; the listed cases are a "
        "sample of them, so the count can never be smaller than the list. It must be a whole, "
        "non-negative number. The item passes when the count is absent.",
    .hint = "set failure_case_count to the number of wrong predictions on the evaluation split",
    .passing_example = R"({"failure_case_count": 120, "failure_cases": [{"input": "a", "note": "x"}]})",
    .failing_example = R"({"failure_case_count": 0, "failure_cases": [{"input": "a", "note": "x"}]})",
};

void check_failure_case_count(const CheckContext& evidence, FindingSink& sink) {
  JsonValue count = evidence.find(fields::kFailureCaseCount.pointer);
  if (count == nullptr) return;
  if (!is_count(*count)) {
    report_wrong_type(sink, fields::kFailureCaseCount.pointer, *count, "a whole number of failures");
    return;
  }
  JsonValue cases = evidence.find(fields::kFailureCases.pointer);
  if (cases == nullptr || !cases->is_array()) return;
  if (count->number() < static_cast<double>(cases->size())) {
    sink.report(fields::kFailureCaseCount.pointer,
                fmt::format("failure_case_count is {}, but {} failure cases are listed", count->dump(), cases->size()));
  }
}

const RuleInfo kNextStepReason{
    .id = "next-step-reason",
    .section = Section::failure_check,
    .severity = Severity::error,
    .summary = "the next step gives a change and the reason for it",
    .explanation =
        "\"What would you change first, and why?\" The roadmap asks for one change justified by the "
        "failures, so `next_step` must be an object with a non-empty `change` and `reason`.",
    .hint = "write \"next_step\": {\"change\": \"…\", \"reason\": \"which failures justify it\"}",
    .passing_example =
        R"({"next_step": {"change": "add random crops and flips", "reason": "3 of 5 failures are unusual poses"}})",
    .failing_example = R"({"next_step": "add augmentation"})",
};

void check_next_step_reason(const CheckContext& evidence, FindingSink& sink) {
  JsonValue next_step = evidence.find(fields::kNextStep.pointer);
  if (next_step != nullptr && next_step->is_string()) {
    sink.report(fields::kNextStep.pointer, "next_step is a plain string: it does not say why",
                fmt::format("write \"next_step\": {{\"change\": \"{}\", \"reason\": \"which failures justify it\"}}",
                            printable(next_step->string())));
    return;
  }
  if (next_step != nullptr && !next_step->is_object()) {
    report_wrong_type(sink, fields::kNextStep.pointer, *next_step, "an object with \"change\" and \"reason\"");
    return;
  }
  if (next_step == nullptr) {
    sink.report(fields::kNextStep.pointer, "the record has no next step");
    return;
  }
  require_text(evidence, sink, fields::kNextStepChange.pointer, "change in its next step");
  require_text(evidence, sink, fields::kNextStepReason.pointer, "reason for its next step");
}

}  // namespace dlcheck::rules
