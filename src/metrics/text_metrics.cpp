#include "metrics/text_metrics.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "text/source_text.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace {

constexpr std::string_view kWhitespace = " \t\n\r\v\f";

bool is_space(char c) { return kWhitespace.find(c) != std::string_view::npos; }

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && is_space(text[at])) ++at;
    const std::size_t start = at;
    while (at < text.size() && !is_space(text[at])) ++at;
    if (at > start) words.push_back(text.substr(start, at - start));
  }
  return words;
}

std::vector<char32_t> code_points(std::string_view text) {
  text = trim(text, kWhitespace);
  std::vector<char32_t> out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_sequence_length(text, at);
    if (length == 0) {
      out.push_back(static_cast<unsigned char>(text[at]));  // 0x80-0xFF: unlike any valid sequence below
      ++at;
      continue;
    }
    char32_t point = 0;
    for (std::size_t i = 0; i < length; ++i) point = (point << 8) | static_cast<unsigned char>(text[at + i]);
    out.push_back(point);  // the bytes themselves: one value per code point is enough to compare
    at += length;
  }
  return out;
}

// Levenshtein distance with two rows of the table: memory O(hypothesis), time O(n · m).
template <typename T>
std::uint64_t levenshtein(const std::vector<T>& reference, const std::vector<T>& hypothesis) {
  std::vector<std::uint64_t> previous(hypothesis.size() + 1), current(hypothesis.size() + 1);
  std::iota(previous.begin(), previous.end(), std::uint64_t{0});
  for (std::size_t i = 1; i <= reference.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= hypothesis.size(); ++j) {
      const std::uint64_t substitute = previous[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1);
      current[j] = std::min({substitute, previous[j] + 1, current[j - 1] + 1});
    }
    std::swap(previous, current);
  }
  return previous[hypothesis.size()];
}

bool too_many_cells(std::size_t a, std::size_t b) {
  return a != 0 && b != 0 && static_cast<double>(a) * static_cast<double>(b) > static_cast<double>(kMaxEditCells);
}

// Whether a row of a × b cells is refused: too big alone, or past the file's budget (then
// `for_budget` is set); otherwise its cells are counted in `used`.
bool over_budget(std::size_t a, std::size_t b, std::uint64_t budget, std::uint64_t& used, bool& for_budget) {
  if (too_many_cells(a, b)) return true;
  const auto cells = static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b);
  if (used + cells > budget) return for_budget = true;
  used += cells;
  return false;
}

std::optional<double> ratio(std::uint64_t part, std::uint64_t whole) {
  if (whole == 0) return std::nullopt;
  return static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

void TextCounts::add(std::string_view reference, std::string_view hypothesis, std::size_t line) {
  ++rows;
  exact += reference == hypothesis;
  if (words_too_long_line == 0) {
    const auto ref_words = split_words(reference), hyp_words = split_words(hypothesis);
    if (over_budget(ref_words.size(), hyp_words.size(), cell_budget, word_cells, words_over_budget)) {
      words_too_long_line = line;
    } else {
      word_edits += levenshtein(ref_words, hyp_words);
      reference_words += ref_words.size();
    }
  }
  if (chars_too_long_line == 0) {
    const auto ref_chars = code_points(reference), hyp_chars = code_points(hypothesis);
    if (over_budget(ref_chars.size(), hyp_chars.size(), cell_budget, char_cells, chars_over_budget)) {
      chars_too_long_line = line;
    } else {
      char_edits += levenshtein(ref_chars, hyp_chars);
      reference_chars += ref_chars.size();
    }
  }
}

std::optional<double> word_error_rate(const TextCounts& counts) {
  if (counts.words_too_long_line != 0) return std::nullopt;
  return ratio(counts.word_edits, counts.reference_words);
}

std::optional<double> character_error_rate(const TextCounts& counts) {
  if (counts.chars_too_long_line != 0) return std::nullopt;
  return ratio(counts.char_edits, counts.reference_chars);
}

std::optional<double> exact_match(const TextCounts& counts) { return ratio(counts.exact, counts.rows); }

}  // namespace dlcheck
