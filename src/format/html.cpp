// One self-contained HTML page: the verdicts and scores, the roadmap's summary lines, the
// checklist with every finding, the loss curves and confusions as inline SVG, and the samples.
//
// Every string that comes from an evidence file or a file it names is untrusted: it reaches
// the page only through esc() (or the label helpers built on it), in element text or in a
// double-quoted attribute, and never in a style, href or event attribute. The page loads
// nothing and runs no script; its Content-Security-Policy forbids both in case of a mistake.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/numbers.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// ---------------------------------------------------------------------------------------------
// Escaping

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Control characters and bidi overrides become visible escapes, as in the text report, so a
// string cannot hide or reorder what the page shows.
std::string shown(std::string_view untrusted) { return printable(valid_utf8(untrusted)); }

std::string esc(std::string_view untrusted) { return html_escape(shown(untrusted)); }

std::size_t code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Byte offset of code point `index` (clamped to the end).
std::size_t code_point_offset(std::string_view text, std::size_t index) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == index) return i;
  }
  return text.size();
}

// SVG text cannot wrap, so long chart labels are cut; the full label goes into a <title>.
std::string shortened(std::string_view untrusted, std::size_t max_code_points) {
  const std::string text = shown(untrusted);
  if (code_points(text) <= max_code_points) return html_escape(text);
  return html_escape(std::string_view(text).substr(0, code_point_offset(text, max_code_points - 1))) + "…";
}

std::string number(double value, int decimals = 3) { return esc(format_rounded(value, decimals)); }

