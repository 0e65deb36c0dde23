// The whole check with real project files: claims verified against logs, predictions and splits.

#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>

#include "engine/checker.hpp"
#include "temp_project.hpp"

using dlcheck::testing::TempProject;
using Strings = std::vector<std::string>;

namespace {

dlcheck::FileReport check_project(const TempProject& project, const std::string& evidence,
                                  dlcheck::Profile profile = dlcheck::Profile::record) {
  const auto path = project.write("evidence.json", evidence);
  dlcheck::CheckOptions options;
  options.profile = profile;
  return dlcheck::check_file(path.string(), options);
}

Strings messages(const dlcheck::FileReport& report, const std::string& rule) {
  Strings out;
  for (const auto& finding : report.findings) {
    if (finding.rule == rule) out.push_back(finding.message);
  }
  return out;
}

const dlcheck::Finding& only(const dlcheck::FileReport& report, const std::string& rule) {
  const dlcheck::Finding* found = nullptr;
  int count = 0;
  for (const auto& finding : report.findings) {
    if (finding.rule == rule) {
      found = &finding;
      ++count;
    }
  }
  REQUIRE(count == 1);
  return *found;
}

const std::string kRecord = R"("task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.75, "next_step": "x")";

const std::string kPredictions = "id,label,prediction\na,cat,cat\nb,cat,dog\nc,dog,dog\nd,dog,dog\n";

}  // namespace

TEST_CASE("artifacts: a missing or refused file is a project-file finding that points at the file", "[artifacts]") {
  TempProject project;
  const auto report =
      check_project(project, "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "logs/nope.csv",
                                               "predictions": "/etc/passwd"})");
  CHECK(report.verdict == dlcheck::Verdict::fail);
  const Strings problems = messages(report, "project-file");
  CHECK(problems == Strings{"training_log names \"logs/nope.csv\": no such file",
                            "predictions names \"/etc/passwd\": an absolute path is not allowed: name files relative "
                            "to the evidence file"});
  const auto& missing = report.findings[0].rule == "project-file" ? report.findings[0] : report.findings[1];
  REQUIRE(missing.artifact.has_value());
  CHECK(missing.pointer == "/training_log");
}

TEST_CASE("artifacts: the recomputed accuracy must match the claim", "[artifacts]") {
  TempProject project;
  project.write("preds.csv", kPredictions);
  const auto good = check_project(project, "{" + kRecord + R"(, "failure_case_count": 1, "predictions": "preds.csv"})");
  CHECK(messages(good, "predictions-metric").empty());
  CHECK(good.verdict == dlcheck::Verdict::fail);  // failure-evidence: only 1 failure

  const auto bad = check_project(project, R"({"task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.9,
                                              "failure_case_count": 1, "next_step": "x", "predictions": "preds.csv"})");
  const auto& mismatch = only(bad, "predictions-metric");
  CHECK(mismatch.message == "current_accuracy is 0.9, but the 4 rows of " + (project.root() / "preds.csv").string() +
                                " give accuracy 0.75");
  CHECK(mismatch.pointer == "/current_accuracy");
}

TEST_CASE("artifacts: rounding of the claim is allowed, more is not", "[artifacts]") {
  TempProject project;
  project.write(
      "preds.csv", "id,label,prediction\n" + [] {
        std::string rows;
        for (int i = 0; i < 1000; ++i) rows += std::to_string(i) + "," + (i < 823 ? "a,a\n" : "a,b\n");
        return rows;
      }());
  const auto check_claim = [&](const std::string& claim) {
    return messages(check_project(project, R"({"baseline_accuracy": 0.5, "current_accuracy": )" + claim +
                                               R"(, "predictions": "preds.csv"})"),
                    "predictions-metric");
  };
  CHECK(check_claim("0.823").empty());
  CHECK(check_claim("0.82").empty());     // 0.82 stands for 0.815–0.825
  CHECK(check_claim("0.8").size() == 1);  // a bounded metric is read to two decimals: 0.8 is not 0.823
  CHECK(check_claim("0.826").size() == 1);
  CHECK(check_claim("0.81").size() == 1);
}

