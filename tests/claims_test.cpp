// Tests for judging metric claims against a predictions file: the rounding a claim may stand
// for comes from the digits written, and each recomputed metric passes its exact claim and fails
// one a little off.

#include <fcntl.h>
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "artifacts/predictions.hpp"
#include "claim_check.hpp"
#include "engine/checker.hpp"
#include "metrics/catalog.hpp"
#include "metrics/regression.hpp"
#include "temp_project.hpp"

using namespace dlcheck;
using dlcheck::testing::Claim;
using dlcheck::testing::judge;

namespace {

// A file of `rows` rows, `correct` of them predicted right: its accuracy is correct / rows.
std::string accuracy_file(int rows, int correct) {
  std::string text = "label,prediction\n";
  for (int i = 0; i < rows; ++i) text += i < correct ? "a,a\n" : "a,b\n";
  return text;
}

bool passes(std::string_view predictions, const Claim& claim) { return judge(predictions, claim).empty(); }

/// The messages of `rule` for a record with `members` (a JSON object's members) on `predictions`.
std::vector<std::string> findings_of(std::string_view rule, std::string_view predictions, std::string_view members,
                                     const Thresholds& thresholds = {}) {
  testing::TempProject project;
  project.write("preds.csv", std::string(predictions));
  const auto path =
      project.write("evidence.json", fmt::format(R"({{"baseline": {{"value": 0.1}}, "current": {{"value": 0.2}},
                                      "predictions": "preds.csv", {}}})",
                                                 members));
  CheckOptions options;
  options.profile = Profile::record;
  options.thresholds = thresholds;
  std::vector<std::string> out;
  const std::string file = (project.root() / "preds.csv").string();
  const FileReport report = check_file(path.string(), options);
  for (const auto& finding : report.findings) {
    if (finding.rule != rule) continue;
    std::string message = finding.message;
    for (auto at = message.find(file); at != std::string::npos; at = message.find(file)) {
      message.replace(at, file.size(), "preds.csv");
    }
    out.push_back(message);
  }
  return out;
}

PredictionSummary read_classes(std::string_view text, std::size_t threads = 1) {
  const testing::TempProject project;
  const auto path = project.write("predictions.csv", std::string(text));
  FileLineReader reader(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  PredictionOptions options;
  options.kind = TargetKind::class_labels;
  options.threads = threads;
  options.parallel_min_bytes = 1;
  options.watch_ids = {"a", "b"};
  auto result = read_predictions(reader, options);
  if (const auto* error = std::get_if<PredictionError>(&result)) FAIL(error->message);
  return std::get<PredictionSummary>(std::move(result));
}

std::vector<std::string> class_labels(const PredictionSummary& summary) {
  std::vector<std::string> out;
  for (const ClassCounts& c : summary.class_counts.classes) {
    out.push_back(
        fmt::format("{}: tp {} fp {} fn {}", c.label, c.true_positives, c.false_positives, c.false_negatives));
  }
  return out;
}

}  // namespace

TEST_CASE("claims: the rounding allowance comes from the digits written", "[claims][tolerance]") {
  CHECK(rounding_allowance("0.80", MetricRange::unbounded, 1) == Approx(0.005));
  CHECK(rounding_allowance("0.8", MetricRange::unbounded, 1) == Approx(0.05));
  CHECK(rounding_allowance("0.8000", MetricRange::unit_interval, 1) == Approx(0.00005));
  CHECK(rounding_allowance("1.5e-3", MetricRange::non_negative, 1) == Approx(0.00005));
  CHECK(rounding_allowance("15E-4", MetricRange::non_negative, 1) == Approx(0.00005));
  // A bounded metric is read to two decimals at least, or whole percentage points.
  CHECK(rounding_allowance("0.8", MetricRange::unit_interval, 1) == Approx(0.005));
  CHECK(rounding_allowance("1.0", MetricRange::unit_interval, 1) == Approx(0.005));
  CHECK(rounding_allowance("78", MetricRange::unit_interval, 100) == Approx(0.5));
  CHECK(rounding_allowance("78.1", MetricRange::unit_interval, 100) == Approx(0.05));
  // An integer at a bound stands for itself, and so does a zero of any metric.
  CHECK(rounding_allowance("1", MetricRange::unit_interval, 1) == 0);
  CHECK(rounding_allowance("0", MetricRange::unit_interval, 1) == 0);
  CHECK(rounding_allowance("100", MetricRange::unit_interval, 100) == 0);
  CHECK(rounding_allowance("0", MetricRange::non_negative, 1) == 0);
  CHECK(rounding_allowance("0e5", MetricRange::unbounded, 1) == 0);
  // An unbounded integer is read to the unit.
  CHECK(rounding_allowance("12", MetricRange::non_negative, 1) == Approx(0.5));
  CHECK(rounding_allowance("-3", MetricRange::unbounded, 1) == Approx(0.5));
}

