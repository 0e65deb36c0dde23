#pragma once
// Splitting the plain lines of a CSV/TSV file in one pass over a block of whole lines: delimiters
// and line ends are found together, sixteen bytes at a time, where a line reader and a field
// splitter would each scan every line. Anything unusual is left to CsvReader, which is exact.

#include <string.h>  // memrchr

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
  std::string_view line;          ///< without its line ending
  std::size_t line_offset = 0;    ///< lines before it in the block
  std::size_t fields = 0;         ///< how many
  const std::uint32_t* starts{};  ///< where each field starts in the block; see field()
  const char* block{};            ///< the block

  /// Field `i` (below `fields`) as written, untrimmed.
  [[gnu::always_inline]] std::string_view field(std::size_t i) const {
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

// Bits set in any mask, without a branch (and without -mpopcnt).
[[gnu::always_inline]] inline std::size_t bits_set(std::uint64_t mask) {
  mask -= (mask >> 1) & 0x5555555555555555ull;
  mask = (mask & 0x3333333333333333ull) + ((mask >> 2) & 0x3333333333333333ull);
  mask = (mask + (mask >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return static_cast<std::size_t>((mask * 0x0101010101010101ull) >> 56);
}

// Writes base + i + 1 for each bit i of `mask`, lowest first, at `out`, which has room for 16
// more than the bits; returns how many. Sixteen are written whatever the count, so that the
// branch is on rows of under four bytes a field, not on every stride.
inline std::size_t write_places(std::uint64_t mask, std::uint32_t base, std::uint32_t* out) {
  const std::size_t count = bits_set(mask);
  for (int i = 0; i < 16; ++i) {
    out[i] = base + static_cast<std::uint32_t>(std::countr_zero(mask)) + 1;
    mask &= mask - 1;
  }
  for (std::size_t i = 16; mask != 0; ++i) {
    out[i] = base + static_cast<std::uint32_t>(std::countr_zero(mask)) + 1;
    mask &= mask - 1;
  }
  return count;
}

// Of 64 bytes: the delimiters and line ends, and what a usual row never holds: a quote, or a '\r'
// that the next byte (the 65th for the last) does not follow with '\n'.
struct Structure {
  std::uint64_t separators = 0, unusual = 0;
};

inline Structure find_structure(const char* bytes, char delimiter) {
  Structure found;
#if defined(__SSE2__)
  const __m128i delimiters = _mm_set1_epi8(delimiter), newlines = _mm_set1_epi8('\n'), quotes = _mm_set1_epi8('"'),
                returns = _mm_set1_epi8('\r');
  for (int k = 0; k < 4; ++k) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * k));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + 16 * k + 1));
    const __m128i separators = _mm_or_si128(_mm_cmpeq_epi8(chunk, delimiters), _mm_cmpeq_epi8(chunk, newlines));
    const __m128i unusual =
        _mm_or_si128(_mm_cmpeq_epi8(chunk, quotes),
                     _mm_andnot_si128(_mm_cmpeq_epi8(next, newlines), _mm_cmpeq_epi8(chunk, returns)));
    found.separators |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(separators)))
                        << (16 * k);
    found.unusual |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(unusual))) << (16 * k);
  }
#else
  for (int i = 0; i < 64; ++i) {
    const std::uint64_t bit = std::uint64_t{1} << i;
    found.separators |= bytes[i] == delimiter || bytes[i] == '\n' ? bit : 0;
    found.unusual |= bytes[i] == '"' || (bytes[i] == '\r' && bytes[i + 1] != '\n') ? bit : 0;
  }
#endif
  return found;
}

// The 64 bytes at `base`, or the bytes left zero-padded at the end of the block.
inline Masks find_bytes_in(const char* bytes, std::size_t size, std::size_t base, char delimiter) {
  if (base + 64 <= size) return find_bytes(bytes + base, delimiter);
  alignas(16) char tail[64] = {};
  std::memcpy(tail, bytes + base, size - base);
  return find_bytes(tail, delimiter);
}

