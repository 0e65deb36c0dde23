// Training logs as students hand them in, through the whole checker: TensorBoard event files and
// log folders, MLflow stores, Ultralytics results.csv, and the quirks of real logs (odd line
// endings, appended runs, several evaluation sets, GAN and Lightning names, NaN storms).

#include "artifacts/log_sources.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/checker.hpp"
#include "event_file_writer.hpp"
#include "format/formatter.hpp"
#include "mlflow_fixture.hpp"
#include "temp_project.hpp"

using dlcheck::ItemStatus;
using dlcheck::Severity;
using dlcheck::TrainingLog;
using dlcheck::testing::TempProject;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;
namespace ev = dlcheck::testing::events;

using namespace dlcheck::testing::mlflow;

namespace {

// A record whose own items all pass: every finding comes from the log.
const std::string kRecord =
    R"("task": "t", "baseline_accuracy": 0.5, "current_accuracy": 0.75, "failure_case_count": 3, "next_step": "x")";

dlcheck::FileReport check_project(const TempProject& project, const std::string& fields) {
  const auto path = project.write("evidence.json", "{" + kRecord + ", " + fields + "}");
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  return dlcheck::check_file(path.string(), options);
}

dlcheck::FileReport check_log(const TempProject& project, const std::string& log) {
  return check_project(project, R"("training_log": )" + log);
}

/// The messages of one rule's findings, in report order.
Strings messages(const dlcheck::FileReport& report, std::string_view rule) {
  Strings out;
  for (const auto& finding : report.findings) {
    if (finding.rule == rule) out.push_back(finding.message);
  }
  return out;
}

/// The messages of one rule's findings of one severity.
Strings messages(const dlcheck::FileReport& report, std::string_view rule, Severity severity) {
  Strings out;
  for (const auto& finding : report.findings) {
    if (finding.rule == rule && finding.severity == severity) out.push_back(finding.message);
  }
  return out;
}

/// The log read, failing the test when it could not be.
const TrainingLog& log_of(const dlcheck::FileReport& report) {
  REQUIRE(report.artifacts);
  REQUIRE(report.artifacts->training_log);
  const auto* log = std::get_if<TrainingLog>(&*report.artifacts->training_log);
  if (log == nullptr)
    FAIL("not read: " << std::get<dlcheck::TrainingLogError>(*report.artifacts->training_log).message);
  return *log;
}

std::string reason(const dlcheck::FileReport& report, std::string_view rule) {
  for (const auto& entry : report.checklist) {
    if (entry.rule->id == rule) {
      CHECK(entry.status == ItemStatus::not_checked);
      return entry.reason;
    }
  }
  FAIL("no checklist item " << rule);
  return "";
}

std::string render(const dlcheck::FileReport& file, const dlcheck::Formatter& format) {
  dlcheck::Report report;
  report.rules = dlcheck::rule_table();
  report.profile = dlcheck::Profile::record;
  report.files.push_back(file);
  std::ostringstream out;
  format.write(report, out, {});
  return out.str();
}

std::string text_report(const dlcheck::FileReport& file) { return render(file, *dlcheck::find_formatter("text")); }

std::vector<double> values_of(const dlcheck::LossCurve& curve) {
  std::vector<double> values;
  for (const auto& point : curve.points) values.push_back(point.value);
  return values;
}

// ---------------------------------------------------------------------------------------------
// Event files

/// An event file as SummaryWriter leaves it: the file_version record, then one `tag` per step.
std::string event_file(double wall_time, const std::vector<std::pair<std::int64_t, float>>& points,
                       std::string_view tag = "loss") {
  std::string file = ev::record(ev::file_version_event(wall_time));
  for (const auto& [step, value] : points) {
    file += ev::record(ev::summary_event(wall_time + static_cast<double>(step), step, ev::simple_value(tag, value)));
  }
  return file;
}

const std::vector<std::pair<std::int64_t, float>> kFalling = {{1, 1.0f}, {2, 0.8f}, {3, 0.6f}, {4, 0.5f}};
const std::vector<std::pair<std::int64_t, float>> kFlat = {{1, 1.0f}, {2, 0.99f}, {3, 0.98f}, {4, 0.99f}};

// 82 bytes: the file_version record (40) and one loss (42); the third record starts at 82.
const std::string kStart = ev::record(ev::file_version_event(1700000000.5)) +
                           ev::record(ev::summary_event(1700000001, 1, ev::simple_value("loss", 1.0f)));
const std::string kThird = ev::record(ev::summary_event(1700000002, 2, ev::simple_value("loss", 0.8f)));
const std::string kFourth = ev::record(ev::summary_event(1700000003, 3, ev::simple_value("loss", 0.6f)));

/// A Lightning folder: version_0 started first and did not learn; version_1 is newer and did.
void write_lightning(const TempProject& project) {
  project.write("lightning_logs/version_0/events.out.tfevents.1700000000.host.1.0", event_file(1700000000, kFlat));
  project.write("lightning_logs/version_0/hparams.yaml", "lr: 0.1\n");
  project.write("lightning_logs/version_1/events.out.tfevents.1700009000.host.1.0", event_file(1700009000, kFalling));
  project.write("lightning_logs/version_1/hparams.yaml", "lr: 0.01\n");
}

// ---------------------------------------------------------------------------------------------
// MLflow

void write_run(const TempProject& project, const std::string& run_folder, const std::string& id,
               const std::string& name, std::int64_t start_time, const std::string& loss, const std::string& val_loss) {
  project.write(run_folder + "/meta.yaml", "artifact_uri: file:///tmp/mlruns/0/" + id +
                                               "/artifacts\nexperiment_id: '0'\n"
                                               "lifecycle_stage: active\nrun_id: " +
                                               id + "\nrun_name: " + name + "\nrun_uuid: " + id + "\nstart_time: " +
                                               std::to_string(start_time) + "\nstatus: 3\nuser_id: student\n");
  project.write(run_folder + "/tags/mlflow.runName", name);
  project.write(run_folder + "/params/lr", "0.001");
  project.write(run_folder + "/metrics/loss", loss);
  if (!val_loss.empty()) project.write(run_folder + "/metrics/val_loss", val_loss);
}

void write_experiment(const TempProject& project, const std::string& folder) {
  project.write(folder + "/meta.yaml",
                "artifact_location: file:///tmp/mlruns/0\ncreation_time: 1700000000000\nexperiment_id: '0'\n"
                "last_update_time: 1700000000000\nlifecycle_stage: active\nname: Default\n");
}

/// MLflow metric files: "timestamp value step" a line.
std::string metric_lines(const std::vector<double>& values) {
  std::string lines;
  for (std::size_t i = 0; i < values.size(); ++i)
    lines += fmt::format("{} {} {}\n", 1700000000000 + 1000 * i, values[i], i);
  return lines;
}

std::string insert_metrics(std::string_view run, std::string_view key, const std::vector<double>& values) {
  std::string sql;
  for (std::size_t step = 0; step < values.size(); ++step) {
    sql += fmt::format("INSERT INTO metrics VALUES ('{}', {:.17g}, {}, '{}', {}, 0);\n", key, values[step],
                       1700000000000 + step, run, step);
  }
  return sql;
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Strings names_in(const fs::path& folder) {
  Strings names;
  for (const auto& entry : fs::directory_iterator(folder)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// TensorBoard

TEST_CASE("log sources: a TensorBoard event file named directly is read and judged", "[log_sources][tensorboard]") {
  TempProject project;
  project.write("runs/events.out.tfevents.1700000000.host.1.0", event_file(1700000000, kFalling));
  const auto report = check_log(project, R"("runs/events.out.tfevents.1700000000.host.1.0")");
  const TrainingLog& log = log_of(report);
  CHECK(log.format == "TensorBoard event files");
  CHECK(log.rows == 5);
  CHECK(log.run.empty());
  REQUIRE(log.train);
  CHECK(log.train->column == "loss");
  CHECK(log.train->x_name == "step");
  CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.800000011920929, 0.60000002384185791, 0.5});
  CHECK(report.findings.empty());
  CHECK(report.item_status("log-format") == ItemStatus::passed);
  CHECK(report.item_status("log-no-decrease") == ItemStatus::passed);
  CHECK(report.item_status("log-non-finite") == ItemStatus::passed);
  CHECK(reason(report, "log-overfitting") ==
        "no validation loss curve in " + (project.root() / "runs/events.out.tfevents.1700000000.host.1.0").string());
}

TEST_CASE("log sources: every scalar encoding of a loss is read through the checker", "[log_sources][tensorboard]") {
  TempProject project;
  // simple_value (TF1, torch), float_val and double_val (torch's new style), tensor_content (tf.summary).
  std::string file = ev::record(ev::file_version_event(1700000000));
  file += ev::record(ev::summary_event(1700000001, 1, ev::simple_value("loss", 1.0f)));
  file += ev::record(ev::summary_event(1700000002, 2, ev::tensor_value("loss", ev::float_val_tensor(0.75f))));
  file += ev::record(ev::summary_event(1700000003, 3, ev::tensor_value("loss", ev::double_val_tensor(0.625))));
  file += ev::record(ev::summary_event(1700000004, 4, ev::tensor_value("loss", ev::float_content_tensor(0.5f))));
  file += ev::record(ev::summary_event(1700000005, 5, ev::tensor_value("loss", ev::double_content_tensor(0.375))));
  project.write("events.out.tfevents.1700000000.host", file);
  const auto report = check_log(project, R"("events.out.tfevents.1700000000.host")");
  const TrainingLog& log = log_of(report);
  REQUIRE(log.train);
  CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.75, 0.625, 0.5, 0.375});
  std::vector<double> steps;
  for (const auto& point : log.train->points) steps.push_back(point.x);
  CHECK(steps == std::vector<double>{1, 2, 3, 4, 5});
  CHECK(report.findings.empty());
}

