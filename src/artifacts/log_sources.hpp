#pragma once
// A training log named by the record may be a text file, a binary file (a TensorBoard event file,
// an MLflow SQLite store) or a folder (TensorBoard runs, an MLflow file store). The format is
// told from the content, never from the name.

#include <cstdint>
#include <string_view>

#include "artifacts/training_log.hpp"

namespace dlcheck {

/// "TensorBoard event files", "MLflow file store", "MLflow SQLite store".
namespace log_formats {
inline constexpr std::string_view tensorboard = "TensorBoard event files";
inline constexpr std::string_view mlflow_files = "MLflow file store";
inline constexpr std::string_view mlflow_sqlite = "MLflow SQLite store";
}  // namespace log_formats

struct LogSourceLimits {
  TrainingLogLimits json;
  std::size_t max_line_length = 1 << 20;
  std::size_t max_folder_entries = 10000;  ///< entries looked at in a log folder, subfolders included
  std::size_t max_folder_depth = 8;
};

/// Reads the log open at `fd` (a regular file of `size` bytes), which it closes. `run` picks an
/// MLflow run by id or name when the store holds several.
TrainingLogResult read_training_log_file(int fd, std::uint64_t size, std::string_view run,
                                         const LogSourceLimits& limits = {});

/// Reads the log folder open at `folder` (the caller keeps it): the TensorBoard event files in it
/// and its subfolders (the newest run when there are several, or `run`), else an MLflow file store.
/// `folder_name`, the folder's own name, makes a split folder named alone ("validation") a split.
TrainingLogResult read_training_log_folder(int folder, std::string_view run, const LogSourceLimits& limits = {},
                                           std::string_view folder_name = {});

}  // namespace dlcheck
