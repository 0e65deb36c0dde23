// Every rule with inline JSON that passes it and inline JSON that fails it.

#include <catch2/catch.hpp>
#include <set>

#include "check_helpers.hpp"
#include "metrics/catalog.hpp"
#include "record/failure_mode.hpp"
#include "record/templates.hpp"
#include "rules/rule.hpp"

using dlcheck::testing::catches;
using dlcheck::testing::findings;
using dlcheck::testing::messages;
using Strings = std::vector<std::string>;

TEST_CASE("rules: every rule's documented examples behave as documented", "[rules]") {
  for (const dlcheck::Rule& rule : dlcheck::all_rules()) {
    // Input rules have no check, and checks of project files need real files (artifacts_test.cpp).
    if (rule.check == nullptr || rule.applicable != nullptr) continue;
    const std::string id(rule.info.id);
    INFO("rule " << id);
    CHECK_FALSE(rule.info.summary.empty());
    CHECK_FALSE(rule.info.explanation.empty());
    CHECK_FALSE(rule.info.hint.empty());
    CHECK_FALSE(catches(id, std::string(rule.info.passing_example)));
    CHECK(catches(id, std::string(rule.info.failing_example)));
  }
}

TEST_CASE("rules: every rule is documented", "[rules]") {
  for (const dlcheck::Rule& rule : dlcheck::all_rules()) {
    INFO("rule " << rule.info.id);
    CHECK_FALSE(rule.info.summary.empty());
    CHECK_FALSE(rule.info.explanation.empty());
    CHECK_FALSE(rule.info.hint.empty());
  }
}

TEST_CASE("rules: verification rules check the record's files in every profile", "[rules]") {
  for (const dlcheck::Rule& rule : dlcheck::all_rules()) {
    if (rule.info.section != dlcheck::Section::verification) continue;
    CHECK(dlcheck::applies_to(rule.info, dlcheck::Profile::record));
    CHECK(rule.applicable != nullptr);
  }
}

TEST_CASE("rules: ids are unique and findable", "[rules]") {
  std::set<std::string_view> ids;
  for (const dlcheck::Rule& rule : dlcheck::all_rules()) {
    CHECK(ids.insert(rule.info.id).second);
    CHECK(dlcheck::find_rule(rule.info.id) == &rule);
  }
  CHECK(dlcheck::find_rule("no-such-rule") == nullptr);
}

TEST_CASE("rules: the record profile holds exactly the roadmap's six record items", "[rules]") {
  Strings record_items;
  for (const dlcheck::Rule& rule : dlcheck::all_rules()) {
    if (dlcheck::is_checklist_item(rule.info) && dlcheck::applies_to(rule.info, dlcheck::Profile::record) &&
        rule.info.section != dlcheck::Section::verification) {
      record_items.emplace_back(rule.info.id);
    }
  }
  CHECK(record_items ==
        Strings{"task", "baseline-value", "metric-direction", "improvement", "failure-evidence", "next-step"});
}

TEST_CASE("task", "[rules]") {
  CHECK_FALSE(catches("task", R"({"task": "sentiment analysis"})"));
  CHECK(messages("task", R"({})") == Strings{"the record has no task (task)"});
  CHECK(messages("task", R"({"task": "  "})") == Strings{"task is empty"});
  CHECK(messages("task", R"({"task": 3})") == Strings{"task must be a string, not the number 3"});
}

