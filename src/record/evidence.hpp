#pragma once
// A read-only view of one evidence record for the rules: raw JSON, source positions, and the
// metric claim resolved once from the shorthand and full forms.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_parser.hpp"
#include "metrics/catalog.hpp"

namespace dlcheck {

/// A baseline or current value as the record states it.
struct ClaimedValue {
  std::string pointer;           ///< where the value is, or where it should be
  JsonValue raw;                 ///< the value when present, whatever its type
  std::optional<double> number;  ///< set when `raw` is a JSON number
};

/// The metric a record is judged by, resolved from `metric`, `baseline`, `current` and the
/// roadmap's shorthand keys (`baseline_<metric>`, `current_<metric>`).
struct MetricClaim {
  std::string name;          ///< as written; empty when none could be resolved
  std::string name_pointer;  ///< "/metric/name" or the shorthand key naming it
  const MetricInfo* known = nullptr;
  std::optional<bool> declared_higher_is_better;  ///< metric.higher_is_better when it is a boolean
  std::optional<bool> higher_is_better;           ///< the declared direction, else the known one
  bool percent = false;                           ///< metric.unit is "percent"
  std::string unit;                               ///< metric.unit as written
  std::vector<std::string> shorthand_names;       ///< distinct shorthand suffixes, in text order
  ClaimedValue baseline;                          ///< baseline.value if present, else the shorthand
  ClaimedValue current;
  ClaimedValue baseline_shorthand;  ///< the shorthand on its own, for conflict checks
  ClaimedValue current_shorthand;
};

class Evidence {
 public:
  explicit Evidence(const JsonDocument& document);

  JsonValue root() const { return document_.root(); }
  const JsonDocument& document() const { return document_; }

  /// The value at an RFC 6901 pointer, or none.
  JsonValue find(std::string_view pointer) const { return document_.find(pointer); }

  /// Where the member at `pointer` starts (its key); for a missing member, where its nearest
  /// existing ancestor starts.
  SourcePosition position(std::string_view pointer) const;

  /// Where the value at `pointer` starts, for a caret under it.
  SourcePosition value_position(std::string_view pointer) const;

  const MetricClaim& metric() const { return metric_; }

 private:
  const JsonDocument& document_;
  MetricClaim metric_;
};

/// Resolves the metric claim of a record (exposed for tests).
MetricClaim resolve_metric_claim(JsonValue root);

/// A short description of a JSON value's type for messages ("the string \"0.93\"", "an array").
std::string describe_json(JsonValue value);

/// The string at `pointer` when it is a non-blank string.
std::optional<std::string_view> find_text(const Evidence& evidence, std::string_view pointer);

}  // namespace dlcheck
