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

std::optional<std::size_t> LogBuilder::curve_for(std::string_view column, std::string_view source) {
  const std::string_view trimmed = trim(column, " ");
  // Every name seen is remembered, loss or not, so a long log classifies each name once; a
  // hostile log with more names than kMaxNamesKept is classified value by value past it.
  std::optional<std::size_t> index;
  if (const auto known = names_.find(trimmed); known != names_.end()) {
    index = known->second;
  } else {
    if (std::optional<LossName> name = classify_column(trimmed)) {
      index = add_curve(std::move(*name), std::string(trimmed), std::string(source));
    }
    if (names_.size() < kMaxNamesKept) names_.emplace(std::string(trimmed), index);
  }
  if (index && curves_[*index].current_source != source) curves_[*index].current_source = source;
  return index;
}

std::size_t LogBuilder::add_curve(LossName name, std::string column, std::string source) {
  ColumnCurve curve{std::move(name), column, source, source, LossCurveBuilder(column)};
  curves_.push_back(std::move(curve));
  return curves_.size() - 1;
}

void LogBuilder::record(std::size_t index, const CurvePoint& point, std::string_view text, std::optional<double> step) {
  ColumnCurve& column = curves_[index];
  // Back to where the run began is a new run; back to a later step is a resume from a
  // checkpoint, which continues the same curve.
  const bool step_back = !step || !column.last_step || *step < *column.last_step;
  if (column.last_x && point.x < *column.last_x && column.first_x && point.x <= *column.first_x && step_back) {
    restart(column, point);
  }
  if (!column.first_x) column.first_x = point.x;
  column.last_x = point.x;
  if (step) column.last_step = step;
  if (std::isfinite(point.value)) {
    column.curve.add(point);
    return;
  }
  if (column.non_finite.count++ == 0) {
    column.non_finite.column = column.column;
    column.non_finite.line = point.line;
    column.non_finite.x = point.x;
    column.non_finite.text = std::string(text);
  }
}

TrainingLog LogBuilder::finish(std::string_view format, const std::string& x_name, std::size_t rows) && {
  TrainingLog log;
  log.format = format;
  log.rows = rows;
  for (const ColumnCurve& column : curves_) {
    if (column.non_finite.count == 0) continue;
    log.non_finite_total += column.non_finite.count;
    log.non_finite.push_back(column.non_finite);
  }
  for (const ColumnCurve& column : curves_) {
    if (column.runs > 1 && (!log.appended || column.runs > log.appended->runs))
      log.appended = AppendedRuns{column.runs, column.restart_line, column.restart_x, column.column};
  }
  if (auto train = preferred_train()) log.train = finish_curve(*train, x_name);
  for (const Role role : {Role::validation, Role::adversarial}) {
    for (const std::size_t i : one_series_per_base(role)) {
      (role == Role::validation ? log.validation : log.adversarial).push_back(finish_curve(i, x_name));
    }
  }
  return log;
}

void LogBuilder::restart(ColumnCurve& column, const CurvePoint& point) {
  column.curve = LossCurveBuilder(column.column);
  column.source = column.current_source;  // the run judged is in the file it restarted in
  column.non_finite = {};
  column.first_x = point.x;
  ++column.runs;
  column.restart_line = point.line;
  column.restart_x = point.x;
}

LossCurve LogBuilder::finish_curve(std::size_t i, const std::string& x_name) {
  LossCurve curve = std::move(curves_[i].curve).finish(x_name);
  curve.is_sum = curves_[i].name.is_sum;
  curve.source = curves_[i].source;
  return curve;
}

// Lightning's epoch series, else the plain one, else the step series: the first with values.
bool LogBuilder::better_series(std::size_t i, std::size_t chosen) const {
  const bool has = curves_[i].curve.count() > 0, chosen_has = curves_[chosen].curve.count() > 0;
  if (has != chosen_has) return has;
  return curves_[i].name.series < curves_[chosen].name.series;
}

// The training loss: a curve with values first, then the plainest name (rank), then the
// preferred series, then the first column.
std::optional<std::size_t> LogBuilder::preferred_train() const {
  std::optional<std::size_t> chosen;
  for (std::size_t i = 0; i < curves_.size(); ++i) {
    if (curves_[i].name.role != Role::train) continue;
    if (!chosen) {
      chosen = i;
      continue;
    }
    const ColumnCurve &a = curves_[i], &b = curves_[*chosen];
    const bool has = a.curve.count() > 0, chosen_has = b.curve.count() > 0;
    if (has != chosen_has) {
      if (has) chosen = i;
    } else if (a.name.rank != b.name.rank) {
      if (a.name.rank < b.name.rank) chosen = i;
    } else if (a.name.base == b.name.base) {
      if (better_series(i, *chosen)) chosen = i;
    } else if (a.curve.count() > b.curve.count()) {
      chosen = i;  // "train/loss" over the Trainer's one-value "train/train_loss" summary
    }
  }
  return chosen;
}

// Every base of this role once, in column order, as its preferred series.
std::vector<std::size_t> LogBuilder::one_series_per_base(Role role) const {
  std::vector<std::size_t> chosen;
  for (std::size_t i = 0; i < curves_.size(); ++i) {
    if (curves_[i].name.role != role) continue;
    auto same = std::find_if(chosen.begin(), chosen.end(),
                             [&](std::size_t c) { return curves_[c].name.base == curves_[i].name.base; });
    if (same == chosen.end()) {
      chosen.push_back(i);
    } else if (better_series(i, *same)) {
      *same = i;
    }
  }
  return chosen;
}

void BuilderSink::scalar(std::string_view tag, double step, double value, const ScalarPlace& place) {
  name_.assign(prefix_).append(tag);
  const std::optional<std::size_t> curve = builder_.curve_for(name_, source_);
  if (!curve) return;
  CurvePoint point{step, value, place.line, place.offset};
  builder_.record(*curve, point, std::isnan(value) ? "nan" : value > 0 ? "inf" : "-inf");
}

}  // namespace dlcheck
