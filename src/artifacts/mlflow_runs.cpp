#include "artifacts/mlflow_runs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>

#include "io/line_reader.hpp"
#include "io/open_below.hpp"
#include "io/read_file.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace {

// Every component is opened on its own, never following a symlink; files without blocking, so a
// FIFO is refused by fstat rather than waited on.
constexpr int kFolderFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
constexpr int kFileFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;

// MLflow keys hold at most 250 characters, so "a/b/…" nests at most 125 folders deep.
constexpr std::size_t kMaxMetricDepth = 128;
// A metric line is "timestamp value step": a few dozen bytes.
constexpr std::size_t kMaxMetricLine = 4096;
// Bytes of a bad metric line quoted in its message.
constexpr std::size_t kShownLine = 80;
// Folders named among the listed runs are examined (opened, two fstatat) at most this many times
// the run limit, so that folders of other things cannot cost more than the runs would.
constexpr std::size_t kFoldersPerRun = 4;

std::string join(std::string_view base, std::string_view name) {
  if (base.empty()) return std::string(name);
  return fmt::format("{}/{}", base, name);
}

// A path for messages: printable, "the folder given" for the folder itself.
std::string shown(std::string_view path) { return path.empty() ? "the folder given" : printable(path); }

MlflowError error_at(std::string_view path, std::string message, std::size_t line = 0) {
  MlflowError error;
  error.message = std::move(message);
  error.file = std::string(path);
  error.line = line;
  return error;
}

std::string lowercase_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

MlflowError open_error(std::string_view path, int error) {
  if (error == ELOOP) return error_at(path, fmt::format("{} is a symlink, which is not followed", shown(path)));
  if (error == ENOTDIR) return error_at(path, fmt::format("{} is not a folder", shown(path)));
  return error_at(path, fmt::format("cannot open {}: {}", shown(path), lowercase_first(std::strerror(error))));
}

// A folder, opened without following it.
std::variant<FileDescriptor, MlflowError> open_folder(int parent, const std::string& name, std::string_view path) {
  auto opened = open_below(parent, name, BelowLast::folder);
  if (const auto* refusal = std::get_if<BelowRefusal>(&opened)) return open_error(path, refusal->error);
  return std::move(std::get<FileDescriptor>(opened));
}

enum class EntryKind { folder, file, symlink, other };

struct Entry {
  std::string name;
  EntryKind kind = EntryKind::other;
};

EntryKind kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return EntryKind::folder;
  if (S_ISREG(mode)) return EntryKind::file;
  if (S_ISLNK(mode)) return EntryKind::symlink;
  return EntryKind::other;
}

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

