#include "engine/load_artifacts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "artifacts/id_set.hpp"
#include "artifacts/log_sources.hpp"
#include "io/parallel.hpp"
#include "io/read_file.hpp"
#include "metrics/catalog.hpp"
#include "record/evidence.hpp"
#include "record/fields.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

class ArtifactLoader {
 public:
  ArtifactLoader(const Evidence& evidence, const ProjectPaths& paths, const ArtifactOptions& options)
      : evidence_(evidence), paths_(paths), options_(options) {}

  ProjectArtifacts load() {
    load_training_log();
    load_model_summary();
    load_metric_table();
    load_splits();
    load_predictions();
    if (options_.check_readme) load_readme();
    return std::move(out_);
  }

 private:
  NamedFile name_file(std::string_view pointer, std::string declared) {
    NamedFile file{std::string(pointer), std::move(declared), ""};
    file.display_path = display_path(paths_, file.declared);
    return file;
  }

  // An open file, or nullopt after recording why the file cannot be read.
  std::optional<OpenedFile> open(const NamedFile& file) {
    auto opened = open_project_file(paths_, file.declared);
    if (auto* refusal = std::get_if<FileRefusal>(&opened)) {
      out_.problems.push_back({file, refusal->message});
      return std::nullopt;
    }
    return std::get<OpenedFile>(std::move(opened));
  }

  FileLineReader line_reader(OpenedFile& file) const {
    return FileLineReader(file.fd.release(), options_.limits.max_line_length, file.size);
  }

  // A file or a folder; the object form {"path": …, "run": …} names a run in a store of several.
  void load_training_log() {
    const bool object = evidence_.find(fields::kTrainingLog.pointer).is_object();
    const std::optional<std::string_view> declared =
        find_text(evidence_, object ? fields::kTrainingLogPath.pointer : fields::kTrainingLog.pointer);
    if (!declared) return;
    const std::string_view run =
        object ? find_text(evidence_, fields::kTrainingLogRun.pointer).value_or(std::string_view()) : "";
    out_.training_log_file =
        name_file(object ? fields::kTrainingLogPath.pointer : fields::kTrainingLog.pointer, std::string(*declared));
    auto opened = open_project_file(paths_, out_.training_log_file->declared, Accept::files_and_folders);
    if (auto* refusal = std::get_if<FileRefusal>(&opened)) {
      out_.problems.push_back({*out_.training_log_file, refusal->message});
      return;
    }
    OpenedFile& file = std::get<OpenedFile>(opened);
    const LogSourceLimits limits{.json = options_.json_limits, .max_line_length = options_.limits.max_line_length};
    fs::path named = fs::path(out_.training_log_file->declared).lexically_normal();
    if (!named.has_filename()) named = named.parent_path();  // "logs/validation/"
    const std::string folder_name = named.filename().string();
    out_.training_log = file.is_folder ? read_training_log_folder(file.fd.get(), run, limits, folder_name)
                                       : read_training_log_file(file.fd.release(), file.size, run, limits);
  }

  // model_summary and metric_table may be a description or a table, or the path of a file.
  static bool looks_like_path(std::string_view text) {
    return !text.empty() && text.find_first_of(" \t\r\n") == std::string_view::npos &&
           text.find_first_of("./") != std::string_view::npos;
  }

  void load_model_summary() {
    const std::optional<std::string_view> declared = find_text(evidence_, fields::kModelSummary.pointer);
    if (!declared || !looks_like_path(*declared)) return;
    out_.model_summary_file = name_file(fields::kModelSummary.pointer, std::string(*declared));
    if (auto file = open(*out_.model_summary_file)) {
      FileLineReader reader = line_reader(*file);
      out_.model_summary = read_model_summary(reader);
    }
  }

  // A path, or {"path", "heading", …}; a Markdown file is known by its extension or a heading asked for.
  void load_metric_table() {
    const bool object = evidence_.find(fields::kMetricTable.pointer).is_object();
    const std::string_view pointer = object ? fields::kMetricTablePath.pointer : fields::kMetricTable.pointer;
    const std::optional<std::string_view> declared = find_text(evidence_, pointer);
    if (!declared || (!object && !looks_like_path(*declared))) return;
    MetricTableRequest request;
    request.metric = evidence_.metric().name;
    request.heading = std::string(find_text(evidence_, fields::kMetricTableHeading.pointer).value_or(""));
    const std::string extension = ascii_lower(fs::path(*declared).extension().string());
    request.markdown = !request.heading.empty() || extension == ".md" || extension == ".markdown";
    out_.metric_table_file = name_file(pointer, std::string(*declared));
    if (request.metric.empty()) return;  // nothing to look for: the rule says so
    if (auto file = open(*out_.metric_table_file)) {
      FileLineReader reader = line_reader(*file);
      out_.metric_table = read_metric_table(reader, request);
    }
  }