TEST_CASE("artifacts: failure_case_count and the listed samples are checked against the rows", "[artifacts]") {
  TempProject project;
  project.write("preds.csv", kPredictions);
  const auto report = check_project(project, "{" + kRecord + R"(, "failure_case_count": 2, "predictions": "preds.csv",
      "failure_cases": [{"input": "b", "label": "cat", "prediction": "dog", "note": "n"},
                        {"input": "a", "note": "right, not wrong"},
                        {"input": "zz", "note": "not there"},
                        {"input": "b", "label": "cat", "prediction": "bird", "note": "wrong prediction shown"}],
      "success_samples": [{"input": "c", "label": "dog", "prediction": "dog"}, {"input": "b"}]})");
  const std::string file = (project.root() / "preds.csv").string();
  CHECK(messages(report, "predictions-failure-count") ==
        Strings{"failure_case_count is 2, but " + file + " has 1 wrong predictions out of 4"});
  CHECK(
      messages(report, "predictions-samples") ==
      Strings{"failure_cases[1] (\"a\") is predicted correctly at " + file + ":2 (label \"cat\", prediction \"cat\")",
              "failure_cases[2].input \"zz\" is not a row of " + file,
              "failure_cases[3].prediction is \"bird\", but " + file + ":3 says \"dog\"",
              "success_samples[1] (\"b\") is predicted wrongly at " + file + ":3 (label \"cat\", prediction \"dog\")"});
}

TEST_CASE("artifacts: ids in two splits and predictions on training ids are leakage", "[artifacts]") {
  TempProject project;
  project.write("splits/train.txt", "a\nx\ny\n");
  project.write("splits/test.txt", "b\nc\nx\n");
  project.write("preds.csv", kPredictions);
  const auto report = check_project(project, "{" + kRecord + R"(, "failure_case_count": 1, "predictions": "preds.csv",
      "dataset": {"ids": {"train": "splits/train.txt", "test": "splits/test.txt"}}})");
  const std::string train = (project.root() / "splits/train.txt").string();
  const std::string test = (project.root() / "splits/test.txt").string();
  // Findings are ordered by the evidence field they belong to: "predictions" comes first.
  CHECK(messages(report, "split-leakage") ==
        Strings{"data leakage: 1 prediction id of " + (project.root() / "preds.csv").string() +
                    " is in the train split: \"a\" (line 2)",
                "data leakage: 1 id is in two splits: \"x\" (" + train + ":2 and " + test + ":3)"});
  const auto clean = [&] {
    project.write("splits/test.txt", "b\nc\n");
    project.write("splits/train.txt", "x\ny\n");
    return check_project(project, "{" + kRecord + R"(, "failure_case_count": 1, "predictions": "preds.csv",
        "dataset": {"ids": {"train": "splits/train.txt", "test": "splits/test.txt"}}})");
  }();
  CHECK(messages(clean, "split-leakage").empty());
}

namespace {

/// The record with `ids` as its dataset.ids object, checked: what was read from the project.
std::shared_ptr<const dlcheck::ProjectArtifacts> artifacts_of(const TempProject& project, const std::string& ids) {
  const auto report =
      check_project(project, "{" + kRecord + R"(, "failure_case_count": 1, "dataset": {"ids": )" + ids + "}}");
  REQUIRE(report.artifacts != nullptr);
  return report.artifacts;
}

/// "id first_split:line second_split:line" for each leaked example, in order.
Strings leak_lines(const dlcheck::ProjectArtifacts& artifacts) {
  Strings out;
  for (const auto& leak : artifacts.leaked_examples) {
    out.push_back(leak.id + " " + leak.first_split + ":" + std::to_string(leak.first_line) + " " + leak.second_split +
                  ":" + std::to_string(leak.second_line));
  }
  return out;
}

const std::string kThreeSplits = R"({"train": "splits/train.txt", "val": "splits/val.txt", "test": "splits/test.txt"})";

}  // namespace

