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

enum class LogFormat { keras_csv, lightning_csv, huggingface_trainer_state, plain_csv, json_lines };

/// "Keras CSVLogger", "PyTorch Lightning metrics.csv", "Hugging Face trainer_state.json", "CSV", "JSON Lines".
std::string_view format_as(LogFormat format);

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

}  // namespace dlcheck
