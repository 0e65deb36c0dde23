#pragma once
// The rubric config (.dlcheck.json): profile, thresholds, limits, rule severities and points.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/checker.hpp"

namespace dlcheck {

inline constexpr std::string_view kConfigFileName = ".dlcheck.json";

/// One threshold the config may set, and where it goes in Thresholds. The config key
/// "min_log_points" is the option --min-log-points, which takes the same range.
struct ThresholdKey {
  std::string_view name;
  enum class Kind { count, fraction, number } kind;
  double low, high;              ///< the allowed range; high may be infinite
  std::string_view description;  ///< the option's help text
  double (*get)(const Thresholds& thresholds);
  void (*set)(Thresholds& thresholds, double value);
};

/// Every threshold key, in documentation (and --help) order.
std::span<const ThresholdKey> threshold_keys();

/// The key named `name` ("min_log_points"), or nullptr.
const ThresholdKey* find_threshold(std::string_view name);

/// A threshold's value as written on the command line; nullopt when it is malformed or out of
/// the range the config allows too, with `error` saying what it must be ("must be a whole number
/// from 1 to 1000000, not 0").
std::optional<double> parse_threshold(const ThresholdKey& key, std::string_view text, std::string& error);

/// One limit on untrusted input: the config key "max_depth" under "limits" is the option --max-depth.
struct LimitKey {
  std::string_view name;
  bool byte_size;                ///< a size in bytes, written with an optional K, M or G suffix
  std::uint64_t low, high;       ///< the allowed range; `high` keeps even a student's config safe
  std::string_view description;  ///< the option's help text, before its ceiling
  std::uint64_t (*get)(const CheckOptions& options);
  void (*set)(CheckOptions& options, std::uint64_t value);
};

/// Every limit, in documentation (and --help) order.
std::span<const LimitKey> limit_keys();

/// The option that sets a config key: "--max-depth" for "max_depth".
std::string option_name(std::string_view key_name);

/// A whole number of bytes, optionally followed by K, M or G (KiB, MiB, GiB; either case): "16M".
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

/// A limit's value as read from the command line or a config string: a byte size for byte keys,
/// else a whole number; nullopt when it is malformed or out of range, with `error` saying what it
/// must be ("must be a whole number from 1 to 1000, not 5000").
std::optional<std::uint64_t> parse_limit(const LimitKey& key, std::string_view text, std::string& error);

/// A byte size as written in the documentation: "16M" when it is a whole number of MiB, and so on.
std::string format_byte_size(std::uint64_t bytes);

struct Config {
  std::string path;
  std::optional<Profile> profile;
  std::vector<std::pair<const ThresholdKey*, double>> thresholds;
  std::vector<std::pair<const LimitKey*, std::uint64_t>> limits;
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

/// Reads and parses a config file, refused over `max_size` bytes (--max-file-size, as for an
/// evidence file: a config cannot raise the limit it is read under).
/// A config found by discovery is read with Symlinks::refuse: it lies in a student's folder.
std::variant<Config, ConfigError> load_config(const std::filesystem::path& path,
                                              std::uint64_t max_size = CheckOptions{}.max_file_size,
                                              Symlinks symlinks = Symlinks::follow);

/// The nearest .dlcheck.json from the evidence file's folder upward, stopping after the
/// repository root (a folder with .git) or at "/". `folders`, when given, answers for a whole run.
std::optional<std::filesystem::path> discover_config(const std::filesystem::path& evidence_path,
                                                     FolderFacts* folders = nullptr);

/// Applies the config to options (the command line is applied after, so it wins).
void apply_config(const Config& config, CheckOptions& options);

}  // namespace dlcheck
