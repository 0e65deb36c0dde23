#include "engine/load_artifacts.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

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
    check_exists_if_path(fields::kModelSummary.pointer);
    check_exists_if_path(fields::kMetricTable.pointer);
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

  FileLineReader line_reader(const OpenedFile& file) const {
    return FileLineReader(file.fd, options_.limits.max_line_length, file.size);
  }

  void load_training_log() {
    const std::string* declared = find_text(evidence_, fields::kTrainingLog.pointer);
    if (declared == nullptr) return;
    out_.training_log_file = name_file(fields::kTrainingLog.pointer, *declared);
    if (auto file = open(*out_.training_log_file)) {
      FileLineReader reader = line_reader(*file);
      out_.training_log = read_training_log(reader, options_.json_limits);
    }
  }

  // model_summary and metric_table may be a description or a table, or the path of a file.
  void check_exists_if_path(std::string_view pointer) {
    const nlohmann::json* value = evidence_.find(pointer);
    if (value == nullptr || !value->is_string()) return;
    const std::string& text = value->get_ref<const std::string&>();
    const bool looks_like_path = !text.empty() && text.find_first_of(" \t\r\n") == std::string::npos &&
                                 text.find_first_of("./") != std::string::npos;
    if (!looks_like_path) return;
    if (auto file = open(name_file(pointer, text))) ::close(file->fd);
  }

  void load_splits() {
    const nlohmann::json* ids = evidence_.find(fields::kDatasetIds.pointer);
    if (ids == nullptr || !ids->is_object()) return;
    // nlohmann sorts keys; the record's own order decides which split an id "first" belongs to.
    std::vector<std::string> order;
    for (const auto& [split, path] : ids->items()) order.push_back(split);
    std::sort(order.begin(), order.end(), [&](const std::string& a, const std::string& b) {
      return evidence_.position(child_pointer(fields::kDatasetIds.pointer, a)).offset <
             evidence_.position(child_pointer(fields::kDatasetIds.pointer, b)).offset;
    });
    for (const std::string& split : order) {
      const nlohmann::json& path = (*ids)[split];
      if (!path.is_string()) continue;
      SplitIds entry{split, name_file(child_pointer(fields::kDatasetIds.pointer, split), path.get<std::string>()),
                     std::nullopt};
      if (auto file = open(entry.file)) {
        FileLineReader reader = line_reader(*file);
        auto list = read_id_list(reader);
        if (auto* error = std::get_if<IdListError>(&list)) {
          out_.problems.push_back(
              {entry.file, fmt::format("line {}: {}", error->line, error->message), error->line, error->column});
        } else {
          entry.ids = std::move(std::get<IdList>(list));
        }
      }
      out_.splits.push_back(std::move(entry));
    }
    find_leaks();
  }

  void find_leaks() {
    struct Seen {
      std::size_t split;
      std::size_t line;
    };
    std::unordered_map<std::string_view, Seen> first_seen;
    for (std::size_t s = 0; s < out_.splits.size(); ++s) {
      if (!out_.splits[s].ids) continue;
      for (const auto& [id, line] : out_.splits[s].ids->ids) {
        const auto [it, inserted] = first_seen.try_emplace(id, Seen{s, line});
        if (inserted || it->second.split == s) continue;  // repeats within one split are not leakage
        ++out_.leaked_total;
        if (out_.leaked_examples.size() < 5) {
          const SplitIds& first = out_.splits[it->second.split];
          out_.leaked_examples.push_back({id, first.split, out_.splits[s].split, first.file.display_path,
                                          out_.splits[s].file.display_path, it->second.line, line});
        }
      }
    }
  }

  const SplitIds* train_split() const {
    for (const auto& split : out_.splits) {
      const std::string name = normalise_metric_name(split.split);
      if (split.ids && (name == "train" || name == "training" || name.starts_with("train_"))) return &split;
    }
    return nullptr;
  }

  void load_predictions() {
    const nlohmann::json* value = evidence_.find(fields::kPredictions.pointer);
    if (value == nullptr) return;
    PredictionOptions options;
    std::string declared;
    if (value->is_string()) {
      declared = value->get<std::string>();
    } else if (value->is_object()) {
      const auto text = [&](const char* key) {
        const auto it = value->find(key);
        return it != value->end() && it->is_string() ? it->get<std::string>() : std::string();
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
    options.max_depth = options_.json_limits.max_depth;
    for (const std::string_view list : {fields::kSuccessSamples.pointer, fields::kFailureCases.pointer}) {
      const nlohmann::json* samples = evidence_.find(list);
      if (samples == nullptr || !samples->is_array()) continue;
      for (const auto& sample : *samples) {
        if (!sample.is_object() || !sample.contains("input")) continue;
        const auto& input = sample["input"];
        if (input.is_string()) options.watch_ids.push_back(input.get<std::string>());
        if (input.is_number()) options.watch_ids.push_back(input.dump());
      }
    }
    std::unordered_set<std::string> train_ids;
    if (const SplitIds* train = train_split()) {
      for (const auto& [id, line] : train->ids->ids) train_ids.insert(id);
      options.forbidden_ids = &train_ids;
    }
    if (auto file = open(*out_.predictions_file)) {
      FileLineReader reader = line_reader(*file);
      out_.predictions = read_predictions(reader, options);
    }
  }

  // Sized from fstat, with one byte more to see the end; a file still growing is read on up
  // to the limit.
  std::string read_small_file(const OpenedFile& file) const {
    const std::size_t limit = options_.limits.max_readme_size;
    std::string text(std::min<std::uint64_t>(file.size, limit) + 1, '\0');
    std::size_t filled = 0;
    while (filled <= limit) {
      if (filled == text.size()) text.resize(std::min(text.size() * 2, limit + 1));
      const std::size_t wanted = text.size() - filled;
      const ssize_t got = ::read(file.fd, text.data() + filled, wanted);
      if (got <= 0) break;
      filled += static_cast<std::size_t>(got);
      if (static_cast<std::size_t>(got) < wanted) break;  // a short read of a regular file is its end
    }
    ::close(file.fd);
    text.resize(filled);
    return text;
  }

  void load_readme() {
    out_.readme.checked = true;
    std::optional<NamedFile> file;
    if (const std::string* declared = find_text(evidence_, fields::kReadme.pointer)) {
      file = name_file(fields::kReadme.pointer, *declared);
    } else {
      file = find_default_readme();
    }
    if (!file) return;
    auto opened = open(*file);
    if (!opened) return;
    out_.readme.file = file;
    const std::string text = read_small_file(*opened);
    if (const std::string* command = find_text(evidence_, fields::kRunCommand.pointer)) {
      out_.readme.has_run_command = contains_ignoring_spaces(text, *command);
    }
  }

  // README.md next to the evidence file, else at the project root.
  std::optional<NamedFile> find_default_readme() {
    static constexpr std::array kNames = {"README.md", "README.rst", "README.txt", "README", "readme.md", "Readme.md"};
    for (const fs::path* dir : {&paths_.evidence_dir, &paths_.root}) {
      for (const char* name : kNames) {
        std::error_code error;
        if (fs::is_regular_file(*dir / name, error)) {
          return name_file(fields::kReadme.pointer,
                           dir == &paths_.evidence_dir
                               ? std::string(name)
                               : (*dir / name).lexically_relative(paths_.evidence_dir).string());
        }
      }
    }
    return std::nullopt;
  }

  const Evidence& evidence_;
  const ProjectPaths& paths_;
  const ArtifactOptions& options_;
  ProjectArtifacts out_;
};

}  // namespace

ProjectArtifacts load_artifacts(const Evidence& evidence, const ProjectPaths& paths, const ArtifactOptions& options) {
  return ArtifactLoader(evidence, paths, options).load();
}

}  // namespace dlcheck
