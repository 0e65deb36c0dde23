#include "engine/options.hpp"

#include <fmt/format.h>

#include "text/source_text.hpp"

namespace dlcheck {

std::string describe(const ConfigError& error) {
  return fmt::format("{}:{}:{}: {}", printable(error.path), error.position.line, error.position.column,
                     printable(error.message));
}

OptionsResolver::OptionsResolver(CommandLineOptions command_line) : command_line_(std::move(command_line)) {}

std::optional<ConfigError> OptionsResolver::load_configs(std::span<const std::string> files) {
  // A config is read under the command line's --max-file-size: it cannot raise its own limit.
  CheckOptions limits;
  for (const auto& [key, value] : command_line_.limits) key->set(limits, value);
  const std::uint64_t max_size = limits.max_file_size;
  if (command_line_.config) {
    auto loaded = load_config(*command_line_.config, max_size);
    if (auto* error = std::get_if<ConfigError>(&loaded)) return std::move(*error);
    named_config_ = std::get<Config>(std::move(loaded));
    return std::nullopt;
  }
  if (command_line_.isolated) return std::nullopt;
  for (const std::string& file : files) {
    const auto found = discover_config(file);
    if (!found) {
      file_configs_.emplace(file, nullptr);
      continue;
    }
    auto it = discovered_.find(found->string());
    if (it == discovered_.end()) {
      auto loaded = load_config(*found, max_size);
      if (auto* error = std::get_if<ConfigError>(&loaded)) return std::move(*error);
      it = discovered_.emplace(found->string(), std::get<Config>(std::move(loaded))).first;
    }
    file_configs_.emplace(file, &it->second);
  }
  return std::nullopt;
}

const Config* OptionsResolver::config_for(const std::string& file) const {
  if (named_config_) return &*named_config_;
  if (command_line_.isolated) return nullptr;
  if (const auto it = file_configs_.find(file); it != file_configs_.end()) return it->second;
  // A file load_configs() did not see gets a config only if it was loaded for another file.
  const auto found = discover_config(file);
  if (!found) return nullptr;
  const auto it = discovered_.find(found->string());
  return it == discovered_.end() ? nullptr : &it->second;
}

CheckOptions OptionsResolver::options_for(const std::string& file) const {
  CheckOptions options;
  if (const Config* config = config_for(file)) apply_config(*config, options);
  if (command_line_.profile) options.profile = *command_line_.profile;
  for (const auto& [key, value] : command_line_.thresholds) key->set(options.thresholds, value);
  for (const auto& [key, value] : command_line_.limits) key->set(options, value);
  options.fail_on = command_line_.fail_on;
  if (command_line_.root) options.project_root = *command_line_.root;
  return options;
}

}  // namespace dlcheck
