#include "metrics/curves.hpp"

#include <algorithm>
#include <cmath>

namespace dlcheck {

// ---------------------------------------------------------------------------------------------
// Curves in bounded memory

void LossCurveBuilder::add(CurvePoint point) {
  point.index = curve_.count;
  if (curve_.count == 0) curve_.first = curve_.best = point;
  if (point.value < curve_.best.value) curve_.best = point;
  curve_.last = point;
  ++curve_.count;
  add_to_group(point);
}

LossCurve LossCurveBuilder::finish(std::string x_name) && {
  if (group_size_ > 0) push_group();
  curve_.x_name = std::move(x_name);
  return std::move(curve_);
}

// Each stored point is the mean of `stride_` consecutive values, keeping the first one's x and line.
// Halving before a group starts (not when it ends) makes every group fill at the current stride.
void LossCurveBuilder::add_to_group(const CurvePoint& point) {
  if (group_size_ == 0) {
    if (curve_.points.size() == LossCurve::kMaxCurvePoints) halve_points();
    group_ = point;
  } else {
    group_.value += (point.value - group_.value) / static_cast<double>(group_size_ + 1);
  }
  if (++group_size_ == stride_) push_group();
}

void LossCurveBuilder::push_group() {
  curve_.points.push_back(group_);
  group_size_ = 0;
}

// Merging adjacent pairs keeps the curve evenly sampled: every point then stands for 2 × stride values.
void LossCurveBuilder::halve_points() {
  auto& points = curve_.points;
  for (std::size_t i = 0; i < points.size() / 2; ++i) {
    CurvePoint merged = points[2 * i];
    merged.value = points[2 * i].value / 2 + points[2 * i + 1].value / 2;
    points[i] = merged;
  }
  points.resize(points.size() / 2);
  stride_ *= 2;
}

// ---------------------------------------------------------------------------------------------
// Assessment

namespace {

double relative_decrease(double from, double to) { return from == 0 ? 0 : (from - to) / std::fabs(from); }

/// Index of the stored point that holds `point` (points keep the line of their first value).
std::size_t stored_index(const LossCurve& curve, const CurvePoint& point) {
  const auto after = std::upper_bound(curve.points.begin(), curve.points.end(), point.index,
                                      [](std::size_t index, const CurvePoint& p) { return index < p.index; });
  return after == curve.points.begin() ? 0 : static_cast<std::size_t>(after - curve.points.begin()) - 1;
}

/// How many values follow `point`: exact when nothing was merged, estimated from the stride otherwise.
std::size_t values_after(const LossCurve& curve, const CurvePoint& point) {
  if (curve.points.empty()) return 0;
  const std::size_t stored_after = curve.points.size() - 1 - stored_index(curve, point);
  return stored_after * curve.count / curve.points.size();
}

/// The train value at `x`, or the closest one before it; the first value when training starts later.
double value_at_or_before(const LossCurve& curve, double x) {
  double value = curve.first.value;
  for (const CurvePoint& point : curve.points) {
    if (point.x > x) break;
    value = point.value;
  }
  return value;
}

std::optional<OverfittingEvidence> find_overfitting(const LossCurve& train, const LossCurve& validation,
                                                    const LogThresholds& thresholds) {
  if (validation.count < thresholds.min_points) return std::nullopt;
  const CurvePoint& best = validation.best;
  if (values_after(validation, best) < thresholds.overfit_min_points_after_best) return std::nullopt;
  if (validation.last.value < best.value + std::fabs(best.value) * thresholds.overfit_min_rise) return std::nullopt;
  const double train_at_best = value_at_or_before(train, best.x);
  if (!(train.last.value < train_at_best)) return std::nullopt;
  return OverfittingEvidence{best, validation.last, relative_decrease(train_at_best, train.last.value)};
}

}  // namespace

LogAssessment assess_loss_curves(const std::optional<LossCurve>& train, const LossCurve* validation,
                                 const LogThresholds& thresholds) {
  LogAssessment assessment;
  if (train && train->count > 0) {
    assessment.train_relative_decrease = relative_decrease(train->first.value, train->best.value);
  }
  assessment.too_few_points = !train || train->count < thresholds.min_points;
  if (assessment.too_few_points) return assessment;
  assessment.no_decrease = assessment.train_relative_decrease < thresholds.min_relative_decrease;
  if (validation != nullptr) assessment.overfitting = find_overfitting(*train, *validation, thresholds);
  return assessment;
}

}  // namespace dlcheck
