#include "record/evidence.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "record/fields.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace {

std::string parent_pointer(std::string_view pointer) {
  const std::size_t slash = pointer.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(pointer.substr(0, slash));
}

// `path` is one or two member names: a parent that is not an object (e.g. "baseline": 0.7)
// simply has no such member.
ClaimedValue claim_at(JsonValue root, std::string pointer, std::string_view key, std::string_view member = {}) {
  ClaimedValue claim;
  claim.pointer = std::move(pointer);
  claim.raw = root.find(key);
  if (!member.empty()) claim.raw = claim.raw.find(member);
  if (claim.raw.is_number()) claim.number = claim.raw.number();
  return claim;
}

// "baseline_accuracy" → "accuracy" when the key has the prefix and a non-empty rest.
std::string_view shorthand_suffix(std::string_view key, std::string_view prefix) {
  if (key.size() > prefix.size() && key.starts_with(prefix)) return key.substr(prefix.size());
  return {};
}

}  // namespace

std::string describe_json(JsonValue value) {
  switch (value.type()) {
    case JsonType::string: {
      const std::string_view text = value.string();
      if (text.size() > 40) return fmt::format("the string \"{}…\"", printable(text.substr(0, 37)));
      return fmt::format("the string \"{}\"", printable(text));
    }
    case JsonType::null:
      return "null";
    case JsonType::boolean:
      return value.boolean() ? "true" : "false";
    case JsonType::array:
      return "an array";
    case JsonType::object:
      return "an object";
    default:
      return fmt::format("the number {}", value.dump());
  }
}

MetricClaim resolve_metric_claim(JsonValue root) {
  MetricClaim claim;
  if (!root.is_object()) return claim;

  // Sorted by key, as nlohmann::json kept them: the order of shorthand_names shows in messages.
  const std::vector<JsonKeyValue> members = root.sorted_members();
  for (const auto& [key, value] : members) {
    for (const std::string_view prefix : fields::shorthand_prefixes()) {
      const std::string_view suffix = shorthand_suffix(key, prefix);
      if (suffix.empty()) continue;
      const auto normalised = normalise_metric_name(suffix);
      const bool seen = std::any_of(claim.shorthand_names.begin(), claim.shorthand_names.end(),
                                    [&](const std::string& name) { return normalise_metric_name(name) == normalised; });
      if (!seen) claim.shorthand_names.emplace_back(suffix);
    }
  }

  if (const JsonValue metric = root.find("metric"); metric.is_object()) {
    if (const JsonValue name = metric.find("name"); name.is_string() && !is_blank(name.string())) {
      claim.name = name.string();
      claim.name_pointer = fields::kMetricName.pointer;
    }
    if (const JsonValue direction = metric.find("higher_is_better"); direction.is_boolean()) {
      claim.declared_higher_is_better = direction.boolean();
    }
    if (const JsonValue unit = metric.find("unit"); unit.is_string()) {
      claim.unit = unit.string();
      const std::string lowered = ascii_lower(claim.unit);
      claim.percent = lowered == "percent" || lowered == "%";
    }
  }
  if (claim.name.empty() && claim.shorthand_names.size() == 1) {
    claim.name = claim.shorthand_names.front();
    const std::string baseline_key = "baseline_" + claim.name;
    claim.name_pointer = child_pointer("", root.contains(baseline_key) ? baseline_key : "current_" + claim.name);
  }

  claim.known = claim.name.empty() ? nullptr : find_metric(claim.name);
  if (claim.declared_higher_is_better) {
    claim.higher_is_better = claim.declared_higher_is_better;
  } else if (claim.known != nullptr) {
    claim.higher_is_better = claim.known->higher_is_better;
  }

  // The shorthand key that matches the metric, compared after normalisation ("Accuracy" ~ "accuracy").
  const auto shorthand_for = [&](std::string_view prefix) {
    if (!claim.name.empty()) {
      const std::string wanted = normalise_metric_name(claim.name);
      for (const auto& [key, value] : members) {
        const std::string_view suffix = shorthand_suffix(key, prefix);
        if (!suffix.empty() && normalise_metric_name(suffix) == wanted)
          return claim_at(root, child_pointer("", key), key);
      }
    }
    return ClaimedValue{};
  };
  claim.baseline_shorthand = shorthand_for(fields::kBaselineShorthand.shorthand_prefix());
  claim.current_shorthand = shorthand_for(fields::kCurrentShorthand.shorthand_prefix());

  const auto full_or_shorthand = [&](const auto& field, const auto& parent, const ClaimedValue& shorthand) {
    ClaimedValue full = claim_at(root, std::string(field.pointer), parent.key(), field.key());
    if (!full.raw && shorthand.raw) return shorthand;
    return full;
  };
  claim.baseline = full_or_shorthand(fields::kBaselineValue, fields::kBaseline, claim.baseline_shorthand);
  claim.current = full_or_shorthand(fields::kCurrentValue, fields::kCurrent, claim.current_shorthand);
  return claim;
}

Evidence::Evidence(const JsonDocument& document)
    : document_(document), metric_(resolve_metric_claim(document.root())) {}

SourcePosition Evidence::position(std::string_view pointer) const {
  std::string current(pointer);
  while (true) {
    if (auto found = document_.member_position(current)) return *found;
    if (auto found = document_.value_position(current)) return *found;
    if (current.empty()) return SourcePosition{};
    current = parent_pointer(current);
  }
}

SourcePosition Evidence::value_position(std::string_view pointer) const {
  if (auto found = document_.value_position(pointer)) return *found;
  return position(pointer);
}

std::optional<std::string_view> find_text(const Evidence& evidence, std::string_view pointer) {
  const JsonValue value = evidence.find(pointer);
  if (!value.is_string() || is_blank(value.string())) return std::nullopt;
  return value.string();
}

}  // namespace dlcheck