// The entries of the open folder `folder` (shown as `path`), sorted by name: readdir's order
// depends on the file system, and the output must not.
std::variant<std::vector<Entry>, MlflowError> list_folder(int folder, std::string_view path, std::size_t max_entries) {
  FileDescriptor readable(::openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!readable) return open_error(path, errno);
  std::unique_ptr<DIR, DirCloser> dir(::fdopendir(readable.get()));
  if (!dir) return open_error(path, errno);
  readable.release();  // the DIR owns it now
  std::vector<Entry> entries;
  while (true) {
    errno = 0;
    const dirent* entry = ::readdir(dir.get());
    if (entry == nullptr) {
      if (errno != 0) {
        return error_at(path, fmt::format("cannot list {}: {}", shown(path), lowercase_first(std::strerror(errno))));
      }
      break;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (entries.size() == max_entries) {
      return error_at(path, fmt::format("{} holds more than {} entries", shown(path), max_entries));
    }
    EntryKind kind = EntryKind::other;
    switch (entry->d_type) {
      case DT_DIR:
        kind = EntryKind::folder;
        break;
      case DT_REG:
        kind = EntryKind::file;
        break;
      case DT_LNK:
        kind = EntryKind::symlink;
        break;
      case DT_UNKNOWN: {
        struct stat info {};
        if (::fstatat(::dirfd(dir.get()), entry->d_name, &info, AT_SYMLINK_NOFOLLOW) == 0) kind = kind_of(info.st_mode);
        break;
      }
      default:
        break;
    }
    entries.push_back(Entry{std::string(name), kind});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return entries;
}

// Opens the file `name` in `folder` when it is a regular file within `max_size`.
std::variant<OpenedFile, MlflowError> open_file(int folder, std::string_view name, std::string_view path,
                                                std::uint64_t max_size, std::string_view option) {
  FileDescriptor fd(::openat(folder, std::string(name).c_str(), kFileFlags));
  if (!fd) return open_error(path, errno);
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return open_error(path, errno);
  if (!S_ISREG(info.st_mode)) return error_at(path, fmt::format("{} is not a regular file", shown(path)));
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_size) {
    std::string message = fmt::format("{} is {} bytes, over the limit of {} bytes", shown(path), size, max_size);
    if (!option.empty()) message += fmt::format(" ({})", option);
    return error_at(path, std::move(message));
  }
  return OpenedFile{std::move(fd), size};
}

// The text of a small file (meta.yaml, a tag), or nullopt when there is no such file.
std::variant<std::optional<std::string>, MlflowError> read_small_file(int folder, std::string_view name,
                                                                      std::string_view path, std::uint64_t max_size) {
  struct stat info {};
  if (::fstatat(folder, std::string(name).c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 && errno == ENOENT) {
    return std::optional<std::string>();
  }
  auto opened = open_file(folder, name, path, max_size, "");
  if (auto* error = std::get_if<MlflowError>(&opened)) return std::move(*error);
  auto text = read_file(std::get<OpenedFile>(opened), ReadLimit{max_size, "", false});
  if (auto* failure = std::get_if<ReadFailure>(&text)) {
    return error_at(path, fmt::format("{}: {}", shown(path), failure->message));
  }
  return std::optional<std::string>(std::move(std::get<FileText>(text).text));
}

// A carriage return counts as a blank too: meta.yaml and metric files may be written on Windows.
constexpr std::string_view kBlanks = " \t\r";

// A YAML scalar as PyYAML's safe_dump writes one: plain, 'single' ('' for ') or "double" quoted.
std::string yaml_scalar(std::string_view text) {
  text = trim(text, kBlanks);
  std::string value;
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    text = text.substr(1, text.size() - 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
      value += text[i];
      if (text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') ++i;
    }
    return value;
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        const char escaped = text[++i];
        value += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
      } else {
        value += text[i];
      }
    }
    return value;
  }
  return std::string(text);
}

std::int64_t to_int64(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() ? value : 0;
}

// MLflow writes RunStatus as its enum number in meta.yaml.
std::string status_name(std::string_view number) {
  static constexpr std::array<std::string_view, 6> kNames = {"",         "RUNNING", "SCHEDULED",
                                                             "FINISHED", "FAILED",  "KILLED"};
  const std::int64_t index = to_int64(number);
  if (index > 0 && index < static_cast<std::int64_t>(kNames.size())) return std::string(kNames[index]);
  return std::string(number);
}

struct RunMeta {
  MlflowRunInfo info;
  bool deleted = false;
};

