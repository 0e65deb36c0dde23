// The default report: the roadmap's four lines, the metric comparison, the checklist grouped by
// the roadmap's sections with every problem under its item, and a verdict.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// Appends to a string: a report is hundreds of small pieces, and an ostream's sentry and
// locale work for each cost more than the pieces.
class TextOut {
 public:
  explicit TextOut(std::string& into) : text_(into) {}
  TextOut& operator<<(std::string_view text) {
    text_ += text;
    return *this;
  }
  TextOut& operator<<(char c) {
    text_ += c;
    return *this;
  }
  // A number would otherwise convert to char: format it first.
  template <typename T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, char>) TextOut& operator<<(T) = delete;

 private:
  std::string& text_;
};

constexpr std::size_t kFixFirstItems = 5;  ///< failed items in "fix first"
constexpr std::size_t kLongReport = 40;    ///< lines past which the verdict is given at the top too

constexpr std::string_view kSpaces = "                                                                ";

class Style {
 public:
  explicit Style(bool enabled) : enabled_(enabled) {}
  std::string red(std::string_view text) const { return wrap("31", text); }
  std::string green(std::string_view text) const { return wrap("32", text); }
  std::string yellow(std::string_view text) const { return wrap("33", text); }
  std::string cyan(std::string_view text) const { return wrap("36", text); }
  std::string bold(std::string_view text) const { return wrap("1", text); }
  std::string dim(std::string_view text) const { return wrap("2", text); }

  std::string severity(Severity severity, std::string_view text) const {
    switch (severity) {
      case Severity::error:
        return red(text);
      case Severity::warning:
        return yellow(text);
      case Severity::info:
        return cyan(text);
    }
    return std::string(text);
  }

 private:
  std::string wrap(std::string_view code, std::string_view text) const {
    return enabled_ ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
  bool enabled_;
};

std::size_t count_code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Byte offset of the start of code point `index` in `text` (clamped to the end).
std::size_t code_point_offset(std::string_view text, std::size_t index) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == index) return i;
  }
  return text.size();
}

// The offending line with a caret under the column. Long (minified) lines show a window.
void write_snippet(TextOut& out, const Style& style, std::string_view source, SourcePosition position,
                   std::string_view indent) {
  constexpr std::size_t kBefore = 40, kAfter = 60;
  const std::string_view line = line_text(source, position.line);
  const std::size_t column = static_cast<std::size_t>(std::max(position.column, 1)) - 1;
  const std::size_t length = count_code_points(line);
  const std::size_t first = column > kBefore ? column - kBefore : 0;
  const std::size_t last = std::min(length, column + kAfter);
  const std::size_t begin = code_point_offset(line, first);
  const std::size_t end = code_point_offset(line, last);
  const std::string shown =
      fmt::format("{}{}{}", first > 0 ? "…" : "", printable(line.substr(begin, end - begin)), last < length ? "…" : "");
  const std::string before_caret =
      fmt::format("{}{}", first > 0 ? "…" : "", printable(line.substr(begin, code_point_offset(line, column) - begin)));
  const std::string number = std::to_string(position.line);
  out << indent << style.dim(fmt::format("{} |", number)) << (shown.empty() ? "" : " ") << shown << '\n';
  out << indent << style.dim(fmt::format("{} |", std::string(number.size(), ' '))) << ' '
      << std::string(count_code_points(before_caret), ' ') << style.red("^") << '\n';
}

std::string artifact_location(const ArtifactLocation& location) {
  std::string text = printable(location.path);
  if (location.line > 0) text += fmt::format(":{}", location.line);
  if (location.line > 0 && location.column > 0) text += fmt::format(":{}", location.column);
  return text;
}

void write_finding(TextOut& out, const Style& style, const FileReport& file, const Finding& finding,
                   std::string_view indent) {
  const std::string evidence_location =
      fmt::format("{}:{}:{}", printable(file.path), finding.position.line, finding.position.column);
  const std::string label = style.severity(finding.severity, fmt::format("{}[{}]", finding.severity, finding.rule));
  if (finding.artifact) {
    // A problem inside a named file points there first; the field that named it comes next.
    out << indent
        << fmt::format("{}: {}: {}\n", artifact_location(*finding.artifact), label, printable(finding.message));
    out << indent << "  " << style.dim(fmt::format("named by {} ({})", evidence_location, printable(finding.pointer)))
        << '\n';
  } else {
    out << indent << fmt::format("{}: {}: {}\n", evidence_location, label, printable(finding.message));
  }
  if (finding.member_exists && !finding.artifact) {
    write_snippet(out, style, file.source, finding.position, std::string(indent) + "  ");
  }
  if (!finding.hint.empty()) out << indent << "  " << style.cyan("hint:") << ' ' << printable(finding.hint) << '\n';
}

