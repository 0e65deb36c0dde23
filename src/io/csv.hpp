#pragma once
// Reading CSV/TSV records (RFC 4180) from a LineReader, one at a time, without allocating per field.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/line_reader.hpp"

namespace dlcheck {

/// The delimiter of a header line: a tab if it has one, else ';' if it has more of them than
/// commas, else ','.
char detect_delimiter(std::string_view header);

/// A place in a CSV file: 1-based line and character column; 0 when unknown.
struct CsvPlace {
  std::size_t line = 0;
  std::size_t column = 0;
};

struct CsvError {
  enum class Kind { unclosed_quote, record_too_long };
  Kind kind = Kind::unclosed_quote;
  std::string message;  ///< "a quote is not closed", …
  CsvPlace place;       ///< where the quote at fault opens
};

/// The records of a CSV or TSV file. A field in double quotes may hold the delimiter, doubled
/// quotes ("say ""hi""") and line breaks, so a record can span several lines; a line break inside
/// quotes reads as "\n", whether the file has CRLF or LF. Blank lines between records are skipped.
/// As spreadsheet tools do, a quote inside an unquoted field is text, and so is anything between a
/// closing quote and the next delimiter. A record is capped at the reader's line limit.
class CsvReader {
 public:
  /// With `delimiter` 0 the delimiter is detected from the first line of the first record.
  explicit CsvReader(LineReader& lines, char delimiter = 0) : lines_(lines), delimiter_(delimiter) {}

  /// Reads the next record; false at the end, or on an error: the file's (error()) or the line
  /// reader's (LineReader::error()).
  bool next();

  /// The fields of the record: unquoted ones are views into the line, quoted ones are unquoted into
  /// a buffer of the reader. All stay valid until the next call.
  const std::vector<std::string_view>& fields() const { return fields_; }
  /// The record as written, its lines joined by "\n", without the line endings.
  std::string_view text() const { return text_; }
  /// The 1-based line where the record starts.
  std::size_t line() const { return line_; }
  char delimiter() const { return delimiter_; }
  /// Whether field `index` was written in quotes: its spaces are then its own, never trimmed.
  bool quoted(std::size_t index) const;
  /// Where field `index` of the record starts (its opening quote when quoted); {0, 0} when there
  /// is no such field.
  CsvPlace place_of(std::size_t index) const;
  /// Where field `index` starts in a record `text` of one line, line `line` of its file, as
  /// place_of() says it: for a caller that split the line itself.
  static CsvPlace place_in(std::string_view text, char delimiter, std::size_t line, std::size_t index);
  /// Why reading stopped: a quote not closed by the end of the file, or within the record cap.
  const std::optional<CsvError>& error() const { return error_; }

 private:
  bool read_continuation(std::size_t open_quote);
  CsvPlace place_at(std::size_t offset) const;

  LineReader& lines_;
  char delimiter_;
  std::vector<std::string_view> fields_;
  std::string unquoted_;                     // the text of quoted fields, unquoted
  bool any_quoted_ = false;                  // the record holds a quote; quoted() looks only then
  mutable std::vector<std::size_t> starts_;  // where the fields of the record at starts_line_ start
  mutable std::size_t starts_line_ = 0;
  std::string record_;  // a record of several lines, joined
  std::string_view text_;
  std::size_t line_ = 0;
  std::optional<CsvError> error_;
};

}  // namespace dlcheck