TEST_CASE("claims: on a file with accuracy 0.78, claims rounded the wrong way fail", "[claims][tolerance]") {
  const std::string file = accuracy_file(100, 78);
  CHECK(judge(file, {"accuracy", "0.80"}) ==
        std::vector<std::string>{"current.value is 0.8, but the 100 rows of preds.csv give accuracy 0.78"});
  CHECK(judge(file, {"accuracy", "0.8"}) ==
        std::vector<std::string>{"current.value is 0.8, but the 100 rows of preds.csv give accuracy 0.78"});
  CHECK(judge(file, {"accuracy", "1"}) ==
        std::vector<std::string>{"current.value is 1, but the 100 rows of preds.csv give accuracy 0.78"});
  CHECK(judge(file, {"accuracy", "1.0"}) ==
        std::vector<std::string>{"current.value is 1, but the 100 rows of preds.csv give accuracy 0.78"});
  CHECK(judge(file, {"accuracy", "0.8000"}) ==
        std::vector<std::string>{"current.value is 0.8, but the 100 rows of preds.csv give accuracy 0.78"});
  CHECK(judge(file, {"accuracy", "0.79"}) ==
        std::vector<std::string>{"current.value is 0.79, but the 100 rows of preds.csv give accuracy 0.78"});
  CHECK(judge(file, {"accuracy", "80", R"(, "unit": "percent")"}) ==
        std::vector<std::string>{"current.value is 80, but the 100 rows of preds.csv give accuracy 78"});
}

TEST_CASE("claims: on a file with accuracy 0.78, claims written as it is pass", "[claims][tolerance]") {
  const std::string file = accuracy_file(100, 78);
  CHECK(passes(file, {"accuracy", "0.78"}));
  CHECK(passes(file, {"accuracy", "0.780"}));
  CHECK(passes(file, {"accuracy", "78", R"(, "unit": "percent")"}));
  CHECK(passes(file, {"accuracy", "78.0", R"(, "unit": "percent")"}));
  CHECK(passes(file, {"accuracy", "7.8e-1"}));
}

TEST_CASE("claims: a claim rounded to the decimals written passes", "[claims][tolerance]") {
  const std::string file = accuracy_file(10000, 7812);
  CHECK(passes(file, {"accuracy", "0.78"}));
  CHECK(passes(file, {"accuracy", "78", R"(, "unit": "percent")"}));
  CHECK(passes(file, {"accuracy", "78.1", R"(, "unit": "percent")"}));
  CHECK(judge(file, {"accuracy", "0.7800"}) ==
        std::vector<std::string>{"current.value is 0.78, but the 10000 rows of preds.csv give accuracy 0.7812"});
}

TEST_CASE("claims: a perfect score written as an integer gets only the base tolerance", "[claims][tolerance]") {
  const std::string file = accuracy_file(1000, 996);
  CHECK(judge(file, {"accuracy", "1"}) ==
        std::vector<std::string>{"current.value is 1, but the 1000 rows of preds.csv give accuracy 0.996"});
  CHECK(judge(file, {"accuracy", "100", R"(, "unit": "percent")"}) ==
        std::vector<std::string>{"current.value is 100, but the 1000 rows of preds.csv give accuracy 99.6"});
  CHECK(passes(file, {"accuracy", "1.00"}));
  CHECK(passes(accuracy_file(1000, 1000), {"accuracy", "1"}));
}

TEST_CASE("claims: an unbounded integer claim is read to the unit, and zero as zero", "[claims][tolerance]") {
  // Absolute errors 12 and 12.6: MAE 12.3.
  const std::string mae_12_3 = "label,prediction\n0,12\n0,12.6\n";
  CHECK(passes(mae_12_3, {"mae", "12"}));
  CHECK(judge(mae_12_3, {"mae", "12.0"}) ==
        std::vector<std::string>{"current.value is 12, but the 2 rows of preds.csv give mae 12.3"});
  CHECK(judge(mae_12_3, {"mae", "13"}) ==
        std::vector<std::string>{"current.value is 13, but the 2 rows of preds.csv give mae 12.3"});
  // Absolute errors 0.3 and 0.5: MAE 0.4.
  const std::string mae_0_4 = "label,prediction\n1.0,1.3\n2.0,2.5\n";
  CHECK(judge(mae_0_4, {"mae", "0"}) ==
        std::vector<std::string>{"current.value is 0, but the 2 rows of preds.csv give mae 0.4"});
  CHECK(judge(mae_0_4, {"mae", "0.0"}) ==
        std::vector<std::string>{"current.value is 0, but the 2 rows of preds.csv give mae 0.4"});
  CHECK(passes(mae_0_4, {"mae", "0.4"}));
}

TEST_CASE("claims: in a column of numbers, 1 and 1.0 are one class", "[claims][values]") {
  const auto summary = read_classes("id,label,prediction\na,1,1.0\nb,0,0.00\nc,1,0\nd,1e0,1\n");
  CHECK(summary.wrong == 1);
  CHECK(summary.accuracy == 0.75);
  CHECK(class_labels(summary) == std::vector<std::string>{"0: tp 1 fp 1 fn 0", "1: tp 2 fp 0 fn 1"});
  CHECK(summary.top_confusions.size() == 1);
  REQUIRE(summary.watched.size() == 2);
  CHECK(summary.watched[0].correct);  // 1 against 1.0
  CHECK(summary.watched[1].correct);  // 0 against 0.00
}

