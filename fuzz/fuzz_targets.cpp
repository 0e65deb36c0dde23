#include "fuzz_targets.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdlib.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>

#include "artifacts/log_sources.hpp"
#include "artifacts/mlflow_runs.hpp"
#include "artifacts/predictions.hpp"
#include "artifacts/tensorboard_events.hpp"
#include "artifacts/training_log.hpp"
#include "engine/checker.hpp"
#include "engine/config.hpp"
#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "io/crc32c.hpp"
#include "io/open_below.hpp"
#include "metrics/curves.hpp"
#include "text/source_text.hpp"

namespace dlcheck::fuzz {
namespace {

namespace fs = std::filesystem;

void require(bool holds, std::string_view what) {
  if (!holds) throw std::logic_error(fmt::format("contract broken: {}", what));
}

// The files of the project folder the evidence target checks records in. Small on purpose: a
// record naming them is read on every run, and the fuzzer should spend its time on the record.
// The ids and labels match examples/image-classification, so its evidence.json (a seed) finds
// its samples here.
struct ProjectFile {
  const char* path;
  const char* text;
};

constexpr ProjectFile kProjectFiles[] = {
    {"README.md", "# CIFAR-10\n\n```sh\npython train.py --config configs/resnet18.yaml --seed 0\n```\n"},
    {"model_summary.txt", "ResNet-18, 11,181,642 parameters\ninput [batch, 3, 32, 32] -> logits [batch, 10]\n"},
    {"logs/train_log.csv",
     "epoch,accuracy,loss,val_accuracy,val_loss\n0,0.58,1.19,0.69,0.90\n1,0.71,0.83,0.74,0.75\n"
     "2,0.77,0.67,0.77,0.68\n3,0.80,0.57,0.78,0.63\n4,0.83,0.49,0.80,0.60\n5,0.85,0.42,0.80,0.59\n"
     "6,0.87,0.37,0.81,0.60\n7,0.89,0.32,0.81,0.62\n"},
    {"logs/metrics.csv",
     "epoch,step,train_loss_step,train_loss_epoch,val_loss,val_acc\n0,49,0.95,,,\n0,49,,,0.80,0.70\n"
     "0,49,,0.90,,\n1,99,0.70,,,\n1,99,,,0.65,0.78\n1,99,,0.65,,\n2,149,0.50,,,\n2,149,,,0.70,0.80\n"
     "2,149,,0.48,,\n"},
    {"logs/trainer_state.json",
     "{\"log_history\": [{\"epoch\": 1.0, \"loss\": 1.25, \"step\": 10}, {\"epoch\": 1.0, \"eval_loss\": 1.1, "
     "\"step\": 10}, {\"epoch\": 2.0, \"loss\": NaN, \"step\": 20}, {\"epoch\": 3.0, \"loss\": 0.3, \"step\": 30}, "
     "{\"epoch\": 3.0, \"eval_loss\": 0.9, \"step\": 30}]}\n"},
    {"logs/train_log.jsonl",
     "{\"step\": 1, \"loss\": 2.0, \"val_loss\": 2.1}\n{\"step\": 2, \"loss\": 1.5}\n"
     "{\"step\": 3, \"loss\": 1.0, \"val_loss\": 1.4}\n"},
    {"logs/gan_log.csv", "epoch,d_loss,g_loss\n1,0.68,3.17\n2,0.78,2.49\n3,0.89,2.15\n4,0.93,1.94\n"},
    {"predictions.csv",
     "id,label,prediction\ncifar10/test/00017,ship,ship\ncifar10/test/00254,frog,frog\n"
     "cifar10/test/01203,automobile,automobile\ncifar10/test/00091,cat,dog\ncifar10/test/00738,dog,cat\n"
     "cifar10/test/02215,cat,dog\ncifar10/test/03507,truck,automobile\ncifar10/test/06119,bird,airplane\n"
     "cifar10/test/00000,ship,ship\ncifar10/test/00001,truck,automobile\ncifar10/test/00002,horse,horse\n"
     "cifar10/train/00003,deer,deer\n"},
    {"predictions.jsonl",
     "{\"id\": \"cifar10/test/00017\", \"label\": \"ship\", \"prediction\": \"ship\"}\n"
     "{\"id\": \"cifar10/test/00091\", \"label\": \"cat\", \"prediction\": \"dog\"}\n"
     "{\"id\": 7, \"label\": 1, \"prediction\": 0}\n"},
    {"regression.tsv", "id\ttarget\tprediction\nr1\t1.5\t1.25\nr2\t-2\t-2.0\nr3\t3e2\t301\n"},
    {"splits/train_ids.txt", "cifar10/train/00000\ncifar10/train/00001\ncifar10/train/00002\ncifar10/train/00003\n"},
    {"splits/val_ids.txt", "cifar10/train/45000\ncifar10/train/45001\n"},
    {"splits/test_ids.txt", "cifar10/test/00017\ncifar10/test/00254\ncifar10/test/00091\ncifar10/train/00001\n"},
    {"splits/test_ids.csv", "id,split\ncifar10/test/00017,test\ncifar10/test/00091,test\n"},
};

// A throwaway folder holding kProjectFiles, removed when the process exits normally.
class Project {
 public:
  Project() {
    std::string pattern = (fs::temp_directory_path() / "dlcheck-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder");
    root_ = pattern;
    for (const auto& [path, text] : kProjectFiles) {
      fs::create_directories((root_ / path).parent_path());
      std::ofstream(root_ / path, std::ios::binary) << text;
    }
    // A way out of the root, which the path checks must refuse.
    fs::create_directory_symlink(root_.parent_path(), root_ / "outside");
  }
  ~Project() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  Project(const Project&) = delete;
  Project& operator=(const Project&) = delete;

  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

const Project& project() {
  static const Project instance;
  return instance;
}

// The text report, and one more format picked by the input's size, so that over a corpus every
// format renders hostile records at a fraction of the cost of all eight each run. The machine
// formats must stay valid JSON whatever the input.
void render(const FileReport& file, std::size_t pick) {
  Report report;
  report.profile = file.profile;
  report.files.push_back(file);
  const int code = exit_code(report);
  require(code >= 0 && code <= 2, "the exit code is 0, 1 or 2");
  const auto formatters = all_formatters();
  for (const Formatter* formatter : {find_formatter("text"), &formatters[pick % formatters.size()]}) {
    std::ostringstream out;
    formatter->write(report, out, OutputOptions{.color = true});
    if (formatter->name == "json" || formatter->name == "sarif") {
      require(nlohmann::json::accept(out.str()), fmt::format("the {} report is valid JSON", formatter->name));
    }
  }
}

void check_report(const FileReport& report) {
  for (const Finding& finding : report.findings) {
    require(finding.position.offset <= report.source.size(), "a finding's offset lies inside the record");
    require(finding.position.line >= 1 && finding.position.column >= 1, "lines and columns are 1-based");
  }
  const bool has_error = report.count(Severity::error) > 0;
  if (report.verdict == Verdict::pass) require(!has_error, "a passing record has no error");
  require(report.points_earned() <= report.points_possible(), "no more points earned than possible");
}

void check_curve(const LossCurve& curve) {
  require(curve.points.size() <= LossCurve::kMaxCurvePoints, "a curve keeps at most kMaxCurvePoints points");
  require(curve.points.size() <= curve.count, "a curve keeps no more points than it saw");
  for (const std::size_t width : {std::size_t{24}, std::size_t{40}}) {
    const std::string line = sparkline(curve, width);
    // Each bar is a three-byte UTF-8 character.
    require(line.size() <= 3 * width, "a sparkline is at most `width` characters");
  }
}

void check_predictions(const PredictionResult& result, const PredictionOptions& options) {
  const auto* summary = std::get_if<PredictionSummary>(&result);
  if (summary == nullptr) return;
  require(summary->rows > 0, "a summary has rows");
  require(summary->watched.size() == options.watch_ids.size(), "one watched row per watch id");
  require(summary->forbidden_examples.size() <= 5, "at most five forbidden examples");
  if (summary->kind == TargetKind::class_labels) {
    require(summary->wrong <= summary->rows, "no more wrong rows than rows");
    require(summary->accuracy >= 0 && summary->accuracy <= 1, "accuracy lies in [0, 1]");
    std::uint64_t total = 0;
    for (const ClassAccuracy& label : summary->per_class) {
      require(label.correct <= label.total, "no class has more right rows than rows");
      total += label.total;
    }
    require(total == summary->rows, "the per-class counts add up to the rows");
  }
}

// Checks a fixed record naming `data` as one of its files, so that hostile bytes in a log or a
// predictions file go through the rules into the reports, as they would from a student's repository.
// Only for one input in 16 (by size): the whole check and report cost about 100 reader runs.
void check_as_named_file(std::string_view data, std::string_view record) {
  if (data.size() % 16 != 0) return;
  std::ofstream(project().root() / "fuzzed.txt", std::ios::binary | std::ios::trunc)
      .write(data.data(), static_cast<std::streamsize>(data.size()));
  CheckOptions options;
  options.project_root = project().root();
  const FileReport report = check_text((project().root() / "evidence.json").string(), std::string(record), options);
  check_report(report);
  render(report, data.size());
}

void append_le(std::string& out, std::uint64_t bits, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
}

// Every Summary.Value, Event and TensorProto in the input only reaches the decoder when both
// CRCs hold, which random bytes never manage: the input is read as records of [uint16 length,
// data], and each is written out framed as TensorBoard frames it.
std::string framed(std::string_view data) {
  std::string out;
  while (data.size() >= 2) {
    const std::size_t length = std::min<std::size_t>(
        static_cast<unsigned char>(data[0]) | static_cast<std::size_t>(static_cast<unsigned char>(data[1])) << 8,
        data.size() - 2);
    const std::string_view payload = data.substr(2, length);
    data.remove_prefix(2 + length);
    std::string header;
    append_le(header, length, 8);
    out += header;
    append_le(out, mask_crc32c(crc32c(header)), 4);
    out += payload;
    append_le(out, mask_crc32c(crc32c(payload)), 4);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// MLflow stores and log folders

// A folder of the process's own in the temporary folder, removed when the process exits normally.
class TempFolder {
 public:
  explicit TempFolder(std::string_view prefix) {
    std::string pattern = (fs::temp_directory_path() / fmt::format("{}-XXXXXX", prefix)).string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a temporary folder");
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

void write_text(const fs::path& path, std::string_view data) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(data.data(), static_cast<std::streamsize>(data.size()));
}

FileDescriptor open_folder(const fs::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) throw std::runtime_error(fmt::format("cannot open {}", path.string()));
  return fd;
}

// Messages are printable and curves keep their bounds, whatever the log held.
void check_log(const TrainingLogResult& result) {
  if (const auto* error = std::get_if<TrainingLogError>(&result)) {
    require(printable(error->message) == error->message, "a log error is printable");
    return;
  }
  const auto& log = std::get<TrainingLog>(result);
  for (const std::string& note : log.notes) require(printable(note) == note, "a note is printable");
  if (log.train) check_curve(*log.train);
  for (const LossCurve& curve : log.validation) check_curve(curve);
  for (const LossCurve& curve : log.adversarial) check_curve(curve);
}

// Counts the values an MLflow reader feeds; the file store gives each its 1-based line, in
// line order within a key.
class MlflowSink final : public ScalarSink {
 public:
  explicit MlflowSink(bool has_lines) : has_lines_(has_lines) {}
  void scalar(std::string_view tag, double, double, const ScalarPlace& place) override {
    require(place.offset == 0, "an MLflow value has no byte offset");
    if (!has_lines_) {
      require(place.line == 0, "a database value has no line");
    } else {
      require(place.line >= 1, "a metric value names its line");
      if (count > 0 && tag == key_) require(place.line > line_, "a metric file is read in line order");
      key_.assign(tag);
      line_ = place.line;
    }
    ++count;
  }
  std::uint64_t count = 0;

 private:
  bool has_lines_;
  std::string key_;
  std::size_t line_ = 0;
};

void check_mlflow(const MlflowResult& result, const MlflowSink& sink, const MlflowLimits& limits) {
  if (const auto* error = std::get_if<MlflowError>(&result)) {
    require(printable(error->message) == error->message, "an MLflow error is printable");
    require(error->runs.size() <= 10 && error->runs.size() <= error->run_count,
            "at most ten runs listed, each counted");
    require(error->run_count <= limits.max_runs, "no more runs than the limit");
    return;
  }
  const auto& read = std::get<MlflowRead>(result);
  require(read.values == sink.count, "the values counted are the values fed");
  require(read.metric_keys <= read.values, "a key is counted once it has a value");
  for (const std::string& note : read.notes) require(printable(note) == note, "an MLflow note is printable");
}

constexpr std::string_view kRunMeta =
    "artifact_uri: file:///tmp/mlruns/0/r1/artifacts\nend_time: 1700000100000\nentry_point_name: ''\n"
    "experiment_id: '0'\nlifecycle_stage: active\nrun_id: r1\nrun_name: fuzz-run\nrun_uuid: r1\nsource_name: ''\n"
    "source_type: 4\nsource_version: ''\nstart_time: 1700000000000\nstatus: 3\ntags: []\nuser_id: student\n";

// A run folder (meta.yaml, metrics/val_loss, metrics/train/loss) that inputs are written into.
class MlflowRunFolder {
 public:
  MlflowRunFolder() { write_text(folder_.path() / "metrics/val_loss", "1700000000000 1.5 0\n1700000001000 1.25 1\n"); }
  const fs::path& path() const { return folder_.path(); }

 private:
  TempFolder folder_{"dlcheck-fuzz-mlflow"};
};

// A log folder is written from the input as a list of entries, each an operation byte and a name
// byte (an index in kTreeNames), then what the operation needs:
//   op % 4 == 0: a file; [uint16 length, content]; with op & 4 the content is framed as the
//                tensorboard target frames its input ([uint16 length, data] chunks become records
//                whose CRCs hold);
//   op % 4 == 1: a folder, entered (at most kMaxTreeDepth deep);
//   op % 4 == 2: a symlink; [target byte] (an index in the link targets, some of them outside);
//   op % 4 == 3: back up one folder.
// fuzz/make_log_folder_seeds.py writes seeds in this form, with the same tables.
constexpr std::string_view kTreeNames[] = {
    "events.out.tfevents.1700000000.host",
    "events.out.tfevents.1700000001.host",
    "metrics.csv",
    "train",
    "validation",
    "eval",
    "version_0",
    "version_1",
    "version_10",
    "meta.yaml",
    "metrics",
    "loss",
    "val_loss",
    "0",
    "r1",
    "tags",
    "mlflow.runName",
    ".trash",
    "models",
    "notes.txt",
    "\x1b[31mrun",
    "bad\xff",
};
constexpr std::size_t kMaxTreeEntries = 64;
constexpr std::size_t kMaxTreeDepth = 6;

// A folder outside the log folder, holding a TensorBoard log, a Lightning log and an MLflow run
// that symlinks in the log folder point at: inotify tells whether any of them is ever opened.
class OutsideFolder {
 public:
  OutsideFolder() : outside_(base_.path() / "outside") {
    write_text(outside_ / "metrics.csv", "epoch,loss\n0,1.0\n1,0.5\n");
    std::string events;
    for (int step = 0; step < 3; ++step)
      events += event_record("stolen/loss", step, 1.0F / static_cast<float>(step + 1));
    write_text(outside_ / "events.out.tfevents.1700000000.host", events);
    write_text(outside_ / "0/r1/meta.yaml", kRunMeta);
    write_text(outside_ / "0/r1/metrics/loss", "1700000000000 1.0 0\n");
    inotify_ = FileDescriptor(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    for (const char* folder : {"", "0", "0/r1", "0/r1/metrics"}) {
      if (inotify_) ::inotify_add_watch(inotify_.get(), (outside_ / folder).c_str(), IN_OPEN | IN_ACCESS);
    }
  }
  const fs::path& tree() const { return tree_; }
  const fs::path& outside() const { return outside_; }

  /// Whether anything below the outside folder was opened or read since the last call.
  bool touched() const {
    if (!inotify_) return false;
    alignas(inotify_event) char events[4096];
    bool any = false;
    while (::read(inotify_.get(), events, sizeof events) > 0) any = true;
    return any;
  }

  std::string link_target(unsigned char index) const {
    static constexpr std::string_view kInside[] = {
        "..", "../..", ".", "train", "missing", "version_0", "events.out.tfevents.1700000000.host"};
    static constexpr std::string_view kOutside[] = {"",  "metrics.csv", "events.out.tfevents.1700000000.host",
                                                    "0", "0/r1",        "0/r1/metrics"};
    constexpr std::size_t inside = std::size(kInside);
    const std::size_t pick = index % (inside + std::size(kOutside));
    if (pick < inside) return std::string(kInside[pick]);
    return (outside_ / kOutside[pick - inside]).string();
  }

 private:
  // One TensorBoard Event with a simple scalar, framed as a record.
  static std::string event_record(std::string_view tag, int step, float value) {
    const auto field = [](int number, int wire) { return static_cast<char>(number << 3 | wire); };
    std::string scalar;
    scalar += field(1, 2);
    scalar += static_cast<char>(tag.size());
    scalar += tag;
    scalar += field(2, 5);
    std::uint32_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    append_le(scalar, bits, 4);
    std::string value_field = std::string(1, field(1, 2)) + static_cast<char>(scalar.size()) + scalar;
    std::string event;
    event += field(2, 0);
    event += static_cast<char>(step);
    event += field(5, 2);
    event += static_cast<char>(value_field.size());
    event += value_field;
    std::string chunk;
    append_le(chunk, event.size(), 2);
    return framed(chunk + event);
  }

  TempFolder base_{"dlcheck-fuzz-log-folder"};
  fs::path outside_;
  fs::path tree_ = base_.path() / "tree";
  FileDescriptor inotify_;
};

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t wrote = ::write(fd, data.data(), data.size());
    if (wrote <= 0) return;
    data.remove_prefix(static_cast<std::size_t>(wrote));
  }
}

// Writes the tree the input describes below `root`. Nothing is written through a symlink: every
// name is created afresh (O_EXCL, mkdirat), and a folder is entered only when just made.
void write_tree(const fs::path& root, std::string_view data, const OutsideFolder& outside) {
  std::vector<FileDescriptor> folders;
  folders.push_back(open_folder(root));
  for (std::size_t entries = 0; data.size() >= 2 && entries < kMaxTreeEntries; ++entries) {
    const auto op = static_cast<unsigned char>(data[0]);
    const std::string name(kTreeNames[static_cast<unsigned char>(data[1]) % std::size(kTreeNames)]);
    data.remove_prefix(2);
    const int here = folders.back().get();
    switch (op % 4) {
      case 0: {
        std::size_t length = 0;
        if (data.size() >= 2) {
          length = std::min<std::size_t>(
              static_cast<unsigned char>(data[0]) | static_cast<std::size_t>(static_cast<unsigned char>(data[1])) << 8,
              data.size() - 2);
          data.remove_prefix(2);
        }
        const std::string content = op & 4 ? framed(data.substr(0, length)) : std::string(data.substr(0, length));
        data.remove_prefix(length);
        FileDescriptor file(::openat(here, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644));
        if (file) write_all(file.get(), content);
        break;
      }
      case 1:
        if (folders.size() < kMaxTreeDepth && ::mkdirat(here, name.c_str(), 0755) == 0) {
          FileDescriptor folder(::openat(here, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
          if (folder) folders.push_back(std::move(folder));
        }
        break;
      case 2: {
        const unsigned char target = data.empty() ? 0 : static_cast<unsigned char>(data[0]);
        if (!data.empty()) data.remove_prefix(1);
        (void)::symlinkat(outside.link_target(target).c_str(), here, name.c_str());
        break;
      }
      default:
        if (folders.size() > 1) folders.pop_back();
        break;
    }
  }
}

// A curve read from a log folder names the file it came from, reachable below the folder
// without a symlink.
void check_sources(int folder, const TrainingLogResult& result) {
  const auto* log = std::get_if<TrainingLog>(&result);
  if (log == nullptr) return;
  std::vector<const LossCurve*> curves;
  if (log->train) curves.push_back(&*log->train);
  for (const LossCurve& curve : log->validation) curves.push_back(&curve);
  for (const LossCurve& curve : log->adversarial) curves.push_back(&curve);
  for (const LossCurve* curve : curves) {
    if (curve->source.empty()) continue;
    require(std::holds_alternative<FileDescriptor>(open_below(folder, curve->source, BelowLast::any)),
            "a curve's source lies below the folder, reached without a symlink");
  }
}

}  // namespace

void check_evidence(std::string_view data) {
  CheckOptions options;
  options.profile = Profile::roadmap;
  options.project_root = project().root();
  const FileReport report = check_text((project().root() / "evidence.json").string(), std::string(data), options);
  check_report(report);
  render(report, data.size());
}

void read_training_log(std::string_view data) {
  check_as_named_file(data,
                      R"({"task": "t", "training_log": "fuzzed.txt", "self_check": {"failure_mode": "overfitting"}})");
  const TrainingLogResult result = parse_training_log(data);
  const auto* log = std::get_if<TrainingLog>(&result);
  if (log == nullptr) return;
  require(log->non_finite.size() <= log->non_finite_total, "one non-finite entry per column, each counted");
  if (log->train) check_curve(*log->train);
  for (const LossCurve& curve : log->validation) check_curve(curve);
  for (const LossCurve& curve : log->adversarial) check_curve(curve);
  for (const LossCurve& validation : log->validation) {
    assess_loss_curves(log->train, &validation, LogThresholds{});
    assess_loss_curves(
        log->train, &validation,
        LogThresholds{
            .min_points = 0, .min_relative_decrease = 0, .overfit_min_rise = 0, .overfit_min_points_after_best = 0});
  }
}

// Counts what the reader feeds and checks that it comes in file order.
class CheckingSink : public ScalarSink {
 public:
  explicit CheckingSink(std::uint64_t size) : size_(size) {}
  void scalar(std::string_view, double, double, const ScalarPlace& place) override {
    require(place.offset < size_ && place.offset >= last_offset_ && place.line == 0, "scalars come in file order");
    last_offset_ = place.offset;
    ++count;
  }
  std::uint64_t count = 0;

 private:
  std::uint64_t size_;
  std::uint64_t last_offset_ = 0;
};

void check_event_file(std::string_view bytes, const EventFileLimits& limits) {
  CheckingSink sink(bytes.size());
  const EventFileResult result = parse_event_file(bytes, sink, limits);
  if (const auto* error = std::get_if<EventFileError>(&result)) {
    require(error->offset < bytes.size(), "an error names a byte of the file");
    require(error->message.find("record ") == 0 && printable(error->message) == error->message,
            "an error names its record and is printable");
    return;
  }
  const auto& summary = std::get<EventFileSummary>(result);
  require(summary.scalars == sink.count, "the summary counts the scalars fed");
  require(summary.records * 16 <= bytes.size(), "a record takes 16 bytes or more");
  require(!summary.truncated_tail || summary.truncated_at < bytes.size(), "a cut record starts inside the file");
  require(printable(summary.file_version) == summary.file_version, "the file version is printable");
  require(bytes.size() < 12 || looks_like_event_file(bytes), "a file that reads starts with a record");
}

// Every listed id is found at its first occurrence, and a near miss (one more digit, a leading
// zero) only when the list has it too, as a map of strings would answer.
void check_id_set(const std::variant<IdList, IdListError>& parsed) {
  const auto* list = std::get_if<IdList>(&parsed);
  if (list == nullptr) return;
  const IdSet set(*list);
  std::unordered_map<std::string, std::size_t> first;
  for (std::size_t i = 0; i < list->size(); ++i) first.try_emplace(std::string(list->id(i)), i);
  require(set.size() == first.size(), "the set counts distinct ids");
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string id(list->id(i));
    require(set.find(id) == first.at(id), "an id is found at its first occurrence");
    for (const std::string& near : {id + "0", "0" + id, id.substr(1)}) {
      require(set.contains(near) == first.contains(near), "an id is found only when listed");
    }
  }
}

void read_predictions(std::string_view data) {
  {
    const PredictionOptions options;
    check_predictions(parse_predictions(data, options), options);
  }
  {
    IdList train_list;
    for (const char* id : {"a", "1", "cifar10/train/00001"}) train_list.add(id, train_list.size() + 1);
    const IdSet train_ids(train_list);
    PredictionOptions options;
    options.kind = TargetKind::class_labels;
    options.watch_ids = {"a", "b", "1", "cifar10/test/00091", ""};
    options.forbidden_ids = &train_ids;
    options.positive_label = "1";
    options.top_confusions = 3;
    check_predictions(parse_predictions(data, options), options);
  }
  {
    PredictionOptions options;
    options.kind = TargetKind::numeric;
    options.id_column = "id";
    options.label_column = "label";
    options.prediction_column = "pred";
    check_predictions(parse_predictions(data, options), options);
  }
  {
    // A short line limit, as --max-line-length would give: the reader must stop cleanly.
    StringLineReader reader(data, 64);
    const PredictionOptions options;
    check_predictions(read_predictions(reader, options), options);
  }
  check_id_set(parse_id_list(data));
  check_as_named_file(data, R"({"metric": {"name": "accuracy"}, "predictions": "fuzzed.txt", "failure_case_count": 1,
    "dataset": {"ids": {"train": "fuzzed.txt", "test": "splits/test_ids.txt"}},
    "success_samples": [{"input": "a"}], "failure_cases": [{"input": "cifar10/test/00091"}, {"input": "b"}]})");
}

void read_event_file(std::string_view data) {
  check_event_file(data, EventFileLimits{});
  check_event_file(data, EventFileLimits{64});
  const std::string records = framed(data);
  check_event_file(records, EventFileLimits{});
  if (!records.empty())
    check_event_file(std::string_view(records).substr(0, records.size() - 1 - data.size() % 13), {});
}

void load_config(std::string_view data) {
  const auto parsed = parse_config(data, "fuzz/.dlcheck.json");
  const auto* config = std::get_if<Config>(&parsed);
  if (config == nullptr) return;
  CheckOptions options;
  options.read_project_files = false;
  apply_config(*config, options);
  // The roadmap's own record: it passes some items and fails others, so the rubric matters.
  const FileReport report =
      check_text("evidence.json",
                 R"({"task": "image classification", "baseline_accuracy": 0.71, "current_accuracy": 0.82,
          "failure_case_count": 5, "next_step": "inspect confused classes", "unknwon": 1})",
                 options);
  check_report(report);
  render(report, data.size());
}

void read_mlflow_files(std::string_view data) {
  static const MlflowRunFolder run;
  // Before a NUL byte: meta.yaml; after it (or the whole input when there is none): a metric file.
  const std::size_t nul = data.find('\0');
  write_text(run.path() / "meta.yaml", nul == std::string_view::npos ? kRunMeta : data.substr(0, nul));
  write_text(run.path() / "metrics/train/loss", nul == std::string_view::npos ? data : data.substr(nul + 1));
  const FileDescriptor folder = open_folder(run.path());
  MlflowLimits small;
  small.max_file_size = 64;
  small.max_total_size = 96;
  small.max_entries = 3;
  for (const auto& [limits, requested] : {std::pair<MlflowLimits, std::string_view>{MlflowLimits{}, ""},
                                          std::pair<MlflowLimits, std::string_view>{small, ""},
                                          std::pair<MlflowLimits, std::string_view>{MlflowLimits{}, "fuzz-run"}}) {
    MlflowSink sink(true);
    check_mlflow(read_mlflow_folder(folder.get(), requested, sink, limits), sink, limits);
  }
  const TrainingLogResult log = read_training_log_folder(folder.get(), "");
  check_log(log);
  check_sources(folder.get(), log);
}

void read_mlflow_sqlite(std::string_view data) {
  // In memory: the reader takes a descriptor, and the fuzzer's files never touch the disk.
  const FileDescriptor database(::memfd_create("mlflow.db", MFD_CLOEXEC));
  if (!database) throw std::runtime_error("memfd_create failed");
  write_all(database.get(), data);
  MlflowLimits limits;
  // About 10 million SQLite steps: a hostile file cannot hold the fuzzer for seconds.
  limits.max_database_kilo_steps = 10'000;
  limits.max_runs = 100;
  for (const std::string_view requested : {"", "r1", "fuzz-run"}) {
    MlflowSink sink(false);
    check_mlflow(read_mlflow_database(database.get(), requested, sink, limits), sink, limits);
  }
  const int copy = ::dup(database.get());  // read_training_log_file closes the descriptor it is given
  if (copy < 0) throw std::runtime_error("dup failed");
  check_log(read_training_log_file(copy, data.size(), ""));
}

void read_log_folder(std::string_view data) {
  static const OutsideFolder outside;
  std::error_code ignored;
  fs::remove_all(outside.tree(), ignored);
  fs::create_directory(outside.tree());
  write_tree(outside.tree(), data, outside);
  (void)outside.touched();  // writing the tree made its links, and nothing below the outside folder
  const FileDescriptor folder = open_folder(outside.tree());
  LogSourceLimits small;
  small.max_folder_entries = 8;
  small.max_folder_depth = 2;
  static constexpr std::string_view kRuns[] = {"version_1", "train", "r1", "fuzz-run", "0", "\x1b[31mrun"};
  const std::string_view requested = kRuns[data.size() % std::size(kRuns)];
  for (const auto& [run, limits, name] :
       {std::tuple<std::string_view, LogSourceLimits, std::string_view>{"", {}, ""},
        std::tuple<std::string_view, LogSourceLimits, std::string_view>{requested, LogSourceLimits{}, "validation"},
        std::tuple<std::string_view, LogSourceLimits, std::string_view>{"", small, ""}}) {
    const TrainingLogResult log = read_training_log_folder(folder.get(), run, limits, name);
    check_log(log);
    check_sources(folder.get(), log);
  }
  require(!outside.touched(), "nothing outside the log folder is opened");
}

Target find_target(std::string_view name) {
  if (name == "evidence") return check_evidence;
  if (name == "training_log") return read_training_log;
  if (name == "tensorboard") return read_event_file;
  if (name == "predictions") return read_predictions;
  if (name == "config") return load_config;
  if (name == "mlflow_files") return read_mlflow_files;
  if (name == "mlflow_sqlite") return read_mlflow_sqlite;
  if (name == "log_folder") return read_log_folder;
  return nullptr;
}

}  // namespace dlcheck::fuzz
