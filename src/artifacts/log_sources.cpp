#include "artifacts/log_sources.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>

#include "artifacts/log_builder.hpp"
#include "artifacts/mlflow_runs.hpp"
#include "artifacts/tensorboard_events.hpp"
#include "io/line_reader.hpp"
#include "io/open_below.hpp"
#include "io/read_file.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

constexpr std::size_t kMaxTagsNamed = 12;
constexpr std::size_t kHeadBytes = 16;
constexpr int kEntryFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;

/// The tags a log had, to name them when none is a loss.
class NamingSink final : public ScalarSink {
 public:
  explicit NamingSink(ScalarSink& inner) : inner_(inner) {}
  void scalar(std::string_view tag, double step, double value, const ScalarPlace& place) override {
    if (tags_.size() < kMaxTagsNamed && std::find(tags_.begin(), tags_.end(), tag) == tags_.end())
      tags_.emplace_back(tag);
    inner_.scalar(tag, step, value, place);
  }
  std::string named() const {
    std::vector<std::string> shown;
    for (const std::string& tag : tags_) shown.push_back(printable(tag));
    return shown.empty() ? "none" : fmt::format("{}", fmt::join(shown, ", "));
  }

 private:
  ScalarSink& inner_;
  std::vector<std::string> tags_;
};

TrainingLogError no_loss(std::string_view what, const NamingSink& tags) {
  return {fmt::format("no loss found in the {} (tags: {}): dlcheck looks for names with \"loss\" in them", what,
                      tags.named()),
          0};
}

std::string head_of(int fd) {
  std::array<char, kHeadBytes> head{};
  const ssize_t got = ::pread(fd, head.data(), head.size(), 0);
  return got > 0 ? std::string(head.data(), static_cast<std::size_t>(got)) : std::string();
}

std::string run_label(const MlflowRunInfo& run) {
  return run.name.empty() ? printable(run.id) : fmt::format("{} ({})", printable(run.name), printable(run.id));
}

TrainingLogResult mlflow_log(const MlflowResult& result, LogBuilder&& builder, const NamingSink& tags,
                             std::string_view format) {
  if (const auto* error = std::get_if<MlflowError>(&result)) return TrainingLogError{error->message, error->line};
  const auto& read = std::get<MlflowRead>(result);
  if (!builder.has_loss_columns()) return no_loss("MLflow run " + run_label(read.run), tags);
  TrainingLog log = std::move(builder).finish(format, "step", read.values);
  log.run = run_label(read.run);
  for (const std::string& note : read.notes) log.notes.push_back(printable(note));
  return log;
}

// ---------------------------------------------------------------------------------------------
// TensorBoard folders

/// An event file found in a log folder.
struct EventFile {
  std::string path;    // relative to the folder named
  std::string run;     // the run folder, relative; "" for the folder itself
  std::string prefix;  // "validation/" for a Keras split folder
  double first_wall_time = 0;
};

class NullSink final : public ScalarSink {
 public:
  void scalar(std::string_view, double, double, const ScalarPlace&) override {}
};

/// "b" of "a/b"; the path itself when it has no slash.
std::string_view last_component(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// "a/b" without "/b"; "" when it has no slash.
std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash);
}

/// Whether the run folder `run` is the one asked for: by its whole relative path or its own name.
bool names_run(std::string_view run, std::string_view requested) {
  return run == requested || last_component(run) == requested;
}

std::string joined(std::string_view folder, std::string_view name) {
  return folder.empty() ? std::string(name) : fmt::format("{}/{}", folder, name);
}

// Keras writes train/ and validation/ beside each other with the same tags, and PyTorch's
// add_scalars("loss", {"train": …, "val": …}) writes loss_train/ and loss_val/: one run each.
// A folder is a split when its words are split names, with at most the word "loss" besides.
bool is_split_folder(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kSplits = {"train", "training", "validation", "valid",
                                                              "val",   "eval",     "test",       "dev"};
  bool split = false;
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find_first_of("_-. ", start), name.size());
    const std::string_view word = name.substr(start, end - start);
    const bool is_split = std::find(kSplits.begin(), kSplits.end(), word) != kSplits.end();
    if (!is_split && word != "loss" && !word.empty()) return false;
    split = split || is_split;
    start = end + 1;
  }
  return split;
}

