#pragma once
// Turning loss values, one at a time, into the curves of a TrainingLog: which names are losses,
// which curve is the training loss, where runs were appended. Every log reader feeds one.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "artifacts/scalar_sink.hpp"
#include "artifacts/training_log.hpp"

namespace dlcheck {

// Loss columns, by pattern: any name with "loss" in it, split into words on anything that is not
// a letter or digit. Documented in docs/artifacts.md ("Which columns are losses").

enum class Role { train, validation, adversarial };

/// Lightning logs a metric as name_step and name_epoch when it is logged both ways.
enum class Series { epoch, plain, step };

struct LossName {
  Role role;
  std::string base;  // lowercase, without Lightning's suffix: the series of one base are one curve
  Series series;
  int rank;  // training losses: 0 "loss"/"train_loss", 1 names training, 2 any other loss
  bool is_sum = false;
};

/// What a column or tag name says of its loss; nullopt when the name is not a loss.
std::optional<LossName> classify_column(std::string_view name);

/// One loss column (or tag) and its curve; restarted when its epoch or step goes back.
struct ColumnCurve {
  LossName name;
  std::string column;          // as written, spaces trimmed
  std::string source;          // the file of a folder log the current run starts in; empty for a single file
  std::string current_source;  // the file the last value came from
  LossCurveBuilder curve;
  NonFiniteValues non_finite = {};
  std::optional<double> first_x = {}, last_x = {}, last_step = {};  // of the current run
  std::size_t runs = 1;
  std::size_t restart_line = 0;
  double restart_x = 0;
};

/// Lets a map keyed by std::string be searched with a string_view.
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

/// Every loss column seen; which curve is "the" train curve is decided at the end, since JSON
/// records can introduce a better-named column late.
class LogBuilder {
 public:
  /// The curve for a column, created on first use; nullopt when the name is not a loss.
  /// `source` names the file of a folder log it comes from: a run's writer starts a new file
  /// when it is restarted or resumed, so one column continues across files.
  std::optional<std::size_t> curve_for(std::string_view column, std::string_view source = {});

  /// A curve that no column names alone: the sum of component losses.
  std::size_t add_curve(LossName name, std::string column, std::string source = {});

  /// `step`, when the log has one beside an epoch axis, tells a new run (the step goes back too)
  /// from more training appended to the same run (the Trainer's epoch restarts, its step does not).
  void record(std::size_t index, const CurvePoint& point, std::string_view text,
              std::optional<double> step = std::nullopt);

  bool has_loss_columns() const { return !curves_.empty(); }

  TrainingLog finish(std::string_view format, const std::string& x_name, std::size_t rows) &&;

 private:
  static void restart(ColumnCurve& column, const CurvePoint& point);

  LossCurve finish_curve(std::size_t i, const std::string& x_name);

  // Lightning's epoch series, else the plain one, else the step series: the first with values.
  bool better_series(std::size_t i, std::size_t chosen) const;

  // The training loss: a curve with values first, then the plainest name (rank), then the
  // preferred series, then the first column.
  std::optional<std::size_t> preferred_train() const;

  // Every base of this role once, in column order, as its preferred series.
  std::vector<std::size_t> one_series_per_base(Role role) const;

  static constexpr std::size_t kMaxNamesKept = 100000;
  std::vector<ColumnCurve> curves_;
  /// Each column or tag name seen, and its curve (nullopt: not a loss).
  std::unordered_map<std::string, std::optional<std::size_t>, StringHash, std::equal_to<>> names_;
};

/// Feeds the scalars of a binary or folder log to a LogBuilder; `prefix` goes before each tag
/// ("validation/" for a Keras validation folder) and `source` names the file in the report.
class BuilderSink final : public ScalarSink {
 public:
  BuilderSink(LogBuilder& builder, std::string prefix, std::string source)
      : builder_(builder), prefix_(std::move(prefix)), source_(std::move(source)) {}
  void scalar(std::string_view tag, double step, double value, const ScalarPlace& place) override;

 private:
  LogBuilder& builder_;
  std::string prefix_, source_;
  std::string name_;
};

}  // namespace dlcheck
