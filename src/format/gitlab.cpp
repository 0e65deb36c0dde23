// GitLab Code Quality: a JSON array of {description, check_name, fingerprint, severity,
// location: {path, lines: {begin}}}, one per finding and one (info) per checklist item that could
// not be checked. GitLab compares the fingerprints of two pipelines to tell new problems from
// fixed ones, so a fingerprint hashes what the problem is (rule, files, JSON pointer) and not the
// line it is on: editing another part of the record does not make every finding look new.

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_set>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

using Json = nlohmann::ordered_json;

// GitLab's scale is info, minor, major, critical, blocker. A file that cannot be read or parsed
// was not checked at all, which is worse than any one failed item.
std::string_view gitlab_severity(Severity severity, bool input_error) {
  if (input_error) return "critical";
  switch (severity) {
    case Severity::info:
      return "info";
    case Severity::warning:
      return "minor";
    case Severity::error:
      return "major";
  }
  return "major";
}

// What identifies a finding across pipelines: its rule, the evidence file, the file it points
// into, and the member (its JSON pointer) or, inside a named file, its line there; a finding
// about the whole record has no pointer, so its message tells it apart.
std::string finding_key(const FileReport& file, const Finding& finding, const PrimaryLocation& location) {
  std::string key = fmt::format("{}\n{}\n{}\n", finding.rule, repository_path(file), location.path);
  if (finding.artifact) {
    key += fmt::format("{}:{}\n", finding.artifact->line, finding.artifact->column);
  }
  key += finding.pointer.empty() ? finding.message : finding.pointer;
  return key;
}

Json issue(std::string description, std::string_view check_name, std::string fingerprint, std::string_view severity,
           const std::string& path, std::size_t line) {
  return Json{
      {"description", std::move(description)},
      {"check_name", check_name},
      {"fingerprint", std::move(fingerprint)},
      {"severity", severity},
      // GitLab counts lines from 1; a finding about a whole file points at its first line.
      {"location", {{"path", printable(path)}, {"lines", {{"begin", std::max<std::size_t>(line, 1)}}}}},
  };
}

class GitlabWriter final : public ReportWriter {
 public:
  explicit GitlabWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader& header) override { rules_ = header.rules; }

  void file(const FileReport& file, std::string) override {
    for (const Finding& finding : file.findings) {
      const PrimaryLocation location = repository_location(file, finding);
      std::string description = printable(finding.message);
      if (!finding.hint.empty()) description += " — " + printable(finding.hint);
      const bool input_error = finding.severity == Severity::error && is_input_rule(finding.rule);
      issues_.push_back(issue(std::move(description), printable(finding.rule),
                              unique_fingerprint(finding_key(file, finding, location)),
                              gitlab_severity(finding.severity, input_error), location.path, location.line));
    }
    const std::string path = repository_path(file);
    for (const ChecklistEntry& entry : file.checklist) {
      if (entry.status != ItemStatus::not_checked) continue;
      issues_.push_back(issue(fmt::format("not checked: {}", printable(entry.reason)), entry.rule->id,
                              unique_fingerprint(fmt::format("not checked\n{}\n{}", entry.rule->id, path)), "info",
                              path, 1));
    }
  }

  void end(const ReportFooter&) override {
    // Paths come from the command line and may hold invalid UTF-8; never let dump() throw on them.
    out_ << issues_.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  }

 private:
  bool is_input_rule(std::string_view id) const {
    return std::any_of(rules_.begin(), rules_.end(),
                       [&](const RuleInfo* rule) { return rule->id == id && rule->section == Section::input; });
  }

  // The hash of `key` as 16 hex digits; a key seen before (two findings alike in every part)
  // is hashed again with its occurrence number, in report order, so each fingerprint is unique.
  std::string unique_fingerprint(const std::string& key) {
    std::string fingerprint = fmt::format("{:016x}", stable_hash(key));
    for (int occurrence = 2; !used_.insert(fingerprint).second; ++occurrence) {
      fingerprint = fmt::format("{:016x}", stable_hash(fmt::format("{}\n#{}", key, occurrence)));
    }
    return fingerprint;
  }

  std::ostream& out_;
  std::vector<const RuleInfo*> rules_;
  std::unordered_set<std::string> used_;
  Json issues_ = Json::array();
};

}  // namespace

std::unique_ptr<ReportWriter> make_gitlab_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<GitlabWriter>(out);
}

}  // namespace dlcheck
