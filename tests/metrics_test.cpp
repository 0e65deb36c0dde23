// Tests for the metric table, improvement arithmetic and the "did you mean" text helpers.

#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/catalog.hpp"
#include "text/numbers.hpp"

using namespace dlcheck;

namespace {

/// The canonical name find_metric resolves to, or "(none)".
std::string resolved(std::string_view name) {
  const MetricInfo* metric = find_metric(name);
  return metric == nullptr ? "(none)" : std::string(metric->name);
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