TEST_CASE("artifacts: every leaked place counts, the first five kept in file order", "[artifacts][leakage]") {
  TempProject project;
  project.write("splits/train.txt", "t1\nt2\nt3\nt4\nt5\nt6\nt2\n");
  project.write("splits/val.txt", "v1\n");
  project.write("splits/test.txt", "x\nt6\nt2\n\nt1\nt2\nt5\nt4\nt3\n");
  const auto artifacts = artifacts_of(project, kThreeSplits);
  CHECK(artifacts->leaked_total == 7);  // t2 twice: each place in the later split counts
  CHECK(leak_lines(*artifacts) == Strings{"t6 train:6 test:2", "t2 train:2 test:3", "t1 train:1 test:5",
                                          "t2 train:2 test:6", "t5 train:5 test:7"});
  const auto& first = artifacts->leaked_examples.front();
  CHECK(first.first_path == (project.root() / "splits/train.txt").string());
  CHECK(first.second_path == (project.root() / "splits/test.txt").string());
}

TEST_CASE("artifacts: an id in val and test is leakage, named by its first split", "[artifacts][leakage]") {
  TempProject project;
  project.write("splits/train.txt", "a\nb\n");
  project.write("splits/val.txt", "c\nd\nb\n");
  project.write("splits/test.txt", "e\nd\nb\n");
  const auto artifacts = artifacts_of(project, kThreeSplits);
  CHECK(artifacts->leaked_total == 3);
  CHECK(leak_lines(*artifacts) == Strings{"b train:2 val:3", "d val:2 test:2", "b train:2 test:3"});
  const auto report =
      check_project(project, "{" + kRecord + R"(, "failure_case_count": 1, "dataset": {"ids": )" + kThreeSplits + "}}");
  const std::string train = (project.root() / "splits/train.txt").string();
  const std::string val = (project.root() / "splits/val.txt").string();
  const std::string test = (project.root() / "splits/test.txt").string();
  CHECK(messages(report, "split-leakage") ==
        Strings{"data leakage: 3 ids are in two splits: \"b\" (" + train + ":2 and " + val + ":3), \"d\" (" + val +
                ":2 and " + test + ":2), \"b\" (" + train + ":2 and " + test + ":3)"});
}

TEST_CASE("artifacts: the record's order of the splits decides which came first", "[artifacts][leakage]") {
  TempProject project;
  project.write("splits/train.txt", "a\nb\n");
  project.write("splits/test.txt", "b\n");
  const auto artifacts = artifacts_of(project, R"({"test": "splits/test.txt", "train": "splits/train.txt"})");
  CHECK(leak_lines(*artifacts) == Strings{"b test:1 train:2"});
}

TEST_CASE("artifacts: repeats inside one split are no leakage", "[artifacts][leakage]") {
  TempProject project;
  project.write("splits/train.txt", "a\na\nb\na\n");
  project.write("splits/val.txt", "c\nc\n");
  project.write("splits/test.txt", "d\nd\nd\n");
  const auto artifacts = artifacts_of(project, kThreeSplits);
  CHECK(artifacts->leaked_total == 0);
  CHECK(artifacts->leaked_examples.empty());
  REQUIRE(artifacts->splits.size() == 3);
  CHECK(artifacts->splits[0].ids->size() == 4);  // the count shown is of lines, repeats included
}

TEST_CASE("artifacts: numbered ids leak only when their text is the same", "[artifacts][leakage]") {
  TempProject project;
  project.write("splits/train.txt", "1\n2\n3\n10\n");
  project.write("splits/val.txt", "img_1\nimg_2\n");
  project.write("splits/test.txt", "01\n2\n003\n1.0\nimg_01\nimg_2\n 10 \n");
  const auto artifacts = artifacts_of(project, kThreeSplits);
  CHECK(artifacts->leaked_total == 3);
  CHECK(leak_lines(*artifacts) == Strings{"2 train:2 test:2", "img_2 val:2 test:6", "10 train:4 test:7"});
}