// The top-level "key: value" lines of a run's meta.yaml. A value PyYAML folded onto indented
// lines below (long names) is joined back with spaces.
RunMeta parse_meta(std::string_view text, std::string_view folder_name) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (trim(line, kBlanks).empty()) continue;
    if ((line.front() == ' ' || line.front() == '\t') && !fields.empty()) {
      fields.back().second += ' ';
      fields.back().second += trim(line, kBlanks);
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    fields.emplace_back(std::string(trim(line.substr(0, colon), kBlanks)),
                        std::string(trim(line.substr(colon + 1), kBlanks)));
  }
  RunMeta meta;
  std::string run_uuid;
  for (const auto& [key, raw] : fields) {
    std::string value = yaml_scalar(raw);
    if (key == "run_id")
      meta.info.id = std::move(value);
    else if (key == "run_uuid")
      run_uuid = std::move(value);
    else if (key == "run_name")
      meta.info.name = std::move(value);
    else if (key == "experiment_id")
      meta.info.experiment_id = std::move(value);
    else if (key == "status")
      meta.info.status = status_name(value);
    else if (key == "start_time")
      meta.info.start_time = to_int64(value);
    else if (key == "end_time")
      meta.info.end_time = to_int64(value);
    else if (key == "lifecycle_stage")
      meta.deleted = value == "deleted";
  }
  if (meta.info.id.empty()) meta.info.id = run_uuid.empty() ? std::string(folder_name) : run_uuid;
  return meta;
}

bool exists_here(int folder, const char* name) {
  struct stat info {};
  return ::fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0;
}

// A run found in the store: its folder relative to the one given, and what meta.yaml says.
struct FoundRun {
  std::string path;
  RunMeta meta;
};

// Reads meta.yaml (and, when it names no run, tags/mlflow.runName as MLflow before 1.29 kept it).
std::variant<RunMeta, MlflowError> read_run_meta(int run_folder, std::string_view path, const MlflowLimits& limits) {
  const std::string meta_path = join(path, "meta.yaml");
  auto meta_text = read_small_file(run_folder, "meta.yaml", meta_path, limits.max_meta_size);
  if (auto* error = std::get_if<MlflowError>(&meta_text)) return std::move(*error);
  const std::size_t slash = path.rfind('/');
  const std::string_view folder_name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  RunMeta meta = parse_meta(std::get<std::optional<std::string>>(meta_text).value_or(""), folder_name);
  if (!meta.info.name.empty()) return meta;
  const std::string tags_path = join(path, "tags");
  if (!exists_here(run_folder, "tags")) return meta;
  auto tags = open_folder(run_folder, "tags", tags_path);
  if (auto* error = std::get_if<MlflowError>(&tags)) return std::move(*error);
  auto name = read_small_file(std::get<FileDescriptor>(tags).get(), "mlflow.runName", join(tags_path, "mlflow.runName"),
                              limits.max_meta_size);
  if (auto* error = std::get_if<MlflowError>(&name)) return std::move(*error);
  meta.info.name = std::string(trim(std::get<std::optional<std::string>>(name).value_or(""), kBlanks));
  return meta;
}

// A run folder holds meta.yaml and metrics/ (whatever they turn out to be: a symlink among them is
// refused when the run is read, not passed over as though there were no run).
bool is_run_folder(int folder) { return exists_here(folder, "meta.yaml") && exists_here(folder, "metrics"); }

// The mlruns folder also holds the trash (deleted experiments) and the model registry.
bool is_passed_over(std::string_view name) { return name == ".trash" || name == "models"; }

struct Discovery {
  std::vector<FoundRun> runs;
  std::vector<std::string> notes;
  std::size_t folders_examined = 0;
};

