#include "engine/config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include "io/read_file.hpp"
#include "rules/rule.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

using Kind = ThresholdKey::Kind;

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// The record's thresholds, then those of the checks against the project's files. Each
// description is its option's help text.
const std::array kThresholdKeys = {
    ThresholdKey{"min_failure_cases", Kind::count, 0, 1e6,
                 "failure cases a record must list (or count in failure_case_count)",
                 [](const Thresholds& t) { return static_cast<double>(t.min_failure_cases); },
                 [](Thresholds& t, double v) { t.min_failure_cases = static_cast<std::size_t>(v); }},
    ThresholdKey{"min_success_samples", Kind::count, 0, 1e6, "success samples a record must list",
                 [](const Thresholds& t) { return static_cast<double>(t.min_success_samples); },
                 [](Thresholds& t, double v) { t.min_success_samples = static_cast<std::size_t>(v); }},
    ThresholdKey{"min_improvement", Kind::number, 0, kUnbounded,
                 "the improvement over the baseline must be above this, in the metric's units",
                 [](const Thresholds& t) { return t.min_improvement; },
                 [](Thresholds& t, double v) { t.min_improvement = v; }},
    ThresholdKey{"min_relative_improvement", Kind::number, 0, kUnbounded,
                 "the improvement divided by |baseline| must reach this",
                 [](const Thresholds& t) { return t.min_relative_improvement; },
                 [](Thresholds& t, double v) { t.min_relative_improvement = v; }},
    ThresholdKey{"min_log_points", Kind::count, 1, 1e6, "fewest training-loss points to judge a curve",
                 [](const Thresholds& t) { return static_cast<double>(t.log.min_points); },
                 [](Thresholds& t, double v) { t.log.min_points = static_cast<std::size_t>(v); }},
    ThresholdKey{"min_loss_decrease", Kind::fraction, 0, 1,
                 "relative decrease of the training loss from its first value to its best",
                 [](const Thresholds& t) { return t.log.min_relative_decrease; },
                 [](Thresholds& t, double v) { t.log.min_relative_decrease = v; }},
    ThresholdKey{"overfit_rise", Kind::number, 0, 100,
                 "relative rise of the final validation loss above its minimum that counts as overfitting",
                 [](const Thresholds& t) { return t.log.overfit_min_rise; },
                 [](Thresholds& t, double v) { t.log.overfit_min_rise = v; }},
    ThresholdKey{"overfit_patience", Kind::count, 1, 1e6, "points the validation minimum must lie before the end",
                 [](const Thresholds& t) { return static_cast<double>(t.log.overfit_min_points_after_best); },
                 [](Thresholds& t, double v) { t.log.overfit_min_points_after_best = static_cast<std::size_t>(v); }},
    ThresholdKey{"metric_tolerance", Kind::number, 0, 1e9,
                 "allowed difference between current.value and the metric recomputed from the predictions, on "
                 "top of the rounding of the claimed value",
                 [](const Thresholds& t) { return t.metric_tolerance; },
                 [](Thresholds& t, double v) { t.metric_tolerance = v; }},
    ThresholdKey{"sample_error", Kind::number, 0, kUnbounded,
                 "for numeric targets, the absolute error a success sample may not exceed and a failure case "
                 "must reach; 0: the predictions file's median absolute error",
                 [](const Thresholds& t) { return t.sample_error; },
                 [](Thresholds& t, double v) { t.sample_error = v; }},
};

constexpr std::uint64_t kMiB = 1024 * 1024;

