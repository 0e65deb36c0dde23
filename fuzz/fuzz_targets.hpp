#pragma once
// The bodies of the fuzz targets, shared by the libFuzzer binaries in fuzz/ and by the
// regression test in tests/, so that a kept crash input replays through exactly the code the
// fuzzer ran. Each body throws std::logic_error when a documented contract does not hold;
// under libFuzzer an escaping exception is a crash like any other.

#include <string_view>

namespace dlcheck::fuzz {

/// check_text in the roadmap profile (the whole checklist) inside a small project folder that
/// holds every kind of file a record names, then the text report and one other format.
void check_evidence(std::string_view data);

/// Every training-log format detector and reader, then the judgement and the sparklines; then a
/// record naming the log is checked and reported.
void read_training_log(std::string_view data);

/// The predictions reader (CSV, TSV, JSON Lines) with several option sets, and the id-list reader;
/// then a record naming the file as its predictions and its train split is checked and reported.
void read_predictions(std::string_view data);

/// The TensorBoard event-file reader on the input as it is, and on the input framed into records
/// whose checksums hold (so that the Event decoder is reached), whole and cut short.
void read_event_file(std::string_view data);

/// The .dlcheck.json parser, then a check and a report with the options it gives.
void load_config(std::string_view data);

/// The MLflow file store on a run folder whose metrics/train/loss is the input (meta.yaml too,
/// before a NUL byte), with the default and small limits; then the log-folder reader on it.
void read_mlflow_files(std::string_view data);

/// The MLflow SQLite reader (SQLite through its private read-only VFS) on the input as the bytes
/// of the database file, for several runs; then the log-file reader on it.
void read_mlflow_sqlite(std::string_view data);

/// The log-folder search (TensorBoard runs and split folders, Lightning versions, an MLflow file
/// store) on a small tree of files, folders and symlinks the input describes; nothing outside the
/// folder may be opened.
void read_log_folder(std::string_view data);

using Target = void (*)(std::string_view data);

/// The target of that name ("evidence", "training_log", "tensorboard", "predictions", "config",
/// "mlflow_files", "mlflow_sqlite", "log_folder"), or nullptr.
Target find_target(std::string_view name);

}  // namespace dlcheck::fuzz