// Looks for runs among the sub-folders of `folder`; the ones that are not runs are returned for
// the next level down.
std::variant<std::vector<std::string>, MlflowError> find_runs_below(int folder, std::string_view path, Discovery& found,
                                                                    const MlflowLimits& limits) {
  auto listed = list_folder(folder, path, limits.max_entries);
  if (auto* error = std::get_if<MlflowError>(&listed)) return std::move(*error);
  std::vector<std::string> others;
  for (const Entry& entry : std::get<std::vector<Entry>>(listed)) {
    if (is_passed_over(entry.name)) continue;
    const std::string entry_path = join(path, entry.name);
    if (entry.kind == EntryKind::symlink) {
      found.notes.push_back(fmt::format("{} is a symlink, which is not followed", printable(entry_path)));
      continue;
    }
    if (entry.kind != EntryKind::folder) continue;
    if (++found.folders_examined > limits.max_runs * kFoldersPerRun) {
      return error_at(
          path, fmt::format("more than {} folders to look through for MLflow runs", limits.max_runs * kFoldersPerRun));
    }
    FileDescriptor child(::openat(folder, entry.name.c_str(), kFolderFlags));
    if (!child) {
      if (errno == ELOOP || errno == ENOTDIR) continue;  // swapped since it was listed
      return open_error(entry_path, errno);
    }
    if (!is_run_folder(child.get())) {
      others.push_back(entry.name);
      continue;
    }
    if (found.runs.size() == limits.max_runs) {
      return error_at(path, fmt::format("more than {} MLflow runs", limits.max_runs));
    }
    auto meta = read_run_meta(child.get(), entry_path, limits);
    if (auto* error = std::get_if<MlflowError>(&meta)) return std::move(*error);
    if (std::get<RunMeta>(meta).deleted) {
      found.notes.push_back(fmt::format("{} is a deleted run, passed over", printable(entry_path)));
      continue;
    }
    found.runs.push_back(FoundRun{entry_path, std::move(std::get<RunMeta>(meta))});
  }
  return others;
}

bool parse_int64(std::string_view text, std::int64_t& value) {
  if (text.starts_with('+')) text.remove_prefix(1);
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size() && !text.empty();
}

// Python's float(): "nan", "NaN", "inf", "-inf", "Infinity", "1e-05", a leading '+'.
bool parse_value(std::string_view text, double& value) {
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  // Out of range: from_chars leaves the value; Python gives ±inf or 0, and so do we.
  if (error == std::errc::result_out_of_range && end == text.data() + text.size()) {
    value = std::strtod(std::string(text).c_str(), nullptr);
    return true;
  }
  return error == std::errc{} && end == text.data() + text.size();
}

struct ReadState {
  ScalarSink& sink;
  const MlflowLimits& limits;
  std::size_t entries = 0;
  std::uint64_t total_size = 0;
  std::size_t keys = 0;
  std::size_t values = 0;
};

// Feeds the lines of one metric file, "timestamp value step" each ("timestamp value" before
// MLflow 1.0: the step is then the line number).
std::optional<MlflowError> read_metric_file(int folder, const std::string& name, const std::string& path,
                                            const std::string& key, ReadState& state) {
  auto opened = open_file(folder, name, path, state.limits.max_file_size, "--max-file-size");
  if (auto* error = std::get_if<MlflowError>(&opened)) return std::move(*error);
  OpenedFile& file = std::get<OpenedFile>(opened);
  state.total_size += file.size;
  if (state.total_size > state.limits.max_total_size) {
    return error_at(path, fmt::format("the metric files of the run are over the limit of {} bytes together",
                                      state.limits.max_total_size));
  }
  ++state.keys;
  const std::uint64_t max_read = file.size;  // a file growing as it is read is read no further
  FileLineReader reader(file.fd.release(), kMaxMetricLine, static_cast<std::size_t>(file.size));
  std::uint64_t bytes = 0;
  std::string_view line;
  while (reader.next(line)) {
    bytes += line.size() + 1;
    if (bytes > max_read + 1) break;
    const std::string_view content = trim(line, kBlanks);
    if (content.empty()) continue;
    std::array<std::string_view, 3> fields;
    std::size_t count = 0;
    bool too_many = false;
    for (std::size_t at = 0; at < content.size();) {
      const std::size_t start = content.find_first_not_of(" \t", at);
      if (start == std::string_view::npos) break;
      const std::size_t end = std::min(content.find_first_of(" \t", start), content.size());
      if (count == fields.size()) {
        too_many = true;
        break;
      }
      fields[count++] = content.substr(start, end - start);
      at = end;
    }
    std::int64_t timestamp = 0;
    std::int64_t step = 0;
    double value = 0;
    const bool good = !too_many && count >= 2 && parse_int64(fields[0], timestamp) && parse_value(fields[1], value) &&
                      (count == 2 || parse_int64(fields[2], step));
    const std::size_t line_number = reader.line_number();
    if (!good) {
      return error_at(path,
                      fmt::format("{}:{}: not an MLflow metric line (timestamp value step): \"{}\"", printable(path),
                                  line_number, printable_excerpt(line, kShownLine)),
                      line_number);
    }
    const double at_step = count == 2 ? static_cast<double>(line_number) : static_cast<double>(step);
    state.sink.scalar(key, at_step, value, ScalarPlace{0, line_number});
    ++state.values;
  }
  if (!reader.error().empty()) {
    return error_at(path, fmt::format("{}: {}", printable(path), reader.error()), reader.line_number() + 1);
  }
  return std::nullopt;
}

