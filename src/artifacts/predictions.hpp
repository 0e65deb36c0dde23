#pragma once
// Reading a predictions file in one streaming pass and recomputing the metric from it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "artifacts/id_set.hpp"
#include "io/line_reader.hpp"
#include "metrics/catalog.hpp"

namespace dlcheck {

struct PredictionOptions {
  std::string id_column;               ///< empty: auto-detect (id, input, example_id, image, file, path, text, …)
  std::string label_column;            ///< empty: auto-detect (label, target, y_true, true_label, ground_truth, …)
  std::string prediction_column;       ///< empty: auto-detect (prediction, pred, y_pred, predicted, output, …)
  std::optional<TargetKind> kind;      ///< from the metric; absent: numbers with a fraction are numeric
  std::vector<std::string> watch_ids;  ///< sample inputs to look up (success samples, failure cases)
  /// Ids that must not appear (the train split, for leakage); nullptr for none.
  const IdSet* forbidden_ids = nullptr;
  std::string positive_label;  ///< for binary precision/recall/f1; empty: see docs
  bool read_scores = false;    ///< read prob_<label>, p_<label> or score_<label> columns (top-k, log loss)
  bool keep_scores = false;    ///< and keep every score, up to kMaxStoredScores (ROC AUC)
  std::size_t top_confusions = 10;
  std::size_t max_depth = 256;      ///< JSON Lines nesting (--max-depth)
  std::size_t max_labels = 100000;  ///< distinct labels and predictions (--max-labels)
  /// Threads for a large CSV/TSV file read through a FileLineReader: 0 one per core, 1 none.
  std::size_t threads = 0;
  /// From this size on, such a file is split into chunks checked on several threads.
  std::size_t parallel_min_bytes = std::size_t{8} << 20;
};

struct WatchedRow {
  std::string id;
  bool found = false;
  std::size_t line = 0;
  std::string label, prediction;
  bool correct = false;
  std::optional<double> absolute_error;  ///< numeric targets: |prediction − label|
};

struct ConfusedPair {
  std::string label, prediction;
  std::uint64_t count = 0;
};

struct ClassAccuracy {
  std::string label;
  std::uint64_t total = 0, correct = 0;
};

struct ForbiddenHit {
  std::string id;
  std::size_t line = 0;
};

struct PredictionSummary {
  std::string format;                                      ///< "CSV", "TSV" or "JSON Lines"
  std::string id_column, label_column, prediction_column;  ///< as found; id may be empty
  TargetKind kind = TargetKind::class_labels;
  std::uint64_t rows = 0;
  std::uint64_t wrong = 0;  ///< class labels: rows whose prediction differs from the label
  // Class labels:
  ClassificationCounts class_counts;  ///< what every classification metric is recomputed from
  double accuracy = 0, error_rate = 0;
  std::optional<double> precision, recall, f1;  ///< binary tasks only (see docs)
  std::vector<ClassAccuracy> per_class;         ///< sorted by label
  std::vector<ConfusedPair> top_confusions;     ///< most frequent first, ties by label then prediction
  ScoreCounts scores;                           ///< when options.read_scores found score columns
  // Numeric targets:
  RegressionSums error_sums;  ///< what every regression metric is recomputed from
  double mae = 0, mse = 0, rmse = 0;
  /// Numeric targets with watched ids: where the median absolute error lies (see ErrorHistogram).
  std::optional<ErrorHistogram::Range> median_absolute_error;
  // Text (a text metric was claimed): the label is the reference, the prediction the hypothesis.
  TextCounts text;                  ///< what wer, cer and exact_match are recomputed from
  std::vector<WatchedRow> watched;  ///< one per watch id, in the order given
  std::uint64_t forbidden_total = 0;
  std::vector<ForbiddenHit> forbidden_examples;  ///< the first 5
  std::size_t chunks = 1;                        ///< the parts the rows were counted in, on several threads when over 1
};

struct PredictionError {
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;  ///< 1-based field number or character column; 0 when none
};

using PredictionResult = std::variant<PredictionSummary, PredictionError>;

/// Reads a predictions file in one pass. A large CSV/TSV file read through a FileLineReader that
/// has read nothing yet is split at line boundaries and checked on `options.threads` threads;
/// the result is the same, byte for byte, as with one thread.
PredictionResult read_predictions(LineReader& reader, const PredictionOptions& options);
PredictionResult parse_predictions(std::string_view text, const PredictionOptions& options);

struct IdListError {
  std::string message;
  std::size_t line = 0;
  std::size_t column = 0;  ///< 1-based; 0 when none applies
};
std::variant<IdList, IdListError> read_id_list(LineReader& reader);
std::variant<IdList, IdListError> parse_id_list(std::string_view text);

}  // namespace dlcheck
