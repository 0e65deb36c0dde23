#pragma once
// Word and character error rates and exact match over a reference and a hypothesis column,
// corpus-level as jiwer defines them: the edit operations (substitutions, deletions and
// insertions) of every row are summed, then divided by the reference words or characters of
// every row.

#include <cstdint>
#include <optional>
#include <string_view>

namespace dlcheck {

/// A row whose edit distance would fill more cells (reference × hypothesis length) is not
/// computed: the metric is then not checked.
inline constexpr std::uint64_t kMaxEditCells = 100'000'000;
/// All the rows of a file together: past it the metric is not checked either, so that the cost
/// stays linear in the file (a few seconds at most), however many long rows a file has.
inline constexpr std::uint64_t kMaxFileEditCells = 2'000'000'000;

/// What WER, CER and exact match are computed from: sums over the rows.
struct TextCounts {
  std::uint64_t rows = 0;
  std::uint64_t exact = 0;  ///< rows whose hypothesis equals the reference
  std::uint64_t word_edits = 0, reference_words = 0;
  std::uint64_t char_edits = 0, reference_chars = 0;
  /// The first line (1-based) of a row too long for a word or character edit distance; 0 when none.
  std::size_t words_too_long_line = 0, chars_too_long_line = 0;
  /// Whether that row was refused for the file's budget (kMaxFileEditCells), not for its own size.
  bool words_over_budget = false, chars_over_budget = false;
  std::uint64_t word_cells = 0, char_cells = 0;   ///< edit-distance cells filled so far
  std::uint64_t cell_budget = kMaxFileEditCells;  ///< for words and for characters, each

  /// Adds one row, found at `line`: words are split on whitespace, characters are code points of
  /// the text without its leading and trailing whitespace (an invalid UTF-8 byte counts as one).
  void add(std::string_view reference, std::string_view hypothesis, std::size_t line);
};

/// Word error rate: word edits over reference words; nullopt without reference words or with a
/// row too long.
std::optional<double> word_error_rate(const TextCounts& counts);
/// Character error rate: character edits over reference characters; nullopt likewise.
std::optional<double> character_error_rate(const TextCounts& counts);
/// The fraction of rows whose hypothesis equals the reference; nullopt with no row.
std::optional<double> exact_match(const TextCounts& counts);

}  // namespace dlcheck
