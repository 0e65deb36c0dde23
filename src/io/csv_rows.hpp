#pragma once
// Splitting the plain lines of a CSV/TSV file in one pass over a block of whole lines: delimiters
// and line ends are found together, sixteen bytes at a time, where a line reader and a field
// splitter would each scan every line. Anything unusual is left to CsvReader, which is exact.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dlcheck {

/// One line split by scan_plain_rows.
struct PlainRow {
  static constexpr std::size_t kMaxFields = 32;
  std::string_view line;        ///< without its line ending
  std::size_t line_offset = 0;  ///< lines before it in the block
  std::size_t fields = 0;       ///< how many
  const std::size_t* starts{};  ///< where each field starts in the block; see field()
  const char* block{};          ///< the block

  /// Field `i` (below `fields`) as written, untrimmed.
  std::string_view field(std::size_t i) const {
    const std::size_t begin = starts[i];
    const std::size_t end = i + 1 < fields ? starts[i + 1] - 1 : static_cast<std::size_t>(line.end() - block);
    return {block + begin, end - begin};
  }
};

/// What scan_plain_rows used of its block.
struct PlainScan {
  std::size_t bytes = 0;  ///< the lines handed over or skipped as blank
  std::size_t lines = 0;  ///< how many
  bool stopped = false;   ///< it stopped before a line that is not plain
};

namespace csv_rows_detail {

// The places of four bytes in the 64 at `bytes`: bit i set where byte i is the one.
struct Masks {
  std::uint64_t delimiters = 0, newlines = 0, quotes = 0, carriage_returns = 0;
};

inline Masks find_bytes(const char* bytes, char delimiter) {
  Masks masks;
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter), newlines = _mm_set1_epi8('\n'), quotes = _mm_set1_epi8('"'),
                returns = _mm_set1_epi8('\r');
  const auto bits = [](__m128i chunk, __m128i byte) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(chunk, byte))));
  };
  for (int k = 0; k < 4; ++k) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * k));
    masks.delimiters |= bits(chunk, delimiters) << (16 * k);
    masks.newlines |= bits(chunk, newlines) << (16 * k);
    masks.quotes |= bits(chunk, quotes) << (16 * k);
    masks.carriage_returns |= bits(chunk, returns) << (16 * k);
  }
#else
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    masks.delimiters |= bytes[i] == delimiter ? bit : 0;
    masks.newlines |= bytes[i] == '\n' ? bit : 0;
    masks.quotes |= bytes[i] == '"' ? bit : 0;
    masks.carriage_returns |= bytes[i] == '\r' ? bit : 0;
  }
#endif
  return masks;
}

// The bits below bit `n` (0 to 64).
inline std::uint64_t below(std::size_t n) { return n >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1; }

// Bits set in a mask that has few: std::popcount is a library call without -mpopcnt.
inline std::size_t bit_count(std::uint64_t mask) {
  std::size_t count = 0;
  for (; mask != 0; mask &= mask - 1) ++count;
  return count;
}

}  // namespace csv_rows_detail

/// Hands each line of `block` (whole lines, the last ending in '\n', as
/// LineReader::buffered_lines() gives them) to `on_row(const PlainRow&)` while the lines are
/// plain: no quote, no '\r' but at the end, not starting with a space or a tab, at most
/// `max_line_length` bytes and exactly `field_count` fields (at most PlainRow::kMaxFields).
/// Empty lines and lines of '\r' alone are skipped, as blank lines are. Stops before the first
/// line that is not plain, for CsvReader to read.
template <typename OnRow>
PlainScan scan_plain_rows(std::string_view block, char delimiter, std::size_t field_count, std::size_t max_line_length,
                          OnRow&& on_row) {
  using csv_rows_detail::below;
  const char* bytes = block.data();
  const std::size_t size = block.size();
  // Field starts; past kMaxFields they all land in the last slot, which a row that uses it fails.
  std::array<std::size_t, PlainRow::kMaxFields + 2> starts{};
  PlainRow row;
  row.starts = starts.data();
  row.block = bytes;
  std::size_t row_start = 0, lines = 0, fields = 1, carriage_returns = 0;
  bool quoted = false;
  alignas(16) char tail[64];
  for (std::size_t base = 0; base < size; base += 64) {
    csv_rows_detail::Masks masks;
    if (base + 64 <= size) {
      masks = csv_rows_detail::find_bytes(bytes + base, delimiter);
    } else {
      std::memset(tail, 0, sizeof tail);
      std::memcpy(tail, bytes + base, size - base);
      masks = csv_rows_detail::find_bytes(tail, delimiter);
    }
    // Where the current row starts in this stride: 0 when it started before.
    std::size_t first = row_start > base ? row_start - base : 0;
    for (std::uint64_t newlines = masks.newlines; newlines != 0; newlines &= newlines - 1) {
      const auto at = static_cast<std::size_t>(std::countr_zero(newlines));
      const std::uint64_t in_row = below(at) & ~below(first);
      for (std::uint64_t found = masks.delimiters & in_row; found != 0; found &= found - 1) {
        starts[std::min(fields, PlainRow::kMaxFields + 1)] =
            base + static_cast<std::size_t>(std::countr_zero(found)) + 1;
        ++fields;
      }
      quoted = quoted || (masks.quotes & in_row) != 0;
      carriage_returns += csv_rows_detail::bit_count(masks.carriage_returns & in_row);
      const std::size_t position = base + at;
      std::size_t end = position;
      while (end > row_start && bytes[end - 1] == '\r') --end;
      const std::size_t length = end - row_start;
      if (length > 0) {  // else a blank line of '\r' alone, or none
        if (quoted || carriage_returns != position - end || fields != field_count || length > max_line_length ||
            bytes[row_start] == ' ' || bytes[row_start] == '\t') {
          return {row_start, lines, true};
        }
        row.line = std::string_view(bytes + row_start, length);
        row.line_offset = lines;
        row.fields = fields;
        on_row(static_cast<const PlainRow&>(row));
      }
      ++lines;
      row_start = position + 1;
      starts[0] = row_start;
      fields = 1;
      carriage_returns = 0;
      quoted = false;
      first = at + 1;
    }
    // The row going on into the next stride.
    const std::uint64_t rest = ~below(first);
    for (std::uint64_t found = masks.delimiters & rest; found != 0; found &= found - 1) {
      starts[std::min(fields, PlainRow::kMaxFields + 1)] = base + static_cast<std::size_t>(std::countr_zero(found)) + 1;
      ++fields;
    }
    quoted = quoted || (masks.quotes & rest) != 0;
    carriage_returns += csv_rows_detail::bit_count(masks.carriage_returns & rest);
  }
  return {row_start, lines, false};
}

}  // namespace dlcheck