TEST_CASE("claims: boolean spellings compare in any case, other text exactly", "[claims][values]") {
  const auto summary = read_classes("id,label,prediction\na,True,true\nb,FALSE,false\nc,true,False\nd,cat,Cat\n");
  CHECK(summary.wrong == 2);
  CHECK(class_labels(summary) == std::vector<std::string>{"Cat: tp 0 fp 1 fn 0", "FALSE: tp 1 fp 1 fn 0",
                                                          "True: tp 1 fp 0 fn 1", "cat: tp 0 fp 0 fn 1"});
  CHECK(summary.watched[0].correct);
  CHECK(summary.watched[1].correct);
}

TEST_CASE("claims: a column with text in it compares numbers as written", "[claims][values]") {
  const auto summary = read_classes("id,label,prediction\na,1,1.0\nb,cat,cat\n");
  CHECK(summary.wrong == 1);
  CHECK_FALSE(summary.watched[0].correct);
}

TEST_CASE("claims: labels are compared as values in chunks as in one pass", "[claims][values]") {
  std::string text = "id,label,prediction\n";
  for (int i = 0; i < 3000; ++i)
    text += fmt::format("r{},{},{}\n", i, i % 3, i % 5 == 0 ? "1.0" : std::to_string(i % 3));
  const auto whole = read_classes(text, 1), chunked = read_classes(text, 3);
  CHECK(chunked.chunks > 1);
  CHECK(whole.wrong == chunked.wrong);
  CHECK(class_labels(whole) == class_labels(chunked));
  // Of the rows i % 5 == 0, those with i % 3 == 1 are right: 1.0 is 1.
  CHECK(whole.wrong == 400);
}

TEST_CASE("claims: accuracy over labels 1 and 1.0 is recomputed as scikit-learn does", "[claims][values]") {
  // sklearn accuracy_score([1, 0, 1, 1], [1.0, 0.0, 0.0, 1.0]) = 0.75
  const std::string file = "label,prediction\n1,1.0\n0,0.0\n1,0.0\n1,1.0\n";
  CHECK(passes(file, {"accuracy", "0.75"}));
  CHECK(judge(file, {"accuracy", "0.5"}) ==
        std::vector<std::string>{"current.value is 0.5, but the 4 rows of preds.csv give accuracy 0.75"});
}

TEST_CASE("claims: a listed sample's label and prediction compare as numbers when both are", "[claims][values]") {
  const std::string file = "id,label,prediction\na,1,1\nb,0,1.0\nc,0.069000,0.001\n";
  const std::string metric = R"("metric": {"name": "accuracy"})";
  CHECK(findings_of("predictions-samples", file,
                    metric + R"(, "success_samples": [{"input": "a", "label": 1.0, "prediction": "1"}],
                                  "failure_cases": [{"input": "b", "label": "0.000", "prediction": 1e0},
                                                    {"input": "c", "label": 0.069, "prediction": 1e-3}])")
            .empty());
  // Within the decimals the record wrote: 0.07 may stand for 0.069, 0.0700 may not.
  CHECK(findings_of("predictions-samples", file,
                    metric + R"(, "failure_cases": [{"input": "c", "label": 0.07, "prediction": "1E-3"}])")
            .empty());
  CHECK(findings_of("predictions-samples", file,
                    metric + R"(, "failure_cases": [{"input": "c", "label": 0.0700, "prediction": 2},
                                                    {"input": "b", "label": "0", "prediction": "one"}])") ==
        std::vector<std::string>{
            "failure_cases[0].label is \"0.07\", but preds.csv:4 says \"0.069000\"",
            "failure_cases[0].prediction is \"2\", but preds.csv:4 says \"0.001\"",
            "failure_cases[1].prediction is \"one\", but preds.csv:3 says \"1.0\"",
        });
}

TEST_CASE("claims: a listed sample's boolean compares in any case", "[claims][values]") {
  const std::string file = "id,label,prediction\na,True,True\nb,False,True\n";
  const std::string metric = R"("metric": {"name": "accuracy"})";
  CHECK(findings_of("predictions-samples", file,
                    metric + R"(, "success_samples": [{"input": "a", "label": true, "prediction": "TRUE"}],
                                  "failure_cases": [{"input": "b", "label": false, "prediction": "true"}])")
            .empty());
  CHECK(findings_of("predictions-samples", file,
                    metric + R"(, "failure_cases": [{"input": "b", "label": "no", "prediction": true}])") ==
        std::vector<std::string>{"failure_cases[0].label is \"no\", but preds.csv:3 says \"False\""});
}

TEST_CASE("claims: the median absolute error is found to within its bucket", "[claims][regression]") {
  ErrorHistogram errors;
  CHECK_FALSE(errors.median());
  for (const double error : {0.5, 0.1, 2.0, 0.3, 1e-9}) errors.add(error);
  const auto median = errors.median();
  REQUIRE(median);
  CHECK(median->low <= 0.3);
  CHECK(median->high >= 0.3);
  CHECK(median->high / median->low <= 1 + 1.0 / 1024);
  // Of an even count, the lower middle one.
  errors.add(0.4);
  CHECK(errors.median()->low <= 0.3);
  CHECK(errors.median()->high < 0.4);
  ErrorHistogram zeros;
  zeros.add(0);
  zeros.add(0);
  CHECK(zeros.median()->low == 0);
}

