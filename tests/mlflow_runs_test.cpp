// Tests for reading MLflow runs: the file store (mlruns/) and the SQLite store (mlflow.db).

#include "artifacts/mlflow_runs.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "io/read_file.hpp"
#include "mlflow_fixture.hpp"

using namespace dlcheck;
namespace fs = std::filesystem;

using namespace dlcheck::testing::mlflow;

namespace {

struct Point {
  std::string tag;
  double step = 0;
  double value = 0;
  std::size_t line = 0;
};

/// Keeps every scalar it is handed.
class RecordingSink final : public ScalarSink {
 public:
  void scalar(std::string_view tag, double step, double value, const ScalarPlace& place) override {
    points.push_back(Point{std::string(tag), step, value, place.line});
  }
  std::vector<Point> points;

  std::vector<std::string> tags() const {
    std::vector<std::string> result;
    for (const Point& point : points) result.push_back(point.tag);
    return result;
  }
  std::vector<double> steps() const {
    std::vector<double> result;
    for (const Point& point : points) result.push_back(point.step);
    return result;
  }
  std::vector<double> values() const {
    std::vector<double> result;
    for (const Point& point : points) result.push_back(point.value);
    return result;
  }
};

/// A folder of its own, removed with everything in it when the test ends.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (fs::temp_directory_path() / "dlcheck-mlflow-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_file(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

/// A run folder as MLflow's file store writes it: meta.yaml, metrics/<key> (nested for "a/b"),
/// params/, tags/mlflow.runName.
void make_run(const fs::path& run_folder, std::string_view run_id, std::string_view run_name, std::int64_t start_time,
              const std::vector<std::pair<std::string, std::string>>& metrics, std::string_view lifecycle = "active") {
  const std::string experiment_id = run_folder.parent_path().filename().string();
  write_file(run_folder / "meta.yaml",
             fmt::format("artifact_uri: file:///tmp/mlruns/{0}/{1}/artifacts\nend_time: {2}\nentry_point_name: ''\n"
                         "experiment_id: '{0}'\nlifecycle_stage: {5}\nrun_id: {1}\nrun_name: {3}\nrun_uuid: {1}\n"
                         "source_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: {4}\nstatus: 3\ntags: []\n"
                         "user_id: student\n",
                         experiment_id, run_id, start_time + 1000, run_name, start_time, lifecycle));
  fs::create_directories(run_folder / "metrics");
  fs::create_directories(run_folder / "params");
  write_file(run_folder / "params" / "lr", "0.001");
  write_file(run_folder / "tags" / "mlflow.runName", run_name);
  for (const auto& [key, text] : metrics) write_file(run_folder / "metrics" / key, text);
}

void make_experiment(const fs::path& folder, std::string_view name) {
  write_file(folder / "meta.yaml",
             fmt::format("artifact_location: file:///tmp/mlruns/{0}\ncreation_time: 1700000000000\n"
                         "experiment_id: '{0}'\nlast_update_time: 1700000000000\n"
                         "lifecycle_stage: active\nname: {1}\n",
                         folder.filename().string(), name));
}

FileDescriptor open_folder(const fs::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(fd);
  return fd;
}

MlflowRead read_folder(const fs::path& path, RecordingSink& sink, std::string_view requested = "",
                       const MlflowLimits& limits = {}) {
  const FileDescriptor fd = open_folder(path);
  MlflowResult result = read_mlflow_folder(fd.get(), requested, sink, limits);
  if (const auto* error = std::get_if<MlflowError>(&result)) FAIL("unexpected error: " << error->message);
  return std::get<MlflowRead>(std::move(result));
}

MlflowError folder_error(const fs::path& path, std::string_view requested = "", const MlflowLimits& limits = {}) {
  RecordingSink sink;
  const FileDescriptor fd = open_folder(path);
  MlflowResult result = read_mlflow_folder(fd.get(), requested, sink, limits);
  if (std::holds_alternative<MlflowRead>(result)) FAIL("expected an error");
  return std::get<MlflowError>(std::move(result));
}

const std::string kLossLines = "1700000000000 0.9 0\n1700000001000 0.7 1\n1700000002000 0.5 2\n";

// ---------------------------------------------------------------------------------------------
// SQLite fixtures

MlflowResult read_database_file(const fs::path& path, RecordingSink& sink, std::string_view requested = "",
                                const MlflowLimits& limits = {}) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  REQUIRE(fd);
  return read_mlflow_database(fd.get(), requested, sink, limits);
}