std::string plural(std::int64_t count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

// ---------------------------------------------------------------------------------------------
// Marks: a symbol and a word, so nothing depends on colour alone

struct Mark {
  std::string_view css;     ///< class suffix: pass, error, warning, info, not-checked
  std::string_view symbol;  ///< ✓ ✗ ! i –
  std::string_view word;
};

Mark severity_mark(Severity severity) {
  switch (severity) {
    case Severity::error:
      return {"error", "✗", "error"};
    case Severity::warning:
      return {"warning", "!", "warning"};
    case Severity::info:
      return {"info", "i", "info"};
  }
  return {"error", "✗", "error"};
}

// Neither a pass nor a failure: grey, with its own symbol and word.
constexpr Mark kNotCheckedMark{"not-checked", "–", "not checked"};

Mark verdict_mark(Verdict verdict) {
  switch (verdict) {
    case Verdict::pass:
      return {"pass", "✓", "pass"};
    case Verdict::fail:
      return {"error", "✗", "fail"};
    case Verdict::error:
      return {"error", "✗", "error"};
  }
  return {"error", "✗", "error"};
}

// `text` is escaped by the caller.
std::string mark_badge(const Mark& mark, std::string_view text, std::string_view size = "") {
  return fmt::format(R"(<span class="badge {}{}{}"><span aria-hidden="true">{}</span> {}</span>)", mark.css,
                     size.empty() ? "" : " ", size, mark.symbol, text);
}

// ---------------------------------------------------------------------------------------------
// Page frame

constexpr std::string_view kStyle = R"css(
:root {
  --ink: #1d232b; --muted: #5b6570; --line: #d9dee4; --soft: #f4f6f8; --page: #eef1f4; --card: #fff;
  --pass: #00704f; --pass-bg: #e3f4ee; --error: #b3360c; --error-bg: #fbe9e2;
  --warning: #8a5700; --warning-bg: #fdf1d8; --info: #005a9c; --info-bg: #e3eef8;
  --mono: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
}
* { box-sizing: border-box; }
html { background: var(--page); }
body {
  margin: 0 auto; max-width: 1080px; padding: 24px 20px 40px; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h1 { font-size: 24px; }
h2 { font-size: 19px; overflow-wrap: anywhere; }
h2 code { font-size: inherit; }
h3 { font-size: 16px; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h4 { font-size: 14px; margin: 0 0 6px; }
code, pre, .mono { font-family: var(--mono); font-size: 13px; }
p { margin: 6px 0; }
.muted { color: var(--muted); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px 24px; margin: 18px 0; }
.page-head { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; justify-content: space-between; }
.page-head .lead { margin: 4px 0 0; color: var(--muted); }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-weight: 600; white-space: nowrap; border: 1px solid; }
.badge.big { font-size: 17px; padding: 4px 14px; }
.badge.pass { color: var(--pass); background: var(--pass-bg); }
.badge.error { color: var(--error); background: var(--error-bg); }
.badge.warning { color: var(--warning); background: var(--warning-bg); }
.badge.info { color: var(--info); background: var(--info-bg); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 13px; color: var(--muted); font-weight: 600; background: var(--soft); }
td { overflow-wrap: anywhere; }
td.num, th.num { text-align: right; white-space: nowrap; }
.index { margin-top: 14px; }
.index a { color: inherit; }
.index { font-size: 14px; }
.index th, .index td { padding: 5px 7px; }
.index td:first-child { min-width: 18ch; }
.index .task { min-width: 12ch; max-width: 18ch; overflow-wrap: break-word; }
.index .rules { max-width: 24ch; }
.index .rules code { white-space: nowrap; font-size: 12px; }
.index .why { min-width: 20ch; color: var(--muted); }
.not-applicable ul { margin: 4px 0; padding-left: 20px; }
.file-head { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: center; justify-content: space-between; }
.file-head .profile { font-weight: normal; color: var(--muted); font-size: 14px; }
.score { display: flex; align-items: center; gap: 10px; }
.score strong { font-size: 20px; }
.score svg { width: 140px; height: 10px; }
.counts { color: var(--muted); font-size: 14px; margin-top: 4px; }
.record { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 16px 0 0; padding: 12px 16px; background: var(--soft); border-radius: 8px; }
.record dt { font-family: var(--mono); font-size: 13px; color: var(--muted); padding-top: 2px; }
.record dd { margin: 0; overflow-wrap: anywhere; }
.metric { margin-top: 14px; }
.metric .headline { font-size: 17px; font-weight: 600; }
.metric .math { font-family: var(--mono); font-size: 13px; color: var(--muted); margin: 2px 0 0 2px; }
details.section { margin: 8px 0; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
details.section > summary { display: flex; gap: 10px; align-items: center; padding: 8px 12px; cursor: pointer; background: var(--soft); list-style: none; }
details.section > summary::-webkit-details-marker { display: none; }
details.section > summary::after { content: "▸"; margin-left: 4px; color: var(--muted); order: 3; }
details.section[open] > summary::after { content: "▾"; }
details.section > summary h4 { font-size: 15px; margin: 0; flex: 1; }
.checklist { list-style: none; margin: 0; padding: 0; border-top: 1px solid var(--line); }
.item { padding: 7px 12px; border-top: 1px solid var(--line); }
.item:first-child { border-top: none; }
.item-row { display: grid; grid-template-columns: 24px 215px 1fr; gap: 10px; align-items: baseline; }
.item-row code { overflow-wrap: anywhere; }
.item.error { background: #fffaf8; }
.mark { display: inline-flex; width: 22px; height: 22px; border-radius: 50%; align-items: center; justify-content: center; font-weight: 700; font-size: 13px; border: 1.5px solid; }
.mark.pass { color: var(--pass); background: var(--pass-bg); }
.mark.error { color: var(--error); background: var(--error-bg); }
.mark.warning { color: var(--warning); background: var(--warning-bg); }
.mark.info { color: var(--info); background: var(--info-bg); }
.mark.not-checked { color: var(--muted); background: var(--soft); }
.not-checked-reason { margin: 4px 0 0 34px; color: var(--muted); }
.rule { font-weight: 600; }
.findings { margin: 6px 0 4px 36px; display: grid; gap: 8px; }
.finding { border-left: 4px solid; border-radius: 4px; padding: 8px 12px; background: var(--card); box-shadow: 0 0 0 1px var(--line); }
.finding.error { border-left-color: var(--error); }
.finding.warning { border-left-color: var(--warning); border-left-style: dashed; }
.finding.info { border-left-color: var(--info); border-left-style: dotted; }
.finding .where { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; }
.finding .where code { overflow-wrap: anywhere; }
.finding .sev { font-weight: 700; font-size: 13px; }
.finding.error .sev { color: var(--error); }
.finding.warning .sev { color: var(--warning); }
.finding.info .sev { color: var(--info); }
.finding .message { margin: 4px 0; }
.finding { overflow-wrap: anywhere; }
.finding .named { font-size: 13px; color: var(--muted); }
.hint { font-size: 14px; }
.hint b { color: var(--info); }
pre.snippet { margin: 6px 0; padding: 8px 10px; background: var(--soft); border-radius: 6px; overflow-x: auto; line-height: 1.4; }
pre.snippet .gutter { color: var(--muted); user-select: none; }
pre.snippet mark { background: var(--error-bg); color: var(--error); font-weight: 700; outline: 1px solid var(--error); }
pre.snippet .caret { color: var(--error); font-weight: 700; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 14px; }
.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.chart svg { display: block; width: 100%; height: auto; }
.chart .stats { font-size: 13px; color: var(--muted); margin: 4px 0 0; }
.source { font-size: 14px; color: var(--muted); margin: 0 0 10px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif; fill: #3c4650; }
svg .axis { stroke: #8a949e; stroke-width: 1; }
svg .grid { stroke: #e3e7eb; stroke-width: 1; stroke-dasharray: 3 3; }
svg .value { font-size: 12px; fill: var(--ink); }
svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
.table-wrap { overflow-x: auto; }
.samples { table-layout: fixed; min-width: 560px; }
.samples .input { width: 30%; } .samples .label { width: 14%; } .samples .note { width: 42%; }
.samples td:first-child { font-family: var(--mono); font-size: 13px; }
h4.samples-title { margin: 16px 0 6px; }
.samples .none { color: var(--muted); }
.samples .mismatch { font-weight: 600; }
.error-file .findings { margin-left: 0; }
footer { margin-top: 28px; font-size: 13px; color: var(--muted); text-align: center; }
@media (max-width: 640px) {
  body { padding: 12px 8px 24px; }
  .card { padding: 14px 12px; }
  .index .count { display: none; }
  .index td:first-child { min-width: 14ch; }
  .item-row { grid-template-columns: 24px 1fr; }
  .item-row .summary { grid-column: 2; }
  .findings { margin-left: 0; }
  .record { grid-template-columns: 1fr; }
}
@media print { html { background: #fff; } .card { break-inside: avoid-page; border-color: #bbb; } }
)css";

void write_head(std::ostream& out, std::string_view title) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "img-src data:\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"referrer\" content=\"no-referrer\">\n"
      << "<title>" << title << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n";
}

// ---------------------------------------------------------------------------------------------
// Small inline SVGs

struct Range {
  double low = 0, high = 1;

  double span() const { return high - low; }
};

// A flat series still needs a visible height and width to draw in.
Range padded(double low, double high) {
  if (high > low) return {low, high};
  const double pad = low == 0 ? 0.5 : std::fabs(low) * 0.05;
  return {low - pad, high + pad};
}

std::string score_meter(int earned, int possible) {
  const double fraction = possible > 0 ? static_cast<double>(earned) / possible : 0;
  return fmt::format(
      R"(<svg viewBox="0 0 140 10" aria-hidden="true"><rect width="140" height="10" rx="5" fill="#e3e7eb"/>)"
      R"(<rect width="{:.1f}" height="10" rx="5" fill="{}"/></svg>)",
      140 * fraction, earned == possible ? "#00704f" : "#0072b2");
}

// ---------------------------------------------------------------------------------------------
// The record's summary and the metric

std::string optional_text(const std::optional<std::string>& text) {
  return text ? esc(*text) : R"(<span class="muted">(missing)</span>)";
}

void write_record_lines(std::ostream& out, const RecordSummary& record) {
  const std::string count =
      record.failure_case_count
          ? fmt::format("{}{}", *record.failure_case_count,
                        record.failure_count_from_list ? R"( <span class="muted">(the listed cases)</span>)" : "")
          : R"(<span class="muted">(missing)</span>)";
  out << "<dl class=\"record\">\n"
      << "<dt>task</dt><dd>" << optional_text(record.task) << "</dd>\n"
      << "<dt>improvement</dt><dd>" << (record.improvement ? number(*record.improvement) : "n/a") << "</dd>\n"
      << "<dt>failure_case_count</dt><dd>" << count << "</dd>\n"
      << "<dt>next_step</dt><dd>" << optional_text(record.next_step) << "</dd>\n"
      << "</dl>\n";
}

std::string signed_number(double value) { return value > 0 ? "+" + number(value) : number(value); }

std::string metric_headline(const MetricSummary& metric) {
  const std::string direction = metric.higher_is_better
                                    ? (*metric.higher_is_better ? "higher is better" : "lower is better")
                                    : "direction unknown";
  const std::string unit = metric.unit.empty() ? "" : ", " + esc(metric.unit);
  const auto value = [](const std::optional<double>& v) { return v ? number(*v, 6) : std::string("?"); };
  std::string text = fmt::format("{} ({}{}): {} → {}", esc(metric.name), direction, unit, value(metric.baseline),
                                 value(metric.current));
  if (metric.improvement) {
    text += ", " + signed_number(*metric.improvement);
    if (metric.relative_improvement) text += fmt::format(" ({:+.1f}%)", *metric.relative_improvement * 100);
  }
  return text;
}

void write_metric(std::ostream& out, const MetricSummary& metric) {
  out << "<div class=\"metric\">\n<p class=\"headline\">" << metric_headline(metric) << "</p>\n";
  if (metric.improvement && metric.higher_is_better && metric.baseline && metric.current) {
    const bool higher = *metric.higher_is_better;
    const std::string current = number(*metric.current, 6), baseline = number(*metric.baseline, 6);
    out << fmt::format("<p class=\"math\">improvement = {} = {} = {}</p>\n",
                       higher ? "current − baseline" : "baseline − current",
                       higher ? current + " − " + baseline : baseline + " − " + current, number(*metric.improvement));
    if (metric.relative_improvement) {
      out << fmt::format("<p class=\"math\">relative improvement = improvement / |baseline| = {} / {} = {:+.1f}%</p>\n",
                         number(*metric.improvement), number(std::fabs(*metric.baseline), 6),
                         *metric.relative_improvement * 100);
    } else {
      out << "<p class=\"math\">relative improvement = improvement / |baseline| is undefined: the baseline is 0</p>\n";
    }
  }
  out << "</div>\n";
}

// ---------------------------------------------------------------------------------------------
// Findings and the checklist

// The offending line with the character at the column marked and a caret under it. Long
// (minified) lines show a window around the column. `column_number` 0 means no column.
void write_snippet(std::ostream& out, std::string_view raw_line, std::size_t line_number, std::size_t column_number) {
  constexpr std::size_t kBefore = 40, kAfter = 60;
  const std::string line = shown(raw_line);
  const std::size_t length = code_points(line);
  const std::size_t column = column_number > 0 ? column_number - 1 : 0;
  const std::size_t first = column > kBefore ? column - kBefore : 0;
  const std::size_t last = std::min(length, column + kAfter);
  const auto slice = [&](std::size_t from, std::size_t to) {
    const std::size_t begin = code_point_offset(line, from);
    return std::string_view(line).substr(begin, code_point_offset(line, to) - begin);
  };
  const bool marked = column_number > 0 && column < length;
  const std::string_view before = slice(first, std::min(column, last));
  const std::string lead = first > 0 ? "…" : "";
  const std::string gutter = std::to_string(line_number);
  out << "<pre class=\"snippet\"><span class=\"gutter\">" << gutter << " | </span>" << lead << html_escape(before);
  if (marked)
    out << "<mark>" << html_escape(slice(column, column + 1)) << "</mark>" << html_escape(slice(column + 1, last));
  if (!marked && column_number == 0) out << html_escape(slice(first, last));
  out << (last < length ? "…" : "") << '\n';
  if (column_number > 0) {
    out << "<span class=\"gutter\">" << std::string(gutter.size(), ' ') << " | </span>"
        << std::string(code_points(lead) + code_points(before), ' ') << "<span class=\"caret\">^</span>";
  }
  out << "</pre>\n";
}

void write_finding(std::ostream& out, const FileReport& file, const Finding& finding) {
  const Mark mark = severity_mark(finding.severity);
  PrimaryLocation location = primary_location(file, finding);
  const bool unplaced = file.verdict == Verdict::error && !finding.member_exists;  // an unreadable file has no line
  if (unplaced) location.line = location.column = 0;
  out << fmt::format(
      "<div class=\"finding {}\">\n<div class=\"where\"><span class=\"sev\">"
      "<span aria-hidden=\"true\">{}</span> {}</span> <code>{}</code> <code class=\"muted\">[{}]</code></div>\n",
      mark.css, mark.symbol, mark.word, esc(location_text(location)), esc(finding.rule));
  out << "<p class=\"message\">" << esc(finding.message) << "</p>\n";
  if (finding.artifact) {
    // A problem inside a named file points there first; the field that named it comes next.
    out << fmt::format("<p class=\"named\">named by <code>{}:{}:{}</code> <code>{}</code></p>\n", esc(file.path),
                       finding.position.line, finding.position.column, esc(finding.pointer));
    if (!finding.artifact->excerpt.empty()) {
      write_snippet(out, finding.artifact->excerpt, finding.artifact->line, finding.artifact->column);
    }
  } else if (finding.member_exists) {
    write_snippet(out, line_text(file.source, finding.position.line), static_cast<std::size_t>(finding.position.line),
                  static_cast<std::size_t>(std::max(finding.position.column, 1)));
  }
  if (!finding.hint.empty()) out << "<p class=\"hint\"><b>hint:</b> " << esc(finding.hint) << "</p>\n";
  out << "</div>\n";
}

Mark item_mark(const std::vector<const Finding*>& findings) {
  if (findings.empty()) return {"pass", "✓", "passed"};
  Severity worst = Severity::info;
  for (const Finding* finding : findings) worst = std::max(worst, finding->severity);
  return severity_mark(worst);
}

void write_item(std::ostream& out, const FileReport& file, const RuleInfo& rule) {
  const auto findings = file.findings_of(rule.id);
  const ItemStatus status = file.item_status(rule.id);
  // A failed item whose findings were all left out (--max-findings) still shows as failed.
  const Mark mark = status == ItemStatus::not_checked                  ? kNotCheckedMark
                    : findings.empty() && status == ItemStatus::failed ? severity_mark(Severity::error)
                                                                       : item_mark(findings);
  out << fmt::format(
      "<li class=\"item {}\"><div class=\"item-row\"><span class=\"mark {}\" role=\"img\" "
      "aria-label=\"{}\" title=\"{}\">{}</span><code class=\"rule\">{}</code><span class=\"summary\">{}</span></div>\n",
      mark.css, mark.css, mark.word, mark.word, mark.symbol, esc(rule.id), esc(rule.summary));
  if (status == ItemStatus::not_checked) {
    const auto entry = std::find_if(file.checklist.begin(), file.checklist.end(),
                                    [&](const ChecklistEntry& item) { return item.rule->id == rule.id; });
    out << "<p class=\"not-checked-reason\"><b>not checked:</b> " << esc(entry->reason) << "</p>\n";
  }
  if (!findings.empty()) {
    out << "<div class=\"findings\">\n";
    for (const Finding* finding : findings) write_finding(out, file, *finding);
    out << "</div>\n";
  }
  out << "</li>\n";
}

// A section is a <details> element: open when something in it needs reading, folded to its
// mark and count when every item passed.
void write_section(std::ostream& out, const FileReport& file, std::string_view title,
                   const std::vector<const RuleInfo*>& rules, std::string_view count) {
  std::vector<const Finding*> findings;
  for (const RuleInfo* rule : rules) {
    for (const Finding* finding : file.findings_of(rule->id)) findings.push_back(finding);
  }
  const auto with_status = [&](ItemStatus status) {
    return std::any_of(rules.begin(), rules.end(),
                       [&](const RuleInfo* rule) { return file.item_status(rule->id) == status; });
  };
  const bool any_failed = with_status(ItemStatus::failed);
  const bool any_not_checked = with_status(ItemStatus::not_checked);
  // Without findings, a section is failed, not checked in part, or passed, in that order.
  const Mark mark = !findings.empty() ? item_mark(findings)
                    : any_failed      ? severity_mark(Severity::error)
                    : any_not_checked ? kNotCheckedMark
                                      : item_mark(findings);
  out << fmt::format(
      "<details class=\"section\"{}><summary><span class=\"mark {}\" role=\"img\" aria-label=\"{}\">{}</span>"
      "<h4>{}</h4><span class=\"muted\">{}</span></summary>\n<ul class=\"checklist\">\n",
      findings.empty() && !any_failed && !any_not_checked ? "" : " open", mark.css, mark.word, mark.symbol, esc(title),
      count);
  for (const RuleInfo* rule : rules) write_item(out, file, *rule);
  out << "</ul>\n</details>\n";
}

void write_checklist(std::ostream& out, const FileReport& file) {
  out << "<h3>Checklist</h3>\n";
  for (std::size_t i = 0; i < file.checklist.size();) {
    const Section section = file.checklist[i].rule->section;
    std::vector<const RuleInfo*> rules;
    int passed = 0, not_checked = 0;
    for (; i < file.checklist.size() && file.checklist[i].rule->section == section; ++i) {
      rules.push_back(file.checklist[i].rule);
      passed += file.checklist[i].status == ItemStatus::passed ? 1 : 0;
      not_checked += file.checklist[i].status == ItemStatus::not_checked ? 1 : 0;
    }
    write_section(out, file, section_title(section), rules,
                  fmt::format("{}/{} passed{}", passed, rules.size(),
                              not_checked > 0 ? fmt::format(", {} not checked", not_checked) : ""));
  }
  // Consistency checks are not checklist items: they appear only when they found something.
  // Any other finding outside this file's checklist goes there too, so none is ever dropped.
  const std::vector<const RuleInfo*>& fired = file.other_rules;
  if (fired.empty()) return;
  write_section(out, file, section_title(Section::consistency), fired,
                plural(static_cast<std::int64_t>(fired.size()), "check") + " with findings");
}

// ---------------------------------------------------------------------------------------------
// Training log: one line chart per loss curve

struct CurveStyle {
  std::string_view colour;
  std::string_view dash;  ///< a second cue besides colour
};

constexpr CurveStyle kTrainStyle{"#0072b2", ""};
constexpr CurveStyle kValidationStyle{"#d55e00", "6 4"};
constexpr CurveStyle kAdversarialStyles[] = {{"#009e73", ""}, {"#cc79a7", "6 4"}, {"#8a6d00", "2 3"}};

std::string point_label(const LossCurve& curve, const CurvePoint& point) {
  return fmt::format("{} ({} {})", number(point.value, 4), esc(curve.x_name), number(point.x, 3));
}

// Where data coordinates land in a chart's view box.
struct Plot {
  static constexpr double kWidth = 480, kHeight = 230, kLeft = 58, kRight = 18, kTop = 16, kBottom = 42;
  Range xs, ys;

  double x(double value) const { return kLeft + (value - xs.low) / xs.span() * (right() - kLeft); }
  double y(double value) const { return kTop + (1 - (value - ys.low) / ys.span()) * (bottom() - kTop); }
  double right() const { return kWidth - kRight; }
  double bottom() const { return kHeight - kBottom; }
};

// Axes with the data's own minimum and maximum as labels, and faint lines at the two extremes.
std::string axes_svg(const Plot& plot, double x_low, double x_high, double y_low, double y_high,
                     std::string_view x_name) {
  const double left = Plot::kLeft, bottom = plot.bottom(), right = plot.right();
  std::string svg;
  for (const double level : {y_high, y_low}) {
    svg +=
        fmt::format(R"(<line class="grid" x1="{0}" y1="{1:.1f}" x2="{2}" y2="{1:.1f}"/>)", left, plot.y(level), right);
    svg += fmt::format(R"(<text x="{}" y="{:.1f}" text-anchor="end" font-size="12" dy="4">{}</text>)", left - 6,
                       plot.y(level), number(level, 4));
  }
  svg += fmt::format(R"(<line class="axis" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>)", left, Plot::kTop, bottom);
  svg += fmt::format(R"(<line class="axis" x1="{0}" y1="{1}" x2="{2}" y2="{1}"/>)", left, bottom, right);
  svg += fmt::format(R"(<text x="{}" y="{}" font-size="12">{}</text>)", left, bottom + 16, number(x_low));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>)", right, bottom + 16,
                     number(x_high));
  svg += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>)", (left + right) / 2,
                     bottom + 32, esc(x_name));
  return svg;
}

std::string polyline_svg(const Plot& plot, const std::vector<CurvePoint>& points, const CurveStyle& style) {
  std::vector<std::string> coordinates;
  for (const auto& point : points)
    coordinates.push_back(fmt::format("{:.1f},{:.1f}", plot.x(point.x), plot.y(point.value)));
  return fmt::format(
      R"(<polyline class="curve" fill="none" stroke="{}" stroke-width="2.2" stroke-linejoin="round" stroke-linecap="round"{} points="{}"/>)",
      style.colour, style.dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", style.dash),
      fmt::join(coordinates, " "));
}

// The best (lowest) point: a ring, and a label on the side that keeps it inside the chart.
std::string best_marker_svg(const Plot& plot, const LossCurve& curve, const CurveStyle& style) {
  const double x = plot.x(curve.best.x), y = plot.y(curve.best.value);
  const bool right_half = x > Plot::kLeft + (plot.right() - Plot::kLeft) * 0.6;
  return fmt::format(
             R"(<circle class="best" cx="{:.1f}" cy="{:.1f}" r="5" fill="#fff" stroke="{}" stroke-width="2.5"><title>best {}</title></circle>)",
             x, y, style.colour, point_label(curve, curve.best)) +
         fmt::format(
             R"(<text class="value halo" x="{:.1f}" y="{:.1f}" text-anchor="{}" font-weight="600">best {}</text>)",
             right_half ? x - 9 : x + 9, y - 9, right_half ? "end" : "start", number(curve.best.value, 4));
}

/// A curve drawn in a chart, and what it is.
struct ChartLine {
  const LossCurve* curve;
  CurveStyle style;
  std::string_view role;  ///< "training loss", "validation loss", …
};

std::vector<CurvePoint> finite_points(const LossCurve& curve) {
  std::vector<CurvePoint> points;
  for (const auto& point : curve.points) {
    if (std::isfinite(point.x) && std::isfinite(point.value)) points.push_back(point);
  }
  if (points.empty()) points.push_back(curve.best);
  return points;
}

// Every line on one pair of axes, so that the gap between training and validation loss (the
// sign of overfitting) is seen as it is.
std::string chart_svg(const std::vector<ChartLine>& lines) {
  std::vector<std::vector<CurvePoint>> points;
  double x_low = 0, x_high = 0, y_low = 0, y_high = 0;
  for (const ChartLine& line : lines) {
    points.push_back(finite_points(*line.curve));
    for (const auto& point : points.back()) {
      const bool first = &line == &lines.front() && &point == &points.back().front();
      x_low = first ? point.x : std::min(x_low, point.x), x_high = first ? point.x : std::max(x_high, point.x);
      y_low = first ? point.value : std::min(y_low, point.value);
      y_high = first ? point.value : std::max(y_high, point.value);
    }
    y_low = std::min(y_low, line.curve->best.value);
  }
  const Plot plot{padded(x_low, x_high), padded(y_low, y_high)};
  std::string names;
  for (const ChartLine& line : lines) names += (names.empty() ? "" : ", ") + esc(line.curve->column);
  std::string svg = fmt::format(R"(<svg viewBox="0 0 {} {}" role="img" aria-label="{} over {}">)", Plot::kWidth,
                                Plot::kHeight, names, esc(lines.front().curve->x_name)) +
                    "\n" + axes_svg(plot, x_low, x_high, y_low, y_high, lines.front().curve->x_name);
  for (std::size_t i = 0; i < lines.size(); ++i) svg += "\n" + polyline_svg(plot, points[i], lines[i].style);
  for (const ChartLine& line : lines) svg += "\n" + best_marker_svg(plot, *line.curve, line.style);
  return svg + "\n</svg>";
}

std::string curve_source(const LossCurve& curve) {
  std::string source = curve.is_sum ? " (a sum)" : "";
  if (!curve.source.empty()) source += fmt::format(" in <code>{}</code>", esc(curve.source));
  return source;
}

void write_chart(std::ostream& out, const std::vector<ChartLine>& lines) {
  std::vector<ChartLine> drawn;
  out << "<figure class=\"chart\">\n<h4>";
  for (const ChartLine& line : lines) {
    out << (&line == &lines.front() ? "" : " · ")
        << fmt::format(
               R"(<svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke="{}" stroke-width="2.5"{}/></svg> )",
               line.style.colour,
               line.style.dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", line.style.dash))
        << "<code>" << esc(line.curve->column) << "</code> <span class=\"muted\">" << line.role
        << curve_source(*line.curve) << "</span>";
    if (line.curve->count > 0) drawn.push_back(line);
  }
  out << "</h4>\n";
  if (!drawn.empty()) out << chart_svg(drawn) << '\n';
  for (const ChartLine& line : lines) {
    const LossCurve& curve = *line.curve;
    out << "<figcaption class=\"stats\"><code>" << esc(curve.column) << "</code>: ";
    if (curve.count == 0) {
      out << "no finite values</figcaption>\n";
      continue;
    }
    out << fmt::format("first {} · best {} · last {} · {}</figcaption>\n", point_label(curve, curve.first),
                       point_label(curve, curve.best), point_label(curve, curve.last),
                       plural(static_cast<std::int64_t>(curve.count), "value"));
  }
  out << "</figure>\n";
}

void write_training_log(std::ostream& out, const ProjectArtifacts& artifacts) {
  if (!artifacts.training_log_file || !artifacts.training_log) return;
  const auto* log = std::get_if<TrainingLog>(&*artifacts.training_log);
  if (log == nullptr) return;
  out << "<h3>Training log</h3>\n";
  out << fmt::format("<p class=\"source\"><code>{}</code> ({}, {}{})", esc(artifacts.training_log_file->display_path),
                     esc(log->format), plural(static_cast<std::int64_t>(log->rows), "row"),
                     log->run.empty() ? "" : fmt::format(", run <code>{}</code>", esc(log->run)));
  if (log->non_finite_total > 0) {
    out << " · <strong>" << plural(static_cast<std::int64_t>(log->non_finite_total), "non-finite value") << "</strong>";
  }
  out << "</p>\n<div class=\"charts\">\n";
  std::vector<ChartLine> losses;
  if (log->train) losses.push_back({&*log->train, kTrainStyle, "training loss"});
  for (std::size_t i = 0; i < log->validation.size(); ++i) {
    const CurveStyle& style = i == 0 ? kValidationStyle : kAdversarialStyles[(i - 1) % std::size(kAdversarialStyles)];
    losses.push_back({&log->validation[i], style, "validation loss"});
  }
  if (!losses.empty()) write_chart(out, losses);
  for (std::size_t i = 0; i < log->adversarial.size(); ++i) {
    write_chart(out,
                {{&log->adversarial[i], kAdversarialStyles[i % std::size(kAdversarialStyles)], "adversarial loss"}});
  }
  out << "</div>\n";
}

// ---------------------------------------------------------------------------------------------
// Predictions: horizontal bar charts

struct Bar {
  std::string label;  ///< raw, untrusted
  double value = 0;
  std::string value_text;  ///< already escaped
};

/// A dashed vertical line across the bars, e.g. the overall accuracy.
struct Reference {
  double value = 0;
  std::string label;  ///< already escaped
};

std::string reference_line(const Reference& reference, double x, double top, double bottom) {
  return fmt::format(
      R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2:.1f}" stroke="#1d232b" stroke-width="1.2" stroke-dasharray="4 3"/>)"
      R"(<text x="{0:.1f}" y="{3:.1f}" text-anchor="middle" font-size="11">{4}</text>)",
      x, top, bottom, bottom + 12, reference.label);
}

std::string bar_chart_svg(const std::vector<Bar>& bars, double max_value, std::string_view colour,
                          std::string_view title, const std::optional<Reference>& reference = std::nullopt) {
  constexpr double kWidth = 480, kRow = 24, kBar = 15, kTop = 6;
  constexpr std::size_t kMaxLabel = 28;
  std::size_t longest_label = 4, longest_value = 1;
  for (const auto& bar : bars) {
    longest_label = std::max(longest_label, std::min(code_points(shown(bar.label)), kMaxLabel));
    longest_value = std::max(longest_value, code_points(bar.value_text));
  }
  // SVG cannot measure text: 7 units per character is a fair upper average at 12px.
  const double label_w = std::clamp(static_cast<double>(longest_label) * 7.0 + 10, 60.0, 210.0);
  const double value_w = static_cast<double>(longest_value) * 7.0 + 12;
  const double track = kWidth - label_w - value_w;
  const double bottom = kTop + kRow * static_cast<double>(bars.size());
  const auto scaled = [&](double value) {
    return max_value > 0 ? track * std::clamp(value / max_value, 0.0, 1.0) : 0.0;
  };
  std::ostringstream svg;
  svg << fmt::format(R"(<svg viewBox="0 0 {} {:.0f}" role="img" aria-label="{}">)", kWidth,
                     bottom + kTop + (reference ? 16 : 0), title)
      << '\n';
  // Values sit in their own column after the longest bar, so the reference line never crosses them.
  if (reference) svg << reference_line(*reference, label_w + scaled(reference->value), kTop - 2, bottom) << '\n';
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double y = kTop + kRow * static_cast<double>(i);
    svg << "<g class=\"bar\"><title>" << esc(bar.label) << ": " << bar.value_text << "</title>"
        << fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="end" font-size="12">{}</text>)", label_w - 8,
                       y + kBar - 3, shortened(bar.label, kMaxLabel))
        << fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{}" rx="3" fill="{}"/>)", label_w, y,
                       std::max(1.5, scaled(bar.value)), kBar, colour)
        << fmt::format(R"(<text class="value" x="{:.1f}" y="{:.1f}">{}</text>)", label_w + track + 8, y + kBar - 3,
                       bar.value_text)
        << "</g>\n";
  }
  svg << "</svg>";
  return svg.str();
}

