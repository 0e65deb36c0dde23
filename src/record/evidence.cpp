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

ClaimedValue claim_at(const nlohmann::json& root, std::string pointer) {
  ClaimedValue claim;
  claim.pointer = std::move(pointer);
  try {
    const nlohmann::json::json_pointer json_pointer(claim.pointer);
    if (root.contains(json_pointer)) claim.raw = &root.at(json_pointer);
  } catch (const nlohmann::json::exception&) {
    // A parent that is not an object (e.g. "baseline": 0.7) simply has no such member.
  }
  if (claim.raw != nullptr && claim.raw->is_number()) claim.number = claim.raw->get<double>();
  return claim;
}

// "baseline_accuracy" → "accuracy" when the key has the prefix and a non-empty rest.
std::string_view shorthand_suffix(std::string_view key, std::string_view prefix) {
  if (key.size() > prefix.size() && key.starts_with(prefix)) return key.substr(prefix.size());
  return {};
}

}  // namespace

std::string describe_json(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (text.size() > 40) return fmt::format("the string \"{}…\"", printable(text.substr(0, 37)));
      return fmt::format("the string \"{}\"", printable(text));
    }
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::array:
      return "an array";
    case nlohmann::json::value_t::object:
      return "an object";
    default:
      return fmt::format("the number {}", value.dump());
  }
}

MetricClaim resolve_metric_claim(const nlohmann::json& root) {
  MetricClaim claim;
  if (!root.is_object()) return claim;

  for (const auto& [key, value] : root.items()) {
    for (const std::string_view prefix : fields::shorthand_prefixes()) {
      const std::string_view suffix = shorthand_suffix(key, prefix);
      if (suffix.empty()) continue;
      const auto normalised = normalise_metric_name(suffix);
      const bool seen = std::any_of(claim.shorthand_names.begin(), claim.shorthand_names.end(),
                                    [&](const std::string& name) { return normalise_metric_name(name) == normalised; });
      if (!seen) claim.shorthand_names.emplace_back(suffix);
    }
  }

  const nlohmann::json* metric = root.contains("metric") ? &root["metric"] : nullptr;
  if (metric != nullptr && metric->is_object()) {
    if (auto name = metric->find("name");
        name != metric->end() && name->is_string() && !is_blank(name->get_ref<const std::string&>())) {
      claim.name = name->get<std::string>();
      claim.name_pointer = fields::kMetricName.pointer;
    }
    if (auto direction = metric->find("higher_is_better"); direction != metric->end() && direction->is_boolean()) {
      claim.declared_higher_is_better = direction->get<bool>();
    }
    if (auto unit = metric->find("unit"); unit != metric->end() && unit->is_string()) {
      claim.unit = unit->get<std::string>();
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
      for (const auto& [key, value] : root.items()) {
        const std::string_view suffix = shorthand_suffix(key, prefix);
        if (!suffix.empty() && normalise_metric_name(suffix) == wanted) return claim_at(root, child_pointer("", key));
      }
    }
    return ClaimedValue{};
  };
  claim.baseline_shorthand = shorthand_for(fields::kBaselineShorthand.shorthand_prefix());
  claim.current_shorthand = shorthand_for(fields::kCurrentShorthand.shorthand_prefix());

  const auto full_or_shorthand = [&](std::string_view value_pointer, const ClaimedValue& shorthand) {
    ClaimedValue full = claim_at(root, std::string(value_pointer));
    if (full.raw == nullptr && shorthand.raw != nullptr) return shorthand;
    return full;
  };
  claim.baseline = full_or_shorthand(fields::kBaselineValue.pointer, claim.baseline_shorthand);
  claim.current = full_or_shorthand(fields::kCurrentValue.pointer, claim.current_shorthand);
  return claim;
}

Evidence::Evidence(const JsonDocument& document) : document_(document), metric_(resolve_metric_claim(document.root)) {}

// Walks the tree token by token: rules ask for dozens of fields a file, and nlohmann's
// json_pointer allocates a vector of strings and walks twice for each.
const nlohmann::json* Evidence::find(std::string_view pointer) const {
  const nlohmann::json* value = &document_.root;
  if (!pointer.empty() && pointer.front() != '/') return nullptr;
  std::string unescaped;
  while (!pointer.empty() && value != nullptr) {
    pointer.remove_prefix(1);  // '/'
    const std::size_t end = std::min(pointer.find('/'), pointer.size());
    std::string_view token = pointer.substr(0, end);
    pointer.remove_prefix(end);
    if (value->is_object()) {
      if (token.find('~') != std::string_view::npos) {
        unescaped = unescape_pointer_token(token);
        token = unescaped;
      }
      const auto& object = value->get_ref<const nlohmann::json::object_t&>();
      const auto member = object.find(token);
      value = member == object.end() ? nullptr : &member->second;
    } else if (value->is_array()) {
      const auto index = pointer_array_index(token);
      value = index && *index < value->size() ? &(*value)[*index] : nullptr;
    } else {
      value = nullptr;  // a path through a scalar
    }
  }
  return value;
}

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

const std::string* find_text(const Evidence& evidence, std::string_view pointer) {
  const nlohmann::json* value = evidence.find(pointer);
  if (value == nullptr || !value->is_string() || is_blank(value->get_ref<const std::string&>())) return nullptr;
  return &value->get_ref<const std::string&>();
}

}  // namespace dlcheck
