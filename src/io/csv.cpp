#include "io/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

std::uint64_t load8(const char* bytes) {
  std::uint64_t word;
  std::memcpy(&word, bytes, 8);
  return word;
}

constexpr std::uint64_t broadcast(char byte) { return 0x0101010101010101ull * static_cast<unsigned char>(byte); }

// The high bit of each byte of `word` that is zero, and no other bit: adding 0x7F to the low
// seven bits of a byte carries into its high bit unless they are all zero, and never into the
// next byte.
constexpr std::uint64_t zero_bytes(std::uint64_t word) {
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
  return ~(((word & kLow7) + kLow7) | word | kLow7);
}

// Splits a line without quotes, sixteen (SSE2) or eight bytes at a time: on the short rows of a
// predictions file a memchr call per field costs more than it scans. False when the line has a
// quote; split_quoted then handles it.
bool split_unquoted(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  const char* bytes = line.data();
  std::size_t start = 0, i = 0;
  fields.clear();
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter), quotes = _mm_set1_epi8('"');
  for (; i + 16 <= line.size(); i += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, quotes)) != 0) return false;
    auto found = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, delimiters)));
    for (; found != 0; found &= found - 1) {
      const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(found));
      fields.emplace_back(bytes + start, at - start);
      start = at + 1;
    }
  }
#endif
  for (; i + 8 <= line.size(); i += 8) {
    const std::uint64_t word = load8(bytes + i);
    if (zero_bytes(word ^ broadcast('"')) != 0) return false;
    for (std::uint64_t found = zero_bytes(word ^ broadcast(delimiter)); found != 0; found &= found - 1) {
      const std::size_t at = i + static_cast<std::size_t>(std::countr_zero(found) >> 3);
      fields.emplace_back(bytes + start, at - start);
      start = at + 1;
    }
  }
  for (; i < line.size(); ++i) {
    if (bytes[i] == '"') return false;
    if (bytes[i] == delimiter) {
      fields.emplace_back(bytes + start, i - start);
      start = i + 1;
    }
  }
  fields.emplace_back(bytes + start, line.size() - start);
  return true;
}

// Splits a whole record. Unquoted fields are views into `text`; quoted ones are unquoted into
// `unquoted`, reserved first so that no view moves. Returns where a quote that is never closed
// opens, or kNone.
std::size_t split_quoted(std::string_view text, char delimiter, std::vector<std::string_view>& fields,
                         std::string& unquoted) {
  fields.clear();
  unquoted.clear();
  unquoted.reserve(text.size());
  std::size_t i = 0;
  while (true) {
    if (i < text.size() && text[i] == '"') {
      const std::size_t open = i++, begin = unquoted.size();
      while (true) {
        const std::size_t quote = text.find('"', i);
        if (quote == kNone) return open;
        unquoted.append(text, i, quote - i);
        i = quote + 1;
        if (i == text.size() || text[i] != '"') break;
        unquoted += '"';  // a doubled quote
        ++i;
      }
      const std::size_t end = std::min(text.find(delimiter, i), text.size());
      unquoted.append(text, i, end - i);
      i = end;
      fields.emplace_back(unquoted.data() + begin, unquoted.size() - begin);
    } else {
      const std::size_t end = std::min(text.find(delimiter, i), text.size());
      fields.push_back(text.substr(i, end - i));
      i = end;
    }
    if (i == text.size()) return kNone;
    if (++i == text.size()) {  // a delimiter at the end: one more, empty, field
      fields.emplace_back();
      return kNone;
    }
  }
}

// Where the fields of `text` start, scanning as split_quoted does.
std::vector<std::size_t> field_starts(std::string_view text, char delimiter) {
  std::vector<std::size_t> starts;
  std::size_t i = 0;
  while (true) {
    starts.push_back(i);
    if (i < text.size() && text[i] == '"') {
      for (++i; i < text.size(); ++i) {
        if (text[i] != '"') continue;
        if (i + 1 < text.size() && text[i + 1] == '"') {
          ++i;
        } else {
          break;
        }
      }
    }
    i = text.find(delimiter, std::min(i, text.size()));
    if (i == kNone) return starts;
    ++i;
  }
}