std::string ratio(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "n/a" : number(static_cast<double>(part) / static_cast<double>(whole));
}

void write_confusions(std::ostream& out, const PredictionSummary& summary) {
  if (summary.top_confusions.empty()) return;
  std::vector<Bar> bars;
  double most = 0;
  for (const auto& pair : summary.top_confusions) {
    bars.push_back({pair.label + " → " + pair.prediction, static_cast<double>(pair.count), std::to_string(pair.count)});
    most = std::max(most, static_cast<double>(pair.count));
  }
  out << "<figure class=\"chart\">\n<h4>Most confused pairs <span class=\"muted\">label → prediction: "
         "rows</span></h4>\n"
      << bar_chart_svg(bars, most, "#d55e00", "most confused class pairs") << "\n</figure>\n";
}

void write_class_accuracy(std::ostream& out, const PredictionSummary& summary) {
  if (summary.per_class.empty()) return;
  // The weakest classes first: they are where the next step should look.
  std::vector<ClassAccuracy> classes = summary.per_class;
  std::stable_sort(classes.begin(), classes.end(), [](const ClassAccuracy& a, const ClassAccuracy& b) {
    return a.correct * (b.total ? b.total : 1) < b.correct * (a.total ? a.total : 1);
  });
  constexpr std::size_t kShown = 20;
  const bool cut = classes.size() > kShown;
  if (cut) classes.resize(kShown);
  std::vector<Bar> bars;
  for (const auto& entry : classes) {
    const double accuracy = entry.total ? static_cast<double>(entry.correct) / static_cast<double>(entry.total) : 0;
    bars.push_back({entry.label, accuracy, fmt::format("{} ({})", ratio(entry.correct, entry.total), entry.total)});
  }
  const std::string heading =
      cut ? fmt::format("(rows), the weakest {} of {} classes", kShown, summary.per_class.size())
          : std::string("(rows), weakest first");
  out << "<figure class=\"chart\">\n<h4>Per-class accuracy <span class=\"muted\">" << heading << "</span></h4>\n"
      << bar_chart_svg(bars, 1.0, "#0072b2", "per-class accuracy",
                       Reference{summary.accuracy, "overall " + number(summary.accuracy)})
      << "\n</figure>\n";
}

