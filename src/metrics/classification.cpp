#include "metrics/classification.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "text/numbers.hpp"
#include "text/text_match.hpp"

namespace dlcheck {
namespace {

using namespace std::string_view_literals;

constexpr std::array kPositiveNames = {"1"sv, "true"sv, "yes"sv, "pos"sv, "positive"sv};

// As scikit-learn does by default, a ratio with nothing to divide by is 0.
double ratio(double part, double whole) { return whole > 0 ? part / whole : 0.0; }

double precision_of(std::uint64_t tp, std::uint64_t fp) { return ratio(double(tp), double(tp + fp)); }
double recall_of(std::uint64_t tp, std::uint64_t fn) { return ratio(double(tp), double(tp + fn)); }
double f1_of(std::uint64_t tp, std::uint64_t fp, std::uint64_t fn) {
  return ratio(2.0 * double(tp), 2.0 * double(tp) + double(fp) + double(fn));
}

double class_precision(const ClassCounts& c) { return precision_of(c.true_positives, c.false_positives); }
double class_recall(const ClassCounts& c) { return recall_of(c.true_positives, c.false_negatives); }
double class_f1(const ClassCounts& c) { return f1_of(c.true_positives, c.false_positives, c.false_negatives); }

double macro_mean(const ClassificationCounts& counts, double (*score)(const ClassCounts&)) {
  double sum = 0;
  for (const ClassCounts& c : counts.classes) sum += score(c);
  return ratio(sum, static_cast<double>(counts.classes.size()));
}

double weighted_mean(const ClassificationCounts& counts, double (*score)(const ClassCounts&)) {
  double sum = 0, weights = 0;
  for (const ClassCounts& c : counts.classes) {
    sum += score(c) * static_cast<double>(c.support);
    weights += static_cast<double>(c.support);
  }
  return ratio(sum, weights);
}

ClassCounts micro_totals(const ClassificationCounts& counts) {
  ClassCounts total;
  for (const ClassCounts& c : counts.classes) {
    total.true_positives += c.true_positives;
    total.false_positives += c.false_positives;
    total.false_negatives += c.false_negatives;
  }
  return total;
}

// The label as metric.positive_label names it: exactly, or a boolean in any case, or the same number.
bool same_label(std::string_view label, std::string_view named) {
  if (label == named) return true;
  const std::string lowered = ascii_lower(named);
  if ((lowered == "true" || lowered == "false") && ascii_lower(label) == lowered) return true;
  const std::optional<double> a = parse_number(label), b = parse_number(named);
  return a && b && *a == *b;
}

}  // namespace

std::optional<std::size_t> find_positive_class(const std::vector<ClassCounts>& classes,
                                               std::string_view positive_label) {
  if (classes.size() != 2) return std::nullopt;
  std::optional<std::size_t> positive;
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string_view text = classes[i].label;
    const bool named = positive_label.empty()
                           ? std::ranges::find(kPositiveNames, ascii_lower(text)) != kPositiveNames.end()
                           : same_label(text, positive_label);
    if (!named) continue;
    if (positive) return std::nullopt;  // both look positive ("1" and "yes"): ambiguous
    positive = i;
  }
  return positive;
}

double accuracy(const ClassificationCounts& counts) {
  return static_cast<double>(counts.correct) / static_cast<double>(counts.rows);
}

double error_rate(const ClassificationCounts& counts) {
  return static_cast<double>(counts.rows - counts.correct) / static_cast<double>(counts.rows);
}

std::optional<double> balanced_accuracy(const ClassificationCounts& counts) {
  double sum = 0;
  std::size_t labels = 0;
  for (const ClassCounts& c : counts.classes) {
    if (c.support == 0) continue;  // a label only ever predicted has no recall (scikit-learn skips it too)
    sum += static_cast<double>(c.true_positives) / static_cast<double>(c.support);
    ++labels;
  }
  if (labels == 0) return std::nullopt;
  return sum / static_cast<double>(labels);
}

std::optional<double> binary_precision(const ClassificationCounts& counts) {
  if (!counts.positive) return std::nullopt;
  return class_precision(counts.classes[*counts.positive]);
}

std::optional<double> binary_recall(const ClassificationCounts& counts) {
  if (!counts.positive) return std::nullopt;
  return class_recall(counts.classes[*counts.positive]);
}

std::optional<double> binary_f1(const ClassificationCounts& counts) {
  if (!counts.positive) return std::nullopt;
  // From precision and recall, as before the counts existed, so that reports keep every digit.
  const double precision = class_precision(counts.classes[*counts.positive]);
  const double recall = class_recall(counts.classes[*counts.positive]);
  return ratio(2 * precision * recall, precision + recall);
}

