#include "format/format_util.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace dlcheck {

std::string repo_relative_path(std::string_view path) {
  namespace fs = std::filesystem;
  fs::path shown = fs::path(std::string(path)).lexically_normal();
  if (shown.is_absolute()) {
    std::error_code error;
    const fs::path relative = shown.lexically_relative(fs::current_path(error));
    if (!error && !relative.empty() && *relative.begin() != "..") shown = relative;
  }
  std::string text = shown.generic_string();
  while (text.starts_with("./")) text.erase(0, 2);
  return text;
}

std::string location_text(const PrimaryLocation& location) {
  std::string text = location.path;
  if (location.line > 0) text += fmt::format(":{}", location.line);
  if (location.line > 0 && location.column > 0) text += fmt::format(":{}", location.column);
  return text;
}

std::string rubric_text(const FileReport& file) {
  if (file.config.empty()) return fmt::format("profile {}", file.profile);
  return fmt::format("profile {}, config {}", file.profile, repo_relative_path(file.config));
}

std::string ProfileTally::text(Profile asked) const {
  const int roadmap = counts_[static_cast<std::size_t>(Profile::roadmap)];
  const int record = counts_[static_cast<std::size_t>(Profile::record)];
  if (mixed()) return fmt::format("profile roadmap for {}, record for {}", roadmap, record);
  if (roadmap > 0) return "profile roadmap";
  if (record > 0) return "profile record";
  return fmt::format("profile {}", asked);
}

PrimaryLocation primary_location(const FileReport& file, const Finding& finding) {
  if (finding.artifact) {
    return {repo_relative_path(finding.artifact->path), finding.artifact->line, finding.artifact->column};
  }
  return {repo_relative_path(file.path), static_cast<std::size_t>(finding.position.line),
          static_cast<std::size_t>(finding.position.column)};
}

}  // namespace dlcheck