TEST_CASE("log sources: a Lightning folder of versions reads the newest run and names it",
          "[log_sources][tensorboard]") {
  TempProject project;
  write_lightning(project);
  const auto report = check_log(project, R"("lightning_logs")");
  const TrainingLog& log = log_of(report);
  CHECK(log.run == "version_1");
  CHECK(log.format == "TensorBoard event files");
  REQUIRE(log.train);
  CHECK(log.train->source == "version_1/events.out.tfevents.1700009000.host.1.0");
  CHECK(values_of(*log.train).back() == 0.5);
  CHECK(messages(report, "log-format", Severity::info) ==
        Strings{"the folder holds 2 runs (version_1, version_0, newest first); the newest, version_1, is read"});
  CHECK(messages(report, "log-format", Severity::error).empty());
  CHECK(report.item_status("log-format") == ItemStatus::passed);
  CHECK(report.item_status("log-no-decrease") == ItemStatus::passed);
  const std::string text = text_report(report);
  CHECK(text.find("training log: " + (project.root() / "lightning_logs").string() +
                  " (TensorBoard event files, 5 rows, run version_1)\n") != std::string::npos);
  CHECK(text.find(" in version_1/events.out.tfevents.1700009000.host.1.0\n") != std::string::npos);
}

TEST_CASE("log sources: {path, run} picks the older Lightning version, and an unknown run lists the runs",
          "[log_sources][tensorboard]") {
  TempProject project;
  write_lightning(project);
  const auto older = check_log(project, R"({"path": "lightning_logs", "run": "version_0"})");
  CHECK(log_of(older).run == "version_0");
  CHECK(messages(older, "log-format").empty());  // a run asked for is no note
  // version_0 did not learn: the run judged is the one named.
  CHECK(messages(older, "log-no-decrease") ==
        Strings{"the training loss does not decrease: it starts at 1 (step 1) and its best is 0.98 (step 3), a 2.0% "
                "decrease where at least 5.0% is expected"});

  const auto unknown = check_log(project, R"({"path": "lightning_logs", "run": "version_9"})");
  CHECK(messages(unknown, "log-format") ==
        Strings{"no TensorBoard run is named \"version_9\"; the runs found (newest first): version_1, version_0"});
  CHECK(reason(unknown, "log-no-decrease") ==
        "the training log " + (project.root() / "lightning_logs").string() + " could not be read (see log-format)");
}

