#include "engine/checker.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <system_error>
#include <unordered_set>

#include "io/read_file.hpp"
#include "record/evidence.hpp"
#include "record/fields.hpp"
#include "rules/field_checks.hpp"
#include "rules/rule.hpp"
#include "text/text_match.hpp"

namespace dlcheck {

void list_other_rules(FileReport& report) {
  report.other_rules.clear();
  for (const Rule& rule : all_rules()) {
    const bool in_checklist = std::any_of(report.checklist.begin(), report.checklist.end(),
                                          [&](const ChecklistEntry& entry) { return entry.rule == &rule.info; });
    if (!in_checklist && !report.findings_of(rule.info.id).empty()) report.other_rules.push_back(&rule.info);
  }
}

namespace {

Finding input_finding(const RuleInfo& rule, std::string message, SourcePosition position, bool points_at_text) {
  Finding finding;
  finding.rule = std::string(rule.id);
  finding.severity = Severity::error;
  finding.message = std::move(message);
  finding.hint = std::string(rule.hint);
  finding.position = position;
  finding.member_exists = points_at_text;
  return finding;
}

// A checklist item's points: the rubric's, else 1. Under the record profile a claim about the
// project's files is worth 0 unless the rubric says otherwise: it is checked and can fail the file,
// but the score counts the record's own items, whatever files a record names.
int item_points(const RuleInfo& rule, const CheckOptions& options) {
  const auto points = options.points.find(rule.id);
  if (points != options.points.end()) return points->second;
  return options.profile == Profile::record && rule.section == Section::verification ? 0 : 1;
}

// The points of every checklist item of the profile that the rubric leaves on: the denominator
// of every file checked under these options, whether it could be checked or not.
int points_total(const CheckOptions& options) {
  int total = 0;
  for (const Rule& rule : all_rules()) {
    if (!is_checklist_item(rule.info) || !applies_to(rule.info, options.profile)) continue;
    const auto setting = options.rule_settings.find(rule.info.id);
    if (setting != options.rule_settings.end() && setting->second.off) continue;
    total += item_points(rule.info, options);
  }
  return total;
}

FileReport input_error(FileReport report, Finding finding, const CheckOptions& options) {
  report.verdict = Verdict::error;
  report.points_total = points_total(options);
  report.findings.push_back(std::move(finding));
  list_other_rules(report);
  return report;
}

RecordSummary summarise_record(const Evidence& evidence, const std::optional<MetricSummary>& metric) {
  RecordSummary summary;
  if (JsonValue task = evidence.find(fields::kTask.pointer); task != nullptr && task->is_string()) {
    summary.task = task->string();
  }
  if (metric) summary.improvement = metric->improvement;
  if (JsonValue count = evidence.find(fields::kFailureCaseCount.pointer); count != nullptr && rules::is_count(*count)) {
    summary.failure_case_count = static_cast<std::int64_t>(count->number());
  } else if (JsonValue cases = evidence.find(fields::kFailureCases.pointer); cases != nullptr && cases->is_array()) {
    summary.failure_case_count = static_cast<std::int64_t>(cases->size());
    summary.failure_count_from_list = true;
  }
  JsonValue next_step = evidence.find(fields::kNextStep.pointer);
  if (next_step != nullptr && next_step->is_string()) {
    summary.next_step = next_step->string();
  } else if (JsonValue change = evidence.find(fields::kNextStepChange.pointer);
             change != nullptr && change->is_string()) {
    summary.next_step = change->string();
  }
  return summary;
}

// A sample's value as the report shows it: a string as it is, anything else as compact JSON.
std::optional<std::string> sample_text(JsonValue value) {
  if (value == nullptr || value->is_null()) return std::nullopt;
  if (value->is_string()) return std::string(value->string());
  return value->dump();
}

// The record's list at `pointer` (success_samples, failure_cases) as the report's rows, when it
// is a non-empty array: the formats read the report, never the record.
std::vector<SampleRow> sample_rows(const Evidence& evidence, std::string_view pointer) {
  std::vector<SampleRow> rows;
  JsonValue samples = evidence.find(pointer);
  if (samples == nullptr || !samples->is_array()) return rows;
  rows.reserve(samples->size());
  for (const JsonValue sample : samples->elements()) {
    SampleRow& row = rows.emplace_back();
    if (!sample.is_object()) {
      row.is_object = false;
      row.whole = sample_text(sample);
      continue;
    }
    const JsonValue label = sample.find("label");
    const JsonValue prediction = sample.find("prediction");
    row.input = sample_text(sample.find("input"));
    row.label = sample_text(label);
    row.prediction = sample_text(prediction);
    row.note = sample_text(sample.find("note"));
    row.prediction_differs = label != nullptr && prediction != nullptr && !same_json(label, prediction);
  }
  return rows;
}

std::optional<MetricSummary> summarise_metric(const MetricClaim& claim) {
  if (claim.name.empty()) return std::nullopt;
  MetricSummary summary;
  summary.name = claim.name;
  summary.higher_is_better = claim.higher_is_better;
  summary.unit = claim.unit;
  summary.baseline = claim.baseline.number;
  summary.current = claim.current.number;
  const bool comparable = summary.baseline && summary.current && summary.higher_is_better &&
                          !(claim.known != nullptr && claim.known->range == MetricRange::unit_interval &&
                            on_different_scales(*summary.baseline, *summary.current));
  if (comparable) {
    summary.improvement = signed_improvement(*summary.baseline, *summary.current, *summary.higher_is_better);
    summary.relative_improvement = relative_improvement(*summary.improvement, *summary.baseline);
  }
  return summary;
}

// A placeholder in a field that a checklist item already failed is said once, by the item.
void drop_placeholders_reported_elsewhere(std::vector<Finding>& findings) {
  std::unordered_set<std::string> reported;
  for (const Finding& finding : findings) {
    if (finding.rule != "placeholder") reported.insert(finding.pointer);
  }
  std::erase_if(findings, [&](const Finding& finding) {
    return finding.rule == "placeholder" && reported.contains(finding.pointer);
  });
}

std::string count_by_severity(const std::array<int, 3>& counts) {
  std::vector<std::string> parts;
  for (const Severity severity : {Severity::error, Severity::warning, Severity::info}) {
    const int count = counts[static_cast<std::size_t>(severity)];
    if (count > 0) parts.push_back(fmt::format("{} {}{}", count, severity, count == 1 ? "" : "s"));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

// A stable sort by offset that moves each finding once: sorting the findings themselves moved
// them log n times each.
void sort_by_position(std::vector<Finding>& findings) {
  const auto by_offset = [](const Finding& a, const Finding& b) { return a.position.offset < b.position.offset; };
  if (std::is_sorted(findings.begin(), findings.end(), by_offset)) return;
  std::vector<std::pair<std::size_t, std::size_t>> order;  // offset, index
  order.reserve(findings.size());
  for (std::size_t i = 0; i < findings.size(); ++i) order.emplace_back(findings[i].position.offset, i);
  std::sort(order.begin(), order.end());
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (const auto& [offset, index] : order) sorted.push_back(std::move(findings[index]));
  findings = std::move(sorted);
}

// Over the limit, the first finding of every rule is kept, so each failed item still shows why,
// then the most severe of the rest; one note at the end counts what was left out.
void keep_at_most(FileReport& report, std::size_t max_findings) {
  std::vector<Finding>& findings = report.findings;
  // Rules count, without keeping, their findings past the limit (FindingSink::full()).
  const std::size_t counted = static_cast<std::size_t>(report.omitted[0] + report.omitted[1] + report.omitted[2]);
  if (findings.size() <= max_findings && counted == 0) return;
  std::vector<std::size_t> order(findings.size());
  std::vector<bool> first_of_rule(findings.size());
  std::unordered_set<std::string_view> seen;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    order[i] = i;
    first_of_rule[i] = seen.insert(findings[i].rule).second;
  }
  // A stable sort by (first of its rule, most severe) in one pass per class: a hostile file can
  // have a million findings.
  std::vector<std::uint8_t> rank(findings.size());  // 0 first in the order, 5 last
  for (std::size_t i = 0; i < findings.size(); ++i) {
    rank[i] = static_cast<std::uint8_t>((first_of_rule[i] ? 0 : 3) + static_cast<int>(Severity::error) -
                                        static_cast<int>(findings[i].severity));
  }
  std::size_t next = 0;
  for (std::uint8_t wanted = 0; wanted < 6; ++wanted) {
    for (std::size_t i = 0; i < findings.size(); ++i) {
      if (rank[i] == wanted) order[next++] = i;
    }
  }
  std::vector<bool> kept(findings.size());
  for (std::size_t i = 0; i < std::min(max_findings, findings.size()); ++i) kept[order[i]] = true;
  std::vector<Finding> shown;
  shown.reserve(std::min(max_findings, findings.size()) + 1);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (kept[i])
      shown.push_back(std::move(findings[i]));
    else
      ++report.omitted[static_cast<std::size_t>(findings[i].severity)];
  }
  const std::size_t left_out = findings.size() - std::min(max_findings, findings.size()) + counted;
  Finding note = input_finding(
      find_rule("too-many-findings")->info,
      fmt::format("{} more finding{} left out ({}): the report keeps at most {} per file "
                  "(--max-findings)",
                  left_out, left_out == 1 ? " is" : "s are", count_by_severity(report.omitted), max_findings),
      {}, false);
  note.severity = Severity::info;
  shown.push_back(std::move(note));
  findings = std::move(shown);
}

// Whether a failing roadmap check would pass under the record profile: each record item passed,
// and every finding that fails the file is a rule the record profile does not run. keep_at_most
// keeps each rule's first finding, so the kept findings name every rule that found something.
bool only_roadmap_items_fail(const FileReport& report, const CheckOptions& options) {
  if (report.profile != Profile::roadmap || report.verdict != Verdict::fail) return false;
  for (const ChecklistEntry& entry : report.checklist) {
    if (entry.rule->section == Section::record && entry.status != ItemStatus::passed) return false;
  }
  return std::none_of(report.findings.begin(), report.findings.end(), [&](const Finding& finding) {
    const Rule* rule = find_rule(finding.rule);
    return finding.severity >= options.fail_on && (rule == nullptr || applies_to(rule->info, Profile::record));
  });
}

// Checks a record whose byte-order mark, if it had one, is already gone.
FileReport check_source(std::string path, std::string text, const CheckOptions& options) {
  FileReport report;
  report.path = std::move(path);
  report.profile = options.profile;
  report.config = options.config;
  report.source = std::move(text);
  // What the resolver said about the file's config comes first: it is about the whole file, and
  // it may explain an input error (a limit it could not raise).
  report.findings = options.config_findings;

  JsonParseResult parsed = parse_json(report.source, options.parse_limits);
  if (auto* error = std::get_if<JsonParseError>(&parsed)) {
    return input_error(
        std::move(report),
        input_finding(find_rule("invalid-json")->info, checked_file_message(*error), error->position, true), options);
  }
  // Kept only while this file is checked: what the formats show of it goes into the report.
  const JsonDocument& document = std::get<JsonDocument>(parsed);
  if (!document.root().is_object()) {
    return input_error(std::move(report),
                       input_finding(find_rule("invalid-json")->info,
                                     fmt::format("the top level must be an object of evidence fields, not {}",
                                                 describe_json(document.root())),
                                     document.value_position("").value_or(SourcePosition{}), true),
                       options);
  }

  CheckContext evidence(document);
  evidence.set_thresholds(options.thresholds);
  if (options.read_project_files) {
    const ProjectPaths paths = locate_project(report.path, options.project_root, options.anchor, options.folders.get());
    const ArtifactOptions artifact_options{options.artifact_limits,
                                           options.profile == Profile::roadmap,
                                           {options.parse_limits.max_depth, options.max_file_size},
                                           options.threads};
    report.artifacts = std::make_shared<const ProjectArtifacts>(load_artifacts(evidence, paths, artifact_options));
    evidence.set_artifacts(report.artifacts.get());
  }
  report.points_total = points_total(options);
  for (const Rule& rule : all_rules()) {
    if (rule.check == nullptr || !applies_to(rule.info, options.profile)) continue;
    const auto setting = options.rule_settings.find(rule.info.id);
    if (setting != options.rule_settings.end() && setting->second.off) continue;
    const int points = item_points(rule.info, options);
    if (rule.applicable != nullptr && !rule.applicable(evidence)) {
      // Counted all the same: every file of a profile has the same denominator.
      if (is_checklist_item(rule.info) && points > 0) {
        report.not_applicable.push_back(
            {&rule.info, ItemStatus::not_checked, std::string(rule.not_applicable), points});
      }
      continue;
    }
    const std::size_t before = report.findings.size();
    FindingSink sink(evidence, rule.info, report.findings, options.max_findings);
    rule.check(evidence, sink);
    // The engine, not the rule, applies the rubric's severity (a confirmation stays information),
    // to the findings kept and to those only counted.
    const std::optional<Severity> rubric =
        setting != options.rule_settings.end() ? setting->second.severity : std::nullopt;
    const auto applied = [&](Severity severity) {
      return rubric && (severity != Severity::info || *rubric == Severity::info) ? *rubric : severity;
    };
    for (auto it = report.findings.begin() + static_cast<std::ptrdiff_t>(before); it != report.findings.end(); ++it)
      it->severity = applied(it->severity);
    bool skipped_problem = false;  // a finding counted but not kept still fails its item
    for (std::size_t severity = 0; severity < sink.skipped().size(); ++severity) {
      if (sink.skipped()[severity] == 0) continue;
      const Severity counted = applied(static_cast<Severity>(severity));
      report.omitted[static_cast<std::size_t>(counted)] += static_cast<int>(sink.skipped()[severity]);
      skipped_problem = skipped_problem || counted != Severity::info;
    }
    if (is_checklist_item(rule.info)) {
      // Information (a confirmed self-check, say) never costs an item its point.
      // A problem found outweighs a part that could not be checked; a check that could not run is
      // never passed.
      const bool failed = skipped_problem || std::any_of(report.findings.begin() + static_cast<std::ptrdiff_t>(before),
                                                         report.findings.end(), [](const Finding& finding) {
                                                           return finding.severity != Severity::info;
                                                         });
      const auto& reason = sink.not_checked_reason();
      const ItemStatus status = failed ? ItemStatus::failed : reason ? ItemStatus::not_checked : ItemStatus::passed;
      report.checklist.push_back(
          {&rule.info, status, status == ItemStatus::not_checked ? *reason : std::string(), points});
    }
  }
  drop_placeholders_reported_elsewhere(report.findings);
  sort_by_position(report.findings);

  report.metric = summarise_metric(evidence.metric());
  report.record = summarise_record(evidence, report.metric);
  report.success_samples = sample_rows(evidence, "/success_samples");
  report.failure_cases = sample_rows(evidence, "/failure_cases");
  // Findings a rule counted past --max-findings without keeping them (report.omitted) count too.
  bool failed = std::any_of(report.findings.begin(), report.findings.end(),
                            [&](const Finding& finding) { return finding.severity >= options.fail_on; });
  for (std::size_t severity = static_cast<std::size_t>(options.fail_on); severity < report.omitted.size(); ++severity)
    failed = failed || report.omitted[severity] > 0;
  report.verdict = failed ? Verdict::fail : Verdict::pass;
  keep_at_most(report, options.max_findings);  // after the verdict, which must count every finding
  list_other_rules(report);
  report.only_roadmap_items_fail = only_roadmap_items_fail(report, options);
  return report;
}

const RuleInfo& refusal_rule(ReadFailure::Kind kind) {
  switch (kind) {
    case ReadFailure::Kind::symlink:
      return find_rule("symlinked-evidence")->info;
    case ReadFailure::Kind::directory:
      return find_rule("missing-evidence")->info;
    default:
      return find_rule("unreadable-file")->info;
  }
}

std::string refusal_message(const std::string& path, ReadFailure& failure, const CheckOptions& options) {
  const std::string name = std::filesystem::path(path).filename().string();
  switch (failure.kind) {
    case ReadFailure::Kind::symlink: {
      // Where it leads is the link's own text, not the target's: reading it opens nothing.
      std::error_code error;
      const std::filesystem::path target = std::filesystem::read_symlink(path, error);
      if (error) return fmt::format("{} is a symlink, which is not followed", name);
      return fmt::format("{} is a symlink to \"{}\", which is not followed", name, target.string());
    }
    case ReadFailure::Kind::directory:
      return fmt::format("no file named {} in this folder or below", options.evidence_name);
    default:
      return std::move(failure.message);
  }
}

// A file whose config cannot be used is not read: the config decides how it would be checked.
FileReport config_error_report(const std::string& path, const CheckOptions& options) {
  FileReport report;
  report.path = path;
  report.profile = options.profile;
  return input_error(std::move(report), *options.config_error, options);
}

using Clock = std::chrono::steady_clock;

// The rules of the file's profile that its rubric leaves on, in rule-table order.
std::vector<const RuleInfo*> checked_rules(Profile profile, const CheckOptions& options) {
  std::vector<const RuleInfo*> rules;
  for (const Rule& rule : all_rules()) {
    const auto setting = options.rule_settings.find(rule.info.id);
    if (applies_to(rule.info, profile) && (setting == options.rule_settings.end() || !setting->second.off))
      rules.push_back(&rule.info);
  }
  return rules;
}

// What every report carries besides the check itself, whichever way the check ended.
FileReport finished(FileReport report, const CheckOptions& options, Clock::time_point start) {
  report.repo_path = repository_path(report.path, options);
  report.fail_on = options.fail_on;
  report.rules = checked_rules(report.profile, options);
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

}  // namespace

std::string repository_path(std::string_view path, const CheckOptions& options) {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path current;
  if (options.folders) {
    if (const auto& known = options.folders->current_path()) current = *known;
  } else {
    current = fs::current_path(error);
  }
  fs::path shown = fs::path(std::string(path)).lexically_normal();
  if (!current.empty()) {
    // Taken as written, never resolved through links: the same text gives the same path.
    const fs::path absolute = (current / shown).lexically_normal();
    std::optional<fs::path> root;
    if (options.repository_root)
      root = (current / *options.repository_root).lexically_normal();
    else if (options.find_repository_root)
      root = nearest_git_folder(absolute.parent_path(), options.folders.get());
    const fs::path relative = absolute.lexically_relative(root.value_or(current));
    shown = !relative.empty() && *relative.begin() != ".." ? relative : absolute;
  }
  std::string text = shown.generic_string();
  while (text.starts_with("./")) text.erase(0, 2);
  return text;
}

FileReport check_text(std::string path, std::string text, const CheckOptions& options) {
  const auto start = Clock::now();
  if (options.config_error) return finished(config_error_report(path, options), options, start);
  if (text.starts_with(kByteOrderMark)) text.erase(0, kByteOrderMark.size());
  return finished(check_source(std::move(path), std::move(text), options), options, start);
}

// Below the folder the user named, the evidence file is opened beneath it without following a
// link, so a student folder swapped for a symlink meanwhile cannot lead outside.
std::variant<FileText, ReadFailure> read_evidence(const std::string& path, const CheckOptions& options) {
  const ReadLimit limit{options.max_file_size, "--max-file-size"};
  if (options.follow_symlinks) return read_file(path, limit, Symlinks::follow);
  const std::string name = std::filesystem::path(path).filename().string();
  if (!options.anchor || name.empty()) return read_file(path, limit, Symlinks::refuse);
  const ProjectPaths paths = locate_project(path, std::nullopt, options.anchor, options.folders.get());
  if (paths.anchor.empty()) return read_file(path, limit, Symlinks::refuse);
  auto opened = open_evidence_file(paths, name);
  if (auto* refusal = std::get_if<FileRefusal>(&opened)) {
    using Reason = FileRefusal::Reason;
    using Kind = ReadFailure::Kind;
    switch (refusal->reason) {
      case Reason::directory:
        return ReadFailure{Kind::directory, refusal->message};
      case Reason::missing:
        return ReadFailure{Kind::cannot_open, "cannot open the file: no such file or directory"};
      case Reason::not_regular:
        return ReadFailure{Kind::not_regular, "this is not a regular file (a FIFO, socket or device is never read)"};
      case Reason::link_loop:
      case Reason::symlink:
        return ReadFailure{Kind::symlink, refusal->message};
      default:
        return ReadFailure{Kind::cannot_open, "cannot open the file: " + refusal->message};
    }
  }
  return read_file(std::get<OpenedFile>(opened), limit);
}

FileReport check_file(const std::string& path, const CheckOptions& options) {
  const auto start = Clock::now();
  if (options.config_error) return finished(config_error_report(path, options), options, start);
  auto read = read_evidence(path, options);
  if (auto* failure = std::get_if<ReadFailure>(&read)) {
    // The report keeps no source: no format can show a byte of a file that was refused.
    FileReport report;
    report.path = path;
    report.profile = options.profile;
    report.config = options.config;
    report.findings = options.config_findings;
    return finished(
        input_error(std::move(report),
                    input_finding(refusal_rule(failure->kind), refusal_message(path, *failure, options), {}, false),
                    options),
        options, start);
  }
  return finished(check_source(path, std::move(std::get<FileText>(read).text), options), options, start);
}

std::vector<const RuleInfo*> rule_table() {
  std::vector<const RuleInfo*> rules;
  for (const Rule& rule : all_rules()) rules.push_back(&rule.info);
  return rules;
}

}  // namespace dlcheck