std::string optional_text(const std::optional<std::string>& text) { return text ? printable(*text) : "(missing)"; }

void write_record_lines(TextOut& out, const RecordSummary& record) {
  out << "task: " << optional_text(record.task) << '\n';
  out << "improvement: " << (record.improvement ? format_rounded(*record.improvement) : "n/a") << '\n';
  out << "failure_case_count: "
      << (record.failure_case_count ? std::to_string(*record.failure_case_count) : std::string("(missing)")) << '\n';
  out << "next_step: " << optional_text(record.next_step) << '\n';
}

std::string signed_number(double value) { return value > 0 ? "+" + format_rounded(value) : format_rounded(value); }

void write_metric(TextOut& out, const MetricSummary& metric) {
  const std::string direction = metric.higher_is_better
                                    ? (*metric.higher_is_better ? "higher is better" : "lower is better")
                                    : "direction unknown";
  const std::string unit = metric.unit.empty() ? "" : fmt::format(", {}", printable(metric.unit));
  const auto value = [](const std::optional<double>& number) { return number ? format_rounded(*number, 6) : "?"; };
  out << fmt::format("{} ({}{}): {} → {}", printable(metric.name), direction, unit, value(metric.baseline),
                     value(metric.current));
  if (metric.improvement) {
    out << ", " << signed_number(*metric.improvement);
    if (metric.relative_improvement) out << fmt::format(" ({:+.1f}%)", *metric.relative_improvement * 100);
  }
  out << '\n';
  if (!metric.improvement) return;
  const bool higher = *metric.higher_is_better;
  out << fmt::format("  improvement = {} = {} = {}\n", higher ? "current − baseline" : "baseline − current",
                     higher ? fmt::format("{} − {}", value(metric.current), value(metric.baseline))
                            : fmt::format("{} − {}", value(metric.baseline), value(metric.current)),
                     format_rounded(*metric.improvement));
  if (metric.relative_improvement) {
    out << fmt::format("  relative improvement = improvement / |baseline| = {} / {} = {:+.1f}%\n",
                       format_rounded(*metric.improvement), format_rounded(std::fabs(*metric.baseline), 6),
                       *metric.relative_improvement * 100);
  } else {
    out << "  relative improvement = improvement / |baseline| is undefined: the baseline is 0\n";
  }
}

// A not-checked item gets a neutral mark: it is neither a pass nor a failure.
std::string item_mark(const Style& style, const std::vector<const Finding*>& findings, ItemStatus status) {
  if (status == ItemStatus::not_checked) return style.yellow("–");
  if (findings.empty()) return status == ItemStatus::passed ? style.green("✓") : style.red("✗");  // findings left out
  Severity worst = Severity::info;
  for (const Finding* finding : findings) worst = std::max(worst, finding->severity);
  return style.severity(worst, worst == Severity::error ? "✗" : worst == Severity::warning ? "!" : "i");
}

void write_item(TextOut& out, const Style& style, const FileReport& file, const RuleInfo& rule,
                const std::string* not_checked, std::size_t id_width) {
  const auto findings = file.findings_of(rule.id);
  // Padded by hand: fmt's dynamic width took longer than the rest of the item.
  out << "  " << item_mark(style, findings, not_checked ? ItemStatus::not_checked : file.item_status(rule.id)) << ' '
      << rule.id
      << std::string_view(kSpaces).substr(
             0, id_width > rule.id.size() ? std::min(id_width - rule.id.size(), kSpaces.size()) : 0)
      << rule.summary;
  if (not_checked) out << ' ' << style.yellow(fmt::format("— not checked: {}", printable(*not_checked)));
  out << '\n';
  for (const Finding* finding : findings) write_finding(out, style, file, *finding, "      ");
}

// Items that do not apply to this record, one line per reason: each is a point not earned.
void write_not_applicable(TextOut& out, const Style& style, const FileReport& file) {
  if (file.not_applicable.empty()) return;
  std::vector<std::pair<std::string_view, std::vector<std::string_view>>> by_reason;
  for (const ChecklistEntry& entry : file.not_applicable) {
    auto it = std::find_if(by_reason.begin(), by_reason.end(),
                           [&](const auto& group) { return group.first == entry.reason; });
    if (it == by_reason.end()) it = by_reason.insert(by_reason.end(), {entry.reason, {}});
    it->second.push_back(entry.rule->id);
  }
  out << style.bold("Not checked: they do not apply to this record (possible points, not earned)") << '\n';
  for (const auto& [reason, rules] : by_reason) {
    out << "  " << style.yellow("–") << ' ' << fmt::format("{}: {}", fmt::join(rules, ", "), printable(reason)) << '\n';
  }
}