TEST_CASE("baseline-value", "[rules]") {
  CHECK_FALSE(catches("baseline-value", R"({"baseline": {"value": 0.5}})"));
  CHECK_FALSE(catches("baseline-value", R"({"baseline_f1": 0})"));
  CHECK(messages("baseline-value", R"({})") == Strings{"the record has no baseline value"});
  CHECK(messages("baseline-value", R"({"baseline": {"method": "x"}})") == Strings{"the record has no baseline value"});
  CHECK(findings("baseline-value", R"({"baseline": {"method": "x"}})")[0].pointer == "/baseline/value");

  const auto quoted = findings("baseline-value", R"({"baseline": {"value": "0.93"}})");
  REQUIRE(quoted.size() == 1);
  CHECK(quoted[0].message == "baseline.value must be a number, not the string \"0.93\"");
  CHECK(quoted[0].hint == "write the number without quotes: 0.93");
  CHECK(quoted[0].pointer == "/baseline/value");

  CHECK(messages("baseline-value", R"({"baseline": 0.7})") ==
        Strings{"baseline must be an object with \"method\" and \"value\", not the number 0.7"});
  CHECK(messages("baseline-value", R"({"baseline_accuracy": "0.71"})") ==
        Strings{"baseline_accuracy must be a number, not the string \"0.71\""});
}

TEST_CASE("metric-direction", "[rules]") {
  CHECK_FALSE(catches("metric-direction", R"({"metric": {"name": "FID"}})"));
  CHECK_FALSE(catches("metric-direction", R"({"baseline_accuracy": 0.5, "current_accuracy": 0.6})"));
  CHECK_FALSE(catches("metric-direction", R"({"metric": {"name": "accuracy", "higher_is_better": true}})"));
  CHECK(messages("metric-direction", R"({})") == Strings{"the record names no metric"});
  CHECK(messages("metric-direction", R"({"metric": {"name": ""}})") == Strings{"metric.name is empty"});
  CHECK(
      messages("metric-direction", R"({"metric": {"name": "acuracy"}})") ==
      Strings{"unknown metric \"acuracy\": dlcheck cannot tell whether higher is better; did you mean \"accuracy\"?"});
  const auto shorthand = findings("metric-direction", R"({"baseline_novelty": 0.5})");
  REQUIRE(shorthand.size() == 1);
  CHECK(shorthand[0].pointer == "/baseline_novelty");
  CHECK(shorthand[0].hint == R"(add "metric": {"name": "novelty", "higher_is_better": true or false})");
  CHECK(messages("metric-direction", R"({"metric": {"name": "accuracy", "higher_is_better": false}})") ==
        Strings{"accuracy is a higher-is-better metric, but metric.higher_is_better is false"});
  CHECK(messages("metric-direction", R"({"metric": {"name": "accuracy", "higher_is_better": "yes"}})") ==
        Strings{"metric.higher_is_better must be true or false, not the string \"yes\""});
  CHECK(messages("metric-direction", R"({"baseline_accuracy": 0.5, "current_f1": 0.6})") ==
        Strings{"the metric is ambiguous: the shorthand keys name 2 metrics (accuracy, f1)"});
  CHECK_FALSE(
      catches("metric-direction", R"({"metric": {"name": "f1"}, "baseline_accuracy": 0.5, "current_f1": 0.6})"));
}

TEST_CASE("improvement", "[rules]") {
  CHECK_FALSE(catches("improvement",
                      R"({"metric": {"name": "fid"}, "baseline": {"value": 62.4}, "current": {"value": 38.1}})"));
  CHECK(messages("improvement",
                 R"({"metric": {"name": "fid"}, "baseline": {"value": 38.1}, "current": {"value": 62.4}})") ==
        Strings{"current fid 62.4 is worse than the baseline 38.1 (lower is better): improvement -24.3"});
  CHECK(messages("improvement", R"({"baseline_accuracy": 0.71, "current_accuracy": 0.71})") ==
        Strings{"current accuracy 0.71 equals the baseline (higher is better): no improvement"});
  CHECK(messages("improvement", R"({"baseline_accuracy": 0.71})") ==
        Strings{"the record has no current value, so no improvement can be shown"});
  CHECK(messages("improvement", R"({"current_accuracy": 0.8})") ==
        Strings{"no improvement can be shown without a numeric baseline"});
  CHECK(messages("improvement", R"({"baseline_novelty": 1, "current_novelty": 2})") ==
        Strings{"no improvement can be judged while the metric's direction is unknown"});
  CHECK(messages("improvement", R"({"baseline_accuracy": 0.7, "current": {"value": "0.8"}})") ==
        Strings{"current.value must be a number, not the string \"0.8\""});
  CHECK(messages("improvement", R"({"baseline_accuracy": 71, "current_accuracy": 0.82})") ==
        Strings{"no improvement can be shown: the baseline 71 and the current 0.82 are on different scales"});
  // A declared direction overrides nothing it contradicts, but makes unknown metrics comparable.
  CHECK_FALSE(catches(
      "improvement",
      R"({"metric": {"name": "novelty", "higher_is_better": false}, "baseline_novelty": 2, "current_novelty": 1})"));
}

