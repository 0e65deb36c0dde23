#include "engine/options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "rules/rule.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

// A found config as the report names it: relative to the current folder when it lies below
// it, like the evidence paths a folder search gives, else absolute.
std::string shown_path(const fs::path& path) {
  std::error_code error;
  const fs::path relative = path.lexically_relative(fs::current_path(error));
  if (!error && !relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return path.string();
}

std::string limit_value(const LimitKey& key, std::uint64_t value) {
  return key.byte_size ? format_byte_size(value) : std::to_string(value);
}

std::string counted(std::size_t count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

// "a", "a and b", "a, b and c"
std::string listed(const std::vector<std::string>& parts) {
  if (parts.size() <= 1) return parts.empty() ? "" : parts.front();
  return fmt::format("{} and {}", fmt::join(parts.begin(), parts.end() - 1, ", "), parts.back());
}

// The config's value of `key`, if it sets one. Callers walk the key tables, so that what is
// said about a config follows the documentation's order, not the order of its JSON members.
template <typename Key, typename Value>
const Value* value_of(const std::vector<std::pair<const Key*, Value>>& values, const Key& key) {
  const auto it = std::find_if(values.begin(), values.end(), [&](const auto& entry) { return entry.first == &key; });
  return it == values.end() ? nullptr : &it->second;
}

// A finding about the file's config: about the whole evidence file, so at its start.
Finding config_finding(std::string_view rule_id, std::string message) {
  const RuleInfo& rule = find_rule(rule_id)->info;
  Finding finding;
  finding.rule = std::string(rule.id);
  finding.severity = rule.severity;
  finding.message = std::move(message);
  finding.hint = std::string(rule.hint);
  return finding;
}

}  // namespace

std::string describe(const ConfigError& error) {
  return fmt::format("{}:{}:{}: {}", printable(error.path), error.position.line, error.position.column,
                     printable(error.message));
}

std::string config_changes(const Config& config) {
  const CheckOptions defaults;
  std::vector<std::string> parts;
  if (config.profile) parts.push_back(fmt::format("set profile {}", *config.profile));
  std::size_t off = 0, lowered = 0, raised = 0;
  for (const auto& [id, setting] : config.rules) {
    const Rule* rule = find_rule(id);
    if (setting.off)
      ++off;
    else if (setting.severity && rule != nullptr && *setting.severity < rule->info.severity)
      ++lowered;
    else if (setting.severity && rule != nullptr && *setting.severity > rule->info.severity)
      ++raised;
  }
  if (off > 0) parts.push_back(fmt::format("turn off {}", counted(off, "rule")));
  if (lowered > 0) parts.push_back(fmt::format("lower the severity of {}", counted(lowered, "rule")));
  if (raised > 0) parts.push_back(fmt::format("raise the severity of {}", counted(raised, "rule")));
  for (const ThresholdKey& key : threshold_keys()) {
    const double* value = value_of(config.thresholds, key);
    if (value != nullptr && *value != key.get(defaults.thresholds))
      parts.push_back(fmt::format("set {} to {}", key.name, *value));
  }
  for (const LimitKey& key : limit_keys()) {
    const std::uint64_t* value = value_of(config.limits, key);
    const std::uint64_t default_value = key.get(defaults);
    if (value != nullptr && *value != default_value) {
      parts.push_back(
          fmt::format("{} {} to {}", *value > default_value ? "raise" : "lower", key.name, limit_value(key, *value)));
    }
  }
  const auto weighted =
      std::count_if(config.points.begin(), config.points.end(), [](const auto& entry) { return entry.second != 1; });
  if (weighted > 0) {
    parts.push_back(fmt::format("change the points of {}", counted(static_cast<std::size_t>(weighted), "item")));
  }
  return parts.empty() ? "change nothing" : listed(parts);
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
  // In a class, each student fills their own folder: where a config lies tells nothing of who
  // wrote it, so none that is found applies without --trust-local-configs.
  apply_found_ = files.size() <= 1 || command_line_.trust_local_configs;
  for (const std::string& file : files) {
    const auto found = discover_config(file, folders_.get());
    if (!found) {
      file_configs_.emplace(file, nullptr);
      continue;
    }
    const std::string shown = shown_path(*found);
    auto it = found_.find(shown);
    if (it == found_.end()) it = found_.emplace(shown, load_config(shown, max_size, Symlinks::refuse)).first;
    file_configs_.emplace(file, &it->second);
  }
  return std::nullopt;
}

const OptionsResolver::LoadedConfig* OptionsResolver::found_config_for(const std::string& file) const {
  if (const auto it = file_configs_.find(file); it != file_configs_.end()) return it->second;
  // A file load_configs() did not see gets a config only if it was loaded for another file.
  const auto found = discover_config(file, folders_.get());
  if (!found) return nullptr;
  const auto it = found_.find(shown_path(*found));
  return it == found_.end() ? nullptr : &it->second;
}

void OptionsResolver::apply_found_config(const Config& config, CheckOptions& options) const {
  apply_config(config, options);
  options.config = config.path;
  // A found config may lower a limit, never raise it: the files it governs are what limits guard against.
  const CheckOptions defaults;
  for (const LimitKey& key : limit_keys()) {
    const std::uint64_t* value = value_of(config.limits, key);
    const std::uint64_t default_value = key.get(defaults);
    if (value == nullptr || *value <= default_value) continue;
    key.set(options, default_value);
    if (value_of(command_line_.limits, key) != nullptr) continue;  // the command line decides it anyway
    options.config_findings.push_back(config_finding(
        "local-config-limit",
        fmt::format("{} asks for {} {}, over the default: a config found beside the evidence may only lower a "
                    "limit, so it stays {} ({} or --config may raise it)",
                    printable(config.path), key.name, limit_value(key, *value), limit_value(key, default_value),
                    option_name(key.name))));
  }
}

CheckOptions OptionsResolver::options_for(const std::string& file) const {
  CheckOptions options;
  options.folders = folders_;
  if (named_config_) {
    apply_config(*named_config_, options);
    options.config = named_config_->path;
  } else if (const LoadedConfig* found = command_line_.isolated ? nullptr : found_config_for(file)) {
    if (const auto* error = std::get_if<ConfigError>(found)) {
      options.config_error = config_finding("invalid-config", describe(*error));
    } else if (apply_found_) {
      apply_found_config(std::get<Config>(*found), options);
    } else {
      const Config& config = std::get<Config>(*found);
      options.config_findings.push_back(config_finding(
          "local-config-ignored",
          fmt::format("{} is not applied: when several files are checked, a config found beside them applies only "
                      "with --trust-local-configs; it would {}",
                      printable(config.path), config_changes(config))));
    }
  }
  if (command_line_.profile) options.profile = *command_line_.profile;
  for (const auto& [key, value] : command_line_.thresholds) key->set(options.thresholds, value);
  for (const auto& [key, value] : command_line_.limits) key->set(options, value);
  options.fail_on = command_line_.fail_on;
  if (command_line_.root) options.project_root = *command_line_.root;
  return options;
}

}  // namespace dlcheck