namespace {

// Absolute errors 0, 0.1, 0.2, 0.3, 1 and 2: the lower middle one, the median taken, is 0.2.
constexpr std::string_view kRegression =
    "id,label,prediction\na,1.0,1.1\nb,2.0,2.2\nc,3.0,3.3\nd,4.0,5.0\ne,1.0,3.0\nf,2.5,2.5\n";

}  // namespace

TEST_CASE("claims: regression samples are judged by their error against the median", "[claims][regression]") {
  const std::string metric = R"("metric": {"name": "mae"})";
  CHECK(findings_of("predictions-samples", kRegression,
                    metric + R"(, "success_samples": [{"input": "a", "label": 1, "prediction": 1.1},
                                                      {"input": "b"}, {"input": "f"}],
                                  "failure_cases": [{"input": "e", "label": "1.0", "prediction": 3},
                                                    {"input": "d"}])")
            .empty());
  // Swapped: the success has a large error, the failure a small one, and an exact row is no failure.
  CHECK(findings_of("predictions-samples", kRegression, metric + R"(, "success_samples": [{"input": "e"}],
                                  "failure_cases": [{"input": "a"}, {"input": "f"}])") ==
        std::vector<std::string>{
            "success_samples[0] (\"e\") has absolute error 2 at preds.csv:6 (label \"1.0\", prediction \"3.0\"), "
            "above the median absolute error 0.2 of the file",
            "failure_cases[0] (\"a\") has absolute error 0.1 at preds.csv:2 (label \"1.0\", prediction \"1.1\"), "
            "below the median absolute error 0.2 of the file",
            "failure_cases[1] (\"f\") has absolute error 0 at preds.csv:7 (label \"2.5\", prediction \"2.5\"), "
            "below the median absolute error 0.2 of the file",
        });
}

TEST_CASE("claims: the sample error threshold can be set", "[claims][regression]") {
  const std::string metric = R"("metric": {"name": "mae"})";
  Thresholds thresholds;
  thresholds.sample_error = 1.5;
  CHECK(findings_of("predictions-samples", kRegression,
                    metric + R"(, "success_samples": [{"input": "d"}], "failure_cases": [{"input": "e"}])", thresholds)
            .empty());
  CHECK(
      findings_of("predictions-samples", kRegression, metric + R"(, "failure_cases": [{"input": "c"}])", thresholds) ==
      std::vector<std::string>{
          "failure_cases[0] (\"c\") has absolute error 0.3 at preds.csv:4 (label \"3.0\", prediction \"3.3\"), "
          "below the threshold 1.5 (--sample-error)"});
}

TEST_CASE("claims: failure_case_count is not checked for numeric targets", "[claims][regression]") {
  CHECK(findings_of("predictions-failure-count", kRegression, R"("metric": {"name": "mae"}, "failure_case_count": 99)")
            .empty());
}

namespace {

// y_true = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], y_pred = [1, 1, 0, 1, 1, 0, 0, 0, 0, 0]
constexpr std::string_view kBinary = "label,prediction\n1,1\n1,1\n1,0\n0,1\n0,1\n0,0\n0,0\n0,0\n0,0\n0,0\n";
// y_true = ["cat", "cat", "cat", "cat", "dog", "dog", "dog", "bird", "cat", "dog"]
// y_pred = ["cat", "cat", "dog", "bird", "dog", "dog", "cat", "bird", "cat", "bird"]
constexpr std::string_view kThree =
    "label,prediction\ncat,cat\ncat,cat\ncat,dog\ncat,bird\ndog,dog\ndog,dog\ndog,cat\nbird,bird\ncat,cat\n"
    "dog,bird\n";
// y_true = ["spam", "ham", "ham", "spam", "ham", "ham"], y_pred = ["spam", "spam", "ham", "ham", "ham", "ham"]
constexpr std::string_view kSpam = "label,prediction\nspam,spam\nham,spam\nham,ham\nspam,ham\nham,ham\nham,ham\n";
// y_true = [3.0, -0.5, 2.0, 7.0, 1.0], y_pred = [2.5, 0.0, 2.0, 8.0, 1.2]
constexpr std::string_view kNumbers = "label,prediction\n3.0,2.5\n-0.5,0.0\n2.0,2.0\n7.0,8.0\n1.0,1.2\n";

// The one finding of a claim `off` from the exact value `exact`, which itself passes.
void check_exact_and_off(std::string_view file, const std::string& metric, std::string_view exact, std::string_view off,
                         const std::string& expected) {
  INFO(metric);
  CHECK(judge(file, {metric, std::string(exact)}, 1e-9).empty());
  CHECK(judge(file, {metric, std::string(off)}) == std::vector<std::string>{expected});
}

}  // namespace