TEST_CASE("log sources: a Keras folder of train/ and validation/ is one run, judged across both",
          "[log_sources][tensorboard]") {
  TempProject project;
  project.write(
      "logs/train/events.out.tfevents.1700000000.host.1.0.v2",
      event_file(1700000000, {{0, 1.0f}, {1, 0.8f}, {2, 0.6f}, {3, 0.4f}, {4, 0.3f}, {5, 0.2f}}, "epoch_loss"));
  SECTION("the validation loss falls too: no overfitting") {
    project.write(
        "logs/validation/events.out.tfevents.1700000001.host.1.1.v2",
        event_file(1700000001, {{0, 1.0f}, {1, 0.9f}, {2, 0.8f}, {3, 0.75f}, {4, 0.7f}, {5, 0.68f}}, "epoch_loss"));
    const auto report = check_log(project, R"("logs")");
    const TrainingLog& log = log_of(report);
    CHECK(log.run.empty());
    REQUIRE(log.train);
    CHECK(log.train->column == "train/epoch_loss");
    REQUIRE(log.validation.size() == 1);
    CHECK(log.validation[0].column == "validation/epoch_loss");
    CHECK(log.validation[0].source == "validation/events.out.tfevents.1700000001.host.1.1.v2");
    CHECK(report.findings.empty());
    CHECK(report.item_status("log-overfitting") == ItemStatus::passed);
  }
  SECTION("the validation loss rises from epoch 2: overfitting") {
    project.write(
        "logs/validation/events.out.tfevents.1700000001.host.1.1.v2",
        event_file(1700000001, {{0, 1.0f}, {1, 0.9f}, {2, 0.8f}, {3, 0.85f}, {4, 0.9f}, {5, 1.0f}}, "epoch_loss"));
    const auto report = check_log(project, R"("logs")");
    CHECK(messages(report, "log-overfitting") ==
          Strings{"overfitting: validation/epoch_loss is lowest at step 2 (0.8) and rises to 1 by step 5 (+25.0%) "
                  "while the training loss keeps falling (-66.7%)"});
    CHECK(report.item_status("log-overfitting") == ItemStatus::failed);
  }
}

TEST_CASE("log sources: a split folder named on its own keeps its split", "[log_sources][tensorboard]") {
  TempProject project;
  project.write("logs/validation/events.out.tfevents.1700000001.host.1.1.v2",
                event_file(1700000001, {{0, 1.0f}, {1, 0.9f}, {2, 0.8f}}, "epoch_loss"));
  for (const char* named : {R"("logs/validation")", R"("logs/validation/")"}) {
    INFO(named);
    const auto report = check_log(project, named);
    const TrainingLog& log = log_of(report);
    CHECK_FALSE(log.train);
    REQUIRE(log.validation.size() == 1);
    CHECK(log.validation[0].column == "validation/epoch_loss");
  }
}

TEST_CASE("log sources: add_scalars folders loss_train/ and loss_val/ are one run", "[log_sources][tensorboard]") {
  TempProject project;
  project.write("runs/exp/loss_train/events.out.tfevents.1700000000.host.1.0",
                event_file(1700000000, {{0, 1.0f}, {1, 0.8f}, {2, 0.6f}, {3, 0.4f}, {4, 0.3f}}, "loss"));
  project.write("runs/exp/loss_val/events.out.tfevents.1700000001.host.1.1",
                event_file(1700000001, {{0, 1.0f}, {1, 0.8f}, {2, 0.9f}, {3, 1.0f}, {4, 1.1f}}, "loss"));
  const auto report = check_log(project, R"("runs")");
  const TrainingLog& log = log_of(report);
  CHECK(log.run == "exp");
  REQUIRE(log.train);
  CHECK(log.train->column == "loss_train/loss");
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation[0].column == "loss_val/loss");
  CHECK(report.item_status("log-overfitting") == ItemStatus::failed);
}

TEST_CASE("log sources: a last record cut short is an info note, and the curve before it is read",
          "[log_sources][tensorboard]") {
  TempProject project;
  project.write("events.out.tfevents.1", kStart + kThird + kFourth.substr(0, 20));
  const auto report = check_log(project, R"("events.out.tfevents.1")");
  CHECK(messages(report, "log-format", Severity::info) ==
        Strings{"the last record (at byte 124) is cut short, as in a file still being written; it was left out"});
  CHECK(messages(report, "log-format", Severity::error).empty());
  CHECK(report.item_status("log-format") == ItemStatus::passed);
  const TrainingLog& log = log_of(report);
  REQUIRE(log.train);
  CHECK(log.train->count == 2);
  CHECK(log.rows == 3);
}

