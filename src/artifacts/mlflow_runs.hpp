#pragma once
// Reading one MLflow run into scalars: from the file store (an `mlruns` folder, an experiment
// folder or a run folder) or from the SQLite store (`mlflow.db`). Both read through descriptors
// the caller opened safely; nothing is ever followed, written or locked.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "artifacts/scalar_sink.hpp"

namespace dlcheck {

/// Bounds on the work a hostile store can cause.
struct MlflowLimits {
  std::uint64_t max_file_size = std::uint64_t{64} << 20;    ///< one metric file (--max-file-size)
  std::uint64_t max_total_size = std::uint64_t{512} << 20;  ///< all the metric files of the run together
  std::uint64_t max_meta_size = std::uint64_t{64} << 10;    ///< meta.yaml and tags/mlflow.runName
  std::size_t max_runs = 10000;                             ///< runs looked at (folders or database rows)
  std::size_t max_entries = 10000;  ///< entries of one folder; metric files and folders of the run
  /// SQLite's heap, in bytes. SQLite has one limit for the whole process: the largest asked for stays.
  std::int64_t max_database_heap = std::int64_t{256} << 20;
  /// SQLite virtual-machine instructions for one read, in thousands: bounds the time a hostile
  /// schema or a huge table can take, independently of the clock.
  std::uint64_t max_database_kilo_steps = 2'000'000;
};

/// One run, as the store records it.
struct MlflowRunInfo {
  std::string id;               ///< run_id (run_uuid); the folder name when meta.yaml has none
  std::string name;             ///< run_name; "" when none is recorded
  std::string experiment_id;    ///< "" when unknown
  std::string status;           ///< "FINISHED", "RUNNING", "FAILED", "KILLED", "SCHEDULED"; "" when unknown
  std::int64_t start_time = 0;  ///< milliseconds since 1970; 0 when unknown
  std::int64_t end_time = 0;    ///< milliseconds since 1970; 0 when unknown or still running
};

/// What was read.
struct MlflowRead {
  MlflowRunInfo run;
  /// File store: the run's metrics folder relative to the folder given ("metrics",
  /// "<run_id>/metrics" or "<experiment_id>/<run_id>/metrics"). SQLite store: "".
  std::string metrics_path;
  std::size_t metric_keys = 0;  ///< distinct keys ("train/loss", …)
  std::size_t values = 0;       ///< scalars handed to the sink
  /// Things passed over: symlinks among the experiments and runs (never followed), deleted runs.
  std::vector<std::string> notes;
};

struct MlflowError {
  /// The whole message, naming the file and line where there is one:
  /// "0/4f…/metrics/train/loss:3: not an MLflow metric line (timestamp value step): \"1 x\"".
  std::string message;
  std::string file;      ///< relative to the folder given; "" when none applies
  std::size_t line = 0;  ///< 1-based; 0 when none applies
  /// When the run to read was not clear: the runs found (at most 10, newest first) and how many there are.
  std::vector<MlflowRunInfo> runs;
  std::size_t run_count = 0;
};

using MlflowResult = std::variant<MlflowRead, MlflowError>;

/// Reads the run in the file store at `folder` (a descriptor of an mlruns, experiment or run
/// folder; O_PATH is enough), feeding each value to `sink` with the metric key as tag, in file
/// order, keys sorted. `requested_run` (a run id or name) picks the run when there are several;
/// "" reads the only one. Every file is opened with openat beneath `folder`, one component at a
/// time, never following a symlink: one among the run's files is an error naming it; one among
/// the experiments and runs listed is passed over with a note. Steps missing from a line (very
/// old MLflow) are the 1-based line number.
MlflowResult read_mlflow_folder(int folder, std::string_view requested_run, ScalarSink& sink,
                                const MlflowLimits& limits = {});

/// Reads the run in the SQLite store whose file is open for reading at `database`, points in
/// step then timestamp order per key. Reads go through `database` only (pread, by a private
/// read-only SQLite VFS): SQLite never reopens the file by name, never writes, never locks and
/// never creates a journal. Deleted runs are passed over; a NaN (stored as 0 with is_nan) is
/// fed as NaN, and ±1.7976931348623157e308 (how MLflow stores infinities) as ±infinity.
MlflowResult read_mlflow_database(int database, std::string_view requested_run, ScalarSink& sink,
                                  const MlflowLimits& limits = {});

namespace detail {
/// The index in `runs` of the run `requested_run` names (an id, else a unique name), or of the only
/// run when none is requested; otherwise the error listing the runs, newest first. Both stores use it.
std::variant<std::size_t, MlflowError> choose_run(const std::vector<MlflowRunInfo>& runs,
                                                  std::string_view requested_run);
}  // namespace detail

/// Whether a file starting with `first_bytes` is an SQLite database ("SQLite format 3\0").
bool looks_like_sqlite(std::string_view first_bytes);

}  // namespace dlcheck