/// Looks through a log folder for event files, by content, never following a symlink.
class EventFileSearch {
 public:
  /// `folder_name` is the last component of the folder named: a split folder named on its own
  /// ("logs/validation") still gives its tags their split.
  EventFileSearch(const LogSourceLimits& limits, std::string_view folder_name)
      : limits_(limits), root_prefix_(is_split_folder(folder_name) ? std::string(folder_name) + "/" : "") {}

  void search(int folder, const std::string& relative, std::size_t depth) {
    const int listing = ::openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (listing < 0) return;
    DIR* dir = ::fdopendir(listing);
    if (dir == nullptr) {
      ::close(listing);
      return;
    }
    std::vector<std::string> names;
    while (const dirent* entry = ::readdir(dir)) {
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      if (++entries_ > limits_.max_folder_entries) {
        over_limit_ = true;
        break;
      }
      names.emplace_back(name);
    }
    ::closedir(dir);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) visit(folder, relative, name, depth);
  }

  std::vector<EventFile>& files() { return files_; }
  const std::vector<std::string>& csv_logs() const { return csv_logs_; }
  std::vector<std::string>& notes() { return notes_; }
  bool over_limit() const { return over_limit_; }

 private:
  void visit(int folder, const std::string& relative, const std::string& name, std::size_t depth) {
    const std::string path = joined(relative, name);
    FileDescriptor fd(::openat(folder, name.c_str(), kEntryFlags));
    if (!fd) {
      if (errno == ELOOP) notes_.push_back(fmt::format("{} is a symlink, which is not followed", printable(path)));
      return;
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return;
    if (S_ISDIR(info.st_mode)) {
      if (depth < limits_.max_folder_depth) search(fd.get(), path, depth + 1);
      return;
    }
    if (!S_ISREG(info.st_mode)) return;
    if (!looks_like_event_file(head_of(fd.get()))) {
      if (name == "metrics.csv") csv_logs_.push_back(path);  // Lightning's CSVLogger: version_N/metrics.csv
      return;
    }
    // The first record holds the wall time the writer started: the run's age.
    std::string start(4096, '\0');
    const ssize_t got = ::pread(fd.get(), start.data(), start.size(), 0);
    start.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    NullSink nothing;
    const EventFileResult head = parse_event_file(start, nothing);
    const auto* summary = std::get_if<EventFileSummary>(&head);
    EventFile file{path, relative, "", summary && summary->first_wall_time ? *summary->first_wall_time : 0};
    const std::string_view last = last_component(relative);
    if (!relative.empty() && is_split_folder(last)) {
      file.run = folder_of(relative);
      file.prefix = fmt::format("{}/", last);
    } else if (relative.empty()) {
      file.prefix = root_prefix_;
    }
    files_.push_back(std::move(file));
  }

  const LogSourceLimits& limits_;
  std::string root_prefix_;
  std::vector<EventFile> files_;
  std::vector<std::string> csv_logs_;
  std::vector<std::string> notes_;
  std::size_t entries_ = 0;
  bool over_limit_ = false;
};

TrainingLogError cannot_open(std::string_view path, int error) {
  return TrainingLogError{fmt::format("{}: cannot open: {}", printable(path), std::strerror(error)), 0};
}

std::string runs_named(const std::vector<std::pair<std::string, double>>& runs) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < runs.size() && i < kMaxTagsNamed; ++i)
    names.push_back(runs[i].first.empty() ? "." : printable(runs[i].first));
  return fmt::format("{}{}", fmt::join(names, ", "), runs.size() > kMaxTagsNamed ? ", …" : "");
}

