// Checks every record must pass in every profile: the file says one thing once, in the fields
// dlcheck knows, on one scale. Also the documentation of the input errors.

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "record/fields.hpp"
#include "record/templates.hpp"
#include "rules/field_checks.hpp"
#include "rules/rules.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck::rules {

const RuleInfo kUnreadableFile{
    .id = "unreadable-file",
    .section = Section::input,
    .severity = Severity::error,
    .summary = "the evidence file can be read",
    .explanation =
        "The file is missing, is a directory or another non-regular file, cannot be opened, or is "
        "larger than the size limit. Nothing else can be checked; the exit code is 2.",
    .hint = "check the path, and that the file is a readable regular file",
    .passing_example = "",
    .failing_example = "",
};

const RuleInfo kInvalidJson{
    .id = "invalid-json",
    .section = Section::input,
    .severity = Severity::error,
    .summary = "the evidence file is one valid JSON object",
    .explanation =
        "The file must be strict JSON (RFC 8259) whose top level is an object: no comments, no "
        "trailing commas, no single quotes, no NaN, and no number too large for a double. A UTF-8 "
        "byte-order mark is accepted. The error points at the first offending character; the exit "
        "code is 2.",
    .hint = "fix the JSON at the caret; an editor with JSON support shows the same spot",
    .passing_example = R"({"task": "image classification"})",
    .failing_example = R"({"task": "image classification",})",
};

const RuleInfo kSymlinkedEvidence{
    .id = "symlinked-evidence",
    .section = Section::input,
    .severity = Severity::error,
    .summary = "the evidence file is a regular file, not a symlink",
    .explanation =
        "An evidence file that is a symlink is never opened: in a student's repository it could "
        "lead to any file of the machine running dlcheck (a credentials file, /proc/self/environ), "
        "and an error would quote that file. The finding names the link and its target; the exit "
        "code is 2. A grader who links files on purpose names them on the command line with "
        "--follow-symlinks; a link found in a folder is never followed.",
    .hint = "commit the evidence file itself, not a link to it",
    .passing_example = "",
    .failing_example = "",
};

const RuleInfo kMissingEvidence{
    .id = "missing-evidence",
    .section = Section::input,
    .severity = Severity::error,
    .summary = "a folder named on the command line holds an evidence file",
    .explanation =
        "No file matching --name (default evidence.json) lies in the folder or below it (.git, "
        "node_modules and symlinked folders are not searched). The folder is reported as a file "
        "of its own with verdict error, and the exit code is 2, so that in a class run "
        "(dlcheck submissions/*) a student who handed nothing in is counted, not left out.",
    .hint = "add the evidence file (dlcheck init writes a template), or check the folder and --name",
    .passing_example = "",
    .failing_example = "",
};

const RuleInfo kTooManyFindings{
    .id = "too-many-findings",
    .section = Section::consistency,
    .severity = Severity::info,
    .summary = "the report shows every finding of the file",
    .explanation =
        "A report keeps at most --max-findings findings per file (default 200): the first finding "
        "of every rule, then the most severe of the rest. This note says how many were left out. "
        "The verdict, the exit code and the error and warning counts still include them.",
    .hint = "fix the findings shown and check again, or raise the limit with --max-findings",
    .passing_example = "",
    .failing_example = "",
};

const RuleInfo kDuplicateKey{
    .id = "duplicate-key",
    .section = Section::consistency,
    .severity = Severity::error,
    .summary = "no key appears twice in one object",
    .explanation =
        "JSON readers keep only the last of two equal keys, silently: the first value is lost, and "
        "the record may not say what its author thinks. The finding points at the later copy.",
    .hint = "keep one of the two copies and delete the other",
    .passing_example = R"({"current": {"method": "ResNet-18", "value": 0.82}})",
    .failing_example = R"({"current": {"value": 0.80}, "current": {"value": 0.82}})",
};

void check_duplicate_key(const CheckContext& evidence, FindingSink& sink) {
  const auto& duplicates = evidence.document().duplicates;
  for (std::size_t i = 0; i < duplicates.size(); ++i) {
    if (sink.full()) return sink.skip(kDuplicateKey.severity, duplicates.size() - i);
    const DuplicateKey& duplicate = duplicates[i];
    sink.report_at(duplicate.pointer, duplicate.position,
                   fmt::format("duplicate key: {} is already set at line {}; only this later value is used",
                               field_name(duplicate.pointer), duplicate.first.line));
  }
}