TEST_CASE("failure-evidence", "[rules]") {
  CHECK_FALSE(catches("failure-evidence", R"({"failure_case_count": 3})"));
  CHECK_FALSE(catches("failure-evidence", R"({"failure_cases": [{}, {}, {}]})"));
  CHECK(messages("failure-evidence", R"({})") ==
        Strings{"the record shows no failure evidence: no failure_case_count and no failure_cases"});
  CHECK(messages("failure-evidence", R"({"failure_case_count": 2, "failure_cases": [{}]})") ==
        Strings{"failure_case_count is 2 and 1 failure cases are listed: at least 3 failures are needed"});
  CHECK(messages("failure-evidence", R"({"failure_cases": [{}, {}]})") ==
        Strings{"only 2 failure cases are listed: at least 3 are needed"});
  CHECK(messages("failure-evidence", R"({"failure_case_count": "5"})") ==
        Strings{"failure_case_count must be a whole number of failures, not the string \"5\""});
  CHECK(catches("failure-evidence", R"({"failure_case_count": 3.5})"));
  CHECK(catches("failure-evidence", R"({"failure_case_count": -4})"));
  // Counts stay below 9e15, however they are spelt: a larger one overflowed a cast to an integer.
  CHECK_FALSE(catches("failure-evidence", R"({"failure_case_count": 8999999999999999})"));
  CHECK(
      messages("failure-evidence", R"({"failure_case_count": 18446744073709551615})") ==
      Strings{"failure_case_count must be a whole number of failures below 9e15, not the number 18446744073709551615"});
  CHECK(
      messages("failure-evidence", R"({"failure_case_count": 9223372036854775807})") ==
      Strings{"failure_case_count must be a whole number of failures below 9e15, not the number 9223372036854775807"});
  CHECK(messages("failure-evidence", R"({"failure_case_count": 1e300})") ==
        Strings{"failure_case_count must be a whole number of failures below 9e15, not the number 1e+300"});
}

TEST_CASE("next-step", "[rules]") {
  CHECK_FALSE(catches("next-step", R"({"next_step": "add augmentation"})"));
  CHECK_FALSE(catches("next-step", R"({"next_step": {"change": "add augmentation"}})"));
  CHECK(messages("next-step", R"({})") == Strings{"the record has no next step (next_step)"});
  CHECK(messages("next-step", R"({"next_step": {"reason": "x"}})") ==
        Strings{"the record has no change in its next step (next_step.change)"});
  CHECK(messages("next-step", R"({"next_step": ["a"]})") ==
        Strings{"next_step must be a string or an object with \"change\" and \"reason\", not an array"});
}

TEST_CASE("run-command", "[rules]") {
  CHECK_FALSE(catches("run-command", R"({"run_command": "python train.py"})"));
  CHECK(messages("run-command", R"({})") == Strings{"the record has no run command (run_command)"});
  CHECK(messages("run-command", R"({"run_command": ""})") == Strings{"run_command is empty"});
}