TEST_CASE("artifacts: ids with spaces and any UTF-8 leak by their exact text", "[artifacts][leakage]") {
  TempProject project;
  project.write("splits/train.txt", "a b\nkatze 猫\nÄ\n");
  project.write("splits/test.txt", "a  b\n\tkatze 猫\nA\xCC\x88\nid,x\n");
  const auto artifacts = artifacts_of(project, R"({"train": "splits/train.txt", "test": "splits/test.txt"})");
  CHECK(artifacts->leaked_total == 1);
  CHECK(leak_lines(*artifacts) == Strings{"katze 猫 train:2 test:2"});
}

TEST_CASE("artifacts: the training log is judged and points at its lines", "[artifacts]") {
  TempProject project;
  project.write("log.csv", "epoch,loss,val_loss\n0,1.0,1.0\n1,0.8,0.9\n2,nan,0.95\n3,0.5,1.0\n");
  const auto report =
      check_project(project, "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "log.csv"})");
  const auto& nan = only(report, "log-non-finite");
  REQUIRE(nan.artifact.has_value());
  CHECK(nan.artifact->line == 4);
  CHECK(nan.pointer == "/training_log");

  project.write("flat.csv", "epoch,loss\n0,1.0\n1,0.99\n2,0.98\n3,0.99\n");
  const auto flat = check_project(project, "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "flat.csv",
                                                              "self_check": {"failure_mode": "overfitting"}})");
  CHECK(only(flat, "log-no-decrease").artifact->line == 2);
  CHECK(flat.verdict == dlcheck::Verdict::fail);

  project.write("text.log", "Epoch 1/10 - loss: 0.53\nEpoch 2/10 - loss: 0.41\n");
  const auto text = check_project(project, "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "text.log"})");
  CHECK(only(text, "log-format").severity == dlcheck::Severity::error);
}

TEST_CASE("artifacts: overfitting is a warning, or information when the self-check says it happened", "[artifacts]") {
  TempProject project;
  project.write("log.csv",
                "epoch,loss,val_loss\n1,1.0,1.0\n2,0.8,0.8\n3,0.6,0.7\n4,0.5,0.6\n5,0.4,0.65\n6,0.3,0.7\n7,0.2,0.8\n");
  const std::string file = (project.root() / "log.csv").string();
  const std::string base = "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "log.csv")";
  const auto check = [&](std::string_view self_check) {
    return check_project(project, base + R"(, "self_check": )" + std::string(self_check) + "}");
  };
  const auto plain = check_project(project, base + "}");
  const auto& warning = only(plain, "log-overfitting");
  CHECK(warning.severity == dlcheck::Severity::warning);
  CHECK(warning.artifact->line == 5);
  CHECK(warning.message ==
        "overfitting: val_loss is lowest at epoch 4 (0.6) and rises to 0.8 by epoch 7 (+33.3%) while the training "
        "loss keeps falling (-60.0%)");

  SECTION("said to have happened: a confirmation") {
    for (const auto* said : {R"({"failure_mode": "overfitting", "observed": true})",
                             R"({"failure_mode": "overfitting", "evidence": "val loss rises after epoch 4"})"}) {
      INFO(said);
      const auto confirmed = check(said);
      CHECK(only(confirmed, "log-overfitting").severity == dlcheck::Severity::info);
      CHECK(only(confirmed, "log-overfitting").message.ends_with("; this confirms the self-check"));
      CHECK(messages(confirmed, "log-self-check").empty());
    }
  }
  SECTION("ruled out, by the field or in words: the log contradicts it, with the numbers") {
    for (
        const auto* said :
        {R"({"failure_mode": "overfitting", "evidence": "looked at the curves", "observed": false})",
         R"({"failure_mode": "checked for overfitting", "evidence": "val_loss still falling, so no overfitting"})",
         R"({"failure_mode": "overfitting", "evidence": "ruled out: the validation loss follows the training loss"})"}) {
      INFO(said);
      const auto ruled_out = check(said);
      CHECK(only(ruled_out, "log-overfitting").severity == dlcheck::Severity::warning);
      CHECK(messages(ruled_out, "log-self-check") ==
            Strings{"the self-check rules out overfitting, but in " + file +
                    " val_loss is lowest at epoch 4 (0.6) and rises to 0.8 by epoch 7 (+33.3%)"});
    }
  }
  SECTION("neither said: no confirmation, and the report says so rather than guess") {
    const auto unsaid = check(R"({"failure_mode": "overfitting", "evidence": "looked at the loss curves"})");
    CHECK(only(unsaid, "log-overfitting").severity == dlcheck::Severity::warning);
    CHECK(only(unsaid, "log-self-check").severity == dlcheck::Severity::info);
    CHECK(only(unsaid, "log-self-check").message ==
          "the self-check names overfitting but does not say whether it happened; " + file + " shows it");
  }
  SECTION("no loss decrease said to have happened while the loss falls: contradicted") {
    const auto contradicted = check(R"({"failure_mode": "no loss decrease", "observed": true})");
    CHECK(messages(contradicted, "log-self-check") ==
          Strings{"the self-check names no loss decrease, but the training loss in " + file + " falls by 80.0%"});
    const auto agreed = check(R"({"failure_mode": "no loss decrease", "observed": false})");
    CHECK(messages(agreed, "log-self-check").empty());
  }
  SECTION("a placeholder names no failure mode") {
    const auto placeholder = check(
        R"({"failure_mode": "<fill in: shape mismatch, no loss decrease, overfitting, data leakage, or attention without data flow>"})");
    CHECK(messages(placeholder, "log-self-check").empty());
    CHECK(only(placeholder, "log-overfitting").severity == dlcheck::Severity::warning);
  }
}