void write_predictions(std::ostream& out, const ProjectArtifacts& artifacts) {
  if (!artifacts.predictions_file || !artifacts.predictions) return;
  const auto* summary = std::get_if<PredictionSummary>(&*artifacts.predictions);
  if (summary == nullptr) return;
  out << "<h3>Predictions</h3>\n";
  out << fmt::format("<p class=\"source\"><code>{}</code> ({}, {})", esc(artifacts.predictions_file->display_path),
                     esc(summary->format), plural(static_cast<std::int64_t>(summary->rows), "row"));
  if (summary->kind == TargetKind::numeric) {
    out << fmt::format(": mae {}, mse {}, rmse {}</p>\n", number(summary->mae, 4), number(summary->mse, 4),
                       number(summary->rmse, 4));
    return;
  }
  if (summary->kind == TargetKind::text) {
    out << fmt::format(": {} of {} match exactly</p>\n", summary->rows - summary->wrong,
                       plural(static_cast<std::int64_t>(summary->rows), "row"));
    return;
  }
  out << fmt::format(": accuracy <strong>{}</strong>, {} wrong</p>\n", number(summary->accuracy, 4), summary->wrong);
  out << "<div class=\"charts\">\n";
  write_confusions(out, *summary);
  write_class_accuracy(out, *summary);
  out << "</div>\n";
}