// The ceilings keep every option and config safe: the JSON parser recurses once per level, and
// at 1000 levels that needs well under 1 MiB of stack (tests/checker_test.cpp runs it on 4 MiB).
const std::array kLimitKeys = {
    LimitKey{"max_file_size", true, 1, 1024 * kMiB, "largest evidence file, and training log read whole, in bytes",
             [](const CheckOptions& o) -> std::uint64_t { return o.max_file_size; },
             [](CheckOptions& o, std::uint64_t v) { o.max_file_size = static_cast<std::size_t>(v); }},
    LimitKey{"max_depth", false, 1, 1000, "deepest JSON nesting, in the evidence file and in named files",
             [](const CheckOptions& o) -> std::uint64_t { return o.parse_limits.max_depth; },
             [](CheckOptions& o, std::uint64_t v) { o.parse_limits.max_depth = static_cast<std::size_t>(v); }},
    LimitKey{"max_line_length", true, 1, 1024 * kMiB, "longest line of a CSV, TSV or JSON Lines file, in bytes",
             [](const CheckOptions& o) -> std::uint64_t { return o.artifact_limits.max_line_length; },
             [](CheckOptions& o, std::uint64_t v) { o.artifact_limits.max_line_length = static_cast<std::size_t>(v); }},
    LimitKey{"max_findings", false, 1, 1000000, "findings shown per file; one note counts the rest",
             [](const CheckOptions& o) -> std::uint64_t { return o.max_findings; },
             [](CheckOptions& o, std::uint64_t v) { o.max_findings = static_cast<std::size_t>(v); }},
    LimitKey{"max_labels", false, 2, 10000000, "distinct labels and predictions in a predictions file",
             [](const CheckOptions& o) -> std::uint64_t { return o.artifact_limits.max_labels; },
             [](CheckOptions& o, std::uint64_t v) { o.artifact_limits.max_labels = static_cast<std::size_t>(v); }},
};

constexpr std::array<std::string_view, 6> kTopLevelKeys = {"$schema", "profile", "thresholds",
                                                           "limits",  "rules",   "points"};

// What a threshold must be, as said in messages: "a whole number from 1 to 1000000".
std::string threshold_range(const ThresholdKey& key) {
  switch (key.kind) {
    case Kind::count:
      return fmt::format("a whole number from {} to {}", key.low, key.high);
    case Kind::fraction:
      return fmt::format("a fraction from {} to {}", key.low, key.high);
    case Kind::number:
      break;
  }
  return std::isinf(key.high) ? fmt::format("a number of at least {}", key.low)
                              : fmt::format("a number from {} to {}", key.low, key.high);
}

// Why `value` cannot be the threshold, or nothing; `shown` is the value as the user wrote it.
std::optional<std::string> threshold_problem(const ThresholdKey& key, double value, std::string_view shown) {
  // The range test comes first: a count is then converted to std::size_t only within its range.
  const bool allowed = value >= key.low && value <= key.high && (key.kind != Kind::count || std::floor(value) == value);
  if (allowed) return std::nullopt;
  return fmt::format("must be {}, not {}", threshold_range(key), printable(shown));
}

struct Failure {
  std::string pointer;
  std::string message;
};

std::vector<std::string_view> rule_ids() {
  std::vector<std::string_view> ids;
  for (const Rule& rule : all_rules()) ids.push_back(rule.info.id);
  return ids;
}

class ConfigReader {
 public:
  explicit ConfigReader(JsonValue root) : root_(root) {}

  std::optional<Failure> read(Config& config) {
    if (!root_.is_object()) return Failure{"", "a config must be a JSON object"};
    for (const auto& [key, value] : root_.sorted_members()) {
      const std::string pointer = child_pointer("", key);
      std::optional<Failure> failure;
      if (key == "$schema") continue;
      if (key == "profile")
        failure = read_profile(value, pointer, config);
      else if (key == "thresholds")
        failure = read_thresholds(value, pointer, config);
      else if (key == "limits")
        failure = read_limits(value, pointer, config);
      else if (key == "rules")
        failure = read_rules(value, pointer, config);
      else if (key == "points")
        failure = read_points(value, pointer, config);
      else
        failure = Failure{
            pointer, fmt::format("unknown key \"{}\"{}", printable(key), did_you_mean_closest(key, kTopLevelKeys))};
      if (failure) return failure;
    }
    return std::nullopt;
  }

 private:
  static std::optional<Failure> read_profile(JsonValue value, const std::string& pointer, Config& config) {
    if (value.string() == "record")
      config.profile = Profile::record;
    else if (value.string() == "roadmap")
      config.profile = Profile::roadmap;
    else
      return Failure{pointer, fmt::format("profile must be \"roadmap\" or \"record\", not {}", value.dump())};
    return std::nullopt;
  }

  static std::optional<Failure> read_thresholds(JsonValue value, const std::string& pointer, Config& config) {
    if (!value.is_object()) return Failure{pointer, "thresholds must be an object"};
    std::vector<std::string_view> names;
    for (const auto& key : kThresholdKeys) names.push_back(key.name);
    for (const auto& [name, number] : value.sorted_members()) {
      const std::string member = child_pointer(pointer, name);
      const auto* key = find_threshold(name);
      if (key == nullptr) {
        return Failure{member,
                       fmt::format("unknown threshold \"{}\"{}", printable(name), did_you_mean_closest(name, names))};
      }
      if (!number.is_number()) {
        return Failure{member, fmt::format("{} must be {}, not {}", name, threshold_range(*key), number.dump())};
      }
      if (auto problem = threshold_problem(*key, number.number(), number.dump())) {
        return Failure{member, fmt::format("{} {}", name, *problem)};
      }
      config.thresholds.emplace_back(key, number.number());
    }
    return std::nullopt;
  }