// Walks the metrics folder: every file is one key, folders nest ("train/loss").
std::optional<MlflowError> read_metrics_folder(int folder, const std::string& path, const std::string& key_prefix,
                                               std::size_t depth, ReadState& state) {
  if (depth > kMaxMetricDepth) {
    return error_at(path, fmt::format("{} nests more than {} folders deep", printable(path), kMaxMetricDepth));
  }
  auto listed = list_folder(folder, path, state.limits.max_entries);
  if (auto* error = std::get_if<MlflowError>(&listed)) return std::move(*error);
  for (const Entry& entry : std::get<std::vector<Entry>>(listed)) {
    const std::string entry_path = join(path, entry.name);
    if (++state.entries > state.limits.max_entries) {
      return error_at(path,
                      fmt::format("the run holds more than {} metric files and folders", state.limits.max_entries));
    }
    const std::string key = join(key_prefix, entry.name);
    if (entry.kind == EntryKind::symlink) return open_error(entry_path, ELOOP);
    if (entry.kind == EntryKind::folder) {
      auto child = open_folder(folder, entry.name, entry_path);
      if (auto* error = std::get_if<MlflowError>(&child)) return std::move(*error);
      if (auto error = read_metrics_folder(std::get<FileDescriptor>(child).get(), entry_path, key, depth + 1, state)) {
        return error;
      }
      continue;
    }
    // A FIFO or device is refused by open_file; a file swapped for a link, by O_NOFOLLOW.
    if (auto error = read_metric_file(folder, entry.name, entry_path, key, state)) return error;
  }
  return std::nullopt;
}

std::string run_list(const std::vector<MlflowRunInfo>& runs, std::size_t total) {
  std::string text;
  for (const MlflowRunInfo& run : runs) {
    if (!text.empty()) text += ", ";
    text += printable(run.id);
    if (!run.name.empty()) text += fmt::format(" \"{}\"", printable(run.name));
  }
  if (total > runs.size()) text += fmt::format(", and {} more", total - runs.size());
  return text;
}

MlflowError choice_error(std::string message, const std::vector<const MlflowRunInfo*>& runs) {
  constexpr std::size_t kShownRuns = 10;
  MlflowError error;
  error.run_count = runs.size();
  for (std::size_t i = 0; i < runs.size() && i < kShownRuns; ++i) error.runs.push_back(*runs[i]);
  error.message = fmt::format("{} (newest first): {}", message, run_list(error.runs, runs.size()));
  return error;
}

}  // namespace