void write_model_summary(std::ostream& out, const ProjectArtifacts& artifacts) {
  if (!artifacts.model_summary_file || !artifacts.model_summary) return;
  const auto* summary = std::get_if<ModelSummary>(&*artifacts.model_summary);
  if (summary == nullptr) return;
  out << "<h3>Model summary</h3>\n";
  out << fmt::format("<p class=\"source\"><code>{}</code> ({}): <strong>{}</strong> parameters</p>\n",
                     esc(artifacts.model_summary_file->display_path), esc(fmt::format("{}", summary->format)),
                     esc(summary->total.text));
}

void write_splits(std::ostream& out, const ProjectArtifacts& artifacts) {
  if (artifacts.splits.empty()) return;
  std::vector<std::string> splits;
  for (const auto& split : artifacts.splits) {
    splits.push_back(split.ids ? fmt::format("<code>{}</code> {} ids", esc(split.split), split.ids->size())
                               : fmt::format("<code>{}</code> (unreadable)", esc(split.split)));
  }
  const Mark mark = artifacts.leaked_total == 0 ? Mark{"pass", "✓", ""} : Mark{"error", "✗", ""};
  out << "<h3>Dataset splits</h3>\n<p>" << fmt::format("{} — ", fmt::join(splits, " · "))
      << mark_badge(mark, artifacts.leaked_total == 0 ? std::string("no id in two splits")
                                                      : fmt::format("{} ids in two splits", artifacts.leaked_total))
      << "</p>\n";
}

