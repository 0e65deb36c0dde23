// GitHub Actions workflow commands: one annotation per finding, then a plain summary line.
// Student text is escaped the way the runner unescapes it, so it can neither end a command nor
// start a new one.

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "format/format_util.hpp"
#include "format/formatter.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// GitHub turns only this many commands of each level in a step into annotations.
constexpr int kAnnotationsPerLevel = 10;

std::string_view command_name(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "notice";
  }
  return "error";
}

// The runner's escaping of a command's message.
std::string escape_data(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The runner's escaping of a property value: a ':' or ',' would end the value early.
std::string escape_property(std::string_view text) {
  std::string out;
  for (const char c : escape_data(text)) {
    switch (c) {
      case ':':
        out += "%3A";
        break;
      case ',':
        out += "%2C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Like printable(), but keeps line breaks: the message escaping turns them into %0A, which the
// annotation shows as a new line of the same message.
std::string printable_keeping_lines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find_first_of("\r\n", start);
    out += printable(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    out += text[end];
    start = end + 1;
  }
}

// The path is relative to the repository root, which is where GitHub looks for it.
std::string annotation(const FileReport& file, const Finding& finding) {
  const PrimaryLocation location = repository_location(file, finding);
  std::string properties = "file=" + escape_property(printable(location.path));
  if (location.line > 0) properties += fmt::format(",line={}", location.line);
  if (location.line > 0 && location.column > 0) properties += fmt::format(",col={}", location.column);
  properties += ",title=" + escape_property(fmt::format("dlcheck {}", printable(finding.rule)));
  // The log shows only the message, so it repeats the location; the hint is the message's second line.
  std::string message =
      fmt::format("{}: {}", printable(location_text(location)), printable_keeping_lines(finding.message));
  if (!finding.hint.empty()) message += "\nhint: " + printable(finding.hint);
  return fmt::format("::{} {}::{}", command_name(finding.severity), properties, escape_data(message));
}

// A checklist item that could not be checked is a notice on the evidence file: never a pass.
std::string not_checked_annotation(const FileReport& file, const ChecklistEntry& entry) {
  const std::string path = printable(repository_path(file));
  const std::string properties = fmt::format("file={},title={}", escape_property(path),
                                             escape_property(fmt::format("dlcheck {} not checked", entry.rule->id)));
  return fmt::format("::notice {}::{}", properties,
                     escape_data(fmt::format("{}: not checked: {}", path, printable(entry.reason))));
}

// A plain log line, not a command, for a file checked under a config: it starts with "dlcheck:",
// so no path can make it one.
std::string rubric_line(const FileReport& file) {
  return fmt::format("dlcheck: {}: {}", printable(repository_path(file)), printable(rubric_text(file)));
}

std::string plural(int count, std::string_view word) {
  return fmt::format("{} {}{}", count, word, count == 1 ? "" : "s");
}

class LevelCounts {
 public:
  void add(Severity severity) { ++counts_[index(severity)]; }
  int operator[](Severity severity) const { return counts_[index(severity)]; }
  bool over_limit() const {
    return std::any_of(counts_.begin(), counts_.end(), [](int count) { return count > kAnnotationsPerLevel; });
  }

 private:
  static std::size_t index(Severity severity) { return static_cast<std::size_t>(severity); }
  std::array<int, 3> counts_{};
};

std::string limit_notice(const LevelCounts& counts) {
  return fmt::format(
      "::notice::dlcheck found {}, {} and {} in total; GitHub shows only the first {} annotations of each level, "
      "the log lists them all",
      plural(counts[Severity::error], "error"), plural(counts[Severity::warning], "warning"),
      plural(counts[Severity::info], "notice"), kAnnotationsPerLevel);
}

std::string summary_line(const ReportFooter& footer) {
  return fmt::format("dlcheck: {}, {} passed, {} failed, {} could not be read",
                     plural(static_cast<int>(footer.files), "file"), footer.passed, footer.failed, footer.errored);
}

// One annotation per finding as each file comes, after a line naming the file's config when it
// has one; the notice and the summary line at the end.
class GithubWriter final : public ReportWriter {
 public:
  explicit GithubWriter(std::ostream& out) : out_(out) {}

  void begin(const ReportHeader&) override {}

  std::string render(const FileReport& file, std::size_t) const override {
    std::string text;
    if (!file.config.empty()) text += rubric_line(file) + '\n';
    for (const Finding& finding : file.findings) text += annotation(file, finding) + '\n';
    for (const ChecklistEntry& entry : file.checklist) {
      if (entry.status == ItemStatus::not_checked) text += not_checked_annotation(file, entry) + '\n';
    }
    return text;
  }

  void file(const FileReport& file, std::string rendered) override {
    out_ << rendered;
    for (const Finding& finding : file.findings) counts_.add(finding.severity);
    for (int i = 0; i < file.items_not_checked(); ++i) counts_.add(Severity::info);
  }

  void end(const ReportFooter& footer) override {
    if (counts_.over_limit()) out_ << limit_notice(counts_) << '\n';
    out_ << summary_line(footer) << '\n';
  }

 private:
  std::ostream& out_;
  LevelCounts counts_;
};

}  // namespace

std::unique_ptr<ReportWriter> make_github_writer(std::ostream& out, const OutputOptions&) {
  return std::make_unique<GithubWriter>(out);
}

}  // namespace dlcheck