namespace {

// `suggestions_only` are names offered for a typo without being known fields themselves.
void suggest_for_unknown(FindingSink& sink, JsonValue object, std::string_view pointer,
                         std::span<const std::string_view> known,
                         std::span<const std::string_view> suggestions_only = {}) {
  if (!object.is_object()) return;
  for (const auto& [key, value] : object.sorted_members()) {
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::vector<std::string_view> candidates(known.begin(), known.end());
    candidates.insert(candidates.end(), suggestions_only.begin(), suggestions_only.end());
    const std::string suggestion = closest_match(key, candidates);
    if (suggestion.empty()) continue;
    sink.report(child_pointer(pointer, key),
                fmt::format("unknown field \"{}\" in {}{}", printable(key),
                            pointer.empty() ? "the record" : field_name(pointer), did_you_mean(suggestion)),
                fmt::format("rename it to \"{}\"; unknown fields are otherwise ignored", suggestion));
  }
}

// Calls `visit` with each value at a row's pointer, its "*" tokens standing for every item.
template <typename Visit>
void for_each_at(JsonValue value, std::string_view pattern, std::string pointer, const Visit& visit) {
  if (pattern.empty()) {
    visit(value, pointer);
    return;
  }
  pattern.remove_prefix(1);  // the '/'
  const std::string_view token = pattern.substr(0, pattern.find('/'));
  pattern.remove_prefix(token.size());
  if (token == "*") {
    if (!value.is_array()) return;
    std::size_t i = 0;
    for (const JsonValue element : value.elements()) for_each_at(element, pattern, child_pointer(pointer, i++), visit);
  } else if (value.is_object()) {
    if (const JsonValue member = value.find(token)) for_each_at(member, pattern, child_pointer(pointer, token), visit);
  }
}

bool is_shorthand(std::string_view key) {
  const auto prefixes = fields::shorthand_prefixes();
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view prefix) { return key.starts_with(prefix); });
}

}  // namespace

const RuleInfo kUnknownField{
    .id = "unknown-field",
    .section = Section::consistency,
    .severity = Severity::warning,
    .summary = "no field name looks like a misspelt known field",
    .explanation =
        "Unknown fields are allowed and ignored, so projects can keep their own notes. A field "
        "whose name is one or two edits away from a known one (\"run_comand\") is almost certainly "
        "a typo, and the checklist item it was meant for will fail; this warning says which name "
        "was meant.",
    .hint = "rename the field to the suggested name",
    .passing_example = R"({"run_command": "python train.py", "my_notes": "free text"})",
    .failing_example = R"({"run_comand": "python train.py"})",
};

void check_unknown_field(const CheckContext& evidence, FindingSink& sink) {
  JsonValue root = evidence.root();
  // Shorthand keys are known by their prefix; for a misspelt prefix ("baselin_accuracy") the
  // shorthand spelling with the same suffix is offered.
  const std::span<const std::string_view> top_level = fields::member_names("");
  std::vector<std::string_view> known(top_level.begin(), top_level.end());
  bool unknown_keys = false;
  if (root.is_object()) {
    for (const auto& [key, value] : root.sorted_members()) {
      if (is_shorthand(key)) {
        known.push_back(key);
      } else {
        unknown_keys = unknown_keys || std::find(known.begin(), known.end(), key) == known.end();
      }
    }
  }
  if (unknown_keys) {  // most records have none: the spellings below are for suggestions only
    std::vector<std::string> shorthand_spellings;
    for (const auto& [key, value] : root.sorted_members()) {
      const std::size_t underscore = key.find('_');
      if (underscore == std::string::npos || is_shorthand(key)) continue;
      for (const std::string_view prefix : fields::shorthand_prefixes()) {
        shorthand_spellings.push_back(std::string(prefix) + std::string(key.substr(underscore + 1)));
      }
    }
    const std::vector<std::string_view> suggestions_only(shorthand_spellings.begin(), shorthand_spellings.end());
    suggest_for_unknown(sink, root, "", known, suggestions_only);
  }

  for (const fields::Field* field : fields::kAll) {
    if (!field->names_are_checked) continue;
    for_each_at(root, field->pointer, "", [&](JsonValue object, const std::string& pointer) {
      suggest_for_unknown(sink, object, pointer, fields::member_names(field->pointer));
    });
  }
}

