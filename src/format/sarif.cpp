// SARIF 2.1.0 for code scanning: every rule as reporting metadata, every finding as a result, and
// every checklist item that could not be checked as a tool execution notification (a note naming
// the rule), never as a result: a result without a problem would read as a pass or an alert.
// What GitHub's code scanning asks of a result is always there: a region with start and end, a
// fingerprint that is stable between runs, and a path relative to the repository root.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema = "https://json.schemastore.org/sarif-2.1.0.json";
// Each rule's section of docs/rules.md, whose headings are the rule ids.
constexpr std::string_view kRulesDoc = DLCHECK_REPOSITORY_URL "/blob/main/docs/rules.md#";
// Repository-relative uris are relative to this base, which the consumer (code scanning) knows.
constexpr std::string_view kRootBase = "%SRCROOT%";
// The end of a line is looked for this far at most: a hostile record can be one long line.
constexpr std::size_t kMaxRegionBytes = 4096;

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "note";
  }
  return "error";
}

// "log-non-finite" → "LogNonFinite"
std::string pascal_case(std::string_view id) {
  std::string name;
  bool word_start = true;
  for (const char c : id) {
    if (c == '-' || c == '_') {
      word_start = true;
      continue;
    }
    name += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  return name;
}

// What the rule checks and how to fix it, as plain text.
std::string help_text(const RuleInfo& rule) {
  return fmt::format("{}.\n\n{}\n\nHow to fix: {}\n", rule.summary, rule.explanation, rule.hint);
}

// The rule's section of docs/rules.md, as Markdown.
std::string help_markdown(const RuleInfo& rule) {
  std::string text = help_text(rule);
  if (!rule.passing_example.empty()) text += fmt::format("\nPasses:\n\n```json\n{}\n```\n", rule.passing_example);
  if (!rule.failing_example.empty()) text += fmt::format("\nFails:\n\n```json\n{}\n```\n", rule.failing_example);
  return text;
}

Json rule_json(const RuleInfo& rule) {
  return Json{
      {"id", rule.id},
      {"name", pascal_case(rule.id)},
      {"shortDescription", {{"text", rule.summary}}},
      {"fullDescription", {{"text", rule.explanation}}},
      {"help", {{"text", help_text(rule)}, {"markdown", help_markdown(rule)}}},
      {"helpUri", fmt::format("{}{}", kRulesDoc, rule.id)},
      {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}},
      {"properties", {{"tags", Json::array({section_title(rule.section)})}}},
  };
}

std::optional<std::size_t> rule_index(const std::vector<const RuleInfo*>& rules, std::string_view id) {
  for (std::size_t i = 0; i < rules.size(); ++i) {
    if (rules[i]->id == id) return i;
  }
  return std::nullopt;
}