  static std::optional<Failure> read_limits(JsonValue value, const std::string& pointer, Config& config) {
    if (!value.is_object()) return Failure{pointer, "limits must be an object"};
    std::vector<std::string_view> names;
    for (const auto& key : kLimitKeys) names.push_back(key.name);
    for (const auto& [name, limit] : value.sorted_members()) {
      const std::string member = child_pointer(pointer, name);
      // clang before 16 cannot capture a structured binding, hence the init-capture.
      const auto key = std::find_if(kLimitKeys.begin(), kLimitKeys.end(),
                                    [&wanted = name](const LimitKey& k) { return k.name == wanted; });
      if (key == kLimitKeys.end()) {
        return Failure{member,
                       fmt::format("unknown limit \"{}\"{}", printable(name), did_you_mean_closest(name, names))};
      }
      // A whole number reads as written; a string only where a size may have a suffix ("16M").
      const std::string text = limit.is_string() && key->byte_size ? std::string(limit.string()) : limit.dump();
      std::string error;
      const auto parsed = parse_limit(*key, text, error);
      if (!parsed) return Failure{member, fmt::format("{} {}", key->name, error)};
      config.limits.emplace_back(&*key, *parsed);
    }
    return std::nullopt;
  }

  static std::optional<Failure> read_rules(JsonValue value, const std::string& pointer, Config& config) {
    if (!value.is_object())
      return Failure{pointer, "rules must be an object of rule id to \"off\", \"info\", \"warning\" or \"error\""};
    const auto ids = rule_ids();
    for (const auto& [id, level] : value.sorted_members()) {
      const std::string member = child_pointer(pointer, id);
      if (find_rule(id) == nullptr) {
        return Failure{member, fmt::format("unknown rule \"{}\"{}", printable(id), did_you_mean_closest(id, ids))};
      }
      RuleSetting setting;
      if (level.string() == "off")
        setting.off = true;
      else if (level.string() == "info")
        setting.severity = Severity::info;
      else if (level.string() == "warning")
        setting.severity = Severity::warning;
      else if (level.string() == "error")
        setting.severity = Severity::error;
      else
        return Failure{member, fmt::format("rule {} must be \"off\", \"info\", \"warning\" or \"error\", not {}", id,
                                           level.dump())};
      config.rules[std::string(id)] = setting;
    }
    return std::nullopt;
  }

  static std::optional<Failure> read_points(JsonValue value, const std::string& pointer, Config& config) {
    if (!value.is_object()) return Failure{pointer, "points must be an object of rule id to a whole number"};
    const auto ids = rule_ids();
    for (const auto& [id, weight] : value.sorted_members()) {
      const std::string member = child_pointer(pointer, id);
      const Rule* rule = find_rule(id);
      if (rule == nullptr)
        return Failure{member, fmt::format("unknown rule \"{}\"{}", printable(id), did_you_mean_closest(id, ids))};
      if (!is_checklist_item(rule->info)) {
        return Failure{member, fmt::format("{} is not a checklist item, so it carries no points", id)};
      }
      if (!weight.is_number_integer() || weight.integer() < 0 || weight.integer() > 1000) {
        return Failure{member,
                       fmt::format("points of {} must be a whole number from 0 to 1000, not {}", id, weight.dump())};
      }
      config.points[std::string(id)] = static_cast<int>(weight.integer());
    }
    return std::nullopt;
  }

  JsonValue root_;
};

}  // namespace

std::span<const ThresholdKey> threshold_keys() { return kThresholdKeys; }