MlflowRead read_database(const fs::path& path, RecordingSink& sink, std::string_view requested = "") {
  MlflowResult result = read_database_file(path, sink, requested);
  if (const auto* error = std::get_if<MlflowError>(&result)) FAIL("unexpected error: " << error->message);
  return std::get<MlflowRead>(std::move(result));
}

MlflowError database_error(const fs::path& path, std::string_view requested = "", const MlflowLimits& limits = {}) {
  RecordingSink sink;
  MlflowResult result = read_database_file(path, sink, requested, limits);
  if (std::holds_alternative<MlflowRead>(result)) FAIL("expected an error");
  CHECK(sink.points.empty());
  return std::get<MlflowError>(std::move(result));
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::set<std::string> names_in(const fs::path& folder) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) names.insert(entry.path().filename().string());
  return names;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Content detection

TEST_CASE("mlflow: an SQLite database is told by its first 16 bytes", "[mlflow]") {
  CHECK(looks_like_sqlite(std::string_view("SQLite format 3\0\x10\x00", 18)));
  CHECK(looks_like_sqlite(std::string_view("SQLite format 3\0", 16)));
  CHECK_FALSE(looks_like_sqlite("SQLite format 3"));  // the NUL is part of the header
  CHECK_FALSE(looks_like_sqlite(std::string_view("SQLite format 4\0", 16)));
  CHECK_FALSE(looks_like_sqlite("epoch,loss\n1,0.5\n"));
  CHECK_FALSE(looks_like_sqlite(""));
}

// ---------------------------------------------------------------------------------------------
// File store

TEST_CASE("mlflow folder: a run folder given itself is read, values in file order", "[mlflow]") {
  TempFolder temp;
  const fs::path run = temp.path() / "0" / "4f2a9c";
  make_run(run, "4f2a9c", "bright-owl-12", 1700000000000,
           {{"loss", kLossLines}, {"accuracy", "1700000000000 0.6 0\n"}});
  RecordingSink sink;
  const MlflowRead read = read_folder(run, sink);
  CHECK(read.run.id == "4f2a9c");
  CHECK(read.run.name == "bright-owl-12");
  CHECK(read.run.experiment_id == "0");
  CHECK(read.run.status == "FINISHED");
  CHECK(read.run.start_time == 1700000000000);
  CHECK(read.run.end_time == 1700000001000);
  CHECK(read.metrics_path == "metrics");
  CHECK(read.metric_keys == 2);
  CHECK(read.values == 4);
  CHECK(read.notes.empty());
  // Keys in name order, each file's lines in file order, with their line numbers.
  CHECK(sink.tags() == std::vector<std::string>{"accuracy", "loss", "loss", "loss"});
  CHECK(sink.steps() == std::vector<double>{0, 0, 1, 2});
  CHECK(sink.values() == std::vector<double>{0.6, 0.9, 0.7, 0.5});
  CHECK(sink.points[3].line == 3);
}

TEST_CASE("mlflow folder: an mlruns folder with one run, the trash and the model registry passed over", "[mlflow]") {
  TempFolder temp;
  const fs::path mlruns = temp.path() / "mlruns";
  make_experiment(mlruns / "0", "Default");
  make_run(mlruns / "0" / "a1b2c3", "a1b2c3", "only-run", 1700000000000, {{"loss", kLossLines}});
  make_run(mlruns / ".trash" / "7" / "dead01", "dead01", "trashed", 1700000009000, {{"loss", kLossLines}});
  fs::create_directories(mlruns / "models" / "my-model");
  fs::create_directories(mlruns / "0" / "tags");
  RecordingSink sink;
  const MlflowRead read = read_folder(mlruns, sink);
  CHECK(read.run.id == "a1b2c3");
  CHECK(read.metrics_path == "0/a1b2c3/metrics");
  CHECK(sink.values() == std::vector<double>{0.9, 0.7, 0.5});

  SECTION("an experiment folder given holds its runs one level down") {
    RecordingSink again;
    const MlflowRead from_experiment = read_folder(mlruns / "0", again);
    CHECK(from_experiment.run.id == "a1b2c3");
    CHECK(from_experiment.metrics_path == "a1b2c3/metrics");
    CHECK(again.values() == std::vector<double>{0.9, 0.7, 0.5});
  }
}