const RuleInfo kShorthandConflict{
    .id = "shorthand-conflict",
    .section = Section::consistency,
    .severity = Severity::error,
    .summary = "the shorthand keys and the full form agree",
    .explanation =
        "The roadmap's shorthand (`baseline_accuracy`, `current_accuracy`) and the full form "
        "(`baseline.value`, `current.value`, `metric.name`) may both be present, but then they must "
        "say the same thing. Two different numbers for one claim mean one of them is stale.",
    .hint = "keep one form, or make both say the same value",
    .passing_example = R"({"baseline_accuracy": 0.71, "baseline": {"method": "small CNN", "value": 0.71}})",
    .failing_example = R"({"current_accuracy": 0.84, "current": {"method": "ResNet-18", "value": 0.82}})",
};

void check_shorthand_conflict(const CheckContext& evidence, FindingSink& sink) {
  const MetricClaim& metric = evidence.metric();
  if (metric.name_pointer == fields::kMetricName.pointer && !metric.shorthand_names.empty() &&
      metric.baseline_shorthand.raw == nullptr && metric.current_shorthand.raw == nullptr) {
    const std::string first_key = "baseline_" + metric.shorthand_names.front();
    const std::string pointer = child_pointer(
        "", evidence.find(child_pointer("", first_key)) ? first_key : "current_" + metric.shorthand_names.front());
    sink.report(pointer,
                fmt::format("metric.name is \"{}\" but the shorthand keys are for \"{}\"", printable(metric.name),
                            printable(fmt::format("{}", fmt::join(metric.shorthand_names, "\", \"")))));
  }
  for (const std::string_view role : {"baseline", "current"}) {
    const ClaimedValue& shorthand = role == "baseline" ? metric.baseline_shorthand : metric.current_shorthand;
    JsonValue full = evidence.find(role == "baseline" ? fields::kBaselineValue.pointer : fields::kCurrentValue.pointer);
    if (shorthand.raw == nullptr || full == nullptr) continue;
    const bool agree = shorthand.number && full->is_number() ? same_number(*shorthand.number, full->number())
                                                             : same_json(shorthand.raw, full);
    if (agree) continue;
    sink.report(shorthand.pointer, fmt::format("{} is {} but {}.value is {}", field_name(shorthand.pointer),
                                               shorthand.raw->dump(), role, full->dump()));
  }
}

const RuleInfo kMetricRange{
    .id = "metric-range",
    .section = Section::consistency,
    .severity = Severity::error,
    .summary = "metric values lie in the metric's range, all on one scale",
    .explanation =
        "Bounded metrics (accuracy, f1, precision, recall, auc, iou, dice, map, error rate, …) lie "
        "in [0, 1], or in [0, 100] when `metric.unit` is \"percent\". Values on mixed scales (41 "
        "next to 0.93) make the improvement meaningless. Losses and distances (loss, mae, mse, "
        "rmse, fid, perplexity, …) are never negative. The baseline, the current value and the "
        "metric table are checked.",
    .hint = "write every value as a fraction in [0, 1], or as a percentage with \"unit\": \"percent\" in \"metric\"",
    .passing_example =
        R"({"metric": {"name": "accuracy", "unit": "percent"}, "baseline_accuracy": 71, "current_accuracy": 82})",
    .failing_example = R"({"baseline_accuracy": 41, "current_accuracy": 0.93})",
};

namespace {

struct MetricValue {
  std::string pointer;
  double value;
};

std::vector<MetricValue> collect_metric_values(const CheckContext& evidence) {
  const MetricClaim& metric = evidence.metric();
  std::vector<MetricValue> values;
  const auto add = [&](const ClaimedValue& claim) {
    if (!claim.number) return;
    for (const auto& seen : values) {
      if (seen.pointer == claim.pointer) return;
    }
    values.push_back({claim.pointer, *claim.number});
  };
  add(metric.baseline);
  add(metric.current);
  add(metric.baseline_shorthand);
  add(metric.current_shorthand);
  JsonValue table = evidence.find(fields::kMetricTable.pointer);
  if (table == nullptr || !table->is_array()) return values;
  const std::string wanted = normalise_metric_name(metric.name);
  std::size_t i = 0;
  for (const JsonValue row : table->elements()) {
    for (const auto& [key, value] : row.sorted_members()) {
      if (value.is_number() && normalise_metric_name(key) == wanted) {
        values.push_back({child_pointer(child_pointer(fields::kMetricTable.pointer, i), key), value.number()});
      }
    }
    ++i;
  }
  return values;
}

}  // namespace

