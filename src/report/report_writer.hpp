#pragma once
// How a report reaches an output format: a header, the files one by one in path order, a footer.
// The interface lives here, below both the engine that streams files into it and the formats
// that implement it (src/format/), so that neither needs the other.

#include <cstddef>
#include <string>

#include "report/report.hpp"

namespace dlcheck {

/// An output format's lifecycle, in the manner of shellcheck's formatters and Catch2's reporters:
/// begin() once, then render() and file() for each file in path order, then end() once. Line
/// formats write as they go; whole-document formats collect in file() and write in end().
///
/// Rendering on the checking threads, the one way to render in parallel: render() makes the
/// part of the output that depends on one file alone, and file() receives that part. A batch
/// runner calls render() on the thread that checked the file, for several files at once and in
/// any order, then file() on the thread that called begin(), in path order. So render() must
/// read only the writer's options and what begin() set, never what file() changes. A format
/// whose output for a file depends on the others keeps the default render(), which makes
/// nothing, and does all its work in file().
class ReportWriter {
 public:
  virtual ~ReportWriter() = default;

  /// Before any file.
  virtual void begin(const ReportHeader& header) = 0;
  /// The file's part of the output; `index` is its place in path order, from 0. Thread-safe.
  virtual std::string render(const FileReport& file, std::size_t index) const;
  /// Once per file, in path order, with what render() made of it.
  virtual void file(const FileReport& file, std::string rendered) = 0;
  /// After the last file.
  virtual void end(const ReportFooter& footer) = 0;
};

/// Drives `writer` over a finished report, on this thread: begin, render and file for each file, end.
void write_report(ReportWriter& writer, const Report& report);

}  // namespace dlcheck
