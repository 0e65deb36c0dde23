#pragma once
// What a rule sees: the record, the project files read for it, and the thresholds in force.
// The record alone (record/evidence.hpp) knows nothing of files or thresholds.

#include "artifacts/project_artifacts.hpp"
#include "metrics/curves.hpp"
#include "record/evidence.hpp"

namespace dlcheck {

/// Thresholds the rules read; each has a command-line option (docs/artifacts.md).
struct Thresholds {
  std::size_t min_failure_cases = 3;    ///< listed failure cases (or failure_case_count) needed
  std::size_t min_success_samples = 1;  ///< success samples needed
  double min_improvement = 0;           ///< the improvement must be strictly above this
  double min_relative_improvement = 0;  ///< and the relative improvement at least this
  LogThresholds log;
  double metric_tolerance = 0.001;  ///< allowed |claimed − recomputed|, on top of the claim's rounding
  /// Numeric targets: the absolute error a success sample may not exceed and a failure case must
  /// reach; 0: the predictions file's median absolute error.
  double sample_error = 0;
};

class CheckContext : public Evidence {
 public:
  using Evidence::Evidence;

  /// The files the record names, or nullptr when project files are not read (tests on text).
  const ProjectArtifacts* artifacts() const { return artifacts_; }
  void set_artifacts(const ProjectArtifacts* artifacts) { artifacts_ = artifacts; }

  const Thresholds& thresholds() const { return thresholds_; }
  void set_thresholds(const Thresholds& thresholds) { thresholds_ = thresholds; }

 private:
  const ProjectArtifacts* artifacts_ = nullptr;
  Thresholds thresholds_;
};

}  // namespace dlcheck
