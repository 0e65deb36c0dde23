#pragma once
// The options of each evidence file: the defaults, then its rubric config, then the command line.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "engine/checker.hpp"
#include "engine/config.hpp"

namespace dlcheck {

/// What the command line said about a check's options; each setting applies only when given.
struct CommandLineOptions {
  std::optional<Profile> profile;                                  ///< --profile
  std::vector<std::pair<const ThresholdKey*, double>> thresholds;  ///< --min-log-points and the like
  std::vector<std::pair<const LimitKey*, std::uint64_t>> limits;   ///< --max-depth and the like
  std::optional<std::filesystem::path> config;  ///< --config: one config for every file, instead of discovery
  bool isolated = false;                        ///< --isolated: no config at all (--config still applies)
  bool trust_local_configs = false;             ///< --trust-local-configs: found configs apply to a class too
  std::optional<std::filesystem::path> root;    ///< --root
  Severity fail_on = Severity::error;           ///< --fail-on
};

/// "path:line:col: message", as a usage error shows a config that cannot be used.
std::string describe(const ConfigError& error);

/// What a config changes from the defaults, as the local-config-ignored warning says it: "turn off
/// 2 rules, set profile record and raise max_file_size to 1G"; "change nothing" for an empty one.
std::string config_changes(const Config& config);

/// Layers the options of each evidence file. Each config file is read once, however many
/// evidence files it governs.
///
/// A config found by discovery is the checked project's own, so it is trusted less than the
/// command line: when several files are checked (a class) it is not applied unless
/// --trust-local-configs says so, only reported; where it is applied it may lower a limit but
/// not raise one past its default; and when it cannot be read or parsed, only the files it
/// governs are error rows. --config is the instructor's: it applies to every file, may raise
/// limits to their ceilings, and a mistake in it stops the run.
class OptionsResolver {
 public:
  explicit OptionsResolver(CommandLineOptions command_line);

  /// Reads the config --config names, or else finds and reads the config of each file (none
  /// with --isolated). Returns only an error of --config: a found config that cannot be used
  /// becomes the error of the files it governs, in options_for(). More than one file is a class.
  std::optional<ConfigError> load_configs(std::span<const std::string> files);

  /// The options of one file: the defaults, then its config, then the command line; with the
  /// config named for the report and what is said about it. Safe to call from several threads
  /// once load_configs() has returned.
  CheckOptions options_for(const std::string& file) const;

 private:
  using LoadedConfig = std::variant<Config, ConfigError>;

  const LoadedConfig* found_config_for(const std::string& file) const;
  void apply_found_config(const Config& config, CheckOptions& options) const;

  CommandLineOptions command_line_;
  std::optional<Config> named_config_;
  bool apply_found_ = true;                                                 ///< false in a class without trust
  std::map<std::string, LoadedConfig> found_;                               ///< by the config's path as shown
  std::unordered_map<std::string, const LoadedConfig*> file_configs_;       ///< by evidence file; null for none
  std::shared_ptr<FolderFacts> folders_ = std::make_shared<FolderFacts>();  ///< this run's, for every file
};

}  // namespace dlcheck
