// Every checklist item is passed, failed or not checked: for each rule that reads project files,
// a project that passes, one that fails, and one where the check cannot run (with its reason).

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "engine/checker.hpp"
#include "temp_project.hpp"

using dlcheck::ItemStatus;
using dlcheck::testing::TempProject;

namespace {

const std::string kRecord = R"("task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.75, "next_step": "x")";

dlcheck::FileReport check_project(const TempProject& project, const std::string& fields,
                                  dlcheck::Profile profile = dlcheck::Profile::record) {
  const auto path = project.write("evidence.json", "{" + kRecord + ", " + fields + "}");
  dlcheck::CheckOptions options;
  options.profile = profile;
  return dlcheck::check_file(path.string(), options);
}

// An item's status and reason, with the project's folder left out of the reason.
struct Item {
  ItemStatus status = ItemStatus::passed;
  std::string reason;
  bool in_checklist = false;
};

Item item(const TempProject& project, const dlcheck::FileReport& report, std::string_view rule) {
  for (const auto& entry : report.checklist) {
    if (entry.rule->id != rule) continue;
    std::string reason = entry.reason;
    const std::string root = project.root().string() + "/";
    for (auto at = reason.find(root); at != std::string::npos; at = reason.find(root)) reason.erase(at, root.size());
    CHECK(entry.reason.empty() == (entry.status != ItemStatus::not_checked));
    return {entry.status, reason, true};
  }
  return {};
}

ItemStatus status(const TempProject& project, const dlcheck::FileReport& report, std::string_view rule) {
  const Item found = item(project, report, rule);
  REQUIRE(found.in_checklist);
  return found.status;
}

std::string reason(const TempProject& project, const dlcheck::FileReport& report, std::string_view rule) {
  const Item found = item(project, report, rule);
  REQUIRE(found.in_checklist);
  CHECK(found.status == ItemStatus::not_checked);
  return found.reason;
}

const std::string kFalling = "epoch,loss,val_loss\n1,1.0,1.0\n2,0.8,0.85\n3,0.6,0.7\n4,0.5,0.6\n";
const std::string kOverfitting =
    "epoch,loss,val_loss\n1,1.0,1.0\n2,0.8,0.8\n3,0.6,0.7\n4,0.5,0.6\n5,0.4,0.65\n6,0.3,0.7\n7,0.2,0.8\n";
const std::string kGan = "epoch,d_loss,g_loss\n1,0.7,3.0\n2,0.9,2.0\n3,1.0,1.5\n4,1.1,1.4\n";
const std::string kText = "Epoch 1/10 - loss: 0.53\nEpoch 2/10 - loss: 0.41\n";
const std::string kPredictions = "id,label,prediction\na,cat,cat\nb,cat,dog\nc,dog,dog\nd,dog,dog\n";

}  // namespace

TEST_CASE("item status: log-format", "[status][log]") {
  TempProject project;
  project.write("log.csv", kFalling);
  project.write("text.log", kText);
  CHECK(status(project, check_project(project, R"("training_log": "log.csv")"), "log-format") == ItemStatus::passed);
  CHECK(status(project, check_project(project, R"("training_log": "text.log")"), "log-format") == ItemStatus::failed);
  CHECK(reason(project, check_project(project, R"("training_log": "logs/nope.csv")"), "log-format") ==
        "the training log logs/nope.csv is missing (see project-file)");
  CHECK(reason(project, check_project(project, R"("training_log": "/etc/passwd")"), "log-format") ==
        "the training log /etc/passwd could not be read: an absolute path is not allowed: name files relative to "
        "the evidence file (see project-file)");
}

TEST_CASE("item status: log-non-finite", "[status][log]") {
  TempProject project;
  project.write("log.csv", kFalling);
  project.write("nan.csv", "epoch,loss\n1,1.0\n2,nan\n3,0.5\n");
  project.write("text.log", kText);
  CHECK(status(project, check_project(project, R"("training_log": "log.csv")"), "log-non-finite") ==
        ItemStatus::passed);
  CHECK(status(project, check_project(project, R"("training_log": "nan.csv")"), "log-non-finite") ==
        ItemStatus::failed);
  CHECK(reason(project, check_project(project, R"("training_log": "text.log")"), "log-non-finite") ==
        "the training log text.log could not be read (see log-format)");
  CHECK(reason(project, check_project(project, R"("training_log": "nope.csv")"), "log-non-finite") ==
        "the training log nope.csv is missing (see project-file)");
}