void write_checklist(TextOut& out, const Style& style, const FileReport& file) {
  std::size_t id_width = 0;
  for (const ChecklistEntry& entry : file.checklist) id_width = std::max(id_width, entry.rule->id.size() + 2);
  for (const Finding& finding : file.findings) id_width = std::max(id_width, finding.rule.size() + 2);
  std::optional<Section> section;
  for (const ChecklistEntry& entry : file.checklist) {
    if (entry.rule->section != section) {
      section = entry.rule->section;
      out << style.bold(section_title(*section)) << '\n';
    }
    write_item(out, style, file, *entry.rule, entry.status == ItemStatus::not_checked ? &entry.reason : nullptr,
               id_width);
  }
  write_not_applicable(out, style, file);
  // Consistency checks are not checklist items: they appear only when they found something.
  bool heading = false;
  for (const RuleInfo* rule : file.other_rules) {
    if (!heading) out << style.bold(section_title(Section::consistency)) << '\n';
    heading = true;
    write_item(out, style, file, *rule, nullptr, id_width);
  }
}

std::string curve_line(const LossCurve& curve, std::size_t name_width) {
  const auto at = [&](const CurvePoint& point) {
    return fmt::format("{} ({} {})", format_rounded(point.value, 4), curve.x_name, format_rounded(point.x, 3));
  };
  std::string source = curve.is_sum ? " (a sum)" : "";
  if (!curve.source.empty()) source += " in " + printable(curve.source);
  return fmt::format("  {:<{}} {:<24} first {}, best {}, last {}{}", printable(curve.column), name_width,
                     sparkline(curve, 24), at(curve.first), at(curve.best), at(curve.last), source);
}

void write_training_log(TextOut& out, const ProjectArtifacts& artifacts) {
  if (!artifacts.training_log_file || !artifacts.training_log) return;
  const auto* log = std::get_if<TrainingLog>(&*artifacts.training_log);
  if (log == nullptr) return;
  out << fmt::format("training log: {} ({}, {} rows{})\n", printable(artifacts.training_log_file->display_path),
                     log->format, log->rows, log->run.empty() ? "" : ", run " + printable(log->run));
  std::vector<const LossCurve*> curves;
  if (log->train) curves.push_back(&*log->train);
  for (const auto& curve : log->validation) curves.push_back(&curve);
  for (const auto& curve : log->adversarial) curves.push_back(&curve);
  std::size_t width = 0;
  for (const LossCurve* curve : curves) width = std::max(width, count_code_points(printable(curve->column)));
  for (const LossCurve* curve : curves) out << curve_line(*curve, width) << '\n';
}

std::string ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "n/a" : format_rounded(static_cast<double>(part) / static_cast<double>(whole), 3);
}

void write_predictions(TextOut& out, const ProjectArtifacts& artifacts) {
  if (!artifacts.predictions_file || !artifacts.predictions) return;
  const auto* summary = std::get_if<PredictionSummary>(&*artifacts.predictions);
  if (summary == nullptr) return;
  out << fmt::format("predictions: {} ({}, {} rows)", printable(artifacts.predictions_file->display_path),
                     summary->format, summary->rows);
  if (summary->kind == TargetKind::numeric) {
    out << fmt::format(": mae {}, mse {}, rmse {}\n", format_rounded(summary->mae, 4), format_rounded(summary->mse, 4),
                       format_rounded(summary->rmse, 4));
    return;
  }
  if (summary->kind == TargetKind::text) {
    out << fmt::format(": {} of {} rows match exactly\n", summary->rows - summary->wrong, summary->rows);
    return;
  }
  out << fmt::format(": accuracy {}, {} wrong\n", format_rounded(summary->accuracy, 4), summary->wrong);
  // The weakest classes first: they are where the next step should look.
  std::vector<ClassAccuracy> classes = summary->per_class;
  std::stable_sort(classes.begin(), classes.end(), [](const ClassAccuracy& a, const ClassAccuracy& b) {
    return a.correct * (b.total ? b.total : 1) < b.correct * (a.total ? a.total : 1);
  });
  constexpr std::size_t kShownClasses = 10;
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < std::min(classes.size(), kShownClasses); ++i) {
    shown.push_back(fmt::format("{} {} ({})", printable(classes[i].label), ratio(classes[i].correct, classes[i].total),
                                classes[i].total));
  }
  if (!shown.empty()) {
    out << fmt::format("  per-class accuracy{}: {}\n", classes.size() > kShownClasses ? ", weakest first" : "",
                       fmt::join(shown, ", "));
  }
  std::vector<std::string> pairs;
  for (const auto& pair : summary->top_confusions) {
    pairs.push_back(fmt::format("{} → {}: {}", printable(pair.label), printable(pair.prediction), pair.count));
  }
  if (!pairs.empty()) out << fmt::format("  most confused: {}\n", fmt::join(pairs, ", "));
}