// Each value below is scikit-learn's on the same rows; each off claim is 0.01 away, beyond the
// base tolerance and the rounding of two decimals.
TEST_CASE("claims: balanced accuracy and error rate", "[claims][metrics]") {
  // balanced_accuracy_score: 0.6904761904761905; 1 − accuracy_score: 0.3
  check_exact_and_off(kBinary, "balanced_accuracy", "0.6904761904761905", "0.70",
                      "current.value is 0.7, but the 10 rows of preds.csv give balanced_accuracy 0.6905");
  check_exact_and_off(kThree, "balanced_accuracy", "0.7000000000000001", "0.71",
                      "current.value is 0.71, but the 10 rows of preds.csv give balanced_accuracy 0.7");
  check_exact_and_off(kThree, "error_rate", "0.4", "0.39",
                      "current.value is 0.39, but the 10 rows of preds.csv give error_rate 0.4");
}

TEST_CASE("claims: Matthews correlation and Cohen's kappa", "[claims][metrics]") {
  // matthews_corrcoef: 0.3563483225498992 and 0.4040676148970225
  check_exact_and_off(kBinary, "mcc", "0.3563483225498992", "0.37",
                      "current.value is 0.37, but the 10 rows of preds.csv give mcc 0.3563");
  check_exact_and_off(kThree, "matthews_corrcoef", "0.4040676148970225", "0.39",
                      "current.value is 0.39, but the 10 rows of preds.csv give mcc 0.4041");
  // cohen_kappa_score: 0.34782608695652173 and 0.3846153846153846
  check_exact_and_off(kBinary, "cohen_kappa", "0.34782608695652173", "0.36",
                      "current.value is 0.36, but the 10 rows of preds.csv give cohen_kappa 0.3478");
  check_exact_and_off(kThree, "Kappa", "0.3846153846153846", "0.40",
                      "current.value is 0.4, but the 10 rows of preds.csv give cohen_kappa 0.3846");
}

TEST_CASE("claims: specificity of two classes", "[claims][metrics]") {
  // recall_score(y_true, y_pred, pos_label=0): 0.7142857142857143
  check_exact_and_off(kBinary, "specificity", "0.7142857142857143", "0.70",
                      "current.value is 0.7, but the 10 rows of preds.csv give specificity 0.7143");
  CHECK(judge(kThree, {"specificity", "0.5"}) ==
        std::vector<std::string>{"not checked: specificity is a binary metric, but preds.csv has 3 labels"});
}

TEST_CASE("claims: R² and MAPE as scikit-learn computes them", "[claims][metrics]") {
  // r2_score: 0.951875; mean_absolute_percentage_error: 0.3019047619047619
  check_exact_and_off(kNumbers, "r2", "0.951875", "0.94",
                      "current.value is 0.94, but the 5 rows of preds.csv give r2 0.9519");
  check_exact_and_off(kNumbers, "mape", "0.3019047619047619", "0.29",
                      "current.value is 0.29, but the 5 rows of preds.csv give mape 0.3019");
  CHECK(passes(kNumbers, {"mape", "30.19", R"(, "unit": "percent")"}));
  CHECK(judge(kNumbers, {"mape", "31.2", R"(, "unit": "percent")"}) ==
        std::vector<std::string>{"current.value is 31.2, but the 5 rows of preds.csv give mape 30.1905"});
  // Constant labels: 1 when every prediction is exact, else 0 (force_finite).
  CHECK(passes("label,prediction\n2.0,2.0\n2.0,2.0\n", {"r2", "1"}));
  CHECK(passes("label,prediction\n2.0,2.0\n2.0,2.5\n", {"r2", "0"}));
  CHECK(judge("label,prediction\n2.0,2.0\n2.0,2.5\n", {"r2", "1"}) ==
        std::vector<std::string>{"current.value is 1, but the 2 rows of preds.csv give r2 0"});
}

TEST_CASE("claims: binary metrics take the positive class from metric.positive_label", "[claims][metrics]") {
  // precision, recall and f1 with pos_label="spam": 0.5; specificity (recall of "ham"): 0.75
  const std::string spam = R"(, "positive_label": "spam")";
  CHECK(passes(kSpam, {"precision", "0.5", spam}));
  CHECK(passes(kSpam, {"recall", "0.50", spam}));
  CHECK(passes(kSpam, {"specificity", "0.75", spam}));
  CHECK(judge(kSpam, {"f1", "0.51", spam}) ==
        std::vector<std::string>{"current.value is 0.51, but the 6 rows of preds.csv give f1 0.5"});
  // With "ham" positive, the recall of "spam": 0.5.
  CHECK(passes(kSpam, {"specificity", "0.5", R"(, "positive_label": "ham")"}));
  CHECK(judge(kSpam, {"specificity", "0.75", R"(, "positive_label": "ham")"}) ==
        std::vector<std::string>{"current.value is 0.75, but the 6 rows of preds.csv give specificity 0.5"});
  // Without it the item is not checked, never guessed.
  CHECK(judge(kSpam, {"f1", "0.5"}) ==
        std::vector<std::string>{
            "not checked: f1 needs the positive class: the labels of preds.csv are \"ham\" and \"spam\", and "
            "neither (or both) is named 1, true, yes, pos or positive; set metric.positive_label to the positive "
            "one"});
  CHECK(judge(kSpam, {"recall", "0.5", R"(, "positive_label": "eggs")"}) ==
        std::vector<std::string>{
            "not checked: metric.positive_label \"eggs\" is not one of the labels \"ham\" and \"spam\" of preds.csv"});
  // A number or a boolean names the label as a value.
  CHECK(judge(kBinary, {"recall", "0.7142857142857143", R"(, "positive_label": 0)"}, 1e-9).empty());
  CHECK(passes("label,prediction\nTrue,True\nFalse,True\n", {"precision", "0.5", R"(, "positive_label": true)"}));
}

