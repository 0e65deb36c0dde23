#pragma once
// A read-only view of one evidence record for the rules: raw JSON, source positions, and the
// metric claim resolved once from the shorthand and full forms.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "dlcheck/json_parser.hpp"
#include "dlcheck/metrics.hpp"
#include "dlcheck/training_log.hpp"

namespace dlcheck {

/// A baseline or current value as the record states it.
struct ClaimedValue {
  std::string pointer;                   ///< where the value is, or where it should be
  const nlohmann::json* raw = nullptr;   ///< the value when present, whatever its type
  std::optional<double> number;          ///< set when `raw` is a JSON number
};

/// The metric a record is judged by, resolved from `metric`, `baseline`, `current` and the
/// roadmap's shorthand keys (`baseline_<metric>`, `current_<metric>`).
struct MetricClaim {
  std::string name;                 ///< as written; empty when none could be resolved
  std::string name_pointer;         ///< "/metric/name" or the shorthand key naming it
  const MetricInfo* known = nullptr;
  std::optional<bool> declared_higher_is_better;  ///< metric.higher_is_better when it is a boolean
  std::optional<bool> higher_is_better;           ///< the declared direction, else the known one
  bool percent = false;             ///< metric.unit is "percent"
  std::string unit;                 ///< metric.unit as written
  std::vector<std::string> shorthand_names;       ///< distinct shorthand suffixes, in text order
  ClaimedValue baseline;            ///< baseline.value if present, else the shorthand
  ClaimedValue current;
  ClaimedValue baseline_shorthand;  ///< the shorthand on its own, for conflict checks
  ClaimedValue current_shorthand;
};

struct ProjectArtifacts;

/// Thresholds the rules read; each has a command-line option (docs/artifacts.md).
struct Thresholds {
  std::size_t min_failure_cases = 3;     ///< listed failure cases (or failure_case_count) needed
  std::size_t min_success_samples = 1;   ///< success samples needed
  double min_improvement = 0;            ///< the improvement must be strictly above this
  double min_relative_improvement = 0;   ///< and the relative improvement at least this
  LogThresholds log;
  double metric_tolerance = 0.001;  ///< allowed |claimed − recomputed|, on top of the claim's rounding
};

class Evidence {
 public:
  explicit Evidence(const JsonDocument& document);

  const nlohmann::json& root() const { return document_.root; }
  const JsonDocument& document() const { return document_; }

  /// The value at an RFC 6901 pointer, or nullptr when there is none.
  const nlohmann::json* find(std::string_view pointer) const;

  /// Where the member at `pointer` starts (its key); for a missing member, where its nearest
  /// existing ancestor starts.
  SourcePosition position(std::string_view pointer) const;

  /// Where the value at `pointer` starts, for a caret under it.
  SourcePosition value_position(std::string_view pointer) const;

  const MetricClaim& metric() const { return metric_; }

  /// The files the record names, or nullptr when project files are not read (tests on text).
  const ProjectArtifacts* artifacts() const { return artifacts_; }
  void set_artifacts(const ProjectArtifacts* artifacts) { artifacts_ = artifacts; }

  const Thresholds& thresholds() const { return thresholds_; }
  void set_thresholds(const Thresholds& thresholds) { thresholds_ = thresholds; }

 private:
  const JsonDocument& document_;
  MetricClaim metric_;
  const ProjectArtifacts* artifacts_ = nullptr;
  Thresholds thresholds_;
};

/// Resolves the metric claim of a record (exposed for tests).
MetricClaim resolve_metric_claim(const nlohmann::json& root);

/// A short description of a JSON value's type for messages ("the string \"0.93\"", "an array").
std::string describe_json(const nlohmann::json& value);

/// The string at `pointer` when it is a non-blank string.
const std::string* find_text(const Evidence& evidence, std::string_view pointer);

}  // namespace dlcheck
