// Tests for judging metric claims against a predictions file: the rounding a claim may stand
// for comes from the digits written, and each recomputed metric passes its exact claim and fails
// one a little off.

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/checker.hpp"
#include "metrics/catalog.hpp"
#include "temp_project.hpp"

using namespace dlcheck;

namespace {

// A file of `rows` rows, `correct` of them predicted right: its accuracy is correct / rows.
std::string accuracy_file(int rows, int correct) {
  std::string text = "label,prediction\n";
  for (int i = 0; i < rows; ++i) text += i < correct ? "a,a\n" : "a,b\n";
  return text;
}

struct Claim {
  std::string metric;
  std::string value;       ///< as written in the record
  std::string extra = "";  ///< more members of "metric", with a leading comma
};

/// The predictions-metric messages for a record claiming `claim` on `predictions`; a claim that
/// is not checked gives its reason, after "not checked: ".
std::vector<std::string> judge(std::string_view predictions, const Claim& claim, double tolerance = 0.001) {
  testing::TempProject project;
  project.write("preds.csv", std::string(predictions));
  const auto path =
      project.write("evidence.json", fmt::format(R"({{"metric": {{"name": "{}"{}}}, "baseline": {{"value": 0.1}},
                                      "current": {{"value": {}}}, "predictions": "preds.csv"}})",
                                                 claim.metric, claim.extra, claim.value));
  CheckOptions options;
  options.profile = Profile::record;
  options.thresholds.metric_tolerance = tolerance;
  std::vector<std::string> out;
  const std::string file = (project.root() / "preds.csv").string();
  const auto shortened = [&](std::string message) {
    if (const auto at = message.find(file); at != std::string::npos) message.replace(at, file.size(), "preds.csv");
    return message;
  };
  const FileReport report = check_file(path.string(), options);
  for (const auto& finding : report.findings) {
    if (finding.rule == "predictions-metric") out.push_back(shortened(finding.message));
  }
  for (const auto& entry : report.checklist) {
    if (entry.rule->id == "predictions-metric" && entry.status == ItemStatus::not_checked) {
      out.push_back("not checked: " + shortened(entry.reason));
    }
  }
  return out;
}

bool passes(std::string_view predictions, const Claim& claim) { return judge(predictions, claim).empty(); }

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
