#include "artifacts/log_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "text/text_match.hpp"

namespace dlcheck {
namespace {

std::vector<std::string> words_of(std::string_view lower) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : lower) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

using WordList = std::span<const std::string_view>;

bool is_one_of(std::string_view word, WordList list) { return std::find(list.begin(), list.end(), word) != list.end(); }

bool has_word(const std::vector<std::string>& words, WordList wanted) {
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) { return is_one_of(word, wanted); });
}

constexpr std::array<std::string_view, 5> kValidationWords = {"val", "valid", "validation", "eval", "dev"};
constexpr std::array<std::string_view, 3> kTrainWords = {"train", "training", "trn"};
constexpr std::array<std::string_view, 9> kAdversarialWords = {"d",         "g",      "disc", "gen", "discriminator",
                                                               "generator", "critic", "errd", "errg"};
constexpr std::array<std::string_view, 3> kAverageWords = {"average", "avg", "mean"};
constexpr std::array<std::string_view, 2> kGanShorthands = {"errd", "errg"};
constexpr std::array<std::string_view, 1> kTestWords = {"test"};

/// "validation_epoch_average": a split's average with no metric named is its loss (a common
/// custom Lightning name).
bool is_split_average(const std::vector<std::string>& words) {
  if (!has_word(words, kAverageWords)) return false;
  return std::all_of(words.begin(), words.end(), [](const std::string& word) {
    return is_one_of(word, kValidationWords) || is_one_of(word, kTrainWords) || is_one_of(word, kAverageWords) ||
           word == "epoch";
  });
}

}  // namespace

// Column names lose their spaces, not their tabs, as every CSV field dlcheck reads.
std::optional<LossName> classify_column(std::string_view name) {
  std::string base = ascii_lower(trim(name, " "));
  Series series = Series::plain;
  for (const auto& [suffix, kind] : {std::pair{std::string_view("_epoch"), Series::epoch}, {"_step", Series::step}}) {
    if (base.size() > suffix.size() && base.ends_with(suffix)) {
      base.resize(base.size() - suffix.size());
      series = kind;
      break;
    }
  }
  const std::vector<std::string> words = words_of(base);
  const bool loss = base.find("loss") != std::string::npos || has_word(words, kGanShorthands);
  if (!(loss || is_split_average(words)) || has_word(words, kTestWords)) return std::nullopt;
  if (has_word(words, kAdversarialWords)) return LossName{Role::adversarial, base, series, 0};
  if (has_word(words, kValidationWords)) return LossName{Role::validation, base, series, 0};
  const bool plain = std::all_of(words.begin(), words.end(), [](const std::string& word) {
    return word == "loss" || word == "epoch" || is_one_of(word, kTrainWords);
  });
  return LossName{Role::train, base, series, plain ? 0 : has_word(words, kTrainWords) ? 1 : 2};
}

void BuilderSink::scalar(std::string_view tag, double step, double value, const ScalarPlace& place) {
  name_.assign(prefix_).append(tag);
  const std::optional<std::size_t> curve = builder_.curve_for(name_, source_);
  if (!curve) return;
  CurvePoint point{step, value, place.line, place.offset};
  builder_.record(*curve, point, std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf");
}

}  // namespace dlcheck