// Every rule of scan_plain_rows, a line at a time: the rows of `block` from byte `from` on, with
// `lines` lines before it; the PlainScan counts from the start of the block.
template <typename OnRow>
PlainScan scan_each_line(std::string_view block, std::size_t from, std::size_t lines, char delimiter,
                         std::size_t field_count, std::size_t max_line_length, OnRow& on_row) {
  const char* bytes = block.data();
  const std::size_t size = block.size();
  // Field starts; past kMaxFields they all land in the last slot, which a row that uses it fails.
  std::array<std::uint32_t, PlainRow::kMaxFields + 2> starts{};
  PlainRow row;
  row.starts = starts.data();
  row.block = bytes;
  std::size_t row_start = from, fields = 1, carriage_returns = 0;
  starts[0] = static_cast<std::uint32_t>(from);
  bool quoted = false;
  for (std::size_t base = from; base < size; base += 64) {
    const Masks masks = find_bytes_in(bytes, size, base, delimiter);
    // Where the current row starts in this stride: 0 when it started before.
    std::size_t first = row_start > base ? row_start - base : 0;
    for (std::uint64_t newlines = masks.newlines; newlines != 0; newlines &= newlines - 1) {
      const auto at = static_cast<std::size_t>(std::countr_zero(newlines));
      const std::uint64_t in_row = below(at) & ~below(first);
      for (std::uint64_t found = masks.delimiters & in_row; found != 0; found &= found - 1) {
        starts[std::min(fields, PlainRow::kMaxFields + 1)] =
            static_cast<std::uint32_t>(base + static_cast<std::size_t>(std::countr_zero(found)) + 1);
        ++fields;
      }
      quoted = quoted || (masks.quotes & in_row) != 0;
      carriage_returns += bit_count(masks.carriage_returns & in_row);
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
      starts[0] = static_cast<std::uint32_t>(row_start);
      fields = 1;
      carriage_returns = 0;
      quoted = false;
      first = at + 1;
    }
    // The row going on into the next stride.
    const std::uint64_t rest = ~below(first);
    for (std::uint64_t found = masks.delimiters & rest; found != 0; found &= found - 1) {
      starts[std::min(fields, PlainRow::kMaxFields + 1)] =
          static_cast<std::uint32_t>(base + static_cast<std::size_t>(std::countr_zero(found)) + 1);
      ++fields;
    }
    quoted = quoted || (masks.quotes & rest) != 0;
    carriage_returns += bit_count(masks.carriage_returns & rest);
  }
  return {row_start, lines, false};
}