TrainingLogResult read_event_folder(int folder, std::vector<EventFile> files, std::vector<std::string> notes,
                                    std::string_view requested) {
  // Runs, newest first by the wall time of their first record.
  std::map<std::string, double> started;
  for (const EventFile& file : files) {
    auto [it, fresh] = started.emplace(file.run, file.first_wall_time);
    if (!fresh) it->second = std::min(it->second, file.first_wall_time);
  }
  std::vector<std::pair<std::string, double>> runs(started.begin(), started.end());
  std::stable_sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string chosen = runs.front().first;
  if (!requested.empty()) {
    const auto match =
        std::find_if(runs.begin(), runs.end(), [&](const auto& run) { return names_run(run.first, requested); });
    if (match == runs.end()) {
      return TrainingLogError{fmt::format("no TensorBoard run is named \"{}\"; the runs found (newest first): {}",
                                          printable(requested), runs_named(runs)),
                              0};
    }
    chosen = match->first;
  } else if (runs.size() > 1) {
    notes.push_back(fmt::format("the folder holds {} runs ({}, newest first); the newest, {}, is read", runs.size(),
                                runs_named(runs), chosen.empty() ? "." : printable(chosen)));
  }
  files.erase(std::remove_if(files.begin(), files.end(), [&](const EventFile& file) { return file.run != chosen; }),
              files.end());
  std::stable_sort(files.begin(), files.end(),
                   [](const EventFile& a, const EventFile& b) { return a.first_wall_time < b.first_wall_time; });
  LogBuilder builder;
  std::uint64_t records = 0;
  std::vector<std::string> tags;
  for (const EventFile& file : files) {
    auto opened = open_below(folder, file.path, BelowLast::any);
    if (const auto* refusal = std::get_if<BelowRefusal>(&opened)) return cannot_open(file.path, refusal->error);
    const FileDescriptor fd = std::move(std::get<FileDescriptor>(opened));
    BuilderSink builder_sink(builder, file.prefix, file.path);
    NamingSink naming(builder_sink);
    const EventFileResult result = read_event_file(fd.get(), naming, {});
    if (const auto* error = std::get_if<EventFileError>(&result)) {
      return TrainingLogError{fmt::format("{}: {}", printable(file.path), error->message), 0};
    }
    const auto& summary = std::get<EventFileSummary>(result);
    records += summary.records;
    if (summary.truncated_tail) {
      notes.push_back(
          fmt::format("{}: the last record (at byte {}) is cut short, as in a file still being written; "
                      "it was left out",
                      printable(file.path), summary.truncated_at));
    }
    if (tags.size() < kMaxTagsNamed) tags.push_back(naming.named());
  }
  if (!builder.has_loss_columns()) {
    return TrainingLogError{fmt::format("no loss found in the TensorBoard event files of {} (tags: {}): dlcheck looks "
                                        "for names with \"loss\" in them",
                                        chosen.empty() ? "the folder" : printable(chosen), fmt::join(tags, "; ")),
                            0};
  }
  TrainingLog log = std::move(builder).finish(log_formats::tensorboard, "step", records);
  log.run = chosen;
  log.notes = std::move(notes);
  return log;
}

/// "version_10" after "version_9": digits compare as numbers.
bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t end_a = i, end_b = j;
      while (end_a < a.size() && std::isdigit(static_cast<unsigned char>(a[end_a]))) ++end_a;
      while (end_b < b.size() && std::isdigit(static_cast<unsigned char>(b[end_b]))) ++end_b;
      const std::string_view number_a = a.substr(i, end_a - i), number_b = b.substr(j, end_b - j);
      if (number_a.size() != number_b.size()) return number_a.size() < number_b.size();
      if (number_a != number_b) return number_a < number_b;
      i = end_a, j = end_b;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i, ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

// Lightning's CSVLogger writes version_0/metrics.csv, version_1/metrics.csv, …: the highest
// version is the newest.
TrainingLogResult read_csv_log_folder(int folder, std::vector<std::string> logs, std::vector<std::string> notes,
                                      std::string_view requested, const LogSourceLimits& limits) {
  std::sort(logs.begin(), logs.end(),
            [](const std::string& a, const std::string& b) { return natural_less(folder_of(b), folder_of(a)); });
  std::vector<std::pair<std::string, double>> runs;
  for (const std::string& log : logs) runs.emplace_back(folder_of(log), 0);
  std::string chosen = logs.front();
  if (!requested.empty()) {
    const auto match = std::find_if(logs.begin(), logs.end(),
                                    [&](const std::string& log) { return names_run(folder_of(log), requested); });
    if (match == logs.end()) {
      return TrainingLogError{fmt::format("no run is named \"{}\"; the runs found (newest first): {}",
                                          printable(requested), runs_named(runs)),
                              0};
    }
    chosen = *match;
  } else if (logs.size() > 1) {
    notes.push_back(fmt::format("the folder holds {} runs ({}, newest first); the newest, {}, is read", logs.size(),
                                runs_named(runs), printable(folder_of(chosen))));
  }
  auto opened = open_below(folder, chosen, BelowLast::any);
  if (const auto* refusal = std::get_if<BelowRefusal>(&opened)) return cannot_open(chosen, refusal->error);
  FileDescriptor fd = std::move(std::get<FileDescriptor>(opened));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return cannot_open(chosen, errno);
  FileLineReader reader(fd.release(), limits.max_line_length, static_cast<std::size_t>(info.st_size));
  TrainingLogResult result = read_training_log(reader, limits.json);
  if (auto* error = std::get_if<TrainingLogError>(&result)) {
    error->message = fmt::format("{}: {}", printable(chosen), error->message);
    return result;
  }
  TrainingLog& log = std::get<TrainingLog>(result);
  log.run = folder_of(chosen);
  if (log.train) log.train->source = chosen;
  for (LossCurve& curve : log.validation) curve.source = chosen;
  for (LossCurve& curve : log.adversarial) curve.source = chosen;
  log.notes.insert(log.notes.begin(), notes.begin(), notes.end());
  return result;
}