TEST_CASE("log sources: a bad checksum in the middle is a log-format error naming the file and the byte",
          "[log_sources][tensorboard]") {
  TempProject project;
  std::string file = kStart + kThird + kFourth;
  file[82 + 20] ^= 0x40;  // inside the third record's data
  SECTION("the event file named") {
    project.write("events.out.tfevents.1", file);
    const auto report = check_log(project, R"("events.out.tfevents.1")");
    CHECK(messages(report, "log-format") == Strings{"record 3 at byte 82: data checksum mismatch"});
    const auto& finding = *report.findings_of("log-format").front();
    REQUIRE(finding.artifact);
    CHECK(finding.artifact->path == (project.root() / "events.out.tfevents.1").string());
    CHECK(reason(report, "log-non-finite") == "the training log " +
                                                  (project.root() / "events.out.tfevents.1").string() +
                                                  " could not be read (see log-format)");
  }
  SECTION("in a log folder") {
    project.write("logs/run1/events.out.tfevents.1", file);
    const auto report = check_log(project, R"("logs")");
    CHECK(messages(report, "log-format") ==
          Strings{"run1/events.out.tfevents.1: record 3 at byte 82: data checksum mismatch"});
  }
}

TEST_CASE("log sources: a record length of 2^63 is an error, never an allocation", "[log_sources][tensorboard]") {
  TempProject project;
  const std::string length = ev::le(std::uint64_t{1} << 63, 8);
  project.write("events.out.tfevents.1",
                kStart + length + ev::le(dlcheck::mask_crc32c(dlcheck::crc32c(length)), 4) + "data");
  const auto report = check_log(project, R"("events.out.tfevents.1")");
  CHECK(messages(report, "log-format") ==
        Strings{"record 3 at byte 82: length 9223372036854775808 is over the limit of 67108864 bytes"});
}

TEST_CASE("log sources: event files with no loss tag name the tags they have", "[log_sources][tensorboard]") {
  TempProject project;
  std::string file = ev::record(ev::file_version_event(1700000000));
  file +=
      ev::record(ev::summary_event(1700000001, 1, ev::simple_value("lr", 0.1f) + ev::simple_value("accuracy", 0.5f)));
  file += ev::record(ev::summary_event(1700000002, 2, ev::simple_value("lr", 0.1f)));
  project.write("runs/a/events.out.tfevents.1", file);
  CHECK(messages(check_log(project, R"("runs/a/events.out.tfevents.1")"), "log-format") ==
        Strings{"no loss found in the TensorBoard event file (tags: lr, accuracy): dlcheck looks for names with "
                "\"loss\" in them"});
  CHECK(messages(check_log(project, R"("runs")"), "log-format") ==
        Strings{"no loss found in the TensorBoard event files of a (tags: lr, accuracy): dlcheck looks for names "
                "with \"loss\" in them"});
}

TEST_CASE("log sources: a NaN in an event file is placed by its step, and several files of one run are appended runs",
          "[log_sources][tensorboard]") {
  TempProject project;
  SECTION("non-finite") {
    project.write("events.out.tfevents.1",
                  event_file(1700000000, {{1, 1.0f}, {2, 0.8f}, {3, std::nanf("")}, {4, 0.5f}, {5, std::nanf("")}}));
    const auto report = check_log(project, R"("events.out.tfevents.1")");
    CHECK(messages(report, "log-non-finite") == Strings{"loss is nan at step 3, the first of 2 non-finite values"});
    CHECK(report.item_status("log-non-finite") == ItemStatus::failed);
  }
  SECTION("a run restarted at step 1 in the same folder") {
    project.write("run/events.out.tfevents.1700000000.host", event_file(1700000000, kFalling));
    project.write("run/events.out.tfevents.1700005000.host", event_file(1700005000, kFlat));
    const auto report = check_log(project, R"("run")");
    CHECK(messages(report, "log-appended-runs") ==
          Strings{"the training log holds 2 runs appended one after another: loss goes back to step 1; only the last "
                  "run is judged"});
    // Only the last run, which did not learn, is judged, and the report names its file.
    CHECK(report.item_status("log-no-decrease") == ItemStatus::failed);
    CHECK(log_of(report).train->count == 4);
    CHECK(log_of(report).train->source == "events.out.tfevents.1700005000.host");
  }
  SECTION("a run resumed from a checkpoint in a new file") {
    project.write("run/events.out.tfevents.1700000000.host", event_file(1700000000, {{1, 1.0f}, {2, 0.8f}, {3, 0.7f}}));
    project.write("run/events.out.tfevents.1700005000.host", event_file(1700005000, {{3, 0.7f}, {4, 0.6f}, {5, 0.5f}}));
    const auto report = check_log(project, R"("run")");
    CHECK(messages(report, "log-appended-runs").empty());
    CHECK(log_of(report).train->count == 6);
    CHECK(values_of(*log_of(report).train).back() == 0.5);
    CHECK(report.item_status("log-no-decrease") == ItemStatus::passed);
  }
}