void write_model_summary(TextOut& out, const ProjectArtifacts& artifacts) {
  if (!artifacts.model_summary_file || !artifacts.model_summary) return;
  const auto* summary = std::get_if<ModelSummary>(&*artifacts.model_summary);
  if (summary == nullptr) return;
  out << fmt::format("model summary: {} ({}): {} parameters\n", printable(artifacts.model_summary_file->display_path),
                     summary->format, printable(summary->total.text));
}

void write_splits(TextOut& out, const ProjectArtifacts& artifacts) {
  if (artifacts.splits.empty()) return;
  std::vector<std::string> splits;
  for (const auto& split : artifacts.splits) {
    splits.push_back(split.ids ? fmt::format("{} {} ids", printable(split.split), split.ids->size())
                               : fmt::format("{} (unreadable)", printable(split.split)));
  }
  out << fmt::format("splits: {}: {}\n", fmt::join(splits, ", "),
                     artifacts.leaked_total == 0 ? "no id in two splits"
                                                 : fmt::format("{} ids in two splits", artifacts.leaked_total));
}

void write_project_files(TextOut& out, const FileReport& file) {
  if (!file.artifacts) return;
  std::string text;
  TextOut block(text);
  write_training_log(block, *file.artifacts);
  write_predictions(block, *file.artifacts);
  write_model_summary(block, *file.artifacts);
  write_splits(block, *file.artifacts);
  if (!text.empty()) out << '\n' << text;
}

