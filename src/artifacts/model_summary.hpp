#pragma once
// Reading the parameter count and output shapes of a printed model summary: Keras 3 and Keras 2
// model.summary(), torchinfo, torchsummary, PyTorch Lightning's ModelSummary, or a plain
// "parameters: N" line. Which layer is which is left to the caller.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "io/line_reader.hpp"

namespace dlcheck {

enum class SummaryFormat { keras3, keras2, torchinfo, torchsummary, lightning, plain };
std::string_view format_as(SummaryFormat format);  ///< "Keras 3 model.summary()", …

/// The formats read_model_summary() recognises, for a message: "Keras 3 model.summary(), …".
std::string recognised_summary_formats();

/// A parameter count as written, and how precisely: "151 K" stands for 150,500 to 151,500.
struct ParameterCount {
  double value = 0;
  double half_unit = 0;  ///< half a unit of the last digit written; 0 for an exact count
  std::string text;      ///< as written ("151 K", "11,181,642")
  std::size_t line = 0;  ///< where in the file; 0 in a record
};

/// "11,181,642", "9.5k", "151 K", "11.2M", "1.3 billion": nullopt when `text` is not one count.
std::optional<ParameterCount> parse_parameter_count(std::string_view text);

/// The first "<count> parameters" or "<count> params" in free text ("ResNet-18, 11.2M parameters").
std::optional<ParameterCount> find_parameter_claim(std::string_view text);

/// A layer's output shape as listed; a dimension is nullopt where the summary prints None or -1.
struct SummaryShape {
  std::string layer;  ///< the layer's name: "dense_1", "conv1", "Conv2d-1", "Conv2d: 1-1"
  std::vector<std::optional<std::int64_t>> dims;
  std::string text;  ///< as written: "(None, 64)"
  std::size_t line = 0;
};

struct ModelSummary {
  SummaryFormat format = SummaryFormat::plain;
  /// The first summary's total; in Keras 3 with an "Optimizer params" line, trainable plus non-trainable.
  ParameterCount total;
  std::size_t summaries = 1;         ///< totals found: a file may hold the model's and the baseline's
  std::vector<SummaryShape> shapes;  ///< in file order, every summary's (at most 10,000)
};

/// Why a summary gives no parameter count: an unknown format, or a line over the limit.
struct ModelSummaryError {
  std::string message;
  std::size_t line = 0;
  bool unrecognised = false;  ///< the file was read but no format matched
};

using ModelSummaryResult = std::variant<ModelSummary, ModelSummaryError>;

/// Reads a printed summary; the format is recognised from its lines.
ModelSummaryResult read_model_summary(LineReader& lines);

}  // namespace dlcheck
