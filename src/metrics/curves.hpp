#pragma once
// Loss curves in bounded memory, and judging them: does the training loss fall, does the
// validation loss show overfitting.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dlcheck {

struct CurvePoint {
  double x = 0;  ///< epoch when the log has one, else step, else the row number
  double value = 0;
  std::size_t line = 0;      ///< 1-based line in the log file; 0 in a binary log
  std::uint64_t offset = 0;  ///< byte offset of the record in a binary log
  std::size_t index = 0;     ///< the how-manieth value of its curve, from 0 (set by LossCurveBuilder)
};

/// One loss column, kept in bounded memory: count, first, best (minimum) and last exactly, and
/// at most kMaxCurvePoints points for trends and sparklines (evenly merged when longer).
struct LossCurve {
  static constexpr std::size_t kMaxCurvePoints = 2048;
  std::string column;     ///< the column or tag as named in the log, e.g. "val_loss"; a sum names its parts
  std::string source;     ///< for a log folder: the file it came from, relative to the folder; else empty
  bool is_sum = false;    ///< the sum of component losses (Ultralytics box + cls + dfl)
  std::string x_name;     ///< "epoch", "step" or "row"
  std::size_t count = 0;  ///< finite values seen
  CurvePoint first, best, last;
  std::vector<CurvePoint> points;
};

/// Builds a LossCurve one finite value at a time, in bounded memory.
class LossCurveBuilder {
 public:
  explicit LossCurveBuilder(std::string column) { curve_.column = std::move(column); }

  void add(CurvePoint point);
  std::size_t count() const { return curve_.count; }
  LossCurve finish(std::string x_name) &&;

 private:
  void add_to_group(const CurvePoint& point);
  void push_group();
  void halve_points();

  LossCurve curve_;
  std::size_t stride_ = 1;
  CurvePoint group_;
  std::size_t group_size_ = 0;
};

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

/// Judges a training run from its training loss curve and one validation loss curve (or none).
LogAssessment assess_loss_curves(const std::optional<LossCurve>& train, const LossCurve* validation,
                                 const LogThresholds& thresholds);

}  // namespace dlcheck
