#pragma once
// The rubric config (.dlcheck.json): profile, thresholds, rule severities and points.

#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dlcheck/checker.hpp"

namespace dlcheck {

inline constexpr std::string_view kConfigFileName = ".dlcheck.json";

/// One threshold the config may set, and where it goes in Thresholds.
struct ThresholdKey {
  std::string_view name;
  enum class Kind { count, fraction, number } kind;
  std::string_view description;
  void (*set)(Thresholds& thresholds, double value);
};

/// Every threshold key, in documentation order.
std::span<const ThresholdKey> threshold_keys();

struct Config {
  std::string path;
  std::optional<Profile> profile;
  std::vector<std::pair<const ThresholdKey*, double>> thresholds;
  std::map<std::string, RuleSetting, std::less<>> rules;
  std::map<std::string, int, std::less<>> points;
};

struct ConfigError {
  std::string path;
  SourcePosition position;
  std::string message;
};

/// Parses a config text; `path` is only for messages. Unknown keys, unknown rule ids and wrong
/// types are errors with the position and, where it helps, "did you mean".
std::variant<Config, ConfigError> parse_config(std::string_view text, std::string path);

/// Reads and parses a config file.
std::variant<Config, ConfigError> load_config(const std::filesystem::path& path);

/// The nearest .dlcheck.json from the evidence file's folder upward, stopping after the
/// repository root (a folder with .git) or at "/".
std::optional<std::filesystem::path> discover_config(const std::filesystem::path& evidence_path);

/// Applies the config to options (the command line is applied after, so it wins).
void apply_config(const Config& config, CheckOptions& options);

}  // namespace dlcheck
