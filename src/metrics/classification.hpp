#pragma once
// Classification metrics over plain counts, with scikit-learn's definitions: the labels are the
// union of the true labels and the predictions, and a ratio with nothing to divide by is 0
// (scikit-learn's zero_division=0).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlcheck {

/// One label's counts in a single-label classification.
struct ClassCounts {
  std::string label;
  std::uint64_t true_positives = 0;   ///< rows with this label, predicted as it
  std::uint64_t false_positives = 0;  ///< rows predicted as this label, with another label
  std::uint64_t false_negatives = 0;  ///< rows with this label, predicted as another
  std::uint64_t support = 0;          ///< rows with this label
};

/// What a classification metric is computed from.
struct ClassificationCounts {
  std::vector<ClassCounts> classes;     ///< every label seen as a label or a prediction, sorted by label
  std::uint64_t rows = 0, correct = 0;  ///< all rows, and those predicted right
  std::optional<std::size_t> positive;  ///< index into classes of the positive class, for binary metrics
};

/// What top-k accuracy and log loss are computed from: a score column per class.
struct ScoreCounts {
  std::vector<std::string> labels;   ///< the classes the score columns name, sorted as scikit-learn sorts them
  std::vector<std::uint64_t> ranks;  ///< by rank, the rows whose label's score has it (0: the best)
  double log_loss_sum = 0;  ///< Σ −log p of the label, scores clipped to [ε, 1 − ε] and divided by their sum
  std::uint64_t rows = 0;
  /// For ROC AUC only: each row's label (an index into labels) and its scores, row after row;
  /// empty when not asked for, or when there were more than kMaxStoredScores.
  std::vector<std::uint32_t> row_labels;
  std::vector<double> all_scores;
  bool too_many_scores = false;  ///< the file had more scores than are kept for ROC AUC
};

/// The most scores kept for ROC AUC (128 MiB of doubles); a larger file's AUC is not computed.
inline constexpr std::size_t kMaxStoredScores = std::size_t{1} << 24;

/// The share of rows whose label's score is among the k best; ties go to the class later in the
/// sorted labels, as scikit-learn's stable sort does. nullopt without scores or for k = 0.
std::optional<double> top_k_accuracy(const ScoreCounts& scores, std::size_t k);
/// The mean of −log p of the label (scikit-learn's log_loss); nullopt without scores.
std::optional<double> log_loss(const ScoreCounts& scores);
/// ROC AUC as scikit-learn's roc_auc_score: of the later sorted class's scores with two classes,
/// else the one-vs-rest mean over the classes; tied scores count half. nullopt without the kept
/// scores, or when a class has no row with it or none without it.
std::optional<double> roc_auc(const ScoreCounts& scores);

/// The positive class for binary precision, recall and f1: with exactly two labels, the one named
/// `positive_label`, or when that is empty the one called 1, true, yes, pos or positive (in any
/// case); nullopt when there are not two labels, or neither or both qualify ("cat" and "dog").
std::optional<std::size_t> find_positive_class(const std::vector<ClassCounts>& classes,
                                               std::string_view positive_label);

/// Correct rows over all rows.
double accuracy(const ClassificationCounts& counts);
/// Wrong rows over all rows.
double error_rate(const ClassificationCounts& counts);
/// The mean of each class's recall over the classes that occur as labels; nullopt with none.
std::optional<double> balanced_accuracy(const ClassificationCounts& counts);

/// Precision, recall and f1 of the positive class; nullopt without one.
std::optional<double> binary_precision(const ClassificationCounts& counts);
std::optional<double> binary_recall(const ClassificationCounts& counts);
std::optional<double> binary_f1(const ClassificationCounts& counts);

/// The recall of the negative class, tn / (tn + fp), with the positive class known; nullopt without one.
std::optional<double> binary_specificity(const ClassificationCounts& counts);

/// Matthews correlation coefficient over all labels, as scikit-learn computes it for any number
/// of classes; 0 when a label or prediction column is constant.
double matthews_corrcoef(const ClassificationCounts& counts);
/// Cohen's kappa, unweighted: (observed − chance agreement) / (1 − chance agreement); nullopt when
/// chance agreement is 1 (scikit-learn gives NaN).
std::optional<double> cohen_kappa(const ClassificationCounts& counts);

/// The unweighted mean over all labels of each label's score.
double macro_precision(const ClassificationCounts& counts);
double macro_recall(const ClassificationCounts& counts);
double macro_f1(const ClassificationCounts& counts);

/// The score of the true positives, false positives and false negatives summed over all labels.
double micro_precision(const ClassificationCounts& counts);
double micro_recall(const ClassificationCounts& counts);
double micro_f1(const ClassificationCounts& counts);

/// The mean over all labels of each label's score, weighted by its support.
double weighted_precision(const ClassificationCounts& counts);
double weighted_recall(const ClassificationCounts& counts);
double weighted_f1(const ClassificationCounts& counts);

}  // namespace dlcheck