TEST_CASE("dataset-note", "[rules]") {
  CHECK_FALSE(catches("dataset-note", R"({"dataset": {"source": "Kaggle", "split": {"train": 800, "test": 200}}})"));
  CHECK(messages("dataset-note", R"({})") == Strings{"the record has no dataset note (dataset)"});
  CHECK(messages("dataset-note", R"({"dataset": {"split": {"train": 8}}})") ==
        Strings{"the record has no dataset source (dataset.source)"});
  CHECK(messages("dataset-note", R"({"dataset": {"source": "x"}})") ==
        Strings{"the record has no dataset split (dataset.split)"});
  CHECK(messages("dataset-note", R"({"dataset": {"source": "x", "split": {}}})") ==
        Strings{"dataset.split is empty: name each split and its number of examples"});
  CHECK(messages("dataset-note", R"({"dataset": {"source": "x", "split": {"train": 0.8}}})") ==
        Strings{"dataset.split.train must be a number of examples, not the fraction 0.8"});
  CHECK(messages("dataset-note", R"({"dataset": {"source": "x", "split": {"train": "800"}}})") ==
        Strings{"dataset.split.train must be a whole number of examples, not the string \"800\""});
  CHECK(messages("dataset-note", R"({"dataset": {"source": "x", "name": 5, "split": {"a": 1}}})") ==
        Strings{"dataset.name must be a string, not the number 5"});
}

TEST_CASE("baseline-method", "[rules]") {
  CHECK_FALSE(catches("baseline-method", R"({"baseline": {"method": "majority class"}})"));
  CHECK(messages("baseline-method", R"({"baseline_accuracy": 0.5})") ==
        Strings{"the record has no baseline method (baseline.method)"});
}

TEST_CASE("model-summary and training-log", "[rules]") {
  CHECK_FALSE(catches("model-summary", R"({"model_summary": "ResNet-18"})"));
  CHECK(catches("model-summary", R"({"model_summary": {"layers": 18}})"));
  CHECK_FALSE(catches("training-log", R"({"training_log": "logs/log.csv"})"));
  CHECK(messages("training-log", R"({})") == Strings{"the record has no training log (training_log)"});
}

TEST_CASE("metric-table", "[rules]") {
  const std::string head = R"({"metric": {"name": "accuracy"}, "baseline": {"method": "Small CNN", "value": 0.71},
                               "current": {"method": "ResNet-18", "value": 0.82}, )";
  CHECK_FALSE(catches("metric-table", head + R"("metric_table": [{"model": "small cnn", "accuracy": 0.71},
                                                                  {"model": "ResNet-18", "Accuracy": 0.82}]})"));
  // No row named after the method: some row must carry the value.
  CHECK_FALSE(
      catches("metric-table",
              head + R"("metric_table": [{"model": "a", "accuracy": 0.71}, {"model": "b", "accuracy": 0.82}]})"));
  CHECK(
      messages(
          "metric-table",
          head +
              R"("metric_table": [{"model": "Small CNN", "accuracy": 0.74}, {"model": "ResNet-18", "accuracy": 0.82}]})") ==
      Strings{"metric_table row \"Small CNN\" has accuracy 0.74, but baseline.value is 0.71"});
  CHECK(messages("metric-table", head + R"("metric_table": [{"model": "Small CNN", "accuracy": 0.71}]})") ==
        Strings{"metric_table has no row for the current (ResNet-18, accuracy 0.82)"});
  CHECK(messages("metric-table", head + R"("metric_table": [{"model": "Small CNN", "f1": 0.7}]})") ==
        Strings{"metric_table[0] has no \"accuracy\" column"});
  CHECK(messages("metric-table", head + R"("metric_table": [{"accuracy": 0.71}]})") ==
        Strings{"the record has no model name in this row (metric_table[0].model)"});
  CHECK(messages("metric-table", head + R"("metric_table": []})") == Strings{"metric_table is empty"});
  CHECK(messages("metric-table", head + R"("metric_table": {"a": 1}})") ==
        Strings{"the record has no metric table path (metric_table.path)"});
  CHECK(messages("metric-table", head + R"("metric_table": "results.csv"})").empty());
  CHECK(
      messages("metric-table", head + R"("metric_table": "see the README"})") ==
      Strings{"metric_table must be a list of rows or the path of a results file, not the string \"see the README\""});
}