// The usual rows, taken from a table of where their fields start: the delimiters and line ends
// of up to kSegment bytes are found first and their places written without a branch a byte, then
// each row is checked with a few comparisons. The branches then follow the rows, which are alike,
// not the bits, whose count varies from stride to stride. A segment holding a quote, or a '\r'
// not just before a '\n', goes to scan_each_line whole; any other line that is not a usual row
// (another field count, a leading space, over the limit) goes to it with the rest of the block.
template <typename OnRow>
[[gnu::always_inline]] inline PlainScan scan_usual_rows(std::string_view block, char delimiter, std::size_t field_count,
                                                        std::size_t max_line_length, OnRow& on_row) {
  constexpr std::size_t kSegment = 4096;
  // A row start, then a field start or line start after each delimiter or line end (at most one
  // a byte), then the 16 that write_places may write past the last.
  std::array<std::uint32_t, 1 + kSegment + 16> starts;
  const char* bytes = block.data();
  const std::size_t size = block.size();
  PlainRow row;
  row.block = bytes;
  row.fields = field_count;
  std::size_t row_start = 0, lines = 0;
  while (row_start < size) {
    const std::size_t end = std::min(size, row_start + kSegment);
    starts[0] = static_cast<std::uint32_t>(row_start);
    std::size_t count = 1;
    std::uint64_t unusual = 0;
    for (std::size_t base = row_start; base < end; base += 64) {
      Structure found;
      alignas(16) char tail[80] = {};
      const char* at = bytes + base;
      if (base + 65 > size) {
        std::memcpy(tail, at, size - base);
        at = tail;
      }
      found = find_structure(at, delimiter);
      const std::uint64_t in = below(end - base);
      unusual |= found.unusual & in;
      count += write_places(found.separators & in, static_cast<std::uint32_t>(base), starts.data() + count);
    }
    if (unusual != 0) {
      // The whole lines of the segment, each by every rule; none: a line longer than the segment.
      const void* last = ::memrchr(bytes + row_start, '\n', end - row_start);
      const std::size_t stop =
          last == nullptr ? size : static_cast<std::size_t>(static_cast<const char*>(last) - bytes) + 1;
      const PlainScan scan =
          scan_each_line(block.substr(0, stop), row_start, lines, delimiter, field_count, max_line_length, on_row);
      if (scan.stopped || stop == size) return scan;
      row_start = stop;
      lines = scan.lines;
      continue;
    }
    std::size_t k = 0;  // the row's start in `starts`
    while (k + field_count < count) {
      const std::uint32_t start = starts[k], newline = starts[k + field_count] - 1;
      bool usual = bytes[newline] == '\n';
      for (std::size_t i = 1; i < field_count; ++i) usual &= bytes[starts[k + i] - 1] == delimiter;
      const std::uint32_t line_end = newline - (bytes[newline - 1] == '\r' ? 1 : 0);
      if (!usual || line_end - start > max_line_length || bytes[start] == ' ' || bytes[start] == '\t') {
        const std::uint32_t first_end = starts[k + 1] - 1;
        if (bytes[first_end] == '\n' && (first_end == start || (first_end == start + 1 && bytes[start] == '\r'))) {
          ++lines;  // a blank line, as scan_each_line skips it
          ++k;
          continue;
        }
        return scan_each_line(block, start, lines, delimiter, field_count, max_line_length, on_row);
      }
      row.line = std::string_view(bytes + start, line_end - start);
      row.line_offset = lines;
      row.starts = starts.data() + k;
      on_row(static_cast<const PlainRow&>(row));
      ++lines;
      k += field_count;
    }
    if (k == 0) {  // no whole row in the segment: a line over kSegment bytes, or one of few fields
      return scan_each_line(block, row_start, lines, delimiter, field_count, max_line_length, on_row);
    }
    row_start = starts[k];
  }
  return {row_start, lines, false};
}

// The same compiled for processors with BMI1 and POPCNT (x86-64 since 2013), chosen at run time:
// a bit's place, clearing it and counting the bits take one instruction each instead of several.
#if defined(__x86_64__) && defined(__GNUC__)
#define DLCHECK_SCAN_BMI 1
template <typename OnRow>
[[gnu::target("bmi,popcnt"), gnu::noinline]] PlainScan scan_usual_rows_bmi(std::string_view block, char delimiter,
                                                                           std::size_t field_count,
                                                                           std::size_t max_line_length, OnRow& on_row) {
  return scan_usual_rows(block, delimiter, field_count, max_line_length, on_row);
}
#endif

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
  // Places are 32-bit: a larger block is taken up to a line end below 4 GiB, the rest next time.
  constexpr std::size_t kMaxBlock = (std::size_t{1} << 32) - 128;
  if (block.size() > kMaxBlock) {
    const void* last = ::memrchr(block.data(), '\n', kMaxBlock);
    if (last == nullptr) return {0, 0, true};
    block = block.substr(0, static_cast<std::size_t>(static_cast<const char*>(last) - block.data()) + 1);
  }
  if (field_count < 2 || field_count > PlainRow::kMaxFields) {
    return csv_rows_detail::scan_each_line(block, 0, 0, delimiter, field_count, max_line_length, on_row);
  }
#if DLCHECK_SCAN_BMI
  static const bool bmi = __builtin_cpu_supports("bmi") && __builtin_cpu_supports("popcnt");
  if (bmi) return csv_rows_detail::scan_usual_rows_bmi(block, delimiter, field_count, max_line_length, on_row);
#endif
  return csv_rows_detail::scan_usual_rows(block, delimiter, field_count, max_line_length, on_row);
}

}  // namespace dlcheck