const ThresholdKey* find_threshold(std::string_view name) {
  for (const auto& key : kThresholdKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::span<const LimitKey> limit_keys() { return kLimitKeys; }

std::optional<double> parse_threshold(const ThresholdKey& key, std::string_view text, std::string& error) {
  double value = 0;
  const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || failure != std::errc{} || end != text.data() + text.size()) {
    error = fmt::format("must be {}, not {}", threshold_range(key), printable(text));
    return std::nullopt;
  }
  if (auto problem = threshold_problem(key, value, text)) {
    error = *problem;
    return std::nullopt;
  }
  return value;
}

std::string option_name(std::string_view key_name) {
  std::string name = "--" + std::string(key_name);
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::uint64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 'k':
      case 'K':
        unit = 1024;
        break;
      case 'm':
      case 'M':
        unit = kMiB;
        break;
      case 'g':
      case 'G':
        unit = 1024 * kMiB;
        break;
      default:
        break;
    }
    if (unit != 1) text.remove_suffix(1);
  }
  std::uint64_t count = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (count > std::numeric_limits<std::uint64_t>::max() / unit) return std::nullopt;
  return count * unit;
}

std::optional<std::uint64_t> parse_limit(const LimitKey& key, std::string_view text, std::string& error) {
  std::optional<std::uint64_t> value;
  if (key.byte_size) {
    value = parse_byte_size(text);
  } else if (std::uint64_t count = 0; !text.empty()) {
    const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), count);
    if (failure == std::errc{} && end == text.data() + text.size()) value = count;
  }
  const auto bound = [&](std::uint64_t v) { return key.byte_size ? format_byte_size(v) : std::to_string(v); };
  if (!value || *value < key.low || *value > key.high) {
    error = fmt::format("must be {} from {} to {}, not {}",
                        key.byte_size ? "a number of bytes (or with K, M or G)" : "a whole number", bound(key.low),
                        bound(key.high), printable(text));
    return std::nullopt;
  }
  return value;
}

std::string format_byte_size(std::uint64_t bytes) {
  for (const auto& [unit, suffix] :
       {std::pair{1024 * kMiB, 'G'}, std::pair{kMiB, 'M'}, std::pair{std::uint64_t{1024}, 'K'}}) {
    if (bytes >= unit && bytes % unit == 0) return fmt::format("{}{}", bytes / unit, suffix);
  }
  return std::to_string(bytes);
}

std::variant<Config, ConfigError> parse_config(std::string_view text, std::string path) {
  auto parsed = parse_json(text);
  if (auto* error = std::get_if<JsonParseError>(&parsed)) return ConfigError{path, error->position, error->message};
  const JsonDocument& document = std::get<JsonDocument>(parsed);
  if (!document.duplicates.empty()) {
    const auto& duplicate = document.duplicates.front();
    return ConfigError{path, duplicate.position, fmt::format("duplicate key {}", duplicate.pointer)};
  }
  Config config;
  config.path = path;
  if (auto failure = ConfigReader(document.root()).read(config)) {
    const SourcePosition position = document.member_position(failure->pointer).value_or(SourcePosition{});
    return ConfigError{path, position, failure->message};
  }
  return config;
}

std::variant<Config, ConfigError> load_config(const fs::path& path, std::uint64_t max_size, Symlinks symlinks) {
  auto read = read_file(path.string(), {max_size, "--max-file-size"}, symlinks);
  if (auto* failure = std::get_if<ReadFailure>(&read)) {
    using Kind = ReadFailure::Kind;
    // Where a refused link leads is not said either: a student could point it at a secret.
    if (failure->kind == Kind::symlink)
      return ConfigError{path.string(), {}, "the config is a symlink, which is not followed"};
    const bool unreadable = failure->kind == Kind::cannot_open || failure->kind == Kind::directory;
    return ConfigError{path.string(), {}, unreadable ? "cannot read the config file" : std::move(failure->message)};
  }
  return parse_config(std::get<FileText>(read).text, path.string());
}

std::optional<fs::path> discover_config(const fs::path& evidence_path, FolderFacts* folders) {
  std::error_code error;
  fs::path dir = fs::absolute(evidence_path, error).parent_path();
  while (!dir.empty()) {
    if (regular_file_at(folders, dir / kConfigFileName)) return dir / kConfigFileName;
    if (path_exists(folders, dir / ".git") || dir == dir.root_path()) break;
    dir = dir.parent_path();
  }
  return std::nullopt;
}

void apply_config(const Config& config, CheckOptions& options) {
  if (config.profile) options.profile = *config.profile;
  for (const auto& [key, value] : config.thresholds) key->set(options.thresholds, value);
  for (const auto& [key, value] : config.limits) key->set(options, value);
  for (const auto& [id, setting] : config.rules) options.rule_settings[id] = setting;
  for (const auto& [id, weight] : config.points) options.points[id] = weight;
}

}  // namespace dlcheck