TEST_CASE("item status: log-too-few-points", "[status][log]") {
  TempProject project;
  project.write("log.csv", kFalling);
  project.write("short.csv", "epoch,loss\n1,1.0\n2,0.5\n");
  project.write("gan.csv", kGan);
  CHECK(status(project, check_project(project, R"("training_log": "log.csv")"), "log-too-few-points") ==
        ItemStatus::passed);
  CHECK(status(project, check_project(project, R"("training_log": "short.csv")"), "log-too-few-points") ==
        ItemStatus::failed);
  CHECK(reason(project, check_project(project, R"("training_log": "gan.csv")"), "log-too-few-points") ==
        "only adversarial losses (d_loss, g_loss): a GAN's losses are summarised, not judged");
}

TEST_CASE("item status: log-no-decrease", "[status][log]") {
  TempProject project;
  project.write("log.csv", kFalling);
  project.write("flat.csv", "epoch,loss\n0,1.0\n1,0.99\n2,0.98\n3,0.99\n");
  project.write("short.csv", "epoch,loss\n1,1.0\n2,0.5\n");
  project.write("gan.csv", kGan);
  project.write("text.log", kText);
  CHECK(status(project, check_project(project, R"("training_log": "log.csv")"), "log-no-decrease") ==
        ItemStatus::passed);
  CHECK(status(project, check_project(project, R"("training_log": "flat.csv")"), "log-no-decrease") ==
        ItemStatus::failed);
  CHECK(reason(project, check_project(project, R"("training_log": "gan.csv")"), "log-no-decrease") ==
        "only adversarial losses (d_loss, g_loss): a GAN's losses are not expected to fall");
  CHECK(reason(project, check_project(project, R"("training_log": "short.csv")"), "log-no-decrease") ==
        "too few training-loss points in short.csv to judge the curve (see log-too-few-points)");
  CHECK(reason(project, check_project(project, R"("training_log": "text.log")"), "log-no-decrease") ==
        "the training log text.log could not be read (see log-format)");
}

TEST_CASE("item status: log-overfitting", "[status][log]") {
  TempProject project;
  project.write("log.csv", kFalling);
  project.write("overfit.csv", kOverfitting);
  project.write("train-only.csv", "epoch,loss\n1,1.0\n2,0.8\n3,0.6\n");
  project.write("short-val.csv", "epoch,loss,val_loss\n1,1.0,1.0\n2,0.8,\n3,0.6,0.7\n");
  CHECK(status(project, check_project(project, R"("training_log": "log.csv")"), "log-overfitting") ==
        ItemStatus::passed);
  CHECK(status(project, check_project(project, R"("training_log": "overfit.csv")"), "log-overfitting") ==
        ItemStatus::failed);
  CHECK(reason(project, check_project(project, R"("training_log": "train-only.csv")"), "log-overfitting") ==
        "no validation loss curve in train-only.csv");
  CHECK(reason(project, check_project(project, R"("training_log": "short-val.csv")"), "log-overfitting") ==
        "too few validation-loss points in short-val.csv to judge overfitting: 2 of at least 3");
  // Two short evaluation sets: both rules name the longest one's count.
  project.write("two-sets.csv", "epoch,loss,val_a_loss,val_b_loss\n1,1.0,1.0,1.0\n2,0.8,,0.9\n3,0.6,,\n");
  const auto two_sets = check_project(
      project, R"("training_log": "two-sets.csv", "self_check": {"failure_mode": "overfitting", "observed": true})");
  CHECK(reason(project, two_sets, "log-overfitting") ==
        "too few validation-loss points in two-sets.csv to judge overfitting: 2 of at least 3");
  CHECK(reason(project, two_sets, "log-self-check") == reason(project, two_sets, "log-overfitting"));
  CHECK(reason(project, check_project(project, R"("training_log": "nope.csv")"), "log-overfitting") ==
        "the training log nope.csv is missing (see project-file)");
}