TEST_CASE("log sources: a symlink in a log folder that leaves the root is passed over, never read",
          "[log_sources][tensorboard][hostile]") {
  TempProject project, outside;
  const std::string marker = "MARKER_4f1c9e_loss";
  // Outside: an event file whose only tag is the marker, a text file and an event folder.
  outside.write("secret.tfevents", event_file(1800000000, kFlat, marker));
  outside.write("notes.txt", marker + "\n");
  outside.write("folder/events.out.tfevents.2", event_file(1900000000, kFlat, marker));
  project.write("runs/events.out.tfevents.1700000000.host", event_file(1700000000, kFalling));
  fs::create_symlink(outside.root() / "secret.tfevents", project.root() / "runs/stolen.tfevents");
  fs::create_symlink(outside.root() / "folder", project.root() / "runs/version_9");
  fs::create_symlink(outside.root() / "notes.txt", project.root() / "runs/notes.txt");
  const auto report = check_log(project, R"("runs")");
  CHECK(messages(report, "log-format", Severity::info) == Strings{"notes.txt is a symlink, which is not followed",
                                                                  "stolen.tfevents is a symlink, which is not followed",
                                                                  "version_9 is a symlink, which is not followed"});
  const TrainingLog& log = log_of(report);
  REQUIRE(log.train);
  CHECK(log.train->column == "loss");
  CHECK(log.run.empty());
  for (const auto& finding : report.findings) CHECK(finding.message.find("MARKER_4f1c9e") == std::string::npos);
  for (const dlcheck::Formatter& format : dlcheck::all_formatters()) {
    INFO(format.name);
    CHECK(render(report, format).find("MARKER_4f1c9e") == std::string::npos);
  }
  // Asking for the symlinked run by name finds no such run.
  CHECK(messages(check_log(project, R"({"path": "runs", "run": "version_9"})"), "log-format") ==
        Strings{"no TensorBoard run is named \"version_9\"; the runs found (newest first): ."});
}

TEST_CASE("log sources: a log folder that is itself a symlink out of the root is a project-file refusal",
          "[log_sources][hostile]") {
  TempProject project, outside;
  const std::string marker = "MARKER_b27d31";
  write_experiment(outside, "mlruns/0");
  write_run(outside, "mlruns/0/abc123", "abc123", marker, 1700000000000, metric_lines({1.0, 0.8, 0.6}), "");
  outside.write("tb/events.out.tfevents.1", event_file(1700000000, kFalling, marker + "_loss"));
  fs::create_symlink(outside.root() / "mlruns", project.root() / "mlruns");
  fs::create_symlink(outside.root() / "tb", project.root() / "logs");
  for (const std::string name : {"mlruns", "logs"}) {
    INFO(name);
    const auto report = check_log(project, "\"" + name + "\"");
    CHECK(messages(report, "project-file") ==
          Strings{"training_log names \"" + name + "\": the path is a symlink that resolves outside the project root"});
    CHECK(reason(report, "log-format") == "the training log " + (project.root() / name).string() +
                                              " could not be read: the path is a symlink that resolves outside the "
                                              "project root (see project-file)");
    for (const dlcheck::Formatter& format : dlcheck::all_formatters()) {
      INFO(format.name);
      CHECK(render(report, format).find(marker) == std::string::npos);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// MLflow

TEST_CASE("log sources: an MLflow file store is read through the checker", "[log_sources][mlflow]") {
  TempProject project;
  write_experiment(project, "mlruns/0");
  write_run(project, "mlruns/0/aaa111", "aaa111", "baseline", 1700000000000, metric_lines({1.0, 0.8, 0.6, 0.5}),
            metric_lines({1.0, 0.9, 0.85, 0.8}));
  const auto report = check_log(project, R"("mlruns")");
  const TrainingLog& log = log_of(report);
  CHECK(log.format == "MLflow file store");
  CHECK(log.run == "baseline (aaa111)");
  REQUIRE(log.train);
  CHECK(log.train->column == "loss");
  CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.8, 0.6, 0.5});
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation[0].column == "val_loss");
  CHECK(report.findings.empty());
  CHECK(report.item_status("log-overfitting") == ItemStatus::passed);
}

TEST_CASE("log sources: several MLflow runs need one named, and the one named is read and shown",
          "[log_sources][mlflow]") {
  TempProject project;
  write_experiment(project, "mlruns/0");
  write_run(project, "mlruns/0/aaa111", "aaa111", "baseline", 1700000000000, metric_lines({1.0, 0.99, 0.98, 0.99}), "");
  write_run(project, "mlruns/0/bbb222", "bbb222", "tuned", 1700000005000, metric_lines({1.0, 0.8, 0.6, 0.5}), "");
  const auto none = check_log(project, R"("mlruns")");
  CHECK(messages(none, "log-format") ==
        Strings{"2 MLflow runs found; name the one to read (newest first): bbb222 \"tuned\", aaa111 \"baseline\""});

  const auto named = check_log(project, R"({"path": "mlruns", "run": "baseline"})");
  CHECK(log_of(named).run == "baseline (aaa111)");
  CHECK(named.item_status("log-no-decrease") == ItemStatus::failed);
  CHECK(text_report(named).find(" (MLflow file store, 4 rows, run baseline (aaa111))\n") != std::string::npos);
  const auto by_id = check_log(project, R"({"path": "mlruns", "run": "bbb222"})");
  CHECK(log_of(by_id).run == "tuned (bbb222)");
  CHECK(by_id.item_status("log-no-decrease") == ItemStatus::passed);
}

