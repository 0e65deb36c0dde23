#pragma once
// Turning loss values, one at a time, into the curves of a TrainingLog: which names are losses,
// which curve is the training loss, where runs were appended. Every log reader feeds one.

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "artifacts/scalar_sink.hpp"
#include "artifacts/training_log.hpp"
#include "text/text_match.hpp"

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

/// Every loss column seen; which curve is "the" train curve is decided at the end, since JSON
/// records can introduce a better-named column late.
class LogBuilder {
 public:
  /// The curve for a column, created on first use; nullopt when the name is not a loss.
  /// `source` names the file of a folder log it comes from: a run's writer starts a new file
  /// when it is restarted or resumed, so one column continues across files.
  std::optional<std::size_t> curve_for(std::string_view column, std::string_view source = {}) {
    const std::string_view trimmed = trim(column, " ");
    for (std::size_t i = 0; i < curves_.size(); ++i) {
      if (curves_[i].column != trimmed) continue;
      if (curves_[i].current_source != source) curves_[i].current_source = source;
      return i;
    }
    std::optional<LossName> name = classify_column(trimmed);
    if (!name) return std::nullopt;
    return add_curve(std::move(*name), std::string(trimmed), std::string(source));
  }

  /// A curve that no column names alone: the sum of component losses.
  std::size_t add_curve(LossName name, std::string column, std::string source = {}) {
    ColumnCurve curve{std::move(name), column, source, source, LossCurveBuilder(column)};
    curves_.push_back(std::move(curve));
    return curves_.size() - 1;
  }

  /// `step`, when the log has one beside an epoch axis, tells a new run (the step goes back too)
  /// from more training appended to the same run (the Trainer's epoch restarts, its step does not).
  void record(std::size_t index, const CurvePoint& point, std::string_view text,
              std::optional<double> step = std::nullopt) {
    ColumnCurve& column = curves_[index];
    // Back to where the run began is a new run; back to a later step is a resume from a
    // checkpoint, which continues the same curve.
    const bool step_back = !step || !column.last_step || *step < *column.last_step;
    if (column.last_x && point.x < *column.last_x && column.first_x && point.x <= *column.first_x && step_back) {
      restart(column, point);
    }
    if (!column.first_x) column.first_x = point.x;
    column.last_x = point.x;
    if (step) column.last_step = step;
    if (std::isfinite(point.value)) {
      column.curve.add(point);
      return;
    }
    if (column.non_finite.count++ == 0) {
      column.non_finite.column = column.column;
      column.non_finite.line = point.line;
      column.non_finite.x = point.x;
      column.non_finite.text = std::string(text);
    }
  }

  bool has_loss_columns() const { return !curves_.empty(); }

  TrainingLog finish(std::string_view format, const std::string& x_name, std::size_t rows) && {
    TrainingLog log;
    log.format = format;
    log.rows = rows;
    for (const ColumnCurve& column : curves_) {
      if (column.non_finite.count == 0) continue;
      log.non_finite_total += column.non_finite.count;
      log.non_finite.push_back(column.non_finite);
    }
    for (const ColumnCurve& column : curves_) {
      if (column.runs > 1 && (!log.appended || column.runs > log.appended->runs))
        log.appended = AppendedRuns{column.runs, column.restart_line, column.restart_x, column.column};
    }
    if (auto train = preferred_train()) log.train = finish_curve(*train, x_name);
    for (const Role role : {Role::validation, Role::adversarial}) {
      for (const std::size_t i : one_series_per_base(role)) {
        (role == Role::validation ? log.validation : log.adversarial).push_back(finish_curve(i, x_name));
      }
    }
    return log;
  }

 private:
  static void restart(ColumnCurve& column, const CurvePoint& point) {
    column.curve = LossCurveBuilder(column.column);
    column.source = column.current_source;  // the run judged is in the file it restarted in
    column.non_finite = {};
    column.first_x = point.x;
    ++column.runs;
    column.restart_line = point.line;
    column.restart_x = point.x;
  }

  LossCurve finish_curve(std::size_t i, const std::string& x_name) {
    LossCurve curve = std::move(curves_[i].curve).finish(x_name);
    curve.is_sum = curves_[i].name.is_sum;
    curve.source = curves_[i].source;
    return curve;
  }

  // Lightning's epoch series, else the plain one, else the step series: the first with values.
  bool better_series(std::size_t i, std::size_t chosen) const {
    const bool has = curves_[i].curve.count() > 0, chosen_has = curves_[chosen].curve.count() > 0;
    if (has != chosen_has) return has;
    return curves_[i].name.series < curves_[chosen].name.series;
  }

  // The training loss: a curve with values first, then the plainest name (rank), then the
  // preferred series, then the first column.
  std::optional<std::size_t> preferred_train() const {
    std::optional<std::size_t> chosen;
    for (std::size_t i = 0; i < curves_.size(); ++i) {
      if (curves_[i].name.role != Role::train) continue;
      if (!chosen) {
        chosen = i;
        continue;
      }
      const ColumnCurve &a = curves_[i], &b = curves_[*chosen];
      const bool has = a.curve.count() > 0, chosen_has = b.curve.count() > 0;
      if (has != chosen_has) {
        if (has) chosen = i;
      } else if (a.name.rank != b.name.rank) {
        if (a.name.rank < b.name.rank) chosen = i;
      } else if (a.name.base == b.name.base) {
        if (better_series(i, *chosen)) chosen = i;
      } else if (a.curve.count() > b.curve.count()) {
        chosen = i;  // "train/loss" over the Trainer's one-value "train/train_loss" summary
      }
    }
    return chosen;
  }

  // Every base of this role once, in column order, as its preferred series.
  std::vector<std::size_t> one_series_per_base(Role role) const {
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < curves_.size(); ++i) {
      if (curves_[i].name.role != role) continue;
      auto same = std::find_if(chosen.begin(), chosen.end(),
                               [&](std::size_t c) { return curves_[c].name.base == curves_[i].name.base; });
      if (same == chosen.end()) {
        chosen.push_back(i);
      } else if (better_series(i, *same)) {
        *same = i;
      }
    }
    return chosen;
  }

  std::vector<ColumnCurve> curves_;
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