namespace detail {

std::variant<std::size_t, MlflowError> choose_run(const std::vector<MlflowRunInfo>& runs,
                                                  std::string_view requested_run) {
  std::vector<const MlflowRunInfo*> newest_first;
  for (const MlflowRunInfo& run : runs) newest_first.push_back(&run);
  std::sort(newest_first.begin(), newest_first.end(), [](const MlflowRunInfo* a, const MlflowRunInfo* b) {
    return a->start_time != b->start_time ? a->start_time > b->start_time : a->id < b->id;
  });
  const auto index_of = [&](const MlflowRunInfo* run) { return static_cast<std::size_t>(run - runs.data()); };
  if (runs.empty()) return error_at("", "no MLflow run found");
  if (requested_run.empty()) {
    if (runs.size() == 1) return std::size_t{0};
    return choice_error(fmt::format("{} MLflow runs found; name the one to read", runs.size()), newest_first);
  }
  for (const MlflowRunInfo* run : newest_first) {
    if (run->id == requested_run) return index_of(run);
  }
  std::vector<const MlflowRunInfo*> named;
  for (const MlflowRunInfo* run : newest_first) {
    if (run->name == requested_run) named.push_back(run);
  }
  if (named.size() == 1) return index_of(named.front());
  if (named.size() > 1) {
    return choice_error(
        fmt::format("{} MLflow runs are named \"{}\"; name one by its id", named.size(), printable(requested_run)),
        named);
  }
  return choice_error(fmt::format("no MLflow run has the id or name \"{}\"; the runs found", printable(requested_run)),
                      newest_first);
}

}  // namespace detail

MlflowResult read_mlflow_folder(int folder, std::string_view requested_run, ScalarSink& sink,
                                const MlflowLimits& limits) {
  Discovery found;
  // The folder given is a run, an experiment (runs one level down) or mlruns (two levels down).
  if (is_run_folder(folder)) {
    auto meta = read_run_meta(folder, "", limits);
    if (auto* error = std::get_if<MlflowError>(&meta)) return std::move(*error);
    found.runs.push_back(FoundRun{"", std::move(std::get<RunMeta>(meta))});
  } else {
    auto below = find_runs_below(folder, "", found, limits);
    if (auto* error = std::get_if<MlflowError>(&below)) return std::move(*error);
    if (found.runs.empty()) {
      for (const std::string& experiment : std::get<std::vector<std::string>>(below)) {
        auto child = open_folder(folder, experiment, experiment);
        if (auto* error = std::get_if<MlflowError>(&child)) return std::move(*error);
        auto deeper = find_runs_below(std::get<FileDescriptor>(child).get(), experiment, found, limits);
        if (auto* error = std::get_if<MlflowError>(&deeper)) return std::move(*error);
      }
    }
  }
  std::vector<MlflowRunInfo> infos;
  infos.reserve(found.runs.size());
  for (const FoundRun& run : found.runs) infos.push_back(run.meta.info);
  auto chosen = detail::choose_run(infos, requested_run);
  if (auto* error = std::get_if<MlflowError>(&chosen)) {
    if (found.runs.empty()) {
      error->message = "no MLflow run found: a run folder holds meta.yaml and metrics/";
      if (!found.notes.empty()) error->message += fmt::format(" ({})", found.notes.front());
    }
    return std::move(*error);
  }
  const FoundRun& run = found.runs[std::get<std::size_t>(chosen)];

  auto run_folder = open_below(folder, run.path, BelowLast::folder);
  if (const auto* refusal = std::get_if<BelowRefusal>(&run_folder)) return open_error(refusal->path, refusal->error);
  const std::string metrics_path = join(run.path, "metrics");
  auto metrics = open_folder(std::get<FileDescriptor>(run_folder).get(), "metrics", metrics_path);
  if (auto* error = std::get_if<MlflowError>(&metrics)) return std::move(*error);
  ReadState state{sink, limits};
  if (auto error = read_metrics_folder(std::get<FileDescriptor>(metrics).get(), metrics_path, "", 0, state)) {
    return std::move(*error);
  }

  MlflowRead read;
  read.run = run.meta.info;
  read.metrics_path = metrics_path;
  read.metric_keys = state.keys;
  read.values = state.values;
  read.notes = std::move(found.notes);
  return read;
}

bool looks_like_sqlite(std::string_view first_bytes) {
  return first_bytes.starts_with(std::string_view("SQLite format 3\0", 16));
}

}  // namespace dlcheck