TEST_CASE("log sources: an MLflow SQLite store is read, and left exactly as it was", "[log_sources][mlflow]") {
  TempProject project;
  const fs::path db = project.root() / "mlflow.db";
  run_sql(db, std::string(kMlflowSchema) + insert_run("r1", "sweep-3", 1700000000000) +
                  insert_metrics("r1", "loss", {1.0, 0.8, 0.6, 0.5}) +
                  insert_metrics("r1", "val_loss", {1.0, 0.9, 0.95, 1.1}));
  const std::string before = file_bytes(db);
  const Strings names_before = names_in(project.root());
  struct stat info_before {};
  REQUIRE(::stat(db.c_str(), &info_before) == 0);

  const auto report = check_log(project, R"("mlflow.db")");
  const TrainingLog& log = log_of(report);
  CHECK(log.format == "MLflow SQLite store");
  CHECK(log.run == "sweep-3 (r1)");
  REQUIRE(log.train);
  CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.8, 0.6, 0.5});
  REQUIRE(log.validation.size() == 1);
  CHECK(values_of(log.validation[0]) == std::vector<double>{1.0, 0.9, 0.95, 1.1});
  CHECK(report.item_status("log-format") == ItemStatus::passed);

  struct stat info_after {};
  REQUIRE(::stat(db.c_str(), &info_after) == 0);
  CHECK(file_bytes(db) == before);
  CHECK(info_after.st_mtim.tv_sec == info_before.st_mtim.tv_sec);
  CHECK(info_after.st_mtim.tv_nsec == info_before.st_mtim.tv_nsec);
  // Only the evidence file was added: no -journal, -wal or -shm.
  CHECK(names_before == Strings{".git", "mlflow.db"});
  CHECK(names_in(project.root()) == Strings{".git", "evidence.json", "mlflow.db"});
}

TEST_CASE("log sources: an mlflow.db that is not a database is a clear log-format error", "[log_sources][mlflow]") {
  TempProject project;
  project.write("mlflow.db", std::string("SQLite format 3\0", 16) + std::string(4000, '\x5a'));
  const auto report = check_log(project, R"("mlflow.db")");
  CHECK(messages(report, "log-format") == Strings{"this is not an SQLite database (file is not a database)"});
  CHECK(report.item_status("log-format") == ItemStatus::failed);
}

// ---------------------------------------------------------------------------------------------
// Ultralytics

TEST_CASE("log sources: Ultralytics results.csv sums the loss components of each side", "[log_sources][ultralytics]") {
  const std::string header =
      "epoch,train/box_loss,train/cls_loss,train/dfl_loss,metrics/precision(B),metrics/recall(B),metrics/mAP50(B),"
      "metrics/mAP50-95(B),val/box_loss,val/cls_loss,val/dfl_loss,lr/pg0,lr/pg1,lr/pg2\n";
  const std::string rows =
      "0,1.2345,2.5,1.1,0.3,0.2,0.1,0.05,1.3,2.6,1.2,0.0701,0.0033,0.0033\n"
      "1,1.1,2.1,1.05,0.4,0.3,0.2,0.1,1.2,2.2,1.15,0.0401,0.0065,0.0065\n"
      "2,1.0,1.7,1.0,0.5,0.4,0.3,0.15,1.1,1.9,1.1,0.0098,0.0096,0.0096\n";
  // Older versions pad every name and value to a width.
  const std::string padded_header =
      "                  epoch,         train/box_loss,         train/cls_loss,         train/dfl_loss,   "
      "metrics/precision(B),      metrics/recall(B),       metrics/mAP50(B),    metrics/mAP50-95(B),           "
      "val/box_loss,           val/cls_loss,           val/dfl_loss,                 lr/pg0,                 "
      "lr/pg1,                 lr/pg2\n";
  std::string padded_rows;
  for (std::size_t start = 0; start < rows.size();) {
    const std::size_t end = rows.find('\n', start);
    std::string line;
    std::stringstream cells(rows.substr(start, end - start));
    for (std::string cell; std::getline(cells, cell, ',');)
      line += (line.empty() ? "" : ",") + std::string(23 - cell.size(), ' ') + cell;
    padded_rows += line + "\n";
    start = end + 1;
  }
  for (const std::string& text : {header + rows, padded_header + padded_rows}) {
    INFO(text.substr(0, 40));
    TempProject project;
    project.write("runs/detect/train/results.csv", text);
    const auto report = check_log(project, R"("runs/detect/train/results.csv")");
    const TrainingLog& log = log_of(report);
    CHECK(log.format == "Ultralytics results.csv");
    REQUIRE(log.train);
    CHECK(log.train->column == "train/box_loss + train/cls_loss + train/dfl_loss");
    CHECK(log.train->is_sum);
    CHECK(log.train->x_name == "epoch");
    CHECK(values_of(*log.train) == std::vector<double>{1.2345 + 2.5 + 1.1, 1.1 + 2.1 + 1.05, 1.0 + 1.7 + 1.0});
    REQUIRE(log.validation.size() == 1);
    CHECK(log.validation[0].column == "val/box_loss + val/cls_loss + val/dfl_loss");
    CHECK(log.validation[0].is_sum);
    CHECK(values_of(log.validation[0]) == std::vector<double>{1.3 + 2.6 + 1.2, 1.2 + 2.2 + 1.15, 1.1 + 1.9 + 1.1});
    CHECK(report.findings.empty());
    const std::string text_out = text_report(report);
    CHECK(text_out.find("(Ultralytics results.csv, 3 rows)\n") != std::string::npos);
    CHECK(text_out.find("  train/box_loss + train/cls_loss + train/dfl_loss ") != std::string::npos);
    CHECK(text_out.find("last 3.7 (epoch 2) (a sum)\n") != std::string::npos);
  }
}

// ---------------------------------------------------------------------------------------------
// Quirks of real logs