TEST_CASE("artifacts: a self-check that says overfitting happened when the validation loss falls", "[artifacts]") {
  TempProject project;
  project.write("log.csv", "epoch,loss,val_loss\n1,1.0,1.1\n2,0.8,0.9\n3,0.6,0.7\n4,0.5,0.6\n");
  const std::string file = (project.root() / "log.csv").string();
  const std::string base = "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "log.csv", "self_check": )";
  const auto said = check_project(project, base + R"({"failure_mode": "overfitting", "observed": true}})");
  CHECK(messages(said, "log-self-check") ==
        Strings{"the self-check says overfitting happened, but val_loss in " + file +
                " does not rise after its minimum (0.6 at epoch 4, last 0.6 at epoch 4)"});
  const auto agreed =
      check_project(project, base + R"({"failure_mode": "overfitting", "evidence": "no overfitting"}})");
  CHECK(messages(agreed, "log-self-check").empty());
  CHECK(messages(agreed, "log-overfitting").empty());
}

TEST_CASE("artifacts: the roadmap profile wants a README with the run command", "[artifacts]") {
  TempProject project;
  const std::string record = R"({"task": "t", "run_command": "python  train.py \\\n --seed 0"})";
  const auto none = check_project(project, record, dlcheck::Profile::roadmap);
  CHECK(messages(none, "readme") ==
        Strings{"the project has no README: none next to the evidence file or at the project root"});
  project.write("README.md", "# Project\n\nRun `python train.py --seed 1`.\n");
  const auto without_command = check_project(project, record, dlcheck::Profile::roadmap);
  CHECK(messages(without_command, "readme").empty());
  CHECK(messages(without_command, "readme-run-command").size() == 1);
  project.write("README.md", "# Project\n\n    python train.py \\\n        --seed 0\n");
  CHECK(messages(check_project(project, record, dlcheck::Profile::roadmap), "readme-run-command").empty());
}

// ---------------------------------------------------------------------------------------------
// Limits and hostile files