TEST_CASE("mlflow folder: keys with '/' are nested folders and become tags like train/loss", "[mlflow]") {
  TempFolder temp;
  const fs::path run = temp.path() / "0" / "r1";
  make_run(run, "r1", "nested", 1700000000000,
           {{"train/loss", "1 0.8 0\n2 0.6 1\n"}, {"val/loss", "1 0.9 0\n"}, {"train/deep/er", "1 5 7\n"}});
  RecordingSink sink;
  const MlflowRead read = read_folder(run, sink);
  CHECK(read.metric_keys == 3);
  CHECK(sink.tags() == std::vector<std::string>{"train/deep/er", "train/loss", "train/loss", "val/loss"});
  CHECK(sink.steps() == std::vector<double>{7, 0, 1, 0});
}

TEST_CASE("mlflow folder: nan and infinities as Python writes them are values", "[mlflow]") {
  TempFolder temp;
  const fs::path run = temp.path() / "0" / "r1";
  make_run(run, "r1", "diverged", 1700000000000,
           {{"loss", "1 0.5 0\n2 nan 1\n3 NaN 2\n4 inf 3\n5 -inf 4\n6 Infinity 5\n7 1e-05 6\n8 +2.5 7\r\n\n"}});
  RecordingSink sink;
  read_folder(run, sink);
  const std::vector<double> values = sink.values();
  REQUIRE(values.size() == 8);
  CHECK(values[0] == 0.5);
  CHECK(std::isnan(values[1]));
  CHECK(std::isnan(values[2]));
  CHECK(values[3] == INFINITY);
  CHECK(values[4] == -INFINITY);
  CHECK(values[5] == INFINITY);
  CHECK(values[6] == 1e-05);
  CHECK(values[7] == 2.5);
  CHECK(sink.steps() == std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("mlflow folder: a line without a step (MLflow before 1.0) takes its line number", "[mlflow]") {
  TempFolder temp;
  const fs::path run = temp.path() / "0" / "old";
  make_run(run, "old", "old", 1500000000000, {{"loss", "1500000000000 0.9\n1500000001000 0.8\n1500000002000 0.7\n"}});
  RecordingSink sink;
  read_folder(run, sink);
  CHECK(sink.steps() == std::vector<double>{1, 2, 3});
  CHECK(sink.values() == std::vector<double>{0.9, 0.8, 0.7});
}

TEST_CASE("mlflow folder: a malformed line is an error naming the file and the line", "[mlflow]") {
  TempFolder temp;
  const fs::path mlruns = temp.path() / "mlruns";
  make_run(mlruns / "0" / "r1", "r1", "broken", 1700000000000,
           {{"train/loss", "1700000000000 0.9 0\n1700000001000 zero 1\n"}});
  const MlflowError error = folder_error(mlruns);
  CHECK(error.message ==
        "0/r1/metrics/train/loss:2: not an MLflow metric line (timestamp value step): \"1700000001000 zero 1\"");
  CHECK(error.file == "0/r1/metrics/train/loss");
  CHECK(error.line == 2);

  SECTION("four fields, a fractional step, a control character") {
    write_file(mlruns / "0" / "r1" / "metrics" / "train" / "loss", "1 0.5 0 9\n");
    CHECK(folder_error(mlruns).message ==
          "0/r1/metrics/train/loss:1: not an MLflow metric line (timestamp value step): \"1 0.5 0 9\"");
    write_file(mlruns / "0" / "r1" / "metrics" / "train" / "loss", "1 0.5 0\n2 0.4 1.5\n");
    CHECK(folder_error(mlruns).line == 2);
    write_file(mlruns / "0" / "r1" / "metrics" / "train" / "loss", "1 \x1b[31m 0\n");
    CHECK(folder_error(mlruns).message ==
          "0/r1/metrics/train/loss:1: not an MLflow metric line (timestamp value step): \"1 \\x1b[31m 0\"");
  }

  SECTION("a long line is quoted to its 80th byte, never inside a character") {
    // "é" takes bytes 80 and 81: it is left out whole rather than cut into a replacement character.
    const std::string start = "1 x " + std::string(75, '9');
    write_file(mlruns / "0" / "r1" / "metrics" / "train" / "loss", start + "\xC3\xA9 0\n");
    CHECK(folder_error(mlruns).message ==
          "0/r1/metrics/train/loss:1: not an MLflow metric line (timestamp value step): \"" + start + "…\"");
  }
}

TEST_CASE("mlflow folder: several runs and none named is an error listing them newest first", "[mlflow]") {
  TempFolder temp;
  const fs::path mlruns = temp.path() / "mlruns";
  make_experiment(mlruns / "0", "Default");
  make_experiment(mlruns / "5", "tuning");
  make_run(mlruns / "0" / "aaa111", "aaa111", "baseline", 1700000000000, {{"loss", "1 0.9 0\n"}});
  make_run(mlruns / "5" / "bbb222", "bbb222", "tuned", 1700000005000, {{"loss", "1 0.4 0\n"}});
  make_run(mlruns / "5" / "ccc333", "ccc333", "baseline", 1700000003000, {{"loss", "1 0.7 0\n"}});

  const MlflowError error = folder_error(mlruns);
  CHECK(error.message ==
        "3 MLflow runs found; name the one to read (newest first): bbb222 \"tuned\", ccc333 \"baseline\", "
        "aaa111 \"baseline\"");
  CHECK(error.run_count == 3);
  REQUIRE(error.runs.size() == 3);
  CHECK(error.runs[0].id == "bbb222");
  CHECK(error.runs[0].experiment_id == "5");

  SECTION("by id") {
    RecordingSink sink;
    const MlflowRead read = read_folder(mlruns, sink, "ccc333");
    CHECK(read.run.name == "baseline");
    CHECK(read.metrics_path == "5/ccc333/metrics");
    CHECK(sink.values() == std::vector<double>{0.7});
  }
  SECTION("by a name only one run has") {
    RecordingSink sink;
    const MlflowRead read = read_folder(mlruns, sink, "tuned");
    CHECK(read.run.id == "bbb222");
    CHECK(sink.values() == std::vector<double>{0.4});
  }
  SECTION("by a name two runs have") {
    CHECK(folder_error(mlruns, "baseline").message ==
          "2 MLflow runs are named \"baseline\"; name one by its id (newest first): ccc333 \"baseline\", "
          "aaa111 \"baseline\"");
  }
  SECTION("by an id or name no run has") {
    CHECK(folder_error(mlruns, "zzz").message ==
          "no MLflow run has the id or name \"zzz\"; the runs found (newest first): bbb222 \"tuned\", "
          "ccc333 \"baseline\", aaa111 \"baseline\"");
  }
  SECTION("a deleted run is passed over with a note") {
    make_run(mlruns / "5" / "ddd444", "ddd444", "deleted-one", 1700000009000, {{"loss", "1 0.1 0\n"}}, "deleted");
    CHECK(folder_error(mlruns, "ddd444").message.starts_with("no MLflow run has the id or name \"ddd444\""));
    RecordingSink sink;
    const MlflowRead read = read_folder(mlruns, sink, "tuned");
    CHECK(read.notes == std::vector<std::string>{"5/ddd444 is a deleted run, passed over"});
  }
}

TEST_CASE("mlflow folder: at most ten runs are listed, then how many more", "[mlflow]") {
  TempFolder temp;
  const fs::path experiment = temp.path() / "3";
  for (int i = 0; i < 12; ++i) {
    const std::string id = fmt::format("run{:02}", i);
    make_run(experiment / id, id, "", 1700000000000 + i, {{"loss", "1 0.5 0\n"}});
    fs::remove(experiment / id / "tags" / "mlflow.runName");  // no name anywhere
  }
  const MlflowError error = folder_error(experiment);
  CHECK(error.message ==
        "12 MLflow runs found; name the one to read (newest first): run11, run10, run09, run08, run07, run06, "
        "run05, run04, run03, run02, and 2 more");
  CHECK(error.runs.size() == 10);
  CHECK(error.run_count == 12);
}

TEST_CASE("mlflow folder: a run name only in tags/mlflow.runName (MLflow before 1.29) is found", "[mlflow]") {
  TempFolder temp;
  const fs::path run = temp.path() / "0" / "r1";
  make_run(run, "r1", "", 1700000000000, {{"loss", "1 0.5 0\n"}});
  write_file(run / "tags" / "mlflow.runName", "legacy name");
  RecordingSink sink;
  CHECK(read_folder(run, sink).run.name == "legacy name");
}

TEST_CASE("mlflow folder: a symlink inside the run is refused by name and its target never opened", "[mlflow]") {
  TempFolder temp;
  const fs::path outside = temp.path() / "outside" / "marker";
  write_file(outside, "1700000000000 123456 0\n");
  const fs::path mlruns = temp.path() / "project" / "mlruns";
  make_run(mlruns / "0" / "r1", "r1", "linked", 1700000000000, {{"train/a_loss", "1 0.5 0\n"}});
  fs::create_symlink(outside, mlruns / "0" / "r1" / "metrics" / "train" / "loss");

  // inotify sees every open and read of the marker, by anyone.
  FileDescriptor watch(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  REQUIRE(watch);
  REQUIRE(::inotify_add_watch(watch.get(), outside.c_str(), IN_OPEN | IN_ACCESS) >= 0);

  RecordingSink sink;
  const FileDescriptor fd = open_folder(mlruns);
  MlflowResult result = read_mlflow_folder(fd.get(), "", sink);
  REQUIRE(std::holds_alternative<MlflowError>(result));
  const MlflowError& error = std::get<MlflowError>(result);
  CHECK(error.message == "0/r1/metrics/train/loss is a symlink, which is not followed");
  CHECK(error.file == "0/r1/metrics/train/loss");
  for (const Point& point : sink.points) CHECK(point.value != 123456);

  char events[4096];
  errno = 0;
  CHECK(::read(watch.get(), events, sizeof events) == -1);
  CHECK(errno == EAGAIN);

  SECTION("a symlinked metrics folder or meta.yaml is refused too") {
    fs::remove_all(mlruns / "0" / "r1" / "metrics");
    fs::create_directories(temp.path() / "outside" / "metrics");
    fs::create_directory_symlink(temp.path() / "outside" / "metrics", mlruns / "0" / "r1" / "metrics");
    CHECK(folder_error(mlruns).message == "0/r1/metrics is a symlink, which is not followed");
    fs::remove(mlruns / "0" / "r1" / "meta.yaml");
    fs::create_symlink(outside, mlruns / "0" / "r1" / "meta.yaml");
    CHECK(folder_error(mlruns).message == "0/r1/meta.yaml is a symlink, which is not followed");
  }
}

TEST_CASE("mlflow folder: a symlinked run or experiment folder is passed over with a note", "[mlflow]") {
  TempFolder temp;
  make_run(temp.path() / "elsewhere" / "9" / "evil", "evil", "evil", 1800000000000, {{"loss", "1 9 0\n"}});
  const fs::path mlruns = temp.path() / "mlruns";
  make_run(mlruns / "0" / "good", "good", "good", 1700000000000, {{"loss", "1 0.5 0\n"}});
  fs::create_directory_symlink(temp.path() / "elsewhere" / "9" / "evil", mlruns / "0" / "evil");
  RecordingSink sink;
  const MlflowRead read = read_folder(mlruns, sink);
  CHECK(read.run.id == "good");
  CHECK(read.notes == std::vector<std::string>{"0/evil is a symlink, which is not followed"});
  CHECK(sink.values() == std::vector<double>{0.5});

  SECTION("with nothing else, no run is found and the note says why") {
    fs::remove_all(mlruns / "0" / "good");
    CHECK(folder_error(mlruns).message ==
          "no MLflow run found: a run folder holds meta.yaml and metrics/ (0/evil is a symlink, which is not "
          "followed)");
  }
}

TEST_CASE("mlflow folder: a folder with no run says what a run folder holds", "[mlflow]") {
  TempFolder temp;
  fs::create_directories(temp.path() / "mlruns" / "0");
  make_experiment(temp.path() / "mlruns" / "0", "Default");
  const MlflowError error = folder_error(temp.path() / "mlruns");
  CHECK(error.message == "no MLflow run found: a run folder holds meta.yaml and metrics/");
  CHECK(error.run_count == 0);
}

TEST_CASE("mlflow folder: limits on files, entries and runs hold", "[mlflow]") {
  TempFolder temp;
  const fs::path mlruns = temp.path() / "mlruns";
  make_run(mlruns / "0" / "r1", "r1", "big", 1700000000000, {{"loss", kLossLines}, {"acc", "1 0.5 0\n"}});

  MlflowLimits small_files;
  small_files.max_file_size = 20;
  CHECK(folder_error(mlruns, "", small_files).message ==
        fmt::format("0/r1/metrics/loss is {} bytes, over the limit of 20 bytes (--max-file-size)", kLossLines.size()));

  MlflowLimits small_total;
  small_total.max_total_size = 30;
  CHECK(folder_error(mlruns, "", small_total).message ==
        "the metric files of the run are over the limit of 30 bytes together");

  MlflowLimits few_entries;
  few_entries.max_entries = 1;
  CHECK(folder_error(mlruns / "0" / "r1", "", few_entries).message == "metrics holds more than 1 entries");

  MlflowLimits one_run;
  one_run.max_runs = 1;
  make_run(mlruns / "0" / "r2", "r2", "second", 1700000000000, {{"loss", kLossLines}});
  CHECK(folder_error(mlruns, "", one_run).message == "more than 1 MLflow runs");
}

TEST_CASE("mlflow folder: a FIFO among the metrics is refused without waiting for a writer", "[mlflow]") {
  TempFolder temp;
  const fs::path run = temp.path() / "0" / "r1";
  make_run(run, "r1", "fifo", 1700000000000, {});
  REQUIRE(::mkfifo((run / "metrics" / "loss").c_str(), 0600) == 0);
  CHECK(folder_error(run).message == "metrics/loss is not a regular file");
}

// ---------------------------------------------------------------------------------------------
// SQLite store

TEST_CASE("mlflow db: one run is read, points by step then timestamp, nan and infinities restored", "[mlflow]") {
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  run_sql(db, std::string(kMlflowSchema) + insert_run("0123abcd", "bright-owl-12", 1700000000000) +
                  // Logged out of order; the same step twice, told apart by timestamp.
                  insert_metric("0123abcd", "train/loss", 0.5, 2, 1700000003000) +
                  insert_metric("0123abcd", "train/loss", 0.9, 0, 1700000001000) +
                  insert_metric("0123abcd", "train/loss", 0.75, 1, 1700000002500) +
                  insert_metric("0123abcd", "train/loss", 0.7, 1, 1700000002000) +
                  insert_metric("0123abcd", "val_loss", 0, 0, 1700000001000, true) +
                  insert_metric("0123abcd", "val_loss", DBL_MAX, 1, 1700000002000) +
                  insert_metric("0123abcd", "val_loss", -DBL_MAX, 2, 1700000003000));
  RecordingSink sink;
  const MlflowRead read = read_database(db, sink);
  CHECK(read.run.id == "0123abcd");
  CHECK(read.run.name == "bright-owl-12");
  CHECK(read.run.experiment_id == "0");
  CHECK(read.run.status == "FINISHED");
  CHECK(read.run.start_time == 1700000000000);
  CHECK(read.run.end_time == 1700000001000);
  CHECK(read.metrics_path.empty());
  CHECK(read.metric_keys == 2);
  CHECK(read.values == 7);
  CHECK(sink.tags() == std::vector<std::string>{"train/loss", "train/loss", "train/loss", "train/loss", "val_loss",
                                                "val_loss", "val_loss"});
  CHECK(sink.steps() == std::vector<double>{0, 1, 1, 2, 0, 1, 2});
  const std::vector<double> values = sink.values();
  CHECK(std::vector<double>(values.begin(), values.begin() + 4) == std::vector<double>{0.9, 0.7, 0.75, 0.5});
  CHECK(std::isnan(values[4]));
  CHECK(values[5] == INFINITY);
  CHECK(values[6] == -INFINITY);
}

TEST_CASE("mlflow db: several runs, chosen by id or name, deleted runs passed over", "[mlflow]") {
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  run_sql(db, std::string(kMlflowSchema) + insert_run("aaa111", "baseline", 1700000000000) +
                  insert_run("bbb222", "tuned", 1700000005000) + insert_run("ccc333", "baseline", 1700000003000) +
                  insert_run("ddd444", "gone", 1700000009000, "deleted") + insert_metric("aaa111", "loss", 0.9, 0, 1) +
                  insert_metric("bbb222", "loss", 0.4, 0, 1) + insert_metric("ccc333", "loss", 0.7, 0, 1) +
                  insert_metric("ddd444", "loss", 0.1, 0, 1));
  const MlflowError error = database_error(db);
  CHECK(error.message ==
        "3 MLflow runs found; name the one to read (newest first): bbb222 \"tuned\", ccc333 \"baseline\", "
        "aaa111 \"baseline\"");
  CHECK(error.run_count == 3);

  RecordingSink by_id;
  const MlflowRead read = read_database(db, by_id, "aaa111");
  CHECK(read.run.name == "baseline");
  CHECK(read.notes == std::vector<std::string>{"1 deleted runs passed over"});
  CHECK(by_id.values() == std::vector<double>{0.9});

  RecordingSink by_name;
  CHECK(read_database(db, by_name, "tuned").run.id == "bbb222");
  CHECK(by_name.values() == std::vector<double>{0.4});

  CHECK(database_error(db, "baseline").message ==
        "2 MLflow runs are named \"baseline\"; name one by its id (newest first): ccc333 \"baseline\", "
        "aaa111 \"baseline\"");
  CHECK(database_error(db, "ddd444").message ==
        "no MLflow run has the id or name \"ddd444\"; the runs found (newest first): bbb222 \"tuned\", "
        "ccc333 \"baseline\", aaa111 \"baseline\"");
}

TEST_CASE("mlflow db: only deleted runs, or none at all", "[mlflow]") {
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  run_sql(db, std::string(kMlflowSchema));
  CHECK(database_error(db).message == "no MLflow run in the database");
  run_sql(db, insert_run("ddd444", "gone", 1700000009000, "deleted"));
  CHECK(database_error(db).message == "no MLflow run in the database but 1 deleted");
}

TEST_CASE("mlflow db: a file that is not a database, or has no MLflow tables, is a clear error", "[mlflow]") {
  TempFolder temp;
  const fs::path text = temp.path() / "mlflow.db";
  write_file(text, "epoch,loss\n1,0.5\n2,0.4\n" + std::string(600, 'x'));
  CHECK(database_error(text).message == "this is not an SQLite database (file is not a database)");

  const fs::path empty = temp.path() / "empty.db";
  write_file(empty, "");
  CHECK(database_error(empty).message == "not an MLflow database: it has no runs table");

  const fs::path other = temp.path() / "other.db";
  run_sql(other, "CREATE TABLE runs (id INTEGER); CREATE TABLE notes (text TEXT);");
  CHECK(database_error(other).message == "not an MLflow database: it has no metrics table");
  run_sql(other, "CREATE TABLE metrics (key TEXT);");
  CHECK(database_error(other).message == "not an MLflow database: no such column: run_uuid");

  const fs::path view = temp.path() / "view.db";
  run_sql(view, "CREATE TABLE real_runs (x); CREATE VIEW runs AS SELECT * FROM real_runs; CREATE TABLE metrics (x);");
  CHECK(database_error(view).message == "not an MLflow database: runs is not a table");
}

TEST_CASE("mlflow db: a corrupt database is an error, not a crash", "[mlflow]") {
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  std::string sql = std::string(kMlflowSchema) + insert_run("r1", "run", 1700000000000);
  for (int step = 0; step < 2000; ++step) sql += insert_metric("r1", "loss", 1.0 / (step + 1), step, step);
  run_sql(db, "BEGIN;" + sql + "COMMIT;");
  std::string bytes = file_bytes(db);
  REQUIRE(bytes.size() > 8 * 4096);
  // Every page past the schema overwritten with a pattern: b-tree pages that make no sense.
  for (std::size_t at = 2 * 4096; at < bytes.size(); ++at) bytes[at] = static_cast<char>(0x0d + (at * 7) % 251);
  write_file(db, bytes);
  const MlflowError error = database_error(db);
  CHECK(error.message.starts_with("the database is corrupt ("));

  SECTION("a database cut short") {
    write_file(db, file_bytes(db).substr(0, 4096 + 100));
    const std::string message = database_error(db).message;
    CHECK((message.starts_with("the database is corrupt (") || message.starts_with("cannot read the database: ")));
  }
}

TEST_CASE("mlflow db: SQLite's message quoting a hostile schema is made printable", "[mlflow]") {
  // Found by the mlflow_sqlite fuzz target: the schema's own bytes came back in the message raw.
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  const auto with_runs_schema = [&](std::string_view runs_sql) {
    fs::remove(db);
    run_sql(db, fmt::format("{}PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = '{}' WHERE name = 'runs';",
                            kMlflowSchema, runs_sql));
    return database_error(db).message;
  };
  CHECK(with_runs_schema("CREATE TABLE runs (\x1b[2J)") ==
        "the database is corrupt (malformed database schema (runs) - unrecognized token: \"\\x1b\")");
  CHECK(with_runs_schema("CREATE TABLE runs (x) \xff\xfe") ==
        "the database is corrupt (malformed database schema (runs) - unknown table option: \xef\xbf\xbd\xef\xbf\xbd)");
}

TEST_CASE("mlflow db: the step budget stops a long read", "[mlflow]") {
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  std::string sql = std::string(kMlflowSchema) + insert_run("r1", "run", 1700000000000);
  for (int step = 0; step < 3000; ++step) sql += insert_metric("r1", "loss", 1.0 / (step + 1), step, step);
  run_sql(db, "BEGIN;" + sql + "COMMIT;");
  MlflowLimits limits;
  limits.max_database_kilo_steps = 5;
  CHECK(database_error(db, "", limits).message == "reading the database took more than 5 thousand SQLite steps");
  RecordingSink sink;
  CHECK(read_database(db, sink).values == 3000);
}

TEST_CASE("mlflow db: reading leaves the file and its folder exactly as they were", "[mlflow]") {
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  run_sql(db, std::string(kMlflowSchema) + insert_run("r1", "run", 1700000000000) +
                  insert_metric("r1", "loss", 0.5, 0, 1) + insert_metric("r1", "loss", 0.4, 1, 2));

  std::size_t expected_values = 2;
  SECTION("rollback journal mode") {}
  SECTION("WAL mode, as some tools leave it") {
    run_sql(db, "PRAGMA journal_mode=WAL; INSERT INTO metrics VALUES ('loss', 0.3, 3, 'r1', 2, 0);");
    REQUIRE(file_bytes(db)[18] == 2);  // the header says WAL
    expected_values = 3;
  }
  REQUIRE(::chmod(db.c_str(), 0644) == 0);
  const std::string before = file_bytes(db);
  const std::set<std::string> names_before = names_in(temp.path());
  struct stat info_before {};
  REQUIRE(::stat(db.c_str(), &info_before) == 0);

  RecordingSink sink;
  const MlflowRead read = read_database(db, sink);
  CHECK(read.values == expected_values);
  CHECK(sink.values().front() == 0.5);

  struct stat info_after {};
  REQUIRE(::stat(db.c_str(), &info_after) == 0);
  CHECK(file_bytes(db) == before);
  CHECK(info_after.st_mtim.tv_sec == info_before.st_mtim.tv_sec);
  CHECK(info_after.st_mtim.tv_nsec == info_before.st_mtim.tv_nsec);
  CHECK(info_after.st_ctim.tv_nsec == info_before.st_ctim.tv_nsec);
  CHECK(names_in(temp.path()) == names_before);
  CHECK_FALSE(fs::exists(temp.path() / "mlflow.db-journal"));
  CHECK_FALSE(fs::exists(temp.path() / "mlflow.db-wal"));
  CHECK_FALSE(fs::exists(temp.path() / "mlflow.db-shm"));
}

TEST_CASE("mlflow db: the descriptor is read, not the path it was opened by", "[mlflow]") {
  TempFolder temp;
  const fs::path db = temp.path() / "mlflow.db";
  run_sql(db, std::string(kMlflowSchema) + insert_run("r1", "original", 1700000000000) +
                  insert_metric("r1", "loss", 0.5, 0, 1));
  FileDescriptor fd(::open(db.c_str(), O_RDONLY | O_CLOEXEC));
  REQUIRE(fd);
  // Removed once open, with impostors at its path and at the path /proc/self/fd/N now names:
  // SQLite given "file:/proc/self/fd/N" resolves that link and opens "mlflow.db (deleted)".
  fs::remove(db);
  run_sql(db, std::string(kMlflowSchema) + insert_run("r2", "impostor", 1700000000000));
  run_sql(temp.path() / "mlflow.db (deleted)",
          std::string(kMlflowSchema) + insert_run("r3", "impostor", 1700000000000));
  RecordingSink sink;
  MlflowResult result = read_mlflow_database(fd.get(), "", sink);
  REQUIRE(std::holds_alternative<MlflowRead>(result));
  CHECK(std::get<MlflowRead>(result).run.name == "original");
  CHECK(sink.values() == std::vector<double>{0.5});
}