TEST_CASE("success-samples", "[rules]") {
  CHECK_FALSE(catches("success-samples", R"({"success_samples": [{"input": 17, "label": 3.2, "prediction": 3.19}]})"));
  CHECK(messages("success-samples", R"({"success_samples": []})") ==
        Strings{"success_samples is empty: show at least one correct prediction"});
  CHECK(messages("success-samples", R"({"success_samples": [{"label": "a", "prediction": "a"}]})") ==
        Strings{"success_samples[0] has no input"});
  CHECK(messages("success-samples", R"({"success_samples": [{"input": "x", "label": "cat", "prediction": "dog"}]})") ==
        Strings{"success_samples[0] has label \"cat\" but prediction \"dog\": that is a failure, not a success"});
}

TEST_CASE("failure-cases", "[rules]") {
  const std::string three =
      R"([{"input": "a", "note": "x"}, {"input": "b", "note": "y"}, {"input": "c", "note": "z"}])";
  CHECK_FALSE(catches("failure-cases", R"({"failure_cases": )" + three + "}"));
  CHECK(messages("failure-cases", R"({"failure_case_count": 5})") ==
        Strings{"the record has no failure cases listed (failure_cases)"});
  CHECK(messages("failure-cases", R"({"failure_cases": [{"input": "a", "note": "x"}]})") ==
        Strings{"only 1 failure case is listed: at least 3 are needed"});
  CHECK(messages("failure-cases",
                 R"({"failure_cases": [{"input": "a", "note": "x"}, {"input": "b"}, {"input": "c", "note": " "}]})") ==
        Strings{"failure_cases[1] does not say what went wrong", "failure_cases[2] does not say what went wrong"});
  CHECK(messages("failure-cases", R"({"failure_cases": [{"note": "x"}, {"input": "b", "note": "y"}, 7]})") ==
        Strings{"failure_cases[0] has no input",
                "failure_cases[2] must be an object with \"input\", \"label\", \"prediction\" and \"note\", not the "
                "number 7"});
}

TEST_CASE("failure-case-count", "[rules]") {
  CHECK_FALSE(catches("failure-case-count", R"({"failure_cases": [{}, {}]})"));
  CHECK_FALSE(catches("failure-case-count", R"({"failure_case_count": 2, "failure_cases": [{}, {}]})"));
  CHECK(messages("failure-case-count", R"({"failure_case_count": 1, "failure_cases": [{}, {}]})") ==
        Strings{"failure_case_count is 1, but 2 failure cases are listed"});
}

TEST_CASE("next-step-reason", "[rules]") {
  CHECK_FALSE(catches("next-step-reason", R"({"next_step": {"change": "a", "reason": "b"}})"));
  const auto plain = findings("next-step-reason", R"({"next_step": "add augmentation"})");
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].message == "next_step is a plain string: it does not say why");
  CHECK(plain[0].hint == R"(write "next_step": {"change": "add augmentation", "reason": "which failures justify it"})");
  CHECK(messages("next-step-reason", R"({"next_step": {"change": "a"}})") ==
        Strings{"the record has no reason for its next step (next_step.reason)"});
}