TEST_CASE("item status: log-self-check", "[status][log]") {
  TempProject project;
  project.write("overfit.csv", kOverfitting);
  project.write("train-only.csv", "epoch,loss\n1,1.0\n2,0.8\n3,0.6\n");
  const auto with = [&](const std::string& log, const std::string& mode) {
    return check_project(project,
                         R"("training_log": ")" + log + R"(", "self_check": {"failure_mode": ")" + mode + R"("})");
  };
  CHECK(status(project, with("overfit.csv", "overfitting"), "log-self-check") == ItemStatus::passed);
  CHECK(status(project, with("overfit.csv", "the loss did not decrease"), "log-self-check") == ItemStatus::failed);
  CHECK(reason(project, with("train-only.csv", "overfitting"), "log-self-check") ==
        "too few validation-loss points in train-only.csv to judge overfitting: 0 of at least 3");
  CHECK(reason(project, with("nope.csv", "overfitting"), "log-self-check") ==
        "the training log nope.csv is missing (see project-file)");
  // A mode no training log can judge gives the item nothing to check: it is left out, not failed
  // or passed.
  CHECK_FALSE(item(project, with("overfit.csv", "data leakage"), "log-self-check").in_checklist);
}

TEST_CASE("item status: predictions-format", "[status][predictions]") {
  TempProject project;
  project.write("preds.csv", kPredictions);
  project.write("no-label.csv", "id,score\na,0.5\n");
  CHECK(status(project, check_project(project, R"("predictions": "preds.csv")"), "predictions-format") ==
        ItemStatus::passed);
  CHECK(status(project, check_project(project, R"("predictions": "no-label.csv")"), "predictions-format") ==
        ItemStatus::failed);
  CHECK(reason(project, check_project(project, R"("predictions": "nope.csv")"), "predictions-format") ==
        "the predictions file nope.csv is missing (see project-file)");
}

TEST_CASE("item status: predictions-metric", "[status][predictions]") {
  TempProject project;
  project.write("preds.csv", kPredictions);
  project.write("no-label.csv", "id,score\na,0.5\n");
  const auto with = [&](const std::string& metric, const std::string& value, const std::string& file) {
    return check_project(project, R"("metric": {"name": ")" + metric + R"("}, "current": {"value": )" + value +
                                      R"(}, "predictions": ")" + file + R"(")");
  };
  CHECK(status(project, with("accuracy", "0.75", "preds.csv"), "predictions-metric") == ItemStatus::passed);
  CHECK(status(project, with("accuracy", "0.9", "preds.csv"), "predictions-metric") == ItemStatus::failed);
  CHECK(reason(project, with("bleu", "0.3", "preds.csv"), "predictions-metric")
            .starts_with("the metric \"bleu\" cannot be recomputed from preds.csv; dlcheck recomputes accuracy, "));
  // f1 of two classes, neither of them a known positive label.
  CHECK(reason(project, with("f1", "0.5", "preds.csv"), "predictions-metric") ==
        "f1 needs the positive class: the labels of preds.csv are \"cat\" and \"dog\", and neither (or both) is "
        "named 1, true, yes, pos or positive; set metric.positive_label to the positive one");
  CHECK(reason(project, with("accuracy", "\"high\"", "preds.csv"), "predictions-metric") ==
        "the record has no numeric current value to compare");
  CHECK(reason(project, with("accuracy", "0.75", "nope.csv"), "predictions-metric") ==
        "the predictions file nope.csv is missing (see project-file)");
  CHECK(reason(project, with("accuracy", "0.75", "no-label.csv"), "predictions-metric") ==
        "the predictions file no-label.csv could not be read (see predictions-format)");
}