// ---------------------------------------------------------------------------------------------
// Samples from the record itself

std::string cell(const std::optional<std::string>& value) {
  return value ? esc(*value) : R"(<span class="none">—</span>)";
}

void write_sample_row(std::ostream& out, const SampleRow& sample) {
  if (!sample.is_object) {
    out << "<tr><td colspan=\"4\">" << cell(sample.whole) << "</td></tr>\n";
    return;
  }
  out << "<tr><td>" << cell(sample.input) << "</td><td>" << cell(sample.label) << "</td><td"
      << (sample.prediction_differs ? " class=\"mismatch\"" : "") << ">" << cell(sample.prediction) << "</td><td>"
      << cell(sample.note) << "</td></tr>\n";
}

void write_samples(std::ostream& out, const std::vector<SampleRow>& samples, std::string_view title) {
  out << fmt::format("<h4 class=\"samples-title\">{} <span class=\"muted\">({})</span></h4>\n", title, samples.size());
  out << "<div class=\"table-wrap\"><table class=\"samples\">\n"
         "<colgroup><col class=\"input\"><col class=\"label\"><col class=\"label\"><col class=\"note\"></colgroup>\n"
         "<thead><tr><th>input</th><th>label</th><th>prediction</th><th>note</th></tr></thead>\n<tbody>\n";
  for (const SampleRow& sample : samples) write_sample_row(out, sample);
  out << "</tbody>\n</table></div>\n";
}