// ---------------------------------------------------------------------------------------------
// Binary log files, told by their first bytes

TrainingLogResult read_event_log(FileDescriptor fd, std::string_view) {
  LogBuilder builder;
  BuilderSink builder_sink(builder, "", "");
  NamingSink naming(builder_sink);
  const EventFileResult result = read_event_file(fd.get(), naming, {});
  if (const auto* error = std::get_if<EventFileError>(&result)) return TrainingLogError{error->message, 0};
  const auto& summary = std::get<EventFileSummary>(result);
  if (!builder.has_loss_columns()) return no_loss("TensorBoard event file", naming);
  TrainingLog log = std::move(builder).finish(log_formats::tensorboard, "step", summary.records);
  if (summary.truncated_tail) {
    log.notes.push_back(
        fmt::format("the last record (at byte {}) is cut short, as in a file still being written; it was left out",
                    summary.truncated_at));
  }
  return log;
}

TrainingLogResult read_mlflow_sqlite_log(FileDescriptor fd, std::string_view run) {
  LogBuilder builder;
  BuilderSink builder_sink(builder, "", "");
  NamingSink naming(builder_sink);
  const MlflowResult result = read_mlflow_database(fd.get(), run, naming);
  return mlflow_log(result, std::move(builder), naming, log_formats::mlflow_sqlite);
}

/// A binary log format: how its first bytes look, and its reader. A new one is a reader file
/// and a row here; text formats are told apart in training_log.cpp.
struct BinaryLogReader {
  bool (*detect)(std::string_view head);
  TrainingLogResult (*read)(FileDescriptor fd, std::string_view run);
};

constexpr std::array kBinaryLogReaders = {
    BinaryLogReader{looks_like_event_file, read_event_log},
    BinaryLogReader{looks_like_sqlite, read_mlflow_sqlite_log},
};

}  // namespace

TrainingLogResult read_training_log_file(int fd, std::uint64_t size, std::string_view run,
                                         const LogSourceLimits& limits) {
  const std::string head = head_of(fd);
  for (const BinaryLogReader& reader : kBinaryLogReaders) {
    if (reader.detect(head)) return reader.read(FileDescriptor(fd), run);
  }
  FileLineReader reader(fd, limits.max_line_length, size);
  return read_training_log(reader, limits.json);
}

TrainingLogResult read_training_log_folder(int folder, std::string_view run, const LogSourceLimits& limits,
                                           std::string_view folder_name) {
  EventFileSearch search(limits, folder_name);
  search.search(folder, "", 0);
  if (search.over_limit()) {
    return TrainingLogError{fmt::format("the log folder holds more than {} entries: name the run folder or the event "
                                        "file itself",
                                        limits.max_folder_entries),
                            0};
  }
  if (!search.files().empty()) return read_event_folder(folder, std::move(search.files()), search.notes(), run);
  if (!search.csv_logs().empty()) return read_csv_log_folder(folder, search.csv_logs(), search.notes(), run, limits);
  LogBuilder builder;
  BuilderSink builder_sink(builder, "", "");
  NamingSink naming(builder_sink);
  const MlflowResult result = read_mlflow_folder(folder, run, naming);
  if (const auto* error = std::get_if<MlflowError>(&result); error && error->run_count == 0 && error->file.empty()) {
    return TrainingLogError{
        fmt::format("no TensorBoard event file in this folder, and it is not an MLflow store ({}): name a log file, "
                    "a TensorBoard log folder or an MLflow run folder",
                    error->message),
        0};
  }
  return mlflow_log(result, std::move(builder), naming, log_formats::mlflow_files);
}

}  // namespace dlcheck
