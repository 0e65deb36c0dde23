#include "text/text_match.hpp"

#include <algorithm>
#include <vector>

#include "text/source_text.hpp"

namespace dlcheck {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view strip_byte_order_mark(std::string_view text) {
  return text.starts_with(kByteOrderMark) ? text.substr(kByteOrderMark.size()) : text;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  const std::size_t rows = a.size() + 1, cols = b.size() + 1;
  std::vector<std::size_t> d(rows * cols);
  const auto at = [&](std::size_t i, std::size_t j) -> std::size_t& { return d[i * cols + j]; };
  for (std::size_t i = 0; i < rows; ++i) at(i, 0) = i;
  for (std::size_t j = 0; j < cols; ++j) at(0, j) = j;
  for (std::size_t i = 1; i < rows; ++i) {
    for (std::size_t j = 1; j < cols; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
    }
  }
  return at(rows - 1, cols - 1);
}

std::string closest_match(std::string_view word, std::span<const std::string_view> candidates) {
  const std::string lowered = ascii_lower(word);
  // Short words tolerate one edit, longer ones two: "tsk" → "task", "run_comand" → "run_command".
  const std::size_t allowed = lowered.size() <= 4 ? 1 : 2;
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const std::string_view candidate : candidates) {
    if (candidate.size() > 64 || lowered.size() > 64) continue;  // keep the quadratic table small
    const std::size_t distance = edit_distance(lowered, ascii_lower(candidate));
    if (distance < best_distance) {
      best_distance = distance;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string did_you_mean(std::string_view suggestion) {
  return suggestion.empty() ? std::string() : "; did you mean \"" + printable(suggestion) + "\"?";
}

std::string did_you_mean_closest(std::string_view word, std::span<const std::string_view> candidates) {
  return did_you_mean(closest_match(word, candidates));
}

namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\'; }

std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < text.size();) {
    while (i < text.size() && is_separator(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_separator(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

}  // namespace

// Word by word, without building collapsed copies: a README is searched for every record. The
// first word may end a longer word and the last may begin one, as in a plain substring search.
bool contains_ignoring_spaces(std::string_view haystack, std::string_view needle) {
  const std::vector<std::string_view> parts = words(needle);
  if (parts.empty()) return false;
  for (std::size_t at = haystack.find(parts[0]); at != std::string_view::npos; at = haystack.find(parts[0], at + 1)) {
    std::size_t next = at + parts[0].size();
    bool matched = true;
    for (std::size_t k = 1; k < parts.size() && matched; ++k) {
      const std::size_t gap = next;
      while (next < haystack.size() && is_separator(haystack[next])) ++next;
      matched = next > gap && haystack.substr(next, parts[k].size()) == parts[k];
      next += parts[k].size();
    }
    if (matched) return true;
  }
  return false;
}

}  // namespace dlcheck
