#include "format/format_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <system_error>
#include <vector>

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

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string repository_path(const FileReport& file) {
  return file.repo_path.empty() ? repo_relative_path(file.path) : file.repo_path;
}

PrimaryLocation repository_location(const FileReport& file, const Finding& finding) {
  if (!finding.artifact) {
    return {repository_path(file), static_cast<std::size_t>(finding.position.line),
            static_cast<std::size_t>(finding.position.column)};
  }
  // A named file's shown path is the evidence folder as given joined with the declared path, so
  // its place from that folder carries over to the evidence file's repository path.
  namespace fs = std::filesystem;
  PrimaryLocation location{repo_relative_path(finding.artifact->path), finding.artifact->line,
                           finding.artifact->column};
  const fs::path folder = fs::path(file.path).lexically_normal().parent_path();
  const fs::path inside =
      fs::path(finding.artifact->path).lexically_normal().lexically_relative(folder.empty() ? "." : folder);
  if (!file.repo_path.empty() && !inside.empty()) {
    std::string text = (fs::path(file.repo_path).parent_path() / inside).lexically_normal().generic_string();
    while (text.starts_with("./")) text.erase(0, 2);
    location.path = std::move(text);
  }
  return location;
}

namespace {

/// At most `width` values: the mean of each of `width` equal buckets of points.
std::vector<double> resample(const std::vector<CurvePoint>& points, std::size_t width) {
  std::vector<double> values;
  if (points.size() <= width) {
    for (const CurvePoint& point : points) values.push_back(point.value);
    return values;
  }
  for (std::size_t bucket = 0; bucket < width; ++bucket) {
    const std::size_t begin = bucket * points.size() / width, end = (bucket + 1) * points.size() / width;
    double sum = 0;
    for (std::size_t i = begin; i < end; ++i) sum += points[i].value;
    values.push_back(sum / static_cast<double>(end - begin));
  }
  return values;
}

}  // namespace

std::vector<FixFirst> fix_first(const FileReport& file, std::size_t limit, std::size_t* more) {
  std::vector<FixFirst> failed;
  const auto add = [&](const RuleInfo* rule) {
    FixFirst item{rule, Severity::info, nullptr};
    for (const Finding& finding : file.findings) {
      if (finding.rule != rule->id || finding.severity == Severity::info) continue;
      if (item.finding == nullptr) item.finding = &finding;
      item.severity = std::max(item.severity, finding.severity);
    }
    if (item.finding == nullptr) item.severity = rule->severity;  // its findings were left out
    failed.push_back(item);
  };
  for (const ChecklistEntry& entry : file.checklist) {
    if (entry.status == ItemStatus::failed) add(entry.rule);
  }
  for (const RuleInfo* rule : file.other_rules) {
    const bool problem = std::any_of(file.findings.begin(), file.findings.end(), [&](const Finding& finding) {
      return finding.rule == rule->id && finding.severity != Severity::info;
    });
    if (problem) add(rule);
  }
  std::stable_sort(failed.begin(), failed.end(),
                   [](const FixFirst& a, const FixFirst& b) { return a.severity > b.severity; });
  if (more != nullptr) *more = failed.size() > limit ? failed.size() - limit : 0;
  if (failed.size() > limit) failed.resize(limit);
  return failed;
}

std::string sparkline(const LossCurve& curve, std::size_t width) {
  static constexpr std::array<std::string_view, 8> kBlocks = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  const std::vector<double> values = resample(curve.points, width);
  if (values.empty()) return "";
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  const double range = *high - *low;
  std::string out;
  for (double value : values) {
    const long level = range > 0 ? std::lround((value - *low) / range * 7) : 3;
    out += kBlocks[static_cast<std::size_t>(std::clamp(level, 0L, 7L))];
  }
  return out;
}

}  // namespace dlcheck
