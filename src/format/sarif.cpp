// SARIF 2.1.0 for code scanning: every rule as reporting metadata, every finding as a result, and
// every checklist item that could not be checked as a tool execution notification (a note naming
// the rule), never as a result: a result without a problem would read as a pass or an alert.

#include <fmt/format.h>

#include <cctype>
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

Json rule_json(const RuleInfo& rule) {
  return Json{
      {"id", rule.id},
      {"name", pascal_case(rule.id)},
      {"shortDescription", {{"text", rule.summary}}},
      {"fullDescription", {{"text", rule.explanation}}},
      {"help", {{"text", rule.hint}}},
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

std::string uri_of(std::string_view path) {
  // repo_relative_path keeps a path outside the current folder absolute.
  return path.starts_with('/') ? "file://" + percent_encoded(path) : percent_encoded(path);
}

Json physical_location(std::string_view path, std::size_t line, std::size_t column) {
  Json location{{"artifactLocation", {{"uri", uri_of(path)}}}};
  if (line == 0) return location;  // about the whole file: SARIF has no line 0
  Json region{{"startLine", line}};
  if (column > 0) region["startColumn"] = column;
  location["region"] = region;
  return location;
}

// A finding inside a named file also points at the evidence field that names it.
Json related_evidence_location(const FileReport& file, const Finding& finding) {
  const std::string pointer = finding.pointer.empty() ? "the record" : printable(finding.pointer);
  const Json related{
      {"physicalLocation",
       physical_location(repo_relative_path(file.path), static_cast<std::size_t>(finding.position.line),
                         static_cast<std::size_t>(finding.position.column))},
      {"message", {{"text", fmt::format("named by {} in the evidence file", pointer)}}},
  };
  return Json::array({related});
}

Json result_json(const std::vector<const RuleInfo*>& rules, const FileReport& file, const Finding& finding) {
  const PrimaryLocation location = primary_location(file, finding);
  Json result{{"ruleId", finding.rule}};
  if (const auto index = rule_index(rules, finding.rule)) result["ruleIndex"] = *index;
  result["level"] = sarif_level(finding.severity);
  result["message"] = {{"text", printable(finding.message)}};
  const Json primary{{"physicalLocation", physical_location(location.path, location.line, location.column)}};
  result["locations"] = Json::array({primary});
  if (finding.artifact) result["relatedLocations"] = related_evidence_location(file, finding);
  return result;
}

Json not_checked_notification(const std::vector<const RuleInfo*>& rules, const FileReport& file,
                              const ChecklistEntry& entry) {
  Json rule{{"id", entry.rule->id}};
  if (const auto index = rule_index(rules, entry.rule->id)) rule["index"] = *index;
  const std::string path = repo_relative_path(file.path);
  return Json{
      {"level", "note"},
      {"message", {{"text", fmt::format("{}: not checked: {}", printable(path), printable(entry.reason))}}},
      {"locations", Json::array({{{"physicalLocation", physical_location(path, 0, 0)}}})},
      {"associatedRule", rule},
  };
}

// Each evidence file checked, with the profile and the config it was checked under: a file
// that passes has no result to carry them.
Json artifact_json(const FileReport& file) {
  const std::string path = repo_relative_path(file.path);
  return Json{
      {"location", {{"uri", uri_of(path)}}},
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
    for (const Finding& finding : file.findings) results_.push_back(result_json(rules_, file, finding));
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
};

}  // namespace

std::unique_ptr<ReportWriter> make_sarif_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<SarifWriter>(out);
}

}  // namespace dlcheck