TEST_CASE("log sources: \\r\\r\\n and bare \\r line endings keep every column", "[log_sources][quirks]") {
  TempProject project;
  project.write("crcrlf.csv", "epoch,loss,val_loss\r\r\n1,1.0,1.0\r\r\n2,0.8,0.9\r\r\n3,0.6,0.8\r\r\n");
  project.write("cr.csv", "epoch,loss,val_loss\r1,1.0,1.0\r2,0.8,0.9\r3,0.6,0.8\r");
  for (const std::string name : {"crcrlf.csv", "cr.csv"}) {
    INFO(name);
    const auto report = check_log(project, "\"" + name + "\"");
    const TrainingLog& log = log_of(report);
    REQUIRE(log.train);
    CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.8, 0.6});
    REQUIRE(log.validation.size() == 1);
    CHECK(log.validation[0].column == "val_loss");
    CHECK(values_of(log.validation[0]) == std::vector<double>{1.0, 0.9, 0.8});
    CHECK(log.rows == 3);
    CHECK(report.findings.empty());
  }
}

TEST_CASE("log sources: runs appended to one log are a warning, a resume is one curve", "[log_sources][quirks]") {
  TempProject project;
  project.write("appended.csv", "epoch,loss\n0,1.0\n1,0.8\n2,0.6\n3,0.5\n0,1.2\n1,1.19\n2,1.18\n3,1.19\n");
  project.write("resumed.csv", "step,loss\n100,1.0\n200,0.8\n300,0.6\n200,0.7\n300,0.55\n400,0.4\n");
  const auto appended = check_log(project, R"("appended.csv")");
  CHECK(messages(appended, "log-appended-runs") ==
        Strings{"the training log holds 2 runs appended one after another: loss goes back to epoch 0 at line 6; only "
                "the last run is judged"});
  REQUIRE(appended.findings_of("log-appended-runs").size() == 1);
  CHECK(appended.findings_of("log-appended-runs").front()->severity == Severity::warning);
  CHECK(appended.findings_of("log-appended-runs").front()->artifact->line == 6);
  // Only the last run is judged: it does not learn, though the first did.
  CHECK(log_of(appended).train->count == 4);
  CHECK(messages(appended, "log-no-decrease") ==
        Strings{"the training loss does not decrease: it starts at 1.2 (epoch 0) and its best is 1.18 (epoch 2), a "
                "1.7% decrease where at least 5.0% is expected"});

  const auto resumed = check_log(project, R"("resumed.csv")");
  CHECK(messages(resumed, "log-appended-runs").empty());
  CHECK_FALSE(log_of(resumed).appended);
  CHECK(log_of(resumed).train->count == 6);
  CHECK(resumed.item_status("log-no-decrease") == ItemStatus::passed);

  // A log that cannot be read is not judged for appended runs either: no finding at all.
  project.write("text.log", "Epoch 1/10 - loss: 0.53\nEpoch 2/10 - loss: 0.41\n");
  CHECK(messages(check_log(project, R"("text.log")"), "log-appended-runs").empty());
}

namespace {

/// A trainer_state.json with two evaluation sets: eval_indomain_loss keeps falling, eval_shifted_loss
/// is lowest at epoch 3 and then rises.
void write_two_eval_sets(const TempProject& project) {
  std::string history;
  const double loss[] = {1.0, 0.8, 0.6, 0.5, 0.4, 0.3};
  const double indomain[] = {1.0, 0.9, 0.8, 0.75, 0.7, 0.68};
  const double shifted[] = {1.2, 1.0, 0.9, 1.0, 1.1, 1.3};
  for (int epoch = 1; epoch <= 6; ++epoch) {
    history += fmt::format(R"({}{{"epoch": {}, "step": {}, "loss": {}}}, )"
                           R"({{"epoch": {}, "step": {}, "eval_indomain_loss": {}, "eval_shifted_loss": {}}})",
                           epoch == 1 ? "" : ",\n    ", epoch, epoch * 10, loss[epoch - 1], epoch, epoch * 10,
                           indomain[epoch - 1], shifted[epoch - 1]);
  }
  project.write("trainer_state.json", "{\n  \"log_history\": [\n    " + history + "\n  ]\n}\n");
}

}  // namespace

TEST_CASE("log sources: of two evaluation sets only the one that overfits is reported", "[log_sources][quirks]") {
  TempProject project;
  write_two_eval_sets(project);
  const auto report = check_log(project, R"("trainer_state.json")");
  const TrainingLog& log = log_of(report);
  CHECK(log.format == "Hugging Face trainer_state.json");
  REQUIRE(log.validation.size() == 2);
  CHECK(log.validation[0].column == "eval_indomain_loss");
  CHECK(log.validation[1].column == "eval_shifted_loss");
  CHECK(messages(report, "log-overfitting") ==
        Strings{"overfitting: eval_shifted_loss is lowest at epoch 3 (0.9) and rises to 1.3 by epoch 6 (+44.4%) while "
                "the training loss keeps falling (-50.0%)"});
}

TEST_CASE("log sources: Lightning GAN losses logged per step and per epoch are adversarial, the epoch series kept",
          "[log_sources][quirks]") {
  TempProject project;
  project.write("metrics.csv",
                "epoch,step,g_loss_step,d_loss_step,g_loss_epoch,d_loss_epoch\n"
                "0,49,3.1,0.7,,\n0,99,2.9,0.8,,\n0,99,,,3.0,0.75\n"
                "1,149,2.5,0.9,,\n1,199,2.2,0.95,,\n1,199,,,2.4,0.9\n"
                "2,249,2.0,1.0,,\n2,299,1.9,1.1,,\n2,299,,,1.95,1.05\n");
  const auto report = check_log(project, R"("metrics.csv")");
  const TrainingLog& log = log_of(report);
  CHECK(log.format == "PyTorch Lightning metrics.csv");
  CHECK_FALSE(log.train);
  REQUIRE(log.adversarial.size() == 2);
  CHECK(log.adversarial[0].column == "g_loss_epoch");
  CHECK(log.adversarial[1].column == "d_loss_epoch");
  CHECK(values_of(log.adversarial[0]) == std::vector<double>{3.0, 2.4, 1.95});
  CHECK(reason(report, "log-no-decrease") ==
        "only adversarial losses (g_loss_epoch, d_loss_epoch): a GAN's losses are not expected to fall");
  CHECK(reason(report, "log-too-few-points") ==
        "only adversarial losses (g_loss_epoch, d_loss_epoch): a GAN's losses are summarised, not judged");
  CHECK(report.findings.empty());
}

