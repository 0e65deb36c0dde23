#pragma once
// What a binary or folder log reader (TensorBoard, MLflow) hands over: one scalar at a time, in
// file order, so that curves are built in bounded memory however long the log is.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dlcheck {

/// Where a scalar was read, for findings: a byte offset in a binary file, or a line in a text file.
struct ScalarPlace {
  std::uint64_t offset = 0;  ///< byte offset of the record holding it (event files)
  std::size_t line = 0;      ///< 1-based line (MLflow metric files); 0 when none applies
};

/// Receives the scalars of a log. `tag` is the name as the library wrote it ("train/loss",
/// "epoch_loss", "val_loss"); `step` the step or epoch the library recorded with it.
class ScalarSink {
 public:
  virtual ~ScalarSink() = default;
  virtual void scalar(std::string_view tag, double step, double value, const ScalarPlace& place) = 0;
};

}  // namespace dlcheck
