#pragma once
// Reading the training logs people really export, and judging the loss curves in them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "io/line_reader.hpp"

namespace dlcheck {

enum class LogFormat { keras_csv, lightning_csv, huggingface_trainer_state, plain_csv, json_lines };

/// "Keras CSVLogger", "PyTorch Lightning metrics.csv", "Hugging Face trainer_state.json", "CSV", "JSON Lines".
std::string_view format_as(LogFormat format);

struct CurvePoint {
  double x = 0;  ///< epoch when the log has one, else step, else the row number
  double value = 0;
  std::size_t line = 0;  ///< 1-based line in the log file
};

/// One loss column, kept in bounded memory: count, first, best (minimum) and last exactly, and
/// at most kMaxCurvePoints points for trends and sparklines (evenly merged when longer).
struct LossCurve {
  static constexpr std::size_t kMaxCurvePoints = 2048;
  std::string column;     ///< the column as named in the log, e.g. "val_loss"
  std::string x_name;     ///< "epoch", "step" or "row"
  std::size_t count = 0;  ///< finite values seen
  CurvePoint first, best, last;
  std::vector<CurvePoint> points;
};

struct NonFiniteValue {
  std::string column;
  std::size_t line = 0;
  std::string text;  ///< as written: "nan", "NaN", "inf", "-Infinity", …
};

struct TrainingLog {
  LogFormat format = LogFormat::plain_csv;
  std::optional<LossCurve> train;          ///< loss, train_loss, training_loss, train_loss_epoch, …
  std::optional<LossCurve> validation;     ///< val_loss, eval_loss, validation_loss, valid_loss, …
  std::vector<LossCurve> adversarial;      ///< d_loss, g_loss, … of a GAN: summarised, not judged
  std::vector<NonFiniteValue> non_finite;  ///< at most 10, in file order
  std::size_t non_finite_total = 0;
  std::size_t rows = 0;
};

struct TrainingLogError {
  std::string message;  ///< e.g. "this looks like plain text logging output; dlcheck reads …"
  std::size_t line = 0;
  std::size_t column = 0;  ///< 1-based character column; 0 when none applies
};

using TrainingLogResult = std::variant<TrainingLog, TrainingLogError>;

/// Limits on the JSON in a log; the reader limits the length of its lines.
struct TrainingLogLimits {
  std::size_t max_depth = 256;                         ///< JSON nesting (--max-depth)
  std::uint64_t max_document_size = 16 * 1024 * 1024;  ///< a log read whole, as trainer_state.json is (--max-file-size)
};

/// Reads a log in one pass, detecting the format from the content (never the file name).
TrainingLogResult read_training_log(LineReader& reader, const TrainingLogLimits& limits = {});

/// The same, from text in memory (tests).
TrainingLogResult parse_training_log(std::string_view text, const TrainingLogLimits& limits = {});

/// Defaults are documented in docs/artifacts.md; every one is a command-line option.
struct LogThresholds {
  std::size_t min_points = 3;                     ///< fewer finite train-loss points: too few to judge
  double min_relative_decrease = 0.05;            ///< train loss must fall by this fraction from first to best
  double overfit_min_rise = 0.05;                 ///< final val loss at least this fraction above its minimum
  std::size_t overfit_min_points_after_best = 2;  ///< the minimum lies this many points before the end
};

struct OverfittingEvidence {
  CurvePoint best;                   ///< the validation minimum (its x is the epoch)
  CurvePoint last;                   ///< the final validation value
  double train_drop_after_best = 0;  ///< relative train-loss decrease after the val minimum
};

struct LogAssessment {
  bool too_few_points = false;
  bool no_decrease = false;            ///< only judged when there are enough points
  double train_relative_decrease = 0;  ///< (first − best) / |first|
  std::optional<OverfittingEvidence> overfitting;
};

LogAssessment assess_training_log(const TrainingLog& log, const LogThresholds& thresholds);

/// A terminal sparkline (▁▂▃▄▅▆▇█) of at most `width` characters.
std::string sparkline(const LossCurve& curve, std::size_t width = 40);

}  // namespace dlcheck