void write_sample_tables(std::ostream& out, const FileReport& file) {
  if (file.success_samples.empty() && file.failure_cases.empty()) return;
  out << "<h3>Samples</h3>\n";
  if (!file.success_samples.empty()) write_samples(out, file.success_samples, "Success samples");
  if (!file.failure_cases.empty()) write_samples(out, file.failure_cases, "Failure cases");
}

// ---------------------------------------------------------------------------------------------
// One file

std::string score_text(const FileReport& file) {
  return fmt::format("{}/{}", file.points_earned(), file.points_possible());
}

std::string counts_text(const FileReport& file) {
  const int not_checked = file.items_not_checked();
  const auto not_applicable = static_cast<std::int64_t>(file.not_applicable.size());
  return fmt::format("{} · {} · {}{}{}", plural(file.count(Severity::error), "error"),
                     plural(file.count(Severity::warning), "warning"), plural(file.count(Severity::info), "note"),
                     not_checked > 0 ? fmt::format(" · {} not checked", not_checked) : "",
                     not_applicable > 0 ? fmt::format(" · {} not applicable", not_applicable) : "");
}

// The items that do not apply to this record, one line per reason: possible points, not earned.
void write_not_applicable(std::ostream& out, const FileReport& file) {
  if (file.not_applicable.empty()) return;
  std::vector<std::pair<std::string_view, std::vector<std::string>>> by_reason;
  for (const ChecklistEntry& entry : file.not_applicable) {
    auto it = std::find_if(by_reason.begin(), by_reason.end(),
                           [&](const auto& group) { return group.first == entry.reason; });
    if (it == by_reason.end()) it = by_reason.insert(by_reason.end(), {entry.reason, {}});
    it->second.push_back(fmt::format("<code>{}</code>", esc(entry.rule->id)));
  }
  out << "<div class=\"not-applicable\"><h4>Not checked: they do not apply to this record</h4>\n<ul>\n";
  for (const auto& [reason, rules] : by_reason)
    out << fmt::format("<li>{}: {}</li>\n", fmt::join(rules, ", "), esc(reason));
  out << "</ul>\n<p class=\"muted\">Each is a point possible but not earned.</p></div>\n";
}

// The card names the profile and config this file was checked under, which its config may have chosen.
void write_file_head(std::ostream& out, const FileReport& file) {
  const Mark mark = verdict_mark(file.verdict);
  const std::string config =
      file.config.empty() ? "" : fmt::format(" · config <code>{}</code>", esc(repo_relative_path(file.config)));
  out << "<div class=\"file-head\">\n<div><h2><code>" << esc(file.path) << "</code></h2>"
      << fmt::format("<div class=\"profile\">profile {}{}</div></div>\n", esc(format_as(file.profile)), config);
  out << "<div>" << mark_badge(mark, mark.word, "big") << "</div>\n</div>\n";
  if (file.verdict == Verdict::error) return;
  out << "<div class=\"score\"><strong>" << score_text(file) << "</strong>"
      << score_meter(file.points_earned(), file.points_possible()) << "<span>checklist items passed</span></div>\n"
      << "<div class=\"counts\">" << counts_text(file) << "</div>\n";
}

void write_error_file(std::ostream& out, const FileReport& file, std::size_t index) {
  out << fmt::format("<section class=\"card error-file\" id=\"file-{}\">\n", index);
  write_file_head(out, file);
  out << "<p>The file could not be checked:</p>\n<div class=\"findings\">\n";
  for (const Finding& finding : file.findings) write_finding(out, file, finding);
  out << "</div>\n</section>\n";
}

