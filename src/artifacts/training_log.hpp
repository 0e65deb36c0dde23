#pragma once
// Reading the training logs people really export into loss curves; metrics/curves.hpp judges them.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "io/line_reader.hpp"
#include "metrics/curves.hpp"

namespace dlcheck {

/// The formats read, as the report names them.
namespace log_formats {
inline constexpr std::string_view keras_csv = "Keras CSVLogger";
inline constexpr std::string_view lightning_csv = "PyTorch Lightning metrics.csv";
inline constexpr std::string_view huggingface_trainer_state = "Hugging Face trainer_state.json";
inline constexpr std::string_view ultralytics = "Ultralytics results.csv";
inline constexpr std::string_view plain_csv = "CSV";
inline constexpr std::string_view json_lines = "JSON Lines";
}  // namespace log_formats

/// The non-finite values of one loss column: where the first is, and how many there are.
struct NonFiniteValues {
  std::string column;
  std::size_t line = 0;  ///< of the first; 0 in a binary log, where `x` places it
  double x = 0;          ///< the epoch, step or row of the first
  std::string text;      ///< the first as written: "nan", "NaN", "inf", "-Infinity", …
  std::size_t count = 0;
};

/// A log whose epoch or step goes back: runs appended to one file. Only the last is judged.
struct AppendedRuns {
  std::size_t runs = 1;
  std::size_t line = 0;  ///< where the last run starts (0 in a binary log)
  double x = 0;          ///< its first epoch or step
  std::string column;    ///< the curve in which the restart was seen
};

struct TrainingLog {
  std::string_view format = log_formats::plain_csv;
  std::optional<LossCurve> train;           ///< the training loss; see docs/artifacts.md for the choice
  std::vector<LossCurve> validation;        ///< one curve per validation or evaluation set
  std::vector<LossCurve> adversarial;       ///< d_loss, g_loss, … of a GAN: summarised, not judged
  std::vector<NonFiniteValues> non_finite;  ///< one entry per loss column with NaN or infinity
  std::size_t non_finite_total = 0;
  std::optional<AppendedRuns> appended;
  std::size_t rows = 0;
  std::string run;                 ///< for a folder of runs: the one read (e.g. "version_3"); empty otherwise
  std::vector<std::string> notes;  ///< how the log was read, e.g. a cut-short last record
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

}  // namespace dlcheck