  void load_splits() {
    JsonValue ids = evidence_.find(fields::kDatasetIds.pointer);
    if (ids == nullptr || !ids->is_object()) return;
    // The record's own order decides which split an id "first" belongs to. The files are opened
    // in that order (a refusal is a problem, in order), read at once on the threads the file
    // has, and their problems added in order again.
    std::vector<std::optional<OpenedFile>> opened;
    for (const auto& [split, path] : ids->members()) {
      if (!path.is_string()) continue;
      SplitIds entry{std::string(split),
                     name_file(child_pointer(fields::kDatasetIds.pointer, split), std::string(path.string())),
                     std::nullopt};
      opened.push_back(open(entry.file));
      if (opened.back()) split_bytes_ += opened.back()->size;
      out_.splits.push_back(std::move(entry));
    }
    std::vector<std::optional<std::variant<IdList, IdListError>>> lists(opened.size());
    parallel_for(opened.size(), split_threads(), [&](std::size_t s) {
      if (!opened[s]) return;
      FileLineReader reader = line_reader(*opened[s]);
      lists[s] = read_id_list(reader);
    });
    for (std::size_t s = 0; s < lists.size(); ++s) {
      if (!lists[s]) continue;
      if (auto* error = std::get_if<IdListError>(&*lists[s])) {
        const NamedFile& file = out_.splits[s].file;
        out_.problems.push_back(
            {file, fmt::format("line {}: {}", error->line, error->message), error->line, error->column});
      } else {
        out_.splits[s].ids = std::move(std::get<IdList>(*lists[s]));
      }
    }
    find_leaks();
  }

  // The threads for a record's split lists: those the file was given (one in a class, but for
  // its last files), and none more for lists of under 1 MB, which a thread would not pay for.
  std::size_t split_threads() const {
    constexpr std::uint64_t kMinBytes = std::uint64_t{1} << 20;
    if (options_.threads == 1 || split_bytes_ < kMinBytes) return 1;
    return thread_count(options_.threads, static_cast<std::size_t>(-1));
  }

  // An id counts once for each place it appears in a split after the first split that has it,
  // and that first split and its first line are named. Each split is looked up in the sets of
  // the splits before it, in the record's order; the last one needs no set of its own. The sets
  // are built, and the splits looked up, on the file's threads; the counts are added in order.
  void find_leaks() {
    const std::size_t count = out_.splits.size();
    split_sets_.resize(count);
    std::size_t last = count;
    for (std::size_t s = 0; s < count; ++s) {
      if (out_.splits[s].ids) last = s;
    }
    parallel_for(count, split_threads(), [&](std::size_t s) {
      if (out_.splits[s].ids && s != last) split_sets_[s].emplace(*out_.splits[s].ids);
    });
    struct Leaks {
      std::size_t total = 0;
      std::vector<LeakedId> examples;  // the first 5 of the split
    };
    std::vector<Leaks> leaks(count);
    parallel_for(count, split_threads(), [&](std::size_t s) {
      if (!out_.splits[s].ids) return;
      const IdList& ids = *out_.splits[s].ids;
      for (std::size_t i = 0; i < ids.size(); ++i)
        find_leak(s, ids.id(i), ids.line(i), leaks[s].total, leaks[s].examples);
    });
    for (const Leaks& split : leaks) {
      out_.leaked_total += split.total;
      for (const LeakedId& example : split.examples) {
        if (out_.leaked_examples.size() < 5) out_.leaked_examples.push_back(example);
      }
    }
  }

  void find_leak(std::size_t split, std::string_view id, std::size_t line, std::size_t& total,
                 std::vector<LeakedId>& examples) const {
    for (std::size_t earlier = 0; earlier < split; ++earlier) {
      if (!split_sets_[earlier]) continue;
      const std::size_t found = split_sets_[earlier]->find(id);
      if (found == IdSet::npos) continue;
      ++total;
      if (examples.size() < 5) {
        const SplitIds& first = out_.splits[earlier];
        const SplitIds& second = out_.splits[split];
        examples.push_back({std::string(id), first.split, second.split, first.file.display_path,
                            second.file.display_path, first.ids->line(found), line});
      }
      return;
    }
  }

  // The set of the train split's ids, if the record lists them.
  const IdSet* train_set() {
    for (std::size_t s = 0; s < out_.splits.size(); ++s) {
      const SplitIds& split = out_.splits[s];
      const std::string name = normalise_metric_name(split.split);
      if (!split.ids || !(name == "train" || name == "training" || name.starts_with("train_"))) continue;
      if (!split_sets_[s]) split_sets_[s].emplace(*split.ids);  // the last split has none yet
      return &*split_sets_[s];
    }
    return nullptr;
  }