TEST_CASE("log sources: nested JSON Lines records give outer/inner curves", "[log_sources][quirks]") {
  TempProject project;
  project.write("log.jsonl",
                "{\"epoch\": 1, \"train\": {\"loss\": 1.0, \"acc\": 0.5}, \"val\": {\"loss\": 1.1}}\n"
                "{\"epoch\": 2, \"train\": {\"loss\": 0.7, \"acc\": 0.6}, \"val\": {\"loss\": 0.9}}\n"
                "{\"epoch\": 3, \"train\": {\"loss\": 0.5, \"acc\": 0.7}, \"val\": {\"loss\": 0.8}}\n");
  const auto report = check_log(project, R"("log.jsonl")");
  const TrainingLog& log = log_of(report);
  CHECK(log.format == "JSON Lines");
  REQUIRE(log.train);
  CHECK(log.train->column == "train/loss");
  CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.7, 0.5});
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation[0].column == "val/loss");
  CHECK(log.validation[0].points.back().line == 3);
  CHECK(report.findings.empty());
}

TEST_CASE("log sources: loss names people really use", "[log_sources][quirks]") {
  TempProject project;
  project.write("mse.csv", "epoch,mse_loss,validation_epoch_average\n1,1.0,1.1\n2,0.8,0.9\n3,0.6,0.8\n");
  project.write("diffusion.csv", "step,Diffusion_Loss\n100,0.9\n200,0.5\n300,0.3\n");
  project.write("gan.csv", "epoch,Gen Loss,Disc Loss\n1,3.0,0.7\n2,2.0,0.9\n3,1.5,1.0\n");
  const auto mse = check_log(project, R"("mse.csv")");
  CHECK(log_of(mse).train->column == "mse_loss");
  REQUIRE(log_of(mse).validation.size() == 1);
  CHECK(log_of(mse).validation[0].column == "validation_epoch_average");
  CHECK(mse.item_status("log-overfitting") == ItemStatus::passed);
  const auto diffusion = check_log(project, R"("diffusion.csv")");
  CHECK(log_of(diffusion).train->column == "Diffusion_Loss");
  CHECK(log_of(diffusion).train->x_name == "step");
  const auto gan = check_log(project, R"("gan.csv")");
  CHECK_FALSE(log_of(gan).train);
  REQUIRE(log_of(gan).adversarial.size() == 2);
  CHECK(log_of(gan).adversarial[0].column == "Gen Loss");
  CHECK(log_of(gan).adversarial[1].column == "Disc Loss");
}

TEST_CASE("log sources: a NaN storm is two findings, one a column, with the first line and the count",
          "[log_sources][quirks]") {
  TempProject project;
  std::string text = "epoch,loss,val_loss\n";
  for (int epoch = 1; epoch <= 40; ++epoch) {
    const std::string loss = epoch > 15 ? "nan" : fmt::format("{}", 1.0 / epoch);
    const std::string val = epoch >= 20 && epoch < 23 ? "inf" : fmt::format("{}", 1.0 / epoch + 0.1);
    text += fmt::format("{},{},{}\n", epoch, loss, val);
  }
  project.write("storm.csv", text);
  const auto report = check_log(project, R"("storm.csv")");
  CHECK(messages(report, "log-non-finite") == Strings{"loss is nan at line 17, the first of 25 non-finite values",
                                                      "val_loss is inf at line 21, the first of 3 non-finite values"});
  const auto findings = report.findings_of("log-non-finite");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0]->artifact->line == 17);
  CHECK(findings[1]->artifact->line == 21);
}

TEST_CASE("log sources: the self-check is judged against the evaluation set that overfits", "[log_sources][quirks]") {
  TempProject project;
  write_two_eval_sets(project);
  const std::string file = (project.root() / "trainer_state.json").string();
  const auto with = [&](const std::string& self_check) {
    return check_project(project, R"("training_log": "trainer_state.json", "self_check": )" + self_check);
  };
  const std::string rise = "eval_shifted_loss is lowest at epoch 3 (0.9) and rises to 1.3 by epoch 6 (+44.4%)";
  // observed: false, or words that rule it out, are contradicted by the shifted set.
  for (const std::string& ruled_out :
       {std::string(R"({"failure_mode": "overfitting", "observed": false})"),
        std::string(R"({"failure_mode": "overfitting", "evidence": "no overfitting: the val loss never rises"})")}) {
    INFO(ruled_out);
    const auto report = with(ruled_out);
    CHECK(messages(report, "log-self-check") ==
          Strings{"the self-check rules out overfitting, but in " + file + " " + rise});
    CHECK(report.item_status("log-self-check") == ItemStatus::failed);
  }
  // observed: true agrees: the overfitting finding turns into information confirming it.
  const auto confirmed = with(R"({"failure_mode": "overfitting", "observed": true})");
  CHECK(messages(confirmed, "log-self-check").empty());
  CHECK(confirmed.item_status("log-self-check") == ItemStatus::passed);
  CHECK(messages(confirmed, "log-overfitting", Severity::info) ==
        Strings{"overfitting: " + rise +
                " while the training loss keeps falling (-50.0%); this confirms the self-check"});
}