void check_metric_range(const CheckContext& evidence, FindingSink& sink) {
  const MetricClaim& metric = evidence.metric();
  if (metric.known == nullptr || metric.known->range == MetricRange::unbounded) return;
  const std::vector<MetricValue> values = collect_metric_values(evidence);
  const std::string name(metric.known->name);
  if (metric.known->range == MetricRange::non_negative) {
    for (const auto& [pointer, value] : values) {
      if (value < 0) {
        sink.report(
            pointer,
            fmt::format("{} is never negative, but {} is {}", name, field_name(pointer), format_rounded(value, 6)),
            "check the sign: losses and distances are zero or more");
      }
    }
    return;
  }
  const double upper = metric.percent ? 100.0 : 1.0;
  const std::string range = metric.percent ? "[0, 100]" : "[0, 1]";
  const MetricValue* fraction = nullptr;    // strictly between 0 and 1
  const MetricValue* percentage = nullptr;  // above 1, at most 100
  for (const auto& value : values) {
    if (value.value > 0 && value.value < 1 && fraction == nullptr) fraction = &value;
    if (value.value > 1 && value.value <= 100 && percentage == nullptr) percentage = &value;
  }
  if (fraction != nullptr && percentage != nullptr) {
    const MetricValue& odd = metric.percent ? *fraction : *percentage;
    sink.report(
        odd.pointer,
        fmt::format("{} values are on mixed scales: {} is {} but {} is {}", name, field_name(percentage->pointer),
                    format_rounded(percentage->value, 6), field_name(fraction->pointer),
                    format_rounded(fraction->value, 6)),
        "use fractions in [0, 1] throughout, or percentages throughout with \"unit\": \"percent\" in \"metric\"");
  }
  for (const auto& [pointer, value] : values) {
    if (value >= 0 && value <= upper) continue;
    if (fraction != nullptr && percentage != nullptr && value <= 100) continue;  // already reported as mixed
    const bool looks_like_percent = !metric.percent && value > 1 && value <= 100;
    sink.report(
        pointer,
        fmt::format("{} must lie in {}, but {} is {}", name, range, field_name(pointer), format_rounded(value, 6)),
        looks_like_percent ? "if these are percentages, set \"unit\": \"percent\" in \"metric\"" : "");
  }
}

const RuleInfo kPlaceholder{
    .id = "placeholder",
    .section = Section::consistency,
    .severity = Severity::error,
    .summary = "no template placeholder is left in the record",
    .explanation =
        "`dlcheck init` writes a template whose values are placeholders such as \"<fill in: …>\". "
        "A value (or key) that is still a placeholder, or that contains TODO, TBD, FIXME or XXX as "
        "a word, or is only \"…\" or \"???\", has not been filled in yet.",
    .hint = "replace the placeholder with the real value",
    .passing_example = R"({"task": "image classification"})",
    .failing_example = R"({"notes": "TODO: describe the augmentation"})",
};

namespace {

// `pointer` is one buffer, extended for each child and cut back after it: a fresh string per
// value cost more than the whole check.
void find_placeholders(JsonValue value, std::string& pointer, FindingSink& sink) {
  const std::size_t length = pointer.size();
  if (value.is_string() && is_placeholder(value.string())) {
    sink.report(pointer,
                fmt::format("{} is still a placeholder: \"{}\"", field_name(pointer), printable(value.string())));
  } else if (value.is_object()) {
    for (const auto& [key, member] : value.sorted_members()) {
      append_pointer_token(pointer, key);
      if (is_placeholder(key)) {
        sink.report(pointer, fmt::format("the key \"{}\" in {} is still a placeholder", printable(key),
                                         field_name(pointer.substr(0, length))));
      }
      find_placeholders(member, pointer, sink);
      pointer.resize(length);
    }
  } else if (value.is_array()) {
    std::size_t i = 0;
    for (const JsonValue element : value.elements()) {
      append_pointer_index(pointer, i++);
      find_placeholders(element, pointer, sink);
      pointer.resize(length);
    }
  }
}

}  // namespace

void check_placeholder(const CheckContext& evidence, FindingSink& sink) {
  std::string pointer;
  find_placeholders(evidence.root(), pointer, sink);
}

}  // namespace dlcheck::rules
