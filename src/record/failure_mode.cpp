// The failure modes of a self-check, and whether the self-check says the mode was seen.

#include "record/failure_mode.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "record/templates.hpp"
#include "text/text_match.hpp"

namespace dlcheck {

std::string_view format_as(FailureMode mode) {
  switch (mode) {
    case FailureMode::shape_mismatch:
      return "shape mismatch";
    case FailureMode::no_loss_decrease:
      return "no loss decrease";
    case FailureMode::overfitting:
      return "overfitting";
    case FailureMode::data_leakage:
      return "data leakage";
    case FailureMode::attention_without_data_flow:
      return "attention used without explaining the data flow";
  }
  return "";
}

std::span<const FailureMode> all_failure_modes() {
  static constexpr std::array kModes = {FailureMode::shape_mismatch, FailureMode::no_loss_decrease,
                                        FailureMode::overfitting, FailureMode::data_leakage,
                                        FailureMode::attention_without_data_flow};
  return kModes;
}

std::optional<FailureMode> recognise_failure_mode(std::string_view text) {
  if (is_placeholder(text)) return std::nullopt;  // "<fill in: …, overfitting, …>" names every mode
  const std::string lowered = ascii_lower(text);
  const auto has = [&](std::string_view word) { return lowered.find(word) != std::string::npos; };
  if (has("overfit") || has("over-fit") || has("over fit")) return FailureMode::overfitting;
  if (has("leak") || has("contaminat")) return FailureMode::data_leakage;
  if (has("shape") || has("dimension mismatch") || has("size mismatch")) return FailureMode::shape_mismatch;
  if (has("loss") && (has("decreas") || has("not go") || has("plateau") || has("flat") || has("stuck") ||
                      has("not drop") || has("not fall") || has("diverg"))) {
    return FailureMode::no_loss_decrease;
  }
  if (has("attention") || has("transformer")) return FailureMode::attention_without_data_flow;
  return std::nullopt;
}

namespace {

// Said of the mode itself, whatever the mode: it was looked for and not found.
constexpr std::array kRuledOut = {
    "ruled out",     "rule out",     "rules out",      "none seen",      "not seen",
    "not observed",  "no sign",      "no evidence of", "did not happen", "didn't happen",
    "did not occur", "didn't occur", "not the case",   "not an issue",   "not a problem",
    "no problem",    "not present",  "was absent",     "is absent",      "no such",
};

// Before the mode's own word ("no overfitting", "not overfitting", "without leakage").
constexpr std::array kNegationWords = {"no", "not", "without", "never", "nor", "isn't", "wasn't", "zero"};

// The mode happened ("val loss rises", "overfits after epoch 8", "we saw leakage").
constexpr std::array kHappened = {
    "observed",
    "happened",
    "occurred",
    "we saw",
    "i saw",
    "was seen",
    "is seen",
    "found",
    "detected",
    "confirmed",
    "shows",
    "showed",
    "rises",
    "rose",
    "went up",
    "goes up",
    "increases",
    "increased",
    "overfits",
    "overfitted",
    "is overfitting",
    "was overfitting",
    "leaked",
    "leaks",
    "diverged",
    "stuck",
    "plateau",
    "mismatched",
    "did not decrease",
    "does not decrease",
    "didn't decrease",
    "doesn't decrease",
};

// The words that name a mode in the text, for "no <word>".
std::string_view mode_word(FailureMode mode) {
  switch (mode) {
    case FailureMode::overfitting:
      return "overfit";
    case FailureMode::data_leakage:
      return "leak";
    case FailureMode::shape_mismatch:
      return "mismatch";
    case FailureMode::no_loss_decrease:
      return "";  // its name holds a "no" already
    case FailureMode::attention_without_data_flow:
      return "";
  }
  return "";
}

bool negated_mode_word(std::string_view text, std::string_view word) {
  if (word.empty()) return false;
  for (std::size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    // The two words before the mode's word: "no overfitting", "no sign of overfitting".
    std::string_view before = text.substr(0, at);
    for (int words = 0; words < 2 && !before.empty(); ++words) {
      while (!before.empty() && (before.back() == ' ' || before.back() == '-')) before.remove_suffix(1);
      const std::size_t cut = before.find_last_of(" \t\n,.;:(");
      const std::size_t start = cut == std::string_view::npos ? 0 : cut + 1;
      const std::string_view previous = before.substr(start);
      if (std::find(kNegationWords.begin(), kNegationWords.end(), previous) != kNegationWords.end()) return true;
      before = before.substr(0, start);
    }
  }
  return false;
}

bool has_any(std::string_view text, std::span<const char* const> phrases) {
  return std::any_of(phrases.begin(), phrases.end(),
                     [&](const char* phrase) { return text.find(phrase) != std::string_view::npos; });
}

}  // namespace

Observed read_observed(FailureMode mode, std::string_view failure_mode, std::string_view evidence) {
  const std::string text = ascii_lower(std::string(failure_mode) + ". " + std::string(evidence));
  if (has_any(text, kRuledOut) || negated_mode_word(text, mode_word(mode))) return Observed::no;
  if (has_any(text, kHappened)) return Observed::yes;
  return Observed::unsaid;
}

}  // namespace dlcheck