  void load_predictions() {
    JsonValue value = evidence_.find(fields::kPredictions.pointer);
    if (value == nullptr) return;
    PredictionOptions options;
    std::string declared;
    if (value->is_string()) {
      declared = std::string(value->string());
    } else if (value->is_object()) {
      const auto text = [&](const char* key) {
        const JsonValue member = value->find(key);
        return std::string(member.string());
      };
      declared = text("path");
      options.id_column = text("id");
      options.label_column = text("label");
      options.prediction_column = text("prediction");
    }
    if (declared.empty()) return;  // the predictions rule reports the malformed field
    out_.predictions_file =
        name_file(value->is_string() ? fields::kPredictions.pointer : fields::kPredictionsPath.pointer, declared);
    options.kind = target_kind_for(evidence_.metric().name);
    options.read_scores = evidence_.metric().known != nullptr && needs_scores(*evidence_.metric().known);
    options.keep_scores = evidence_.metric().known != nullptr && keeps_scores(*evidence_.metric().known);
    if (JsonValue positive = evidence_.find(fields::kMetricPositiveLabel.pointer); positive != nullptr) {
      options.positive_label = positive->is_string()   ? std::string(positive->string())
                               : positive->is_number() ? std::string(positive->literal())
                                                       : positive->dump();
    }
    options.max_depth = options_.json_limits.max_depth;
    options.max_labels = options_.limits.max_labels;
    options.threads = options_.threads;
    for (const std::string_view list : {fields::kSuccessSamples.pointer, fields::kFailureCases.pointer}) {
      JsonValue samples = evidence_.find(list);
      if (samples == nullptr || !samples->is_array()) continue;
      for (const JsonValue sample : samples->elements()) {
        const JsonValue input = sample.find("input");
        if (input.is_string()) options.watch_ids.emplace_back(input.string());
        if (input.is_number()) options.watch_ids.push_back(input.dump());
      }
    }
    options.forbidden_ids = train_set();
    if (auto file = open(*out_.predictions_file)) {
      FileLineReader reader = line_reader(*file);
      out_.predictions = read_predictions(reader, options);
    }
  }

  void load_readme() {
    out_.readme.checked = true;
    std::optional<NamedFile> file;
    std::optional<OpenedFile> opened;
    if (const std::optional<std::string_view> declared = find_text(evidence_, fields::kReadme.pointer)) {
      file = name_file(fields::kReadme.pointer, std::string(*declared));
      opened = open(*file);
    } else {
      opened = open_default_readme(file);
    }
    if (!opened) return;
    out_.readme.file = std::move(file);
    // Read up to the limit: a run command is near the top, and a huge README is no error.
    auto read = read_file(*opened, {options_.limits.max_readme_size, "", true});
    const auto* text = std::get_if<FileText>(&read);
    if (const std::optional<std::string_view> command = find_text(evidence_, fields::kRunCommand.pointer)) {
      out_.readme.has_run_command = text != nullptr && contains_ignoring_spaces(text->text, *command);
    }
  }

  // README.md next to the evidence file, else at the project root, named in `file`. Each name
  // is simply opened: one that is missing, a folder, a FIFO or a symlink loop is passed over;
  // any other refusal (a link out of the root, no permission) is the README's problem.
  std::optional<OpenedFile> open_default_readme(std::optional<NamedFile>& file) {
    using Reason = FileRefusal::Reason;
    static constexpr std::array kNames = {"README.md", "README.rst", "README.txt", "README", "readme.md", "Readme.md"};
    for (const fs::path* dir : {&paths_.evidence_dir, &paths_.root}) {
      if (dir == &paths_.root && paths_.root == paths_.evidence_dir) break;  // tried already
      for (const char* name : kNames) {
        file = name_file(fields::kReadme.pointer, dir == &paths_.evidence_dir
                                                      ? std::string(name)
                                                      : (*dir / name).lexically_relative(paths_.evidence_dir).string());
        auto opened = open_project_file(paths_, file->declared);
        auto* refusal = std::get_if<FileRefusal>(&opened);
        if (refusal == nullptr) return std::get<OpenedFile>(std::move(opened));
        const Reason reason = refusal->reason;
        if (reason == Reason::missing || reason == Reason::directory || reason == Reason::not_regular ||
            reason == Reason::link_loop) {
          continue;
        }
        // Outside the root nothing is opened: a regular file there is reported, as it always was.
        std::error_code error;
        if (reason == Reason::leaves_root && !fs::is_regular_file(*dir / name, error)) continue;
        out_.problems.push_back({*file, refusal->message});
        return std::nullopt;
      }
    }
    file.reset();
    return std::nullopt;
  }

  const Evidence& evidence_;
  const ProjectPaths& paths_;
  const ArtifactOptions& options_;
  ProjectArtifacts out_;
  std::vector<std::optional<IdSet>> split_sets_;
  std::uint64_t split_bytes_ = 0;  // of the split lists opened  // by split; they refer to the lists in out_.splits
};

}  // namespace

ProjectArtifacts load_artifacts(const Evidence& evidence, const ProjectPaths& paths, const ArtifactOptions& options) {
  return ArtifactLoader(evidence, paths, options).load();
}

}  // namespace dlcheck