TEST_CASE("item status: predictions-failure-count", "[status][predictions]") {
  TempProject project;
  project.write("preds.csv", kPredictions);
  project.write("numeric.csv", "id,y_true,y_pred\n1,1,1.5\n2,2,2\n");
  const auto with = [&](const std::string& count, const std::string& file, const std::string& metric = "accuracy") {
    return check_project(project, R"("failure_case_count": )" + count + R"(, "predictions": ")" + file +
                                      R"(", "metric": {"name": ")" + metric + R"("})");
  };
  CHECK(status(project, with("1", "preds.csv"), "predictions-failure-count") == ItemStatus::passed);
  CHECK(status(project, with("3", "preds.csv"), "predictions-failure-count") == ItemStatus::failed);
  CHECK(reason(project, with("1", "numeric.csv", "mae"), "predictions-failure-count") ==
        "numeric.csv has numeric targets: wrong predictions are counted only for class labels");
  CHECK(reason(project, with("\"one\"", "preds.csv"), "predictions-failure-count") ==
        "failure_case_count is not a count (see failure-case-count)");
  CHECK(reason(project, with("1", "nope.csv"), "predictions-failure-count") ==
        "the predictions file nope.csv is missing (see project-file)");
}

TEST_CASE("item status: predictions-samples", "[status][predictions]") {
  TempProject project;
  project.write("preds.csv", kPredictions);
  project.write("no-id.csv", "label,prediction\ncat,cat\ncat,dog\n");
  const auto with = [&](const std::string& input, const std::string& file) {
    return check_project(
        project, R"("failure_cases": [{"input": ")" + input + R"(", "note": "n"}], "predictions": ")" + file + R"(")");
  };
  CHECK(status(project, with("b", "preds.csv"), "predictions-samples") == ItemStatus::passed);
  CHECK(status(project, with("a", "preds.csv"), "predictions-samples") == ItemStatus::failed);
  CHECK(reason(project, with("", "preds.csv"), "predictions-samples") ==
        "no success sample or failure case has an input to look up");
  CHECK(reason(project, with("b", "no-id.csv"), "predictions-samples") ==
        "no-id.csv has no id column to find the samples by");
}

TEST_CASE("item status: split-leakage", "[status][leakage]") {
  TempProject project;
  project.write("train.txt", "a\nb\n");
  project.write("test.txt", "c\nd\n");
  project.write("leaky.txt", "b\nc\n");
  project.write("preds.csv", kPredictions);
  const auto with = [&](const std::string& ids, const std::string& more = "") {
    return check_project(project, R"("dataset": {"ids": )" + ids + "}" + more);
  };
  CHECK(status(project, with(R"({"train": "train.txt", "test": "test.txt"})"), "split-leakage") == ItemStatus::passed);
  CHECK(status(project, with(R"({"train": "train.txt", "test": "leaky.txt"})"), "split-leakage") == ItemStatus::failed);
  CHECK(reason(project, with(R"({"train": "train.txt", "test": "nope.txt"})"), "split-leakage") ==
        "the ids of split \"test\" nope.txt is missing (see project-file)");
  CHECK(reason(project, with(R"({"test": "test.txt"})"), "split-leakage") ==
        "only one split (\"test\") lists its ids: leakage needs two, or predictions and a train split");
  // One train split and predictions: the predictions are checked against it.
  CHECK(status(project, with(R"({"train": "train.txt"})", R"(, "predictions": "preds.csv")"), "split-leakage") ==
        ItemStatus::failed);
  // A leak found is a failure even when another split could not be read.
  CHECK(status(project, with(R"({"train": "train.txt", "test": "leaky.txt", "val": "nope.txt"})"), "split-leakage") ==
        ItemStatus::failed);
}

TEST_CASE("item status: readme and readme-run-command", "[status][readme]") {
  TempProject project;
  const std::string command = R"("run_command": "python train.py")";
  const auto roadmap = [&](const std::string& fields) {
    return check_project(project, fields, dlcheck::Profile::roadmap);
  };
  CHECK(status(project, roadmap(command), "readme") == ItemStatus::failed);
  CHECK(reason(project, roadmap(command), "readme-run-command") == "the project has no README (see readme)");
  CHECK(reason(project, roadmap(command + R"(, "readme": "docs/README.md")"), "readme") ==
        "the README docs/README.md could not be read (see project-file)");
  CHECK(reason(project, roadmap(command + R"(, "readme": "docs/README.md")"), "readme-run-command") ==
        "the README docs/README.md could not be read (see project-file)");
  project.write("README.md", "# Project\n\nRun `python train.py --seed 1`.\n");
  CHECK(status(project, roadmap(R"("run_command": "python eval.py")"), "readme-run-command") == ItemStatus::failed);
  CHECK(status(project, roadmap(command), "readme") == ItemStatus::passed);
  CHECK(status(project, roadmap(command), "readme-run-command") == ItemStatus::passed);
}