TEST_CASE("shape-checks", "[rules]") {
  CHECK_FALSE(
      catches("shape-checks",
              R"({"shape_checks": [{"tensor": "x", "expected": ["batch", "seq", "seq"], "actual": [4, 10, 10]}]})"));
  CHECK(messages("shape-checks",
                 R"({"shape_checks": [{"tensor": "logits", "expected": ["batch", 10], "actual": [64, 100]}]})") ==
        Strings{"shape check \"logits\": expected [batch, 10] but actual is [64, 100] (dimension 1: 10 ≠ 100)"});
  CHECK(messages("shape-checks",
                 R"({"shape_checks": [{"tensor": "x", "expected": [3, 32, 32], "actual": [64, 3, 32, 32]}]})") ==
        Strings{"shape check \"x\": expected [3, 32, 32] but actual is [64, 3, 32, 32] (rank 3 ≠ 4)"});
  CHECK(messages(
            "shape-checks",
            R"({"shape_checks": [{"tensor": "attn", "expected": ["batch", "seq", "seq"], "actual": [4, 10, 12]}]})") ==
        Strings{"shape check \"attn\": expected [batch, seq, seq] but actual is [4, 10, 12] (\"seq\" is 10 in "
                "dimension 1 but 12 in dimension 2)"});
  CHECK(messages("shape-checks",
                 R"({"shape_checks": [{"tensor": "x", "expected": ["batch", 10], "actual": [0, 10]}]})") ==
        Strings{"shape check \"x\": expected [batch, 10] but actual is [0, 10] (\"batch\" is 0 in dimension 0: an "
                "empty tensor)"});
  CHECK(messages("shape-checks", R"({"shape_checks": [{"tensor": "x", "expected": [2], "actual": ["batch"]}]})") ==
        Strings{"shape_checks[0].actual[0] must be a size (a whole number), not the string \"batch\""});
  CHECK(messages("shape-checks", R"({"shape_checks": []})") ==
        Strings{"shape_checks is empty: record at least one tensor shape"});
  const auto mismatch =
      findings("shape-checks", "{\"shape_checks\": [\n {\"tensor\": \"y\", \"expected\": [1], \"actual\": [2]}]}");
  REQUIRE(mismatch.size() == 1);
  CHECK(mismatch[0].pointer == "/shape_checks/0/actual");
  CHECK(mismatch[0].position.line == 2);
  CHECK(mismatch[0].position.column == 35);
}

TEST_CASE("self-check", "[rules]") {
  CHECK_FALSE(catches(
      "self-check",
      R"({"self_check": {"failure_mode": "Data leakage between train and test", "evidence": "duplicate ids"}})"));
  CHECK(messages("self-check", R"({"self_check": {"failure_mode": "bad luck", "evidence": "x"}})") ==
        Strings{"self_check.failure_mode \"bad luck\" names none of the roadmap's failure modes"});
  CHECK(messages("self-check", R"({"self_check": {"failure_mode": "overfitting"}})") ==
        Strings{"the record has no evidence in its self-check (self_check.evidence)"});
}

TEST_CASE("self-check: failure modes are recognised in plain words", "[rules]") {
  using dlcheck::FailureMode;
  CHECK(dlcheck::recognise_failure_mode("Overfitting after epoch 8") == FailureMode::overfitting);
  CHECK(dlcheck::recognise_failure_mode("shape mismatch in the head") == FailureMode::shape_mismatch);
  CHECK(dlcheck::recognise_failure_mode("the loss does not decrease") == FailureMode::no_loss_decrease);
  CHECK(dlcheck::recognise_failure_mode("loss plateau from the start") == FailureMode::no_loss_decrease);
  CHECK(dlcheck::recognise_failure_mode("test images leaked into train") == FailureMode::data_leakage);
  CHECK(dlcheck::recognise_failure_mode("used a Transformer without explaining the data flow") ==
        FailureMode::attention_without_data_flow);
  CHECK_FALSE(dlcheck::recognise_failure_mode("the model is bad"));
  CHECK_FALSE(dlcheck::recognise_failure_mode("loss"));
}

TEST_CASE("duplicate-key", "[rules]") {
  CHECK_FALSE(catches("duplicate-key", R"({"a": 1, "b": {"a": 2}})"));
  const auto duplicate = findings("duplicate-key", "{\"current\": {\"value\": 0.8},\n \"current\": {\"value\": 0.82}}");
  REQUIRE(duplicate.size() == 1);
  CHECK(duplicate[0].message == "duplicate key: current is already set at line 1; only this later value is used");
  CHECK(duplicate[0].pointer == "/current");
  CHECK(duplicate[0].position.line == 2);
  CHECK(duplicate[0].position.column == 2);
}

