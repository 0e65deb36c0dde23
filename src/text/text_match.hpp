#pragma once
// Small text helpers shared by every layer: "did you mean", trimming and placeholder detection.

#include <span>
#include <string>
#include <string_view>

namespace dlcheck {

/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a likely typo, else empty.
/// Comparison ignores case.
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

/// The one ending of every "unknown …" message: `; did you mean "accuracy"?` for a suggestion,
/// which passes through printable(), or empty when there is none.
std::string did_you_mean(std::string_view suggestion);

/// did_you_mean() of the candidate closest to `word` (closest_match), or empty.
std::string did_you_mean_closest(std::string_view word, std::span<const std::string_view> candidates);

/// Lowercase copy of ASCII text.
std::string ascii_lower(std::string_view text);

/// Whether `haystack` contains `needle` when every run of white space and backslashes (a
/// command broken over lines) counts as one space, in both. A blank needle is not contained.
bool contains_ignoring_spaces(std::string_view haystack, std::string_view needle);

/// The UTF-8 byte order mark some editors write at the start of a file.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

/// The text without a leading byte order mark.
std::string_view strip_byte_order_mark(std::string_view text);

/// True when the string is empty or only white space.
bool is_blank(std::string_view text);

/// `text` without the characters of `strip` at either end: spaces and tabs unless told. Inline:
/// it runs on every field of every predictions row.
inline std::string_view trim(std::string_view text, std::string_view strip = " \t") {
  const auto strips = [strip](char c) {
    for (const char s : strip) {
      if (c == s) return true;
    }
    return false;
  };
  while (!text.empty() && strips(text.front())) text.remove_prefix(1);
  while (!text.empty() && strips(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace dlcheck