namespace {

std::filesystem::path shared_dir() {
  if (const char* dir = std::getenv("DLCHECK_SHARED_DIR")) return dir;
  return DLCHECK_SHARED_DIR;
}

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("claims: real runs' predictions give scikit-learn's values", "[claims][metrics]") {
  const std::filesystem::path runs = shared_dir() / "real-runs";
  if (!std::filesystem::is_directory(runs)) {
    WARN("skipped: " << runs.string() << " is absent");
    return;
  }
  // Lightning, ten digits written as integers: balanced_accuracy_score, matthews_corrcoef,
  // cohen_kappa_score and f1_score(average="macro") on its 397 rows.
  const std::string digits = read_whole(runs / "lightning-csv-and-tensorboard/predictions.csv");
  REQUIRE(!digits.empty());
  for (const auto& [metric, value] :
       {std::pair{"balanced_accuracy", "0.9890277777777777"}, std::pair{"mcc", "0.9860073966954179"},
        std::pair{"cohen_kappa", "0.9859375442772536"}, std::pair{"macro_f1", "0.9884178451190303"}}) {
    INFO(metric);
    CHECK(judge(digits, {metric, value}, 1e-9).empty());
  }
  CHECK(judge(digits, {"mcc", "0.97"}) ==
        std::vector<std::string>{"current.value is 0.97, but the 397 rows of preds.csv give mcc 0.986"});
  // Hugging Face, "positive" and "negative" in JSON Lines: the positive class is found by name.
  const std::string reviews = read_whole(runs / "hf-trainer/predictions.jsonl");
  CHECK(judge(reviews, {"f1", "0.935672514619883"}, 1e-9).empty());
  CHECK(judge(reviews, {"specificity", "0.930327868852459"}, 1e-9).empty());
  CHECK(judge(reviews, {"mcc", "0.86791818906546"}, 1e-9).empty());
}

namespace {

// y_true = ["cat", "dog", "bird", "cat", "dog"], scores of bird, cat and dog; ties in rows 3 and 4.
constexpr std::string_view kScores =
    "label,prediction,prob_bird,prob_cat,prob_dog\ncat,cat,0.1,0.6,0.3\ndog,cat,0.2,0.5,0.3\n"
    "bird,cat,0.4,0.4,0.2\ncat,dog,0.3,0.3,0.4\ndog,dog,0.0,0.0,1.0\n";

}  // namespace

TEST_CASE("claims: top-k accuracy and log loss from score columns", "[claims][metrics][scores]") {
  // top_k_accuracy_score(..., k=1): 0.4, k=2: 1.0; log_loss: 0.7670123928584037
  check_exact_and_off(kScores, "top1_accuracy", "0.4", "0.41",  // top-1 is plain accuracy, from the labels
                      "current.value is 0.41, but the 5 rows of preds.csv give accuracy 0.4");
  check_exact_and_off(kScores, "top_2_accuracy", "1", "0.99",
                      "current.value is 0.99, but the 5 rows of preds.csv give top_k_accuracy 1");
  check_exact_and_off(kScores, "log_loss", "0.7670123928584037", "0.78",
                      "current.value is 0.78, but the 5 rows of preds.csv give log_loss 0.767");
  // A tie goes to the class later in sorted order: bird's 0.4 ranks after cat's 0.4.
  CHECK(judge("label,prediction,p_bird,p_cat\nbird,cat,0.4,0.4\ncat,cat,0.4,0.4\n", {"top_1_acc", "0.5"}).empty());
  CHECK(judge("label,prediction,score_a,score_b,score_c\na,a,0.5,0.4,0.1\nb,a,0.5,0.3,0.2\nc,a,0.5,0.45,0.05\n",
              {"top_2", "0.65"}) ==
        std::vector<std::string>{"current.value is 0.65, but the 3 rows of preds.csv give top_k_accuracy 0.6667"});
}

TEST_CASE("claims: score keys of JSON Lines rows", "[claims][metrics][scores]") {
  const std::string rows =
      "{\"label\": \"cat\", \"prediction\": \"cat\", \"prob_cat\": 0.9, \"prob_dog\": 0.1}\n"
      "{\"prob_dog\": 0.7, \"label\": \"cat\", \"prediction\": \"dog\", \"prob_cat\": 0.3}\n";
  // log_loss(["cat", "cat"], [[0.9, 0.1], [0.3, 0.7]], labels=["cat", "dog"]): 0.6546666599918812
  CHECK(judge(rows, {"log_loss", "0.6546666599918812"}, 1e-9).empty());
  CHECK(judge(rows, {"top_1", "0.5"}).empty());
}

TEST_CASE("claims: a score metric without score columns is not checked", "[claims][metrics][scores]") {
  CHECK(judge(kThree, {"top_5_accuracy", "0.9"}) ==
        std::vector<std::string>{"not checked: top_k_accuracy needs a score column per class (prob_<label>, "
                                 "p_<label> or score_<label>), and preds.csv has none"});
  CHECK(judge("label,prediction,prob_a,prob_b\nc,a,0.5,0.5\n", {"log_loss", "0.5"}) ==
        std::vector<std::string>{"not checked: the predictions file preds.csv could not be read (see "
                                 "predictions-format)"});
  CHECK(findings_of("predictions-format", "label,prediction,prob_a,prob_b\nc,a,0.5,0.5\n",
                    R"("metric": {"name": "log_loss"})") ==
        std::vector<std::string>{"label \"c\" has no score column \"prob_c\""});
  CHECK(findings_of("predictions-format", "label,prediction,prob_a,prob_b\na,a,0.5,high\n",
                    R"("metric": {"name": "log_loss"})") ==
        std::vector<std::string>{"score \"high\" in column \"prob_b\" is not a finite number"});
  // A label finds its score column by value, as the classes are merged: True has prob_true, 1.0 has prob_1.
  // log_loss([True, False], [[0.2, 0.8], [0.6, 0.4]], labels=[False, True]): 0.3669845875401002
  CHECK(judge("label,prediction,prob_false,prob_true\nTrue,True,0.2,0.8\nFALSE,True,0.6,0.4\n",
              {"log_loss", "0.3669845875401002"}, 1e-9)
            .empty());
  CHECK(judge("label,prediction,prob_1,prob_2\n1.0,1,0.8,0.2\n2,2,0.4,0.6\n", {"log_loss", "0.3669845875401002"}, 1e-9)
            .empty());
  CHECK(findings_of("predictions-format", "label,prediction,prob_1,prob_2\n1.5,1,0.8,0.2\n",
                    R"("metric": {"name": "log_loss"})") ==
        std::vector<std::string>{"label \"1.5\" has no score column \"prob_1.5\""});
  // Other metrics do not read the score columns at all.
  CHECK(findings_of("predictions-format", "label,prediction,prob_a,prob_b\na,a,0.5,high\n",
                    R"("metric": {"name": "accuracy"})")
            .empty());
}

TEST_CASE("claims: ROC AUC from score columns", "[claims][metrics][scores]") {
  // roc_auc_score(y_true, scores, multi_class="ovr", labels=["bird", "cat", "dog"]): 0.8055555555555557
  check_exact_and_off(kScores, "roc_auc", "0.8055555555555557", "0.79",
                      "current.value is 0.79, but the 5 rows of preds.csv give auc 0.8056");
  // Two classes: the scores of the later one, "b"; the tie at 0.4 counts half.
  // roc_auc_score(["a", "b", "b", "a", "b"], [0.4, 0.4, 0.3, 0.1, 0.9]): 0.75
  const std::string binary =
      "label,prediction,prob_a,prob_b\na,a,0.6,0.4\nb,a,0.6,0.4\nb,a,0.7,0.3\na,a,0.9,0.1\nb,b,0.1,0.9\n";
  check_exact_and_off(binary, "auc", "0.75", "0.76",
                      "current.value is 0.76, but the 5 rows of preds.csv give auc 0.75");
  // A class with no row of its own has no AUC: not checked.
  CHECK(judge("label,prediction,prob_a,prob_b,prob_c\na,a,0.5,0.3,0.2\nb,a,0.5,0.3,0.2\n", {"auc", "0.5"}) ==
        std::vector<std::string>{
            "not checked: auc is undefined on preds.csv: a class of its score columns has no row with it, or "
            "every row has it"});
}

namespace {

// References and hypotheses with accents, CJK, an empty hypothesis and a quoted comma.
const std::string kTranscripts =
    "id,reference,hypothesis\n"
    "1,the cat sat,the cat sit\n"
    "2,héllo wörld,hello world\n"
    "3,a b c,\n"
    "4,ünïcödé 日本語 テキスト,ünïcöde 日本 テキスト\n"
    "5,\"yes, exactly\",\"yes, exactly\"\n";

}  // namespace

TEST_CASE("claims: word and character error rates as jiwer computes them", "[claims][metrics][text]") {
  // Levenshtein over words (each word one code point) and over code points, summed over rows 1-5:
  // WER 8 / 13, CER 10 / 55.
  check_exact_and_off(kTranscripts, "wer", "0.6153846153846154", "0.625",
                      "current.value is 0.625, but the 5 rows of preds.csv give wer 0.6154");
  check_exact_and_off(kTranscripts, "word_error_rate", "0.6153846153846154", "0.605",
                      "current.value is 0.605, but the 5 rows of preds.csv give wer 0.6154");
  check_exact_and_off(kTranscripts, "cer", "0.18181818181818182", "0.185",
                      "current.value is 0.185, but the 5 rows of preds.csv give cer 0.1818");
  check_exact_and_off(kTranscripts, "test_character_error_rate", "0.18181818181818182", "0.17",
                      "current.value is 0.17, but the 5 rows of preds.csv give cer 0.1818");
  check_exact_and_off(kTranscripts, "exact_match", "0.2", "0.21",
                      "current.value is 0.21, but the 5 rows of preds.csv give exact_match 0.2");
  CHECK(judge(kTranscripts, {"em", "20", R"(, "unit": "percent")"}).empty());
  CHECK(judge(kTranscripts, {"em", "21", R"(, "unit": "percent")"}) ==
        std::vector<std::string>{"current.value is 21, but the 5 rows of preds.csv give exact_match 20"});
}

TEST_CASE("claims: a word error rate can exceed 1", "[claims][metrics][text]") {
  // One reference word, two inserted.
  CHECK(judge("reference,hypothesis\na,a b c\n", {"wer", "2"}).empty());
  CHECK(judge("reference,hypothesis\na,a b c\n", {"wer", "1"}) ==
        std::vector<std::string>{"current.value is 1, but the 1 rows of preds.csv give wer 2"});
}

TEST_CASE("claims: text metrics read the label and prediction columns as reference and hypothesis",
          "[claims][metrics][text]") {
  CHECK(judge("label,prediction\nthe cat,the dog\n", {"wer", "0.5"}).empty());
  CHECK(judge("ref,hyp\nthe cat,the dog\n", {"cer", "0.4286"}).empty());
  CHECK(judge("{\"target\": \"good morning\", \"transcript\": \"good mourning\"}\n", {"wer", "0.5"}).empty());
  // A reference that looks like a number is text too.
  CHECK(judge("reference,hypothesis\n3.5,3.5\nx,y\n", {"exact_match", "0.5"}).empty());
}

TEST_CASE("claims: a text metric that cannot be computed is not checked", "[claims][metrics][text]") {
  CHECK(judge("reference,hypothesis\n,a b\n", {"wer", "1"}) ==
        std::vector<std::string>{"not checked: wer is undefined on preds.csv: its references have no words"});
  // 10,001 words on each side: over 10^8 cells of the edit-distance table.
  std::string words;
  for (int i = 0; i < 10001; ++i) words += "w ";
  CHECK(judge("reference,hypothesis\n" + words + "," + words + "\n", {"wer", "0"}) ==
        std::vector<std::string>{"not checked: wer is not recomputed: the row at preds.csv:2 is too long for an "
                                 "edit distance (reference × hypothesis words over 100000000)"});
}

TEST_CASE("claims: text samples and failures count exact matches", "[claims][metrics][text]") {
  CHECK(findings_of("predictions-failure-count", kTranscripts, R"("metric": {"name": "wer"}, "failure_case_count": 4)")
            .empty());
  CHECK(
      findings_of("predictions-failure-count", kTranscripts, R"("metric": {"name": "wer"}, "failure_case_count": 3)") ==
      std::vector<std::string>{"failure_case_count is 3, but preds.csv has 4 wrong predictions out of 5"});
  CHECK(findings_of(
            "predictions-samples", kTranscripts,
            R"("metric": {"name": "cer"}, "success_samples": [{"input": "5"}], "failure_cases": [{"input": "1"}])")
            .empty());
  CHECK(findings_of("predictions-samples", kTranscripts,
                    R"("metric": {"name": "cer"}, "failure_cases": [{"input": "5"}])") ==
        std::vector<std::string>{
            "failure_cases[0] (\"5\") is predicted correctly at preds.csv:6 (label \"yes, exactly\", prediction "
            "\"yes, exactly\")"});
}

TEST_CASE("claims: edit counts of text rows", "[claims][metrics][text]") {
  TextCounts counts;
  counts.add("  kitten  sitting ", "sitting", 1);  // words: one deletion; characters: trimmed
  CHECK(counts.word_edits == 1);
  CHECK(counts.reference_words == 2);
  CHECK(counts.reference_chars == 15);  // "kitten  sitting"
  CHECK(counts.char_edits == 8);
  counts.add("日本", "日木", 2);  // code points, not bytes
  CHECK(counts.reference_chars == 17);
  CHECK(counts.char_edits == 9);
  counts.add("ab\xff", "ab", 3);  // an invalid byte is one character
  CHECK(counts.reference_chars == 20);
  CHECK(counts.char_edits == 10);
  CHECK(counts.exact == 0);
}

TEST_CASE("claims: a file with decimal commas is named so", "[claims][values]") {
  const std::string semicolons = "id;label;prediction\n1;1,5;1,4\n2;2,0;2,5\n";
  const std::string expected =
      "numbers are written with a decimal comma (label \"1,5\"): write 1.5, or export with a decimal point "
      "(pandas: to_csv(path, sep=\",\", decimal=\".\"))";
  CHECK(findings_of("predictions-format", semicolons, R"("metric": {"name": "mae"})") ==
        std::vector<std::string>{expected});
  // Without a metric that says numeric, a fraction elsewhere does.
  CHECK(findings_of("predictions-format", "label;prediction\n1.5;1,4\n", R"("metric": {"name": "custom_score"})") ==
        std::vector<std::string>{
            "numbers are written with a decimal comma (prediction \"1,4\"): write 1.4, or export with a decimal "
            "point (pandas: to_csv(path, sep=\",\", decimal=\".\"))"});
  // Other text is not a number, with no word of commas.
  CHECK(findings_of("predictions-format", "label;prediction\n1.5;1,4,5\n", R"("metric": {"name": "mae"})") ==
        std::vector<std::string>{"prediction \"1,4,5\" is not a finite number, and the targets are numeric"});
}
