#pragma once
// The options of each evidence file: the defaults, then its rubric config, then the command line.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
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
  std::optional<std::filesystem::path> root;    ///< --root
  Severity fail_on = Severity::error;           ///< --fail-on
};

/// "path:line:col: message", as a usage error shows a config that cannot be used.
std::string describe(const ConfigError& error);

/// Layers the options of each evidence file. Each config file is read once, however many
/// evidence files it governs.
class OptionsResolver {
 public:
  explicit OptionsResolver(CommandLineOptions command_line);

  /// Reads the config --config names, or else the one discovered for each file (none with
  /// --isolated); the first one that cannot be read or parsed.
  std::optional<ConfigError> load_configs(std::span<const std::string> files);

  /// The options of one file: the defaults, then its config, then the command line. Safe to call
  /// from several threads once load_configs() has returned.
  CheckOptions options_for(const std::string& file) const;

 private:
  const Config* config_for(const std::string& file) const;

  CommandLineOptions command_line_;
  std::optional<Config> named_config_;
  std::map<std::string, Config> discovered_;                     ///< by the config's path
  std::unordered_map<std::string, const Config*> file_configs_;  ///< by evidence file; null for none
};

}  // namespace dlcheck