namespace {

dlcheck::FileReport check_with(const TempProject& project, const std::string& evidence,
                               const std::function<void(dlcheck::CheckOptions&)>& adjust) {
  const auto path = project.write("evidence.json", evidence);
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  adjust(options);
  return dlcheck::check_file(path.string(), options);
}

std::string location(const dlcheck::Finding& finding) {
  REQUIRE(finding.artifact.has_value());
  return std::filesystem::path(finding.artifact->path).filename().string() + ":" +
         std::to_string(finding.artifact->line) + ":" + std::to_string(finding.artifact->column);
}

}  // namespace

TEST_CASE("artifacts: --max-depth applies to the JSON of named files", "[artifacts][limits]") {
  TempProject project;
  project.write("log.jsonl", "{\"epoch\": 1, \"loss\": 0.9}\n{\"epoch\": 2, \"loss\": 0.8, \"extra\": [[[1]]]}\n");
  project.write(
      "preds.jsonl",
      "{\"id\": \"a\", \"label\": 1, \"prediction\": 1}\n{\"id\": [[[\"b\"]]], \"label\": 1, \"prediction\": 1}\n");
  const std::string evidence =
      "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "log.jsonl", "predictions": "preds.jsonl"})";
  const auto limited = check_with(project, evidence, [](auto& options) { options.parse_limits.max_depth = 3; });
  CHECK(only(limited, "log-format").message ==
        "line 2 is not a JSON object: nesting is deeper than 3 levels (--max-depth)");
  CHECK(location(only(limited, "log-format")) == "log.jsonl:2:38");
  CHECK(only(limited, "predictions-format").message == "invalid JSON: nesting is deeper than 3 levels (--max-depth)");
  CHECK(location(only(limited, "predictions-format")) == "preds.jsonl:2:10");
  const auto deeper = check_with(project, evidence, [](auto& options) { options.parse_limits.max_depth = 4; });
  CHECK(messages(deeper, "log-format").empty());
  CHECK(messages(deeper, "predictions-format").empty());
}

TEST_CASE("artifacts: --max-file-size limits a training log read whole", "[artifacts][limits]") {
  TempProject project;
  std::string state = "{\"log_history\": [\n";
  for (int i = 1; i < 50; ++i) state += "  {\"step\": " + std::to_string(i) + ", \"loss\": 0.5},\n";
  state += "  {\"step\": 50, \"loss\": 0.1}\n]}\n";
  project.write("trainer_state.json", state);
  const std::string evidence = "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "trainer_state.json"})";
  const auto limited = check_with(project, evidence, [](auto& options) { options.max_file_size = 1024; });
  CHECK(only(limited, "log-format").message ==
        "the training log is one JSON document over the limit of 1024 bytes (--max-file-size)");
  CHECK(messages(check_with(project, evidence, [](auto&) {}), "log-format").empty());
}

TEST_CASE("artifacts: --max-line-length errors point at the line and column in every kind of file",
          "[artifacts][limits]") {
  TempProject project;
  project.write("log.csv", "epoch,loss\n1,0.9\n2,0.8000000000000000000001\n");
  project.write("preds.csv", "id,label,prediction\na,cat,cat\nb,a-rather-long-label,cat\n");
  project.write("train.txt", "a\nan-id-that-is-far-too-long\n");
  const std::string evidence = "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "log.csv",
      "predictions": "preds.csv", "dataset": {"ids": {"train": "train.txt"}}})";
  const auto report =
      check_with(project, evidence, [](auto& options) { options.artifact_limits.max_line_length = 20; });
  CHECK(only(report, "log-format").message ==
        "cannot read the training log: line 3 is longer than the limit of 20 bytes (--max-line-length)");
  CHECK(location(only(report, "log-format")) == "log.csv:3:21");
  CHECK(only(report, "predictions-format").message ==
        "line 3 is longer than the limit of 20 bytes (--max-line-length)");
  CHECK(location(only(report, "predictions-format")) == "preds.csv:3:21");
  CHECK(
      only(report, "project-file").message ==
      "dataset.ids.train names \"train.txt\": line 2: line 2 is longer than the limit of 20 bytes (--max-line-length)");
  CHECK(location(only(report, "project-file")) == "train.txt:2:21");
}

