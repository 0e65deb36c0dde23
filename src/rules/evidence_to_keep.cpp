// "Evidence to Keep": what another learner needs to rerun and review the project.

#include <fmt/format.h>

#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"

namespace dlcheck::rules {

const RuleInfo kRunCommand{
    .id = "run-command",
    .section = Section::evidence_to_keep,
    .severity = Severity::error,
    .summary = "the exact command that reproduces the result is given",
    .explanation =
        "A project is rerunnable only if another learner can type one command and get the same "
        "numbers. `run_command` must be a non-empty string.",
    .hint = "add \"run_command\": the exact command, e.g. \"python train.py --config configs/base.yaml --seed 0\"",
    .passing_example = R"({"run_command": "python train.py --epochs 20 --seed 0"})",
    .failing_example = R"({"run_command": ["python", "train.py"]})",
};

void check_run_command(const CheckContext& evidence, FindingSink& sink) {
  require_text(evidence, sink, fields::kRunCommand.pointer, "run command");
}

const RuleInfo kDatasetNote{
    .id = "dataset-note",
    .section = Section::evidence_to_keep,
    .severity = Severity::error,
    .summary = "a dataset note says where the data came from and how it was split",
    .explanation =
        "Results depend on the data. `dataset.source` says where it came from, and `dataset.split` "
        "maps each split to its number of examples ({\"train\": 45000, \"test\": 10000}). "
        "`dataset.name` and `dataset.split_method` are optional strings.",
    .hint =
        "add \"dataset\": {\"name\": \"…\", \"source\": \"…\", \"split\": {\"train\": <count>, \"test\": <count>}, "
        "\"split_method\": \"…\"}",
    .passing_example = R"({"dataset": {"source": "torchvision CIFAR-10", "split": {"train": 50000, "test": 10000}}})",
    .failing_example = R"({"dataset": {"name": "CIFAR-10"}})",
};

void check_dataset_note(const CheckContext& evidence, FindingSink& sink) {
  if (!require_object(evidence, sink, fields::kDataset.pointer, "dataset note")) return;
  check_optional_string(evidence, sink, fields::kDatasetName.pointer);
  check_optional_string(evidence, sink, fields::kDatasetSplitMethod.pointer);
  require_text(evidence, sink, fields::kDatasetSource.pointer, "dataset source");
  JsonValue split = require_object(evidence, sink, fields::kDatasetSplit.pointer, "dataset split");
  if (split == nullptr) return;
  if (split->empty()) {
    sink.report(fields::kDatasetSplit.pointer, "dataset.split is empty: name each split and its number of examples");
    return;
  }
  for (const auto& [name, count] : split->sorted_members()) {
    const std::string pointer = child_pointer(fields::kDatasetSplit.pointer, name);
    if (is_count(count)) continue;
    if (count.is_number() && count.number() > 0 && count.number() < 1) {
      sink.report(
          pointer,
          fmt::format("{} must be a number of examples, not the fraction {}", field_name(pointer), count.dump()),
          "write counts in dataset.split and describe ratios in dataset.split_method");
    } else {
      report_wrong_type(sink, pointer, count, "a whole number of examples");
    }
  }
}

const RuleInfo kBaselineMethod{
    .id = "baseline-method",
    .section = Section::evidence_to_keep,
    .severity = Severity::error,
    .summary = "the record says what simple method the project beat",
    .explanation =
        "\"What simple method did this beat?\" A baseline score is only meaningful with the method "
        "that produced it: a majority-class guess, logistic regression, a small CNN. "
        "`baseline.method` must be a non-empty string.",
    .hint = "add \"method\" to \"baseline\", e.g. \"majority class\" or \"logistic regression on TF-IDF\"",
    .passing_example = R"({"baseline": {"method": "majority class", "value": 0.5}})",
    .failing_example = R"({"baseline_accuracy": 0.5})",
};

void check_baseline_method(const CheckContext& evidence, FindingSink& sink) {
  JsonValue baseline = evidence.find(fields::kBaseline.pointer);
  if (baseline != nullptr && !baseline->is_object()) {
    report_wrong_type(sink, fields::kBaseline.pointer, *baseline, "an object with \"method\" and \"value\"");
    return;
  }
  require_text(evidence, sink, fields::kBaselineMethod.pointer, "baseline method");
}

}  // namespace dlcheck::rules