std::optional<double> binary_specificity(const ClassificationCounts& counts) {
  if (!counts.positive) return std::nullopt;
  const ClassCounts& positive = counts.classes[*counts.positive];
  const std::uint64_t true_negatives =
      counts.rows - positive.true_positives - positive.false_positives - positive.false_negatives;
  return ratio(double(true_negatives), double(true_negatives + positive.false_positives));
}

double matthews_corrcoef(const ClassificationCounts& counts) {
  // scikit-learn's multi-class form over the confusion matrix's sums: t the support of each
  // label, p its predictions (tp + fp), c the correct rows and s all rows.
  const double s = double(counts.rows), c = double(counts.correct);
  double t_dot_p = 0, p_squares = 0, t_squares = 0;
  for (const ClassCounts& k : counts.classes) {
    const double t = double(k.support), p = double(k.true_positives + k.false_positives);
    t_dot_p += t * p;
    p_squares += p * p;
    t_squares += t * t;
  }
  const double covariance = c * s - t_dot_p, prediction_variance = s * s - p_squares,
               label_variance = s * s - t_squares;
  if (prediction_variance * label_variance == 0) return 0.0;
  return covariance / std::sqrt(label_variance * prediction_variance);
}

std::optional<double> cohen_kappa(const ClassificationCounts& counts) {
  const double rows = double(counts.rows);
  double chance = 0;  // Σ support × predictions / rows: the rows chance would get right
  for (const ClassCounts& k : counts.classes)
    chance += double(k.support) * double(k.true_positives + k.false_positives);
  chance /= rows;
  const double expected_wrong = rows - chance;
  if (expected_wrong == 0) return std::nullopt;
  return 1.0 - (rows - double(counts.correct)) / expected_wrong;
}

std::optional<double> top_k_accuracy(const ScoreCounts& scores, std::size_t k) {
  if (scores.rows == 0 || k == 0) return std::nullopt;
  std::uint64_t hits = 0;
  for (std::size_t rank = 0; rank < std::min(k, scores.ranks.size()); ++rank) hits += scores.ranks[rank];
  return double(hits) / double(scores.rows);
}

std::optional<double> log_loss(const ScoreCounts& scores) {
  if (scores.rows == 0) return std::nullopt;
  return scores.log_loss_sum / double(scores.rows);
}

namespace {

// The AUC of one class against the rest: the Mann-Whitney statistic over the ranks of its
// scores, tied scores sharing their mean rank.
std::optional<double> one_vs_rest_auc(const ScoreCounts& scores, std::uint32_t positive) {
  const std::size_t classes = scores.labels.size(), rows = scores.row_labels.size();
  std::vector<std::pair<double, bool>> ranked(rows);
  std::uint64_t positives = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    ranked[r] = {scores.all_scores[r * classes + positive], scores.row_labels[r] == positive};
    positives += ranked[r].second;
  }
  const std::uint64_t negatives = rows - positives;
  if (positives == 0 || negatives == 0) return std::nullopt;
  std::sort(ranked.begin(), ranked.end());
  double positive_rank_sum = 0;
  for (std::size_t first = 0; first < rows;) {
    std::size_t last = first;
    std::uint64_t tied_positives = 0;
    for (; last < rows && ranked[last].first == ranked[first].first; ++last) tied_positives += ranked[last].second;
    const double mean_rank = (double(first + 1) + double(last)) / 2;  // ranks first + 1 … last
    positive_rank_sum += mean_rank * double(tied_positives);
    first = last;
  }
  const double p = double(positives), n = double(negatives);
  return (positive_rank_sum - p * (p + 1) / 2) / (p * n);
}

}  // namespace

std::optional<double> roc_auc(const ScoreCounts& scores) {
  const std::size_t classes = scores.labels.size();
  if (scores.row_labels.empty() || classes < 2) return std::nullopt;
  if (classes == 2) return one_vs_rest_auc(scores, 1);
  double sum = 0;
  for (std::uint32_t c = 0; c < classes; ++c) {
    const std::optional<double> auc = one_vs_rest_auc(scores, c);
    if (!auc) return std::nullopt;
    sum += *auc;
  }
  return sum / double(classes);
}

double macro_precision(const ClassificationCounts& counts) { return macro_mean(counts, class_precision); }
double macro_recall(const ClassificationCounts& counts) { return macro_mean(counts, class_recall); }
double macro_f1(const ClassificationCounts& counts) { return macro_mean(counts, class_f1); }

double micro_precision(const ClassificationCounts& counts) { return class_precision(micro_totals(counts)); }
double micro_recall(const ClassificationCounts& counts) { return class_recall(micro_totals(counts)); }
double micro_f1(const ClassificationCounts& counts) { return class_f1(micro_totals(counts)); }

double weighted_precision(const ClassificationCounts& counts) { return weighted_mean(counts, class_precision); }
double weighted_recall(const ClassificationCounts& counts) { return weighted_mean(counts, class_recall); }
double weighted_f1(const ClassificationCounts& counts) { return weighted_mean(counts, class_f1); }

}  // namespace dlcheck