TEST_CASE("unknown-field", "[rules]") {
  CHECK_FALSE(catches("unknown-field", R"({"my_notes": "x", "baseline_accuracy": 1, "current_top5": 0.2})"));
  CHECK(messages("unknown-field", R"({"run_comand": "x"})") ==
        Strings{"unknown field \"run_comand\" in the record; did you mean \"run_command\"?"});
  CHECK(messages("unknown-field", R"({"Task": "x"})") ==
        Strings{"unknown field \"Task\" in the record; did you mean \"task\"?"});
  CHECK(messages("unknown-field", R"({"baselin_accuracy": 0.5})") ==
        Strings{"unknown field \"baselin_accuracy\" in the record; did you mean \"baseline_accuracy\"?"});
  CHECK(messages("unknown-field", R"({"dataset": {"sorce": "x"}})") ==
        Strings{"unknown field \"sorce\" in dataset; did you mean \"source\"?"});
  CHECK(messages("unknown-field", R"({"failure_cases": [{"input": "a"}, {"nte": "x"}]})") ==
        Strings{"unknown field \"nte\" in failure_cases[1]; did you mean \"note\"?"});
  const auto typo = findings("unknown-field", R"({"run_comand": "x"})");
  CHECK(typo[0].severity == dlcheck::Severity::warning);
  CHECK(typo[0].hint == R"(rename it to "run_command"; unknown fields are otherwise ignored)");
}

TEST_CASE("shorthand-conflict", "[rules]") {
  CHECK_FALSE(catches("shorthand-conflict", R"({"baseline_accuracy": 0.71, "baseline": {"value": 0.71}})"));
  CHECK(messages("shorthand-conflict", R"({"current_accuracy": 0.84, "current": {"value": 0.82}})") ==
        Strings{"current_accuracy is 0.84 but current.value is 0.82"});
  CHECK(messages("shorthand-conflict", R"({"baseline_accuracy": "0.7", "baseline": {"value": 0.7}})") ==
        Strings{"baseline_accuracy is \"0.7\" but baseline.value is 0.7"});
  CHECK(messages("shorthand-conflict", R"({"metric": {"name": "f1"}, "baseline_accuracy": 0.7})") ==
        Strings{"metric.name is \"f1\" but the shorthand keys are for \"accuracy\""});
}

TEST_CASE("metric-range", "[rules]") {
  CHECK_FALSE(catches("metric-range", R"({"baseline_accuracy": 0, "current_accuracy": 1})"));
  CHECK_FALSE(catches("metric-range", R"({"metric": {"name": "bleu"}, "baseline_bleu": 20.5, "current_bleu": 0.3})"));
  CHECK_FALSE(catches(
      "metric-range",
      R"({"metric": {"name": "accuracy", "unit": "percent"}, "baseline_accuracy": 71, "current_accuracy": 82})"));
  CHECK(messages("metric-range", R"({"baseline_accuracy": 41, "current_accuracy": 0.93})") ==
        Strings{"accuracy values are on mixed scales: baseline_accuracy is 41 but current_accuracy is 0.93"});
  CHECK(findings("metric-range", R"({"baseline_accuracy": 41, "current_accuracy": 0.93})")[0].pointer ==
        "/baseline_accuracy");
  CHECK(
      messages(
          "metric-range",
          R"({"metric": {"name": "accuracy", "unit": "percent"}, "baseline_accuracy": 71, "current_accuracy": 0.82})") ==
      Strings{"accuracy values are on mixed scales: baseline_accuracy is 71 but current_accuracy is 0.82"});
  CHECK(findings(
            "metric-range",
            R"({"metric": {"name": "accuracy", "unit": "percent"}, "baseline_accuracy": 71, "current_accuracy": 0.82})")
            [0]
                .pointer == "/current_accuracy");
  const auto percent = findings("metric-range", R"({"baseline_accuracy": 71, "current_accuracy": 82})");
  CHECK(messages("metric-range", R"({"baseline_accuracy": 71, "current_accuracy": 82})") ==
        Strings{"accuracy must lie in [0, 1], but baseline_accuracy is 71",
                "accuracy must lie in [0, 1], but current_accuracy is 82"});
  CHECK(percent[0].hint == R"(if these are percentages, set "unit": "percent" in "metric")");
  CHECK(messages("metric-range", R"({"metric": {"name": "f1", "unit": "percent"}, "baseline_f1": 140})") ==
        Strings{"f1 must lie in [0, 100], but baseline_f1 is 140"});
  CHECK(messages("metric-range", R"({"metric": {"name": "mse"}, "baseline": {"value": -0.5}})") ==
        Strings{"mse is never negative, but baseline.value is -0.5"});
  CHECK(messages("metric-range",
                 R"({"metric": {"name": "accuracy"}, "metric_table": [{"model": "a", "accuracy": 1.5}]})") ==
        Strings{"accuracy must lie in [0, 1], but metric_table[0].accuracy is 1.5"});
}

