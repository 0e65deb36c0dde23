#pragma once
// Splitting one CSV/TSV line into fields without allocating per field.

#include <string>
#include <string_view>
#include <vector>

namespace dlcheck {

/// The delimiter of a header line: a tab if it has one, else ';' if it has more of them than
/// commas, else ','.
char detect_delimiter(std::string_view header);

/// Splits `line` into fields. Unquoted fields are views into `line`; quoted fields ("a,b",
/// "say ""hi""") are unquoted into `scratch`, so views stay valid until the next call with the
/// same scratch. Fields spanning several lines are not supported. Returns false when a quote
/// is not closed.
bool split_csv_line(std::string_view line, char delimiter, std::vector<std::string_view>& fields, std::string& scratch);

/// Trims ASCII spaces. Inline: it runs on every field of every predictions row.
inline std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace dlcheck
