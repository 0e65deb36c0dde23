#pragma once
// Small text helpers shared by rules: "did you mean" and placeholder detection.

#include <span>
#include <string>
#include <string_view>

namespace dlcheck {

/// Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a likely typo, else empty.
/// Comparison ignores case.
std::string closest_match(std::string_view word, std::span<const std::string_view> candidates);

/// Lowercase copy of ASCII text.
std::string ascii_lower(std::string_view text);

/// Whether `haystack` contains `needle` when every run of white space and backslashes (a
/// command broken over lines) counts as one space, in both. A blank needle is not contained.
bool contains_ignoring_spaces(std::string_view haystack, std::string_view needle);

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