TEST_CASE("artifacts: empty, garbage, NUL-filled and CRLF files are findings, never exceptions",
          "[artifacts][hostile]") {
  TempProject project;
  std::string garbage;
  for (int i = 0; i < 70000; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
  const std::string evidence =
      "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "log", "predictions": "preds"})";
  const auto with_files = [&](const std::string& log, const std::string& predictions) {
    project.write("log", log);
    project.write("preds", predictions);
    return check_with(project, evidence, [](auto&) {});
  };
  const auto empty = with_files("", "");
  CHECK_THAT(only(empty, "log-format").message, Catch::StartsWith("the training log is empty"));
  CHECK(only(empty, "predictions-format").message == "the file is empty");
  const auto noise = with_files(garbage, garbage);
  CHECK(noise.verdict == dlcheck::Verdict::fail);
  CHECK(messages(noise, "log-format").size() == 1);
  CHECK(messages(noise, "predictions-format").size() == 1);
  const auto nuls = with_files(std::string(5000, '\0'), std::string(5000, '\0'));
  CHECK(messages(nuls, "log-format").size() == 1);
  CHECK(messages(nuls, "predictions-format").size() == 1);
  // The BOM ends its own literal: "\xBFe" would be one out-of-range escape (0xBFE), not 0xBF then 'e'.
  const auto crlf = with_files(
      "\xEF\xBB\xBF"
      "epoch,loss\r\n1,0.9\r\n2,0.5\r\n3,0.2\r\n",
      "\xEF\xBB\xBFid,label,prediction\r\na,cat,cat\r\nb,dog,cat\r\nc,dog,dog\r\nd,cat,cat\r\n");
  CHECK(messages(crlf, "log-format").empty());
  CHECK(messages(crlf, "predictions-format").empty());
  CHECK(messages(crlf, "predictions-metric").empty());  // 3 of 4 right: 0.75, as claimed
}

TEST_CASE("artifacts: a named path that is a device, a loop or outside the root is refused", "[artifacts][hostile]") {
  TempProject project;
  std::filesystem::create_symlink("/dev/zero", project.root() / "zero.csv");
  std::filesystem::create_directories(project.root() / "folder.csv");
  std::filesystem::create_symlink("loop2.csv", project.root() / "loop1.csv");
  std::filesystem::create_symlink("loop1.csv", project.root() / "loop2.csv");
  const auto refused = [&](const std::string& path) {
    const auto report =
        check_project(project, "{" + kRecord + R"(, "failure_case_count": 3, "training_log": ")" + path + "\"}");
    return messages(report, "project-file");
  };
  CHECK(refused("zero.csv") ==
        Strings{"training_log names \"zero.csv\": the path is a symlink that resolves outside the project root"});
  // A folder may be a log (TensorBoard, MLflow): an empty one is opened, and is no log.
  CHECK(refused("folder.csv").empty());
  const auto folder =
      check_project(project, "{" + kRecord + R"(, "failure_case_count": 3, "training_log": "folder.csv"})");
  CHECK(messages(folder, "log-format") ==
        Strings{"no TensorBoard event file in this folder, and it is not an MLflow store (no MLflow run found: a run "
                "folder holds meta.yaml and metrics/): name a log file, a TensorBoard log folder or an MLflow run "
                "folder"});
  CHECK(refused("loop1.csv") == Strings{"training_log names \"loop1.csv\": the path is a symlink loop"});
  CHECK(refused("../outside.csv") ==
        Strings{"training_log names \"../outside.csv\": the path leaves the project root"});
  CHECK(refused("/dev/null") == Strings{"training_log names \"/dev/null\": an absolute path is not allowed: name files "
                                        "relative to the evidence file"});
  CHECK(refused("a\\u0000b.csv") == Strings{"training_log names \"a\\x00b.csv\": the path contains a NUL byte"});
}