// Paths become URI references: every byte outside the unreserved set and "/" is percent-encoded,
// so spaces, "%", "#", a ":" that would read as a scheme, and non-ASCII text all survive.
std::string percent_encoded(std::string_view path) {
  std::string out;
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || std::string_view("-._~/").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

// A repository-relative path is relative to %SRCROOT%; one outside the repository stays absolute.
Json artifact_location(std::string_view path) {
  if (path.starts_with('/')) return Json{{"uri", "file://" + percent_encoded(path)}};
  return Json{{"uri", percent_encoded(path)}, {"uriBaseId", kRootBase}};
}

/// 1-based, columns in code points; the end column is the one after the region.
struct Region {
  std::size_t start_line = 1, start_column = 1, end_line = 1, end_column = 1;
};

// Code points in `text` up to its first line break, looking at kMaxRegionBytes at most.
std::size_t code_points_to_line_end(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size() && i < kMaxRegionBytes; ++i) {
    if (text[i] == '\n' || text[i] == '\r') break;
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// From where the member starts to the end of its line: the offending text as far as one line
// shows it. A refused file has no text: the region is its first character.
Region evidence_region(const FileReport& file, const Finding& finding) {
  Region region;
  region.start_line = region.end_line = static_cast<std::size_t>(std::max(finding.position.line, 1));
  region.start_column = region.end_column = static_cast<std::size_t>(std::max(finding.position.column, 1));
  if (finding.position.offset < file.source.size())
    region.end_column += code_points_to_line_end(std::string_view(file.source).substr(finding.position.offset));
  return region;
}

// A whole-file finding is its first line and column; a line with its excerpt ends where it does.
Region artifact_region(const ArtifactLocation& artifact) {
  Region region;
  if (artifact.line == 0) return region;
  region.start_line = region.end_line = artifact.line;
  region.start_column = region.end_column = std::max<std::size_t>(artifact.column, 1);
  if (!artifact.excerpt.empty())
    region.end_column = std::max(region.start_column, code_points_to_line_end(artifact.excerpt) + 1);
  return region;
}

Json physical_location(std::string_view path, const Region& region) {
  return Json{
      {"artifactLocation", artifact_location(path)},
      {"region",
       {{"startLine", region.start_line},
        {"startColumn", region.start_column},
        {"endLine", region.end_line},
        {"endColumn", region.end_column}}},
  };
}

// A finding inside a named file also points at the evidence field that names it.
Json related_evidence_location(const FileReport& file, const Finding& finding) {
  const std::string pointer = finding.pointer.empty() ? "the record" : printable(finding.pointer);
  const Json related{
      {"physicalLocation", physical_location(repository_path(file), evidence_region(file, finding))},
      {"message", {{"text", fmt::format("named by {} in the evidence file", pointer)}}},
  };
  return Json::array({related});
}

// Results are matched across runs by what they are about (rule, file, field), not by the line,
// which moves as the file is edited; the n-th result with the same key gets ":n".
class Fingerprints {
 public:
  std::string next(const Finding& finding, std::string_view path) {
    const std::string key =
        fmt::format("{}\n{}\n{}", finding.rule, path, finding.pointer.empty() ? finding.message : finding.pointer);
    const std::uint64_t hash = stable_hash(key);
    return fmt::format("{:016x}:{}", hash, ++seen_[hash]);
  }

 private:
  std::map<std::uint64_t, int> seen_;
};

Json result_json(const std::vector<const RuleInfo*>& rules, const FileReport& file, const Finding& finding,
                 Fingerprints& fingerprints) {
  const PrimaryLocation location = repository_location(file, finding);
  Json result{{"ruleId", finding.rule}};
  if (const auto index = rule_index(rules, finding.rule)) result["ruleIndex"] = *index;
  result["level"] = sarif_level(finding.severity);
  result["message"] = {{"text", printable(finding.message)}};
  const Region region = finding.artifact ? artifact_region(*finding.artifact) : evidence_region(file, finding);
  const Json primary{{"physicalLocation", physical_location(location.path, region)}};
  result["locations"] = Json::array({primary});
  if (finding.artifact) result["relatedLocations"] = related_evidence_location(file, finding);
  result["partialFingerprints"] = {{"dlcheck/v1", fingerprints.next(finding, location.path)}};
  return result;
}

Json not_checked_notification(const std::vector<const RuleInfo*>& rules, const FileReport& file,
                              const ChecklistEntry& entry) {
  Json rule{{"id", entry.rule->id}};
  if (const auto index = rule_index(rules, entry.rule->id)) rule["index"] = *index;
  const std::string path = repository_path(file);
  return Json{
      {"level", "note"},
      {"message", {{"text", fmt::format("{}: not checked: {}", printable(path), printable(entry.reason))}}},
      {"locations", Json::array({{{"physicalLocation", physical_location(path, Region{})}}})},
      {"associatedRule", rule},
  };
}

// Each evidence file checked, with the profile and the config it was checked under: a file
// that passes has no result to carry them.
Json artifact_json(const FileReport& file) {
  return Json{
      {"location", artifact_location(repository_path(file))},
      {"roles", Json::array({"analysisTarget"})},
      {"properties",
       {{"profile", format_as(file.profile)},
        {"config", file.config.empty() ? Json(nullptr) : Json(printable(repo_relative_path(file.config)))}}},
  };
}

// One document: the rules, then every file's results, written at the end.
class SarifWriter final : public ReportWriter {
 public:
  explicit SarifWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader& header) override { rules_ = header.rules; }

  void file(const FileReport& file, std::string) override {
    artifacts_.push_back(artifact_json(file));
    for (const Finding& finding : file.findings) results_.push_back(result_json(rules_, file, finding, fingerprints_));
    for (const ChecklistEntry& entry : file.checklist) {
      if (entry.status == ItemStatus::not_checked)
        notifications_.push_back(not_checked_notification(rules_, file, entry));
    }
  }

  void end(const ReportFooter&) override {
    Json rules = Json::array();
    for (const RuleInfo* rule : rules_) rules.push_back(rule_json(*rule));
    const Json run{
        {"tool", {{"driver", {{"name", "dlcheck"}, {"version", DLCHECK_VERSION}, {"rules", rules}}}}},
        // Columns count UTF-8 characters, not the UTF-16 code units SARIF assumes by default.
        {"columnKind", "unicodeCodePoints"},
        {"originalUriBaseIds", {{kRootBase, {{"description", {{"text", "the repository root"}}}}}}},
        // dlcheck ran to the end; what it could not check is said here, not as results.
        {"invocations",
         Json::array({{{"executionSuccessful", true}, {"toolExecutionNotifications", std::move(notifications_)}}})},
        {"artifacts", std::move(artifacts_)},
        {"results", std::move(results_)},
    };
    const Json document{
        {"$schema", kSchema},
        {"version", "2.1.0"},
        {"runs", Json::array({run})},
    };
    // Paths come from the command line and may hold invalid UTF-8; never let dump() throw on them.
    out_ << document.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  }

 private:
  std::ostream& out_;
  std::vector<const RuleInfo*> rules_;
  Json artifacts_ = Json::array();
  Json results_ = Json::array();
  Json notifications_ = Json::array();
  Fingerprints fingerprints_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_sarif_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<SarifWriter>(out);
}

}  // namespace dlcheck