std::string plural(int count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

void write_verdict(TextOut& out, const Style& style, const FileReport& file) {
  if (file.verdict == Verdict::error) {
    out << style.bold(style.red("verdict: error")) << ": the file could not be checked\n";
    return;
  }
  const std::string verdict = file.verdict == Verdict::pass ? style.green("verdict: pass") : style.red("verdict: fail");
  const int not_checked = file.items_not_checked() + static_cast<int>(file.not_applicable.size());
  out << style.bold(verdict)
      << fmt::format(": {}/{} checklist items passed, {}{}, {}\n", file.points_earned(), file.points_possible(),
                     not_checked > 0 ? fmt::format("{} not checked, ", not_checked) : "",
                     plural(file.count(Severity::error), "error"), plural(file.count(Severity::warning), "warning"));
}

// The failed items to fix first, each with where, what and how, before the full checklist.
void write_fix_first(TextOut& out, const Style& style, const FileReport& file) {
  std::size_t more = 0;
  const std::vector<FixFirst> items = fix_first(file, kFixFirstItems, &more);
  if (items.empty()) return;
  out << style.bold("fix first:") << '\n';
  for (const FixFirst& item : items) {
    const std::string label = style.severity(item.severity, fmt::format("{}[{}]", item.severity, item.rule->id));
    if (item.finding == nullptr) {
      out << fmt::format("  {}: {}: {}\n", printable(file.path), label, item.rule->summary);
      out << "    " << style.cyan("hint:") << ' ' << item.rule->hint << '\n';
      continue;
    }
    const Finding& finding = *item.finding;
    const std::string location = finding.artifact ? artifact_location(*finding.artifact)
                                                  : fmt::format("{}:{}:{}", printable(file.path), finding.position.line,
                                                                finding.position.column);
    out << fmt::format("  {}: {}: {}\n", location, label, printable(finding.message));
    const std::string_view hint = finding.hint.empty() ? item.rule->hint : std::string_view(finding.hint);
    out << "    " << style.cyan("hint:") << ' ' << printable(hint) << '\n';
  }
  if (more > 0) {
    out << style.dim(fmt::format("  … and {} more failed item{} in the checklist below", more, more == 1 ? "" : "s"))
        << '\n';
  }
}

std::size_t line_count(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// The four roadmap lines; the file, and what to fix first; the metric, the project's files and
// the checklist; the verdict. A report longer than kLongReport lines gives its verdict at the
// top as well, so it is seen without scrolling.
void write_file(TextOut& out, const Style& style, const FileReport& file) {
  if (file.verdict == Verdict::error) {
    for (const Finding& finding : file.findings) write_finding(out, style, file, finding, "");
    write_verdict(out, style, file);
    return;
  }
  std::string top_text, body_text;
  TextOut top(top_text), body(body_text);
  if (file.only_roadmap_items_fail) top << style.cyan(kRecordProfileHint) << '\n';
  write_fix_first(top, style, file);
  if (file.metric) write_metric(body, *file.metric);
  write_project_files(body, file);
  body << '\n';
  write_checklist(body, style, file);
  body << '\n';
  write_verdict(body, style, file);

  write_record_lines(out, file.record);
  const std::string config = file.config.empty() ? "" : fmt::format(", config: {}", printable(file.config));
  out << '\n'
      << style.bold(printable(file.path)) << style.dim(fmt::format(" (profile: {}{})", file.profile, config)) << '\n';
  constexpr std::size_t kRecordLines = 6;  // the four lines, a blank one and the file's
  if (kRecordLines + line_count(top_text) + line_count(body_text) > kLongReport) write_verdict(out, style, file);
  out << top_text;
  if (!top_text.empty()) out << '\n';
  out << body_text;
}

std::string improvement_cell(const FileReport& file) {
  return file.record.improvement ? signed_number(*file.record.improvement) : "n/a";
}

// One file's row in the class summary, kept until the widest path is known.
struct SummaryRow {
  std::string path;  ///< printable
  Verdict verdict = Verdict::pass;
  std::string score;
  std::string improvement;
  int errors = 0;
  int warnings = 0;
};

SummaryRow summary_row(const FileReport& file) {
  const bool checked = file.verdict != Verdict::error;
  return {printable(file.path),
          file.verdict,
          fmt::format("{}/{}", file.points_earned(), file.points_possible()),
          checked ? improvement_cell(file) : "-",
          file.count(Severity::error),
          file.count(Severity::warning)};
}

// The class-wide table an instructor reads last: one row per file, then the totals.
void write_class_summary(TextOut& out, const Style& style, const std::vector<SummaryRow>& rows,
                         const ReportFooter& footer) {
  std::size_t path_width = 4;
  for (const SummaryRow& row : rows) path_width = std::max(path_width, count_code_points(row.path));
  out << '\n'
      << style.bold(fmt::format("{:<{}}  {:<7}  {:>7}  {:>11}  {:>6}  {:>8}", "file", path_width, "verdict", "score",
                                "improvement", "errors", "warnings"))
      << '\n';
  int errors = 0, warnings = 0;
  for (const SummaryRow& row : rows) {
    const std::string padding(path_width - count_code_points(row.path), ' ');
    const std::string verdict = fmt::format("{:<7}", row.verdict);
    out << row.path << padding << "  " << (row.verdict == Verdict::pass ? style.green(verdict) : style.red(verdict))
        << fmt::format("  {:>7}  {:>11}  {:>6}  {:>8}\n", row.score, row.improvement, row.errors, row.warnings);
    errors += row.errors;
    warnings += row.warnings;
  }
  out << fmt::format("{} checked: {} passed, {} failed, {} could not be read; {}, {}\n",
                     plural(static_cast<int>(footer.files), "file"), footer.passed, footer.failed, footer.errored,
                     plural(errors, "error"), plural(warnings, "warning"));
}

// Each file's report as it comes, a blank line between each two; the class summary at the end.
class TextWriter final : public ReportWriter {
 public:
  TextWriter(std::ostream& out, const OutputOptions& options) : out_(out), style_(options.color) {}

  void begin(const ReportHeader&) override {}

  std::string render(const FileReport& file, std::size_t) const override {
    std::string text;
    TextOut out(text);
    write_file(out, style_, file);
    return text;
  }

  void file(const FileReport& file, std::string rendered) override {
    if (!rows_.empty()) out_ << '\n';
    out_ << rendered;
    rows_.push_back(summary_row(file));
  }

  void end(const ReportFooter& footer) override {
    if (footer.files <= 1) return;
    std::string text;
    TextOut out(text);
    write_class_summary(out, style_, rows_, footer);
    out_ << text;
  }

 private:
  std::ostream& out_;
  Style style_;
  std::vector<SummaryRow> rows_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_text_writer(std::ostream& out, const OutputOptions& options) {
  return std::make_unique<TextWriter>(out, options);
}

}  // namespace dlcheck