TEST_CASE("item status: a not-checked item earns no point, counts in the possible ones, and fails nothing",
          "[status][score]") {
  TempProject project;
  project.write("gan.csv", kGan);
  const auto report = check_project(project, R"("failure_case_count": 3, "training_log": "gan.csv")");
  // The record's six items pass; log-format and log-non-finite pass; the three curve items are not
  // checked. Under the record profile the claims about files are worth no point.
  CHECK(report.points_possible() == 6);
  CHECK(report.points_earned() == 6);
  CHECK(report.items_not_checked() == 3);
  // Under the roadmap profile each is worth one: the not-checked ones are possible, not earned.
  const auto roadmap =
      check_project(project, R"("failure_case_count": 3, "training_log": "gan.csv")", dlcheck::Profile::roadmap);
  CHECK(roadmap.points_possible() == 34);
  CHECK(roadmap.item_status("log-no-decrease") == ItemStatus::not_checked);
  CHECK(roadmap.item_status("log-format") == ItemStatus::passed);
  CHECK(report.verdict == dlcheck::Verdict::pass);
  CHECK(report.item_status("log-no-decrease") == ItemStatus::not_checked);
  CHECK_FALSE(report.item_passed("log-no-decrease"));
  CHECK(report.item_status("log-format") == ItemStatus::passed);
  CHECK(report.item_status("duplicate-key") == ItemStatus::passed);  // outside the checklist
  CHECK(report.findings.empty());
}

TEST_CASE("score: every file of a profile has the same denominator, and a failing file never a full score",
          "[status][score]") {
  TempProject project;
  project.write("gan.csv", kGan);
  dlcheck::CheckOptions options;
  for (const dlcheck::Profile profile : {dlcheck::Profile::roadmap, dlcheck::Profile::record}) {
    options.profile = profile;
    const int expected = profile == dlcheck::Profile::roadmap ? 34 : 6;
    const auto with_log = check_project(project, R"("failure_case_count": 3, "training_log": "gan.csv")", profile);
    const auto without = check_project(project, R"("failure_case_count": 3)", profile);
    const auto unparsable = dlcheck::check_text("evidence.json", "{\"task\": \"t\",}", options);
    const auto unreadable = dlcheck::check_file((project.root() / "missing.json").string(), options);
    CHECK(with_log.points_possible() == expected);
    CHECK(without.points_possible() == expected);
    CHECK(unparsable.points_possible() == expected);
    CHECK(unparsable.points_earned() == 0);
    CHECK(unreadable.verdict == dlcheck::Verdict::error);
    CHECK(unreadable.points_possible() == expected);
    CHECK(unreadable.points_earned() == 0);
  }
  // An item that does not apply is listed apart, with its reason, and is a point not earned.
  const auto without = check_project(project, R"("failure_case_count": 3)", dlcheck::Profile::roadmap);
  const auto entry = std::find_if(without.not_applicable.begin(), without.not_applicable.end(),
                                  [](const auto& item) { return item.rule->id == "log-no-decrease"; });
  REQUIRE(entry != without.not_applicable.end());
  CHECK(entry->reason == "the record names no training log (training_log)");
  CHECK(entry->status == ItemStatus::not_checked);
  // Every record item passes, but a duplicate key (a consistency check) fails the file.
  const auto duplicate = check_project(project, R"("failure_case_count": 3, "task": "t")");
  REQUIRE(duplicate.verdict == dlcheck::Verdict::fail);
  CHECK(duplicate.item_passed("task"));
  CHECK(duplicate.points_possible() == 6);
  CHECK(duplicate.points_earned() == 5);
}
