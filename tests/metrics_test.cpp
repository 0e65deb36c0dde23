// Tests for the metric table, improvement arithmetic and the "did you mean" text helpers.

#include <fmt/format.h>

#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/catalog.hpp"
#include "metrics/classification.hpp"
#include "metrics/regression.hpp"
#include "rules/rules.hpp"
#include "text/numbers.hpp"

using namespace dlcheck;

namespace {

/// The canonical name find_metric resolves to, or "(none)".
std::string resolved(std::string_view name) {
  const MetricInfo* metric = find_metric(name);
  return metric == nullptr ? "(none)" : std::string(metric->name);
}

std::vector<std::string_view> split_aliases(std::string_view aliases) {
  std::vector<std::string_view> out;
  while (!aliases.empty()) {
    const std::size_t space = aliases.find(' ');
    out.push_back(aliases.substr(0, space));
    if (space == std::string_view::npos) break;
    aliases.remove_prefix(space + 1);
  }
  return out;
}

/// Ten rows of cat/dog/bird, as a predictions file would count them:
///   y_true = cat cat cat cat dog dog dog bird cat dog
///   y_pred = cat cat dog bird dog dog cat bird cat bird
ClassificationCounts three_classes() {
  ClassificationCounts counts;
  counts.classes = {{"bird", 1, 2, 0, 1}, {"cat", 3, 1, 2, 5}, {"dog", 2, 1, 2, 4}};
  counts.rows = 10;
  counts.correct = 6;
  return counts;
}

/// Two classes, positive 1: y_true = 1 1 1 0 0 0 0 0 0 0, y_pred = 1 1 0 1 1 0 0 0 0 0.
ClassificationCounts two_classes() {
  ClassificationCounts counts;
  counts.classes = {{"0", 5, 1, 2, 7}, {"1", 2, 2, 1, 3}};
  counts.rows = 10;
  counts.correct = 7;
  counts.positive = 1;
  return counts;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// normalise_metric_name

TEST_CASE("metrics: normalise_metric_name", "[metrics]") {
  CHECK(normalise_metric_name("Top-5 Accuracy") == "top_5_accuracy");
  CHECK(normalise_metric_name("mAP@0.5") == "map_0_5");
  CHECK(normalise_metric_name("accuracy") == "accuracy");
  CHECK(normalise_metric_name("F1 -- Score") == "f1_score");  // a run of separators is one "_"
  CHECK(normalise_metric_name("  (Loss)  ") == "loss");       // no leading or trailing "_"
  CHECK(normalise_metric_name("val_top1") == "val_top1");
  CHECK(normalise_metric_name("").empty());
  CHECK(normalise_metric_name("@#!").empty());
}

// ---------------------------------------------------------------------------------------------
// find_metric

TEST_CASE("metrics: find_metric knows canonical names", "[metrics]") {
  for (const auto& metric : known_metrics()) {
    INFO(metric.name);
    CHECK(find_metric(metric.name) == &metric);
  }
  CHECK(resolved("accuracy") == "accuracy");
  CHECK(resolved("FID") == "fid");
  CHECK(resolved("Perplexity") == "perplexity");
}

TEST_CASE("metrics: find_metric resolves aliases", "[metrics]") {
  CHECK(resolved("acc") == "accuracy");
  CHECK(resolved("f1_score") == "f1");
  CHECK(resolved("F1 Score") == "f1");
  CHECK(resolved("ROC-AUC") == "auc");
  CHECK(resolved("ppl") == "perplexity");
  CHECK(resolved("Top-1 Accuracy") == "accuracy");  // top-1 is plain accuracy, not top-k
  CHECK(resolved("mIoU") == "iou");
  CHECK(resolved("cross-entropy") == "loss");
  CHECK(resolved("err") == "error_rate");
}

TEST_CASE("metrics: averaged scores are their own metrics, not plain binary f1", "[metrics]") {
  CHECK(resolved("f1") == "f1");
  CHECK(resolved("F1 Score") == "f1");
  CHECK(resolved("Macro F1") == "macro_f1");
  CHECK(resolved("f1_macro") == "macro_f1");
  CHECK(resolved("Macro-F1 Score") == "macro_f1");
  CHECK(resolved("val_f1_macro") == "macro_f1");
  CHECK(resolved("micro_f1") == "micro_f1");
  CHECK(resolved("F1 (micro)") == "micro_f1");
  CHECK(resolved("Weighted F1") == "weighted_f1");
  CHECK(resolved("f1_weighted") == "weighted_f1");
  CHECK(resolved("precision_macro") == "macro_precision");
  CHECK(resolved("recall_weighted") == "weighted_recall");
  CHECK(resolved("micro precision") == "micro_precision");
}

TEST_CASE("metrics: every alias resolves to its own row", "[metrics]") {
  std::size_t aliases = 0;
  for (const auto& metric : known_metrics()) {
    for (const std::string_view alias : split_aliases(metric.aliases)) {
      INFO(metric.name << " alias " << alias);
      CHECK(normalise_metric_name(alias) == alias);
      CHECK(find_metric(alias) == &metric);
      ++aliases;
    }
  }
  CHECK(aliases > 50);
}

TEST_CASE("metrics: find_metric resolves numbered families", "[metrics]") {
  CHECK(resolved("top5") == "top_k_accuracy");
  CHECK(resolved("top_10_acc") == "top_k_accuracy");
  CHECK(resolved("top_1_acc") == "accuracy");
  CHECK(resolved("Top-1") == "accuracy");
  CHECK(resolved("Top-5 Accuracy") == "top_k_accuracy");
  CHECK(resolved("map50") == "map");
  CHECK(resolved("mAP50-95") == "map");
  CHECK(resolved("mAP@0.5") == "map");
  CHECK(resolved("topx") == "(none)");
}

TEST_CASE("metrics: find_metric strips a split prefix", "[metrics]") {
  CHECK(resolved("val_accuracy") == "accuracy");
  CHECK(resolved("test_f1") == "f1");
  CHECK(resolved("train_loss") == "loss");
  CHECK(resolved("valid_acc") == "accuracy");
  CHECK(resolved("validation_accuracy") == "accuracy");
  CHECK(resolved("eval_top5") == "top_k_accuracy");
  CHECK(resolved("Val Accuracy") == "accuracy");
  CHECK(resolved("val_") == "(none)");
  CHECK(resolved("test") == "(none)");
}

TEST_CASE("metrics: find_metric returns nullptr for unknown names", "[metrics]") {
  CHECK(find_metric("macro_jaccard_score_v2") == nullptr);
  CHECK(find_metric("") == nullptr);
  CHECK(find_metric("---") == nullptr);
  CHECK(find_metric("val_banana") == nullptr);
  CHECK(find_metric("accuracyy") == nullptr);
}

TEST_CASE("metrics: directions", "[metrics]") {
  const auto higher = [](std::string_view name) {
    const MetricInfo* metric = find_metric(name);
    REQUIRE(metric != nullptr);
    return metric->higher_is_better;
  };
  CHECK(higher("accuracy"));
  CHECK(higher("bleu"));
  CHECK(higher("f1"));
  CHECK(higher("val_auc"));
  CHECK_FALSE(higher("fid"));
  CHECK_FALSE(higher("loss"));
  CHECK_FALSE(higher("val_loss"));
  CHECK_FALSE(higher("error_rate"));
  CHECK_FALSE(higher("perplexity"));
  CHECK_FALSE(higher("wer"));
}

TEST_CASE("metrics: ranges", "[metrics]") {
  const auto range = [](std::string_view name) {
    const MetricInfo* metric = find_metric(name);
    REQUIRE(metric != nullptr);
    return metric->range;
  };
  CHECK(range("accuracy") == MetricRange::unit_interval);
  CHECK(range("top5") == MetricRange::unit_interval);
  CHECK(range("error_rate") == MetricRange::unit_interval);
  CHECK(range("loss") == MetricRange::non_negative);
  CHECK(range("fid") == MetricRange::non_negative);
  CHECK(range("rmse") == MetricRange::non_negative);
  CHECK(range("bleu") == MetricRange::unbounded);
  CHECK(range("r2") == MetricRange::unbounded);
}

TEST_CASE("metrics: known_metrics names are normalised and unique", "[metrics]") {
  const auto metrics = known_metrics();
  REQUIRE(metrics.size() > 20);
  CHECK(metrics.front().name == "accuracy");
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    INFO(metrics[i].name);
    CHECK(normalise_metric_name(metrics[i].name) == metrics[i].name);
    for (std::size_t j = i + 1; j < metrics.size(); ++j) CHECK(metrics[i].name != metrics[j].name);
  }
}

TEST_CASE("metrics: the target kind a metric needs", "[metrics]") {
  CHECK(target_kind_for("accuracy") == TargetKind::class_labels);
  CHECK(target_kind_for("Macro F1") == TargetKind::class_labels);
  CHECK(target_kind_for("specificity") == TargetKind::class_labels);
  CHECK(target_kind_for("val_rmse") == TargetKind::numeric);
  CHECK(target_kind_for("r2") == TargetKind::numeric);
  CHECK(target_kind_for("mape") == TargetKind::numeric);
  CHECK(target_kind_for("auc") == TargetKind::class_labels);
  CHECK(target_kind_for("top5") == TargetKind::class_labels);
  CHECK(target_kind_for("banana") == std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Recomputing from counts

TEST_CASE("text metrics: the rows of a file share one edit-distance budget", "[metrics][text]") {
  TextCounts text;
  text.cell_budget = 20;          // cells for words and for characters, each
  text.add("a b c", "a b d", 2);  // 9 word cells, 25 character cells: past the budget already
  CHECK(text.chars_too_long_line == 2);
  CHECK(text.chars_over_budget);
  CHECK_FALSE(character_error_rate(text));
  text.add("x y", "x z", 3);      // 4 more word cells: 13
  text.add("p q r", "p q r", 4);  // 9 more: 22, past 20
  CHECK(text.words_too_long_line == 4);
  CHECK(text.words_over_budget);
  CHECK_FALSE(word_error_rate(text));
  CHECK(text.word_cells == 13);
}

TEST_CASE("metrics: every row with a formula is recomputed from counts of its target kind", "[metrics]") {
  const ClassificationCounts classes = two_classes();
  const RegressionSums errors{4, 2.0, 5.0};
  const ScoreCounts scores{{"a", "b", "c"},
                           {3, 1, 0},
                           2.5,
                           4,
                           {0, 1, 2, 0},
                           {0.5, 0.3, 0.2, 0.1, 0.8, 0.1, 0.2, 0.2, 0.6, 0.4, 0.4, 0.2},
                           false};
  const PredictionCounts class_file{TargetKind::class_labels, classes, errors, &scores, 2};
  const PredictionCounts numeric_file{TargetKind::numeric, classes, errors, &scores, 2};
  TextCounts text;
  text.add("the cat sat", "the cat", 1);
  const PredictionCounts text_file{TargetKind::text, classes, errors, &scores, 2, &text};
  const auto file_of = [&](TargetKind kind) -> const PredictionCounts& {
    return kind == TargetKind::class_labels ? class_file : kind == TargetKind::numeric ? numeric_file : text_file;
  };
  std::size_t recomputable = 0;
  for (const auto& metric : known_metrics()) {
    INFO(metric.name);
    if (metric.recompute == nullptr) {
      CHECK_FALSE(recompute_metric(metric, class_file));
      CHECK_FALSE(recompute_metric(metric, numeric_file));
      CHECK_FALSE(recompute_metric(metric, text_file));
      CHECK(metric.condition.empty());
      continue;
    }
    ++recomputable;
    // The reader must be told the kind, so a formula needs one; on the other kind it gives nothing.
    REQUIRE(metric.target);
    const auto value = recompute_metric(metric, file_of(*metric.target));
    REQUIRE(value);
    CHECK(std::isfinite(*value));
    for (const TargetKind other : {TargetKind::class_labels, TargetKind::numeric, TargetKind::text}) {
      if (other != *metric.target) CHECK_FALSE(recompute_metric(metric, file_of(other)));
    }
  }
  CHECK(recomputable == 29);
}

TEST_CASE("metrics: the predictions-metric explanation names exactly the recomputable metrics", "[metrics]") {
  const std::string_view explanation = rules::kPredictionsMetric.explanation;
  for (const auto& metric : known_metrics()) {
    INFO(metric.name);
    const bool named = explanation.find(fmt::format("`{}`", metric.name)) != std::string_view::npos;
    CHECK(named == (metric.recompute != nullptr));
  }
}

TEST_CASE("metrics: formulas on two classes, as scikit-learn computes them", "[metrics]") {
  const ClassificationCounts counts = two_classes();
  // y_true = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], y_pred = [1, 1, 0, 1, 1, 0, 0, 0, 0, 0]
  CHECK(accuracy(counts) == Approx(0.7).epsilon(1e-12));  // accuracy_score(y_true, y_pred)
  CHECK(error_rate(counts) == Approx(0.3).epsilon(1e-12));
  REQUIRE(binary_f1(counts));
  CHECK(*binary_f1(counts) == Approx(0.5714285714285715).epsilon(1e-12));          // f1_score(y_true, y_pred)
  CHECK(*binary_precision(counts) == Approx(0.5).epsilon(1e-12));                  // precision_score(y_true, y_pred)
  CHECK(*binary_recall(counts) == Approx(0.6666666666666666).epsilon(1e-12));      // recall_score(y_true, y_pred)
  CHECK(macro_f1(counts) == Approx(0.6703296703296704).epsilon(1e-12));            // f1_score(..., average="macro")
  CHECK(micro_f1(counts) == Approx(0.7).epsilon(1e-12));                           // f1_score(..., average="micro")
  CHECK(weighted_f1(counts) == Approx(0.7098901098901098).epsilon(1e-12));         // f1_score(..., average="weighted")
  CHECK(macro_precision(counts) == Approx(0.6666666666666667).epsilon(1e-12));     // precision_score(..., "macro")
  CHECK(weighted_precision(counts) == Approx(0.7333333333333334).epsilon(1e-12));  // precision_score(..., "weighted")
  CHECK(macro_recall(counts) == Approx(0.6904761904761905).epsilon(1e-12));        // recall_score(..., average="macro")
  CHECK(*balanced_accuracy(counts) == Approx(0.6904761904761905).epsilon(1e-12));  // balanced_accuracy_score
}

TEST_CASE("metrics: formulas on three classes, as scikit-learn computes them", "[metrics]") {
  const ClassificationCounts counts = three_classes();
  // y_true = ["cat", "cat", "cat", "cat", "dog", "dog", "dog", "bird", "cat", "dog"]
  // y_pred = ["cat", "cat", "dog", "bird", "dog", "dog", "cat", "bird", "cat", "bird"]
  CHECK(macro_f1(counts) == Approx(0.5793650793650794).epsilon(1e-12));         // f1_score(..., average="macro")
  CHECK(micro_f1(counts) == Approx(0.6).epsilon(1e-12));                        // f1_score(..., average="micro")
  CHECK(weighted_f1(counts) == Approx(0.6119047619047618).epsilon(1e-12));      // f1_score(..., average="weighted")
  CHECK(macro_precision(counts) == Approx(0.5833333333333334).epsilon(1e-12));  // precision_score(..., "macro")
  CHECK(micro_precision(counts) == Approx(0.6).epsilon(1e-12));                 // precision_score(..., "micro")
  CHECK(weighted_precision(counts) == Approx(0.675).epsilon(1e-12));            // precision_score(..., "weighted")
  CHECK(macro_recall(counts) == Approx(0.7000000000000001).epsilon(1e-12));     // recall_score(..., "macro")
  CHECK(micro_recall(counts) == Approx(0.6).epsilon(1e-12));                    // recall_score(..., "micro")
  CHECK(weighted_recall(counts) == Approx(0.6).epsilon(1e-12));                 // recall_score(..., "weighted")
  CHECK_FALSE(binary_f1(counts));                                               // no positive class
}

TEST_CASE("metrics: a ratio with nothing to divide by is 0, and the label still counts", "[metrics]") {
  ClassificationCounts counts;
  // "fox" is only ever predicted, wrongly: precision 0/1, recall 0/0 → 0, F1 0.
  counts.classes = {{"cat", 1, 0, 1, 2}, {"fox", 0, 1, 0, 0}};
  counts.rows = 2;
  counts.correct = 1;
  CHECK(macro_recall(counts) == Approx(0.25));      // (1/2 + 0) / 2
  CHECK(macro_f1(counts) == Approx(1.0 / 3.0));     // (2/3 + 0) / 2
  CHECK(weighted_f1(counts) == Approx(2.0 / 3.0));  // fox has no support, so no weight
  CHECK(*balanced_accuracy(counts) == 0.5);         // only labels that occur as labels
  CHECK(macro_f1(ClassificationCounts{}) == 0.0);
}

TEST_CASE("metrics: the positive class of two labels", "[metrics]") {
  const auto positive = [](std::vector<std::string> labels, std::string_view named = "") {
    std::vector<ClassCounts> classes;
    for (auto& label : labels) classes.push_back({std::move(label)});
    return find_positive_class(classes, named);
  };
  CHECK(positive({"0", "1"}) == 1u);
  CHECK(positive({"No", "YES"}) == 1u);
  CHECK(positive({"negative", "positive"}) == 1u);
  CHECK(positive({"cat", "dog"}) == std::nullopt);
  CHECK(positive({"1", "yes"}) == std::nullopt);  // both look positive
  CHECK(positive({"0", "1", "2"}) == std::nullopt);
  CHECK(positive({"0", "1"}, "0") == 0u);
  CHECK(positive({"cat", "dog"}, "dog") == 1u);
}

TEST_CASE("metrics: regression formulas over error sums", "[metrics]") {
  const RegressionSums sums{4, 4.0, 6.5};
  CHECK(mae(sums) == 1.0);
  CHECK(mse(sums) == 1.625);
  CHECK(rmse(sums) == Approx(std::sqrt(1.625)));
}

// ---------------------------------------------------------------------------------------------
// suggest_metric

TEST_CASE("metrics: suggest_metric", "[metrics]") {
  CHECK(suggest_metric("acuracy") == "accuracy");
  CHECK(suggest_metric("Precison") == "precision");
  CHECK(suggest_metric("perplexty") == "perplexity");
  CHECK(suggest_metric("macro_jaccard_score_v2").empty());
}

// ---------------------------------------------------------------------------------------------
// Improvement arithmetic

TEST_CASE("metrics: signed_improvement", "[metrics]") {
  CHECK(signed_improvement(0.71, 0.82, true) == Approx(0.11).margin(1e-12));
  CHECK(signed_improvement(0.82, 0.71, true) == Approx(-0.11).margin(1e-12));
  CHECK(signed_improvement(62.4, 38.1, false) == Approx(24.3).margin(1e-12));
  CHECK(signed_improvement(38.1, 62.4, false) == Approx(-24.3).margin(1e-12));
  CHECK(signed_improvement(1.0, 1.0, true) == 0.0);
}

TEST_CASE("metrics: relative_improvement", "[metrics]") {
  const auto relative = relative_improvement(0.11, 0.71);
  REQUIRE(relative.has_value());
  CHECK(*relative == Approx(0.11 / 0.71).margin(1e-15));
  CHECK_FALSE(relative_improvement(0.11, 0.0).has_value());
  CHECK_FALSE(relative_improvement(0.11, -0.0).has_value());
  const auto negative = relative_improvement(0.5, -2.0);
  REQUIRE(negative.has_value());
  CHECK(*negative == 0.25);
  const auto worse = relative_improvement(-1.0, -4.0);
  REQUIRE(worse.has_value());
  CHECK(*worse == -0.25);
}

TEST_CASE("metrics: format_rounded", "[metrics]") {
  CHECK(format_rounded(0.82 - 0.71) == "0.11");
  CHECK(format_rounded(0.1) == "0.1");
  CHECK(format_rounded(2.0) == "2");
  CHECK(format_rounded(-0.0001) == "0");
  CHECK(format_rounded(-0.0) == "0");
  CHECK(format_rounded(1.23456) == "1.235");
  CHECK(format_rounded(-1.23456) == "-1.235");
  CHECK(format_rounded(62.4 - 38.1) == "24.3");
  CHECK(format_rounded(0.0004) == "0");
  CHECK(format_rounded(0.0005) == "0.001");
  SECTION("decimals parameter") {
    CHECK(format_rounded(1.23456, 1) == "1.2");
    CHECK(format_rounded(1.23456, 4) == "1.2346");
    CHECK(format_rounded(1.6, 0) == "2");
    CHECK(format_rounded(-0.04, 1) == "0");
    CHECK(format_rounded(1234.5678, 2) == "1234.57");
  }
  SECTION("non-finite values do not crash") {
    CHECK(format_rounded(std::numeric_limits<double>::infinity()) == "inf");
    CHECK(format_rounded(std::numeric_limits<double>::quiet_NaN()) == "nan");
  }
}

TEST_CASE("metrics: on_different_scales", "[metrics]") {
  CHECK(on_different_scales(71, 0.82));
  CHECK(on_different_scales(0.82, 71));
  CHECK(on_different_scales(0.5, 100));
  CHECK_FALSE(on_different_scales(0.71, 0.82));
  CHECK_FALSE(on_different_scales(71, 82));
  CHECK_FALSE(on_different_scales(1, 0.5));
  CHECK_FALSE(on_different_scales(0, 50));
  CHECK_FALSE(on_different_scales(0.5, 101));
  CHECK_FALSE(on_different_scales(-0.5, 50));
}

// ---------------------------------------------------------------------------------------------
// text_match