// Scans a continuation line, which starts inside a quoted field, as split_quoted would. Returns
// whether it ends inside a quoted field too, and then sets `open_quote` to where that field's
// quote is, when it opens on this line.
bool ends_inside_quotes(std::string_view line, char delimiter, std::size_t& open_quote) {
  std::size_t i = 0;
  bool inside = true;
  while (true) {
    if (inside) {
      while (true) {
        i = line.find('"', i);
        if (i == kNone) return true;
        if (i + 1 < line.size() && line[i + 1] == '"') {
          i += 2;
          continue;
        }
        ++i;
        break;
      }
      inside = false;
    }
    i = line.find(delimiter, i);
    if (i == kNone) return false;
    if (++i < line.size() && line[i] == '"') {
      open_quote = i++;
      inside = true;
    }
  }
}

// Lines are joined by '\n' alone, so a bare '\r' inside a line counts as position_at counts it.
CsvPlace place_in_record(std::string_view text, std::size_t line, std::size_t offset) {
  const std::string_view before = text.substr(0, offset);
  const std::size_t last_join = before.rfind('\n');
  const std::size_t line_start = last_join == kNone ? 0 : last_join + 1;
  const auto joins = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const SourcePosition position = position_at(text.substr(line_start), offset - line_start);
  return {line + joins, static_cast<std::size_t>(position.column)};
}

}  // namespace

char detect_delimiter(std::string_view header) {
  if (header.find('\t') != std::string_view::npos) return '\t';
  const auto commas = std::count(header.begin(), header.end(), ',');
  const auto semicolons = std::count(header.begin(), header.end(), ';');
  return semicolons > commas ? ';' : ',';
}

bool CsvReader::next() {
  if (error_) return false;
  std::string_view line;
  if (!next_content_line(lines_, line)) return false;
  line_ = lines_.line_number();
  text_ = line;
  if (delimiter_ == 0) delimiter_ = detect_delimiter(line);
  any_quoted_ = false;
  if (split_unquoted(line, delimiter_, fields_)) return true;
  any_quoted_ = true;
  const std::size_t open_quote = split_quoted(line, delimiter_, fields_, unquoted_);
  return open_quote == kNone || read_continuation(open_quote);
}

// The lines of a record whose quoted field runs past its first line are joined in record_ (the
// line buffer moves on), then the whole record is split again.
bool CsvReader::read_continuation(std::size_t open_quote) {
  record_.assign(text_);
  std::string_view line;
  bool inside = true;
  while (inside) {
    if (!lines_.next(line)) {
      text_ = record_;
      if (lines_.error().empty())
        error_ = CsvError{CsvError::Kind::unclosed_quote, "a quote is not closed", place_at(open_quote)};
      return false;
    }
    if (record_.size() + 1 + line.size() > lines_.max_line_length()) {
      text_ = record_;
      error_ = CsvError{CsvError::Kind::record_too_long,
                        fmt::format("a quoted field runs past the limit of {} bytes (--max-line-length); is its "
                                    "closing quote missing?",
                                    lines_.max_line_length()),
                        place_at(open_quote)};
      return false;
    }
    const std::size_t line_start = record_.size() + 1;
    record_ += '\n';
    record_ += line;
    std::size_t opened_here = kNone;
    inside = ends_inside_quotes(line, delimiter_, opened_here);
    if (opened_here != kNone) open_quote = line_start + opened_here;
  }
  text_ = record_;
  split_quoted(text_, delimiter_, fields_, unquoted_);
  return true;
}

bool CsvReader::quoted(std::size_t index) const {
  if (!any_quoted_) return false;
  if (starts_line_ != line_) {  // once a record: a row asks for several fields
    starts_ = field_starts(text_, delimiter_);
    starts_line_ = line_;
  }
  return index < starts_.size() && starts_[index] < text_.size() && text_[starts_[index]] == '"';
}

CsvPlace CsvReader::place_of(std::size_t index) const {
  const std::vector<std::size_t> starts = field_starts(text_, delimiter_);
  return index < starts.size() ? place_at(starts[index]) : CsvPlace{};
}

CsvPlace CsvReader::place_in(std::string_view text, char delimiter, std::size_t line, std::size_t index) {
  const std::vector<std::size_t> starts = field_starts(text, delimiter);
  return index < starts.size() ? place_in_record(text, line, starts[index]) : CsvPlace{};
}

CsvPlace CsvReader::place_at(std::size_t offset) const { return place_in_record(text_, line_, offset); }

}  // namespace dlcheck