TEST_CASE("placeholder: template markers are recognised, ordinary text is not", "[rules]") {
  CHECK(dlcheck::is_placeholder("<fill in: task>"));
  CHECK(dlcheck::is_placeholder("TODO"));
  CHECK(dlcheck::is_placeholder("add augmentation (TODO: which kind)"));
  CHECK(dlcheck::is_placeholder("…"));
  CHECK(dlcheck::is_placeholder(" ??? "));
  CHECK(dlcheck::is_placeholder("<your task here>"));
  CHECK(dlcheck::is_placeholder("..."));
  CHECK(dlcheck::is_placeholder("TBD"));
  CHECK(dlcheck::is_placeholder("FIXME later"));
  CHECK(dlcheck::is_placeholder("XXX"));
  CHECK(dlcheck::is_placeholder("see < Fill-In >"));
  CHECK_FALSE(dlcheck::is_placeholder("image classification"));
  CHECK_FALSE(dlcheck::is_placeholder("TODOs were fixed"));
  CHECK_FALSE(dlcheck::is_placeholder("logits <b> tag"));
  // Past the first sixteen bytes, and at the very end, markers are still found.
  CHECK(dlcheck::is_placeholder("the augmentation we add next is TODO"));
  CHECK(dlcheck::is_placeholder("a long sentence about the data, then <fill in: source>"));
  CHECK(dlcheck::is_placeholder("   \xE2\x80\xA6   "));
  CHECK_FALSE(dlcheck::is_placeholder("Test loss fell. Did val loss? Yes: Friday's run, XL model, e.g. T5."));
  CHECK_FALSE(dlcheck::is_placeholder("the loss went down... then up again after epoch 12"));
  CHECK(messages("placeholder", R"({"notes": {"<fill in>": 1, "plan": "TBD"}})") ==
        Strings{"the key \"<fill in>\" in notes is still a placeholder", "notes.plan is still a placeholder: \"TBD\""});
  // A placeholder counts as missing for every rule: a sample's input or note fails its item.
  CHECK(messages("failure-cases", R"({"failure_cases": [{"input": "a.png", "note": "TBD"}]})") ==
        Strings{"only 1 failure case is listed: at least 3 are needed",
                "failure_cases[0].note is still a placeholder: \"TBD\""});
  CHECK(messages("success-samples", R"({"success_samples": [{"input": "<fill in: id or text>"}]})") ==
        Strings{"success_samples[0].input is still a placeholder: \"<fill in: id or text>\""});
  // A field a checklist item already reports is not reported twice.
  CHECK(messages("task", R"({"task": "TODO"})") == Strings{"task is still a placeholder: \"TODO\""});
  CHECK(messages("placeholder", R"({"task": "TODO"})").empty());
}

TEST_CASE("predictions-metric: its explanation names exactly the metrics the catalog recomputes", "[rules][metrics]") {
  // The explanation is written by hand; this keeps it from drifting from the catalog.
  const std::string_view explanation = dlcheck::find_rule("predictions-metric")->info.explanation;
  std::set<std::string> named;
  for (std::size_t open = explanation.find('`'); open != std::string_view::npos;) {
    const std::size_t close = explanation.find('`', open + 1);
    REQUIRE(close != std::string_view::npos);
    named.emplace(explanation.substr(open + 1, close - open - 1));
    open = explanation.find('`', close + 1);
  }
  for (const dlcheck::MetricInfo& metric : dlcheck::known_metrics()) {
    INFO(metric.name);
    CHECK(named.contains(std::string(metric.name)) == (metric.recompute != nullptr));
  }
}