void write_file(std::ostream& out, const FileReport& file, std::size_t index) {
  if (file.verdict == Verdict::error) {
    write_error_file(out, file, index);
    return;
  }
  out << fmt::format("<section class=\"card\" id=\"file-{}\">\n", index);
  write_file_head(out, file);
  write_record_lines(out, file.record);
  if (file.metric) write_metric(out, *file.metric);
  write_checklist(out, file);
  write_not_applicable(out, file);
  if (file.artifacts) {
    write_training_log(out, *file.artifacts);
    write_predictions(out, *file.artifacts);
    write_model_summary(out, *file.artifacts);
    write_splits(out, *file.artifacts);
  }
  write_sample_tables(out, file);
  out << "</section>\n";
}

// ---------------------------------------------------------------------------------------------
// The whole report

Verdict overall_verdict(const ReportFooter& footer) {
  switch (footer.exit_code()) {
    case 0:
      return Verdict::pass;
    case 1:
      return Verdict::fail;
    default:
      return Verdict::error;
  }
}

std::string files_summary(const ReportFooter& footer) {
  return fmt::format("{} checked: {} passed, {} failed, {} could not be read",
                     plural(static_cast<std::int64_t>(footer.files), "file"), footer.passed, footer.failed,
                     footer.errored);
}

// At most `limit` code points of untrusted text, escaped; cut before escaping, so never inside an entity.
std::string esc_short(std::string_view untrusted, std::size_t limit) {
  const std::string text = shown(untrusted);
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (seen++ == limit) return html_escape(std::string_view(text).substr(0, i)) + "…";
  }
  return html_escape(text);
}

// Why a file did not pass, in one short line: its input error, or the first thing to fix; empty
// for a pass.
std::string why_not_passed(const FileReport& file) {
  constexpr std::size_t kWhyLength = 120;
  if (file.verdict == Verdict::error) {
    return file.findings.empty() ? "" : esc_short(file.findings.back().message, kWhyLength);
  }
  const std::vector<FixFirst> first = fix_first(file, 1);
  if (file.verdict == Verdict::pass || first.empty()) return "";
  return esc_short(first.front().finding != nullptr ? first.front().finding->message : first.front().rule->summary,
                   kWhyLength);
}

// The failed items' ids (errors first), at most kIndexRules and then how many more.
std::string failed_rules_cell(const FileReport& file) {
  constexpr std::size_t kIndexRules = 6;
  std::size_t more = 0;
  std::vector<std::string> ids;
  for (const FixFirst& item : fix_first(file, kIndexRules, &more))
    ids.push_back(fmt::format("<code>{}</code>", esc(item.rule->id)));
  if (more > 0) ids.push_back(fmt::format("+{}", more));
  return fmt::format("{}", fmt::join(ids, " "));
}

// A file's row in the index at the top of the page, enough to see who needs what without
// scrolling to each file; `number` counts from 1.
std::string index_row(const FileReport& file, std::size_t number) {
  const Mark file_mark = verdict_mark(file.verdict);
  const std::string improvement = file.record.improvement ? signed_number(*file.record.improvement) : "n/a";
  return fmt::format(
      "<tr><td><a href=\"#file-{}\"><code>{}</code></a></td><td>{}</td><td class=\"num\">{}</td>"
      "<td class=\"task\">{}</td><td class=\"num\">{}</td><td class=\"rules\">{}</td><td class=\"why\">{}</td>"
      "<td class=\"num count\">{}</td><td class=\"num count\">{}</td></tr>\n",
      number, esc(file.path), mark_badge(file_mark, file_mark.word), score_text(file),
      file.record.task ? esc(*file.record.task) : "", improvement, failed_rules_cell(file), why_not_passed(file),
      file.count(Severity::error), file.count(Severity::warning));
}

// `profiles` is "profile roadmap", or the count of each when the files' configs chose both.
void write_page_head(std::ostream& out, const ReportFooter& footer, const std::string& profiles,
                     const std::vector<std::string>& index_rows) {
  const Mark mark = verdict_mark(overall_verdict(footer));
  out << "<header class=\"card\">\n<div class=\"page-head\">\n<div><h1>dlcheck report</h1>\n<p class=\"lead\">"
      << files_summary(footer) << " · " << esc(profiles) << "</p></div>\n<div>"
      << mark_badge(mark, fmt::format("overall: {}", mark.word), "big") << "</div>\n</div>\n";
  if (footer.files > 1) {
    out << "<table class=\"index\">\n<thead><tr><th>file</th><th>verdict</th><th class=\"num\">score</th>"
           "<th>task</th><th class=\"num\">improvement</th><th>failed rules</th><th>why</th>"
           "<th class=\"num count\">errors</th><th class=\"num count\">warnings</th></tr></thead>\n<tbody>\n";
    for (const std::string& row : index_rows) out << row;
    out << "</tbody>\n</table>\n";
  }
  out << "</header>\n";
}

void write_footer(std::ostream& out, const std::string& profiles) {
  out << "<footer>dlcheck " << esc(DLCHECK_VERSION) << " · " << esc(profiles)
      << " · the roadmap's project checklist: a project without a baseline, a metric, failure evidence and a next step "
         "is still a demo</footer>\n";
}

// The page opens with the verdict over all files: each file's section is rendered as it comes
// and the page is written at the end.
class HtmlWriter final : public ReportWriter {
 public:
  explicit HtmlWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader& header) override { profile_ = header.profile; }

  std::string render(const FileReport& file, std::size_t index) const override {
    std::ostringstream section;
    write_file(section, file, index + 1);
    return section.str();
  }

  void file(const FileReport& file, std::string rendered) override {
    index_rows_.push_back(index_row(file, index_rows_.size() + 1));
    profiles_.add(file);
    sections_ += rendered;
  }

  void end(const ReportFooter& footer) override {
    write_head(out_, fmt::format("dlcheck report: {}", verdict_mark(overall_verdict(footer)).word));
    out_ << "<main>\n";
    const std::string profiles = profiles_.text(profile_);
    write_page_head(out_, footer, profiles, index_rows_);
    out_ << sections_ << "</main>\n";
    write_footer(out_, profiles);
    out_ << "</body>\n</html>\n";
  }

 private:
  std::ostream& out_;
  Profile profile_ = Profile::roadmap;  // the one asked for, named when no file was seen
  ProfileTally profiles_;
  std::vector<std::string> index_rows_;
  std::string sections_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_html_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<HtmlWriter>(out);
}

}  // namespace dlcheck
