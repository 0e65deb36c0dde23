#pragma once
// The project files an evidence record names, read once per record before the rules run.

#include <optional>
#include <string>
#include <vector>

#include "artifacts/metric_table.hpp"
#include "artifacts/model_summary.hpp"
#include "artifacts/predictions.hpp"
#include "artifacts/training_log.hpp"
#include "io/project_files.hpp"

namespace dlcheck {

/// A file named by the record: where it is named, and the path shown for it.
struct NamedFile {
  std::string pointer;  ///< the evidence field naming it, e.g. "/training_log"
  std::string declared;
  std::string display_path;
};

/// A named file that is missing, refused or unreadable.
struct FileProblem {
  NamedFile file;
  std::string message;
  std::size_t line = 0;  ///< where in the file, when the problem is inside it
  std::size_t column = 0;
};

struct SplitIds {
  std::string split;
  NamedFile file;
  std::optional<IdList> ids;
};

/// An id found in two splits, with the first place it appears in each.
struct LeakedId {
  std::string id;
  std::string first_split, second_split;
  std::string first_path, second_path;
  std::size_t first_line = 0, second_line = 0;
};

struct ReadmeStatus {
  bool checked = false;           ///< false outside the roadmap profile
  std::optional<NamedFile> file;  ///< the README found (or the one `readme` names)
  bool has_run_command = false;
};

struct ArtifactLimits {
  std::size_t max_line_length = 1 << 20;
  std::uint64_t max_readme_size = 4 << 20;
  std::size_t max_labels = 100000;  ///< distinct labels and predictions in a predictions file
};

struct ProjectArtifacts {
  std::vector<FileProblem> problems;
  std::optional<NamedFile> training_log_file;
  std::optional<TrainingLogResult> training_log;
  std::optional<NamedFile> predictions_file;
  std::optional<PredictionResult> predictions;
  std::optional<NamedFile> model_summary_file;  ///< when model_summary names a file
  std::optional<ModelSummaryResult> model_summary;
  std::optional<NamedFile> metric_table_file;  ///< when metric_table names a file
  std::optional<MetricTableResult> metric_table;
  std::vector<SplitIds> splits;
  std::uint64_t leaked_total = 0;
  std::vector<LeakedId> leaked_examples;  ///< the first 5
  ReadmeStatus readme;
};

}  // namespace dlcheck
