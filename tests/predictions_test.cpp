// Tests for reading predictions files (CSV, TSV, JSON Lines) and split id lists.

#include "artifacts/predictions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "claim_check.hpp"
#include "engine/checker.hpp"
#include "temp_project.hpp"

using namespace dlcheck;

namespace {

PredictionSummary summary_of(std::string_view text, const PredictionOptions& options = {}) {
  auto result = parse_predictions(text, options);
  if (const auto* error = std::get_if<PredictionError>(&result)) {
    FAIL("unexpected error at " << error->line << ":" << error->column << ": " << error->message);
  }
  return std::get<PredictionSummary>(std::move(result));
}

PredictionError error_of(std::string_view text, const PredictionOptions& options = {}) {
  auto result = parse_predictions(text, options);
  if (std::holds_alternative<PredictionSummary>(result)) FAIL("expected an error, but the file was read");
  return std::get<PredictionError>(std::move(result));
}

PredictionOptions with_kind(TargetKind kind) {
  PredictionOptions options;
  options.kind = kind;
  return options;
}

/// "label → prediction: count" for each confused pair, in order.
std::vector<std::string> confusions(const PredictionSummary& summary) {
  std::vector<std::string> out;
  for (const auto& pair : summary.top_confusions) {
    out.push_back(pair.label + " → " + pair.prediction + ": " + std::to_string(pair.count));
  }
  return out;
}

/// "label correct/total" for each class, in order.
std::vector<std::string> per_class(const PredictionSummary& summary) {
  std::vector<std::string> out;
  for (const auto& entry : summary.per_class) {
    out.push_back(entry.label + " " + std::to_string(entry.correct) + "/" + std::to_string(entry.total));
  }
  return out;
}

std::vector<std::pair<std::string, std::size_t>> ids_of(std::string_view text) {
  auto result = parse_id_list(text);
  if (const auto* error = std::get_if<IdListError>(&result)) {
    FAIL("unexpected error at line " << error->line << ": " << error->message);
  }
  const IdList& list = std::get<IdList>(result);
  std::vector<std::pair<std::string, std::size_t>> out;
  for (std::size_t i = 0; i < list.size(); ++i) out.emplace_back(list.id(i), list.line(i));
  return out;
}

/// A list of ids on lines 1, 2, 3, …
IdList list_of(std::initializer_list<std::string_view> ids) {
  IdList list;
  for (const std::string_view id : ids) list.add(id, list.size() + 1);
  return list;
}

IdListError id_error_of(std::string_view text) {
  auto result = parse_id_list(text);
  if (std::holds_alternative<IdList>(result)) FAIL("expected an error, but the id list was read");
  return std::get<IdListError>(std::move(result));
}

using Ids = std::vector<std::pair<std::string, std::size_t>>;

// Four cats (two called dogs), two dogs (one called a cat), two birds (one called a cat).
constexpr std::string_view kAnimals =
    "id,label,prediction\n"
    "a1,cat,cat\n"
    "a2,cat,dog\n"
    "a3,cat,dog\n"
    "a4,dog,dog\n"
    "a5,dog,cat\n"
    "a6,bird,cat\n"
    "a7,bird,bird\n"
    "a8,cat,cat\n";

}  // namespace

// ---------------------------------------------------------------------------------------------
// Formats and columns

TEST_CASE("predictions: a CSV with the usual column names", "[predictions]") {
  const auto summary = summary_of(kAnimals);
  CHECK(summary.format == "CSV");
  CHECK(summary.id_column == "id");
  CHECK(summary.label_column == "label");
  CHECK(summary.prediction_column == "prediction");
  CHECK(summary.kind == TargetKind::class_labels);
  CHECK(summary.rows == 8);
  CHECK(summary.wrong == 4);
  CHECK(summary.accuracy == 0.5);
  CHECK(summary.error_rate == 0.5);
}

TEST_CASE("predictions: a TSV with other usual names, found whatever their case", "[predictions]") {
  const auto summary = summary_of("Image_ID\tscore\tY_True\tY_Pred\nx.png\t0.9\t1\t1\ny.png\t0.2\t0\t1\n");
  CHECK(summary.format == "TSV");
  CHECK(summary.id_column == "Image_ID");
  CHECK(summary.label_column == "Y_True");
  CHECK(summary.prediction_column == "Y_Pred");
  CHECK(summary.kind == TargetKind::class_labels);  // the fractional score column does not count
  CHECK(summary.accuracy == 0.5);
}

TEST_CASE("predictions: the id column is optional", "[predictions]") {
  PredictionOptions options;
  options.watch_ids = {"1"};
  const auto summary = summary_of("target,output\n1,1\n2,1\n2,2\n", options);
  CHECK(summary.id_column.empty());
  CHECK(summary.label_column == "target");
  CHECK(summary.prediction_column == "output");
  CHECK(summary.rows == 3);
  REQUIRE(summary.watched.size() == 1);
  CHECK_FALSE(summary.watched[0].found);
}

TEST_CASE("predictions: the usual names are tried in their listed order", "[predictions]") {
  const auto summary = summary_of("path,id,truth,label,output,pred\np,i,a,b,c,b\n");
  CHECK(summary.id_column == "id");
  CHECK(summary.label_column == "label");
  CHECK(summary.prediction_column == "pred");
  CHECK(summary.accuracy == 1.0);
}

TEST_CASE("predictions: columns named in the options win over the usual names", "[predictions]") {
  PredictionOptions options;
  options.id_column = "file";
  options.label_column = "gold";
  options.prediction_column = "Y_HAT";  // matched ignoring case when no exact match exists
  const auto summary = summary_of("id,file,label,gold,prediction,y_hat\n1,f1,x,a,x,a\n2,f2,x,b,x,c\n", options);
  CHECK(summary.id_column == "file");
  CHECK(summary.label_column == "gold");
  CHECK(summary.prediction_column == "y_hat");
  CHECK(summary.accuracy == 0.5);
}

TEST_CASE("predictions: a named column matching exactly wins over one differing in case", "[predictions]") {
  PredictionOptions options;
  options.label_column = "label";
  const auto summary = summary_of("Label,label,prediction\nx,a,a\n", options);
  CHECK(summary.label_column == "label");
  CHECK(summary.accuracy == 1.0);
}

TEST_CASE("predictions: a named column that does not exist is an error listing the header", "[predictions]") {
  PredictionOptions options;
  options.label_column = "lable";
  const auto error = error_of("id,label,prediction\n1,a,a\n", options);
  CHECK(error.message == "no column \"lable\" in the header (id, label, prediction); did you mean \"label\"?");
  CHECK(error.line == 1);

  options.label_column = "species";
  CHECK(error_of("id,label,prediction\n1,a,a\n", options).message ==
        "no column \"species\" in the header (id, label, prediction)");
}

TEST_CASE("predictions: without a label or prediction column the error says what was looked for", "[predictions]") {
  const auto no_label = error_of("id,y,prediction\n1,a,a\n");
  CHECK(no_label.message ==
        "no label column: none of label, target, y_true, true_label, ground_truth, gold, truth, actual, true, "
        "reference, ref in the header (id, y, prediction)");
  CHECK(no_label.line == 1);
  CHECK(error_of("id,label,yhat\n1,a,a\n").message ==
        "no prediction column: none of prediction, pred, y_pred, predicted, predicted_label, pred_label, output, "
        "predictions, hypothesis, hyp, transcript in the header (id, label, yhat)");
}

TEST_CASE("predictions: the label and the prediction cannot be the same column", "[predictions]") {
  PredictionOptions options;
  options.prediction_column = "label";
  CHECK(error_of("id,label,prediction\n1,a,a\n", options).message ==
        "the label and the prediction are the same column \"label\"");
}

TEST_CASE("predictions: CRLF endings, a byte-order mark, blank lines and spaces", "[predictions]") {
  const auto summary = summary_of("\xEF\xBB\xBFid, label, prediction\r\n1, cat, cat\r\n\r\n2,dog ,cat\r\n   \r\n");
  CHECK(summary.id_column == "id");
  CHECK(summary.label_column == "label");
  CHECK(summary.rows == 2);
  CHECK(summary.wrong == 1);
  CHECK(confusions(summary) == std::vector<std::string>{"dog → cat: 1"});
}

TEST_CASE("predictions: quoted fields may hold the delimiter and quotes", "[predictions]") {
  PredictionOptions options;
  options.watch_ids = {"img 1, left"};
  const auto summary = summary_of(
      "\"id\",\"label\",\"prediction\"\n"
      "\"img 1, left\",\"cat, black\",\"cat, black\"\n"
      "img2,\"say \"\"hi\"\"\",\"say hi\"\n",
      options);
  CHECK(summary.rows == 2);
  CHECK(summary.wrong == 1);
  CHECK(confusions(summary) == std::vector<std::string>{"say \"hi\" → say hi: 1"});
  REQUIRE(summary.watched.size() == 1);
  CHECK(summary.watched[0].found);
  CHECK(summary.watched[0].label == "cat, black");
  CHECK(summary.watched[0].correct);
}

TEST_CASE("predictions: a semicolon-separated file", "[predictions]") {
  const auto summary = summary_of("id;label;prediction\n1;2,5;2,5\n2;3;4\n");
  CHECK(summary.format == "CSV");
  CHECK(summary.rows == 2);
  CHECK(summary.accuracy == 0.5);
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

TEST_CASE("predictions: JSON Lines with string and number values", "[predictions]") {
  const auto summary = summary_of(
      "{\"id\": \"r1\", \"label\": 3, \"prediction\": \"3\", \"scores\": [0.1, {\"a\": 0.9}]}\n"
      "\n"
      "  {\"prediction\": 4, \"id\": 2, \"label\": 3}\n"
      "{\"id\": \"r3\", \"label\": \"7\", \"prediction\": 7, \"extra\": null}\n");
  CHECK(summary.format == "JSON Lines");
  CHECK(summary.id_column == "id");
  CHECK(summary.rows == 3);
  CHECK(summary.kind == TargetKind::class_labels);
  CHECK(summary.wrong == 1);  // the number 3 and the string "3" are the same label
  CHECK(confusions(summary) == std::vector<std::string>{"3 → 4: 1"});
}

TEST_CASE("predictions: JSON Lines labels are compared as written", "[predictions]") {
  // A number is its literal text: for class labels 3.0 is not "3".
  const auto classes = summary_of("{\"label\": \"3\", \"prediction\": 3.0}\n{\"label\": true, \"prediction\": true}\n",
                                  with_kind(TargetKind::class_labels));
  CHECK(classes.wrong == 1);
  CHECK(confusions(classes) == std::vector<std::string>{"3 → 3.0: 1"});
  // Left to the values, 3.0 has a fraction: the targets are numeric, and 3 equals 3.0.
  const auto numbers = summary_of("{\"label\": \"3\", \"prediction\": 3.0}\n{\"label\": 1, \"prediction\": 2}\n");
  CHECK(numbers.kind == TargetKind::numeric);
  CHECK(numbers.mae == 0.5);
}

TEST_CASE("predictions: JSON Lines values read the same whichever way the line is parsed", "[predictions]") {
  // Flat lines without escapes take a fast path, the others nlohmann's parser: each pair of
  // lines below has one of each, and must give one class.
  const auto summary = summary_of(
      "{\"label\": -0, \"prediction\": 1}\n"
      "{\"label\": -0, \"prediction\": 1, \"scores\": [1]}\n"
      "{\"label\": \"café\", \"prediction\": 1}\n"
      "{\"label\": \"caf\\u00e9\", \"prediction\": 1}\n"
      "{\"label\": 12345678901234567890123, \"prediction\": 1}\n"
      "{\"label\": 12345678901234567890123, \"prediction\": 1, \"x\": {}}\n"
      "{\"label\": -12, \"prediction\": 1}\n"
      "{\"label\": -12, \"prediction\": 1, \"x\": [null]}\n"
      "{\"label\": false, \"prediction\": 1}\n"
      "{\"label\": false, \"prediction\": 1, \"x\": [true]}\n"
      "{\"label\": 2.50E+1, \"prediction\": 1}\n"
      "{\"label\": 2.50E+1, \"prediction\": 1, \"x\": [true]}\n"
      "{\"label\": \"say \\\"hi\\\"\", \"prediction\": \"say \\\"hi\\\"\"}\n",
      with_kind(TargetKind::class_labels));
  CHECK(per_class(summary) == std::vector<std::string>{"-12 0/2", "0 0/2", "12345678901234567890123 0/2", "2.50E+1 0/2",
                                                       "café 0/2", "false 0/2", "say \"hi\" 1/1"});
}

TEST_CASE("predictions: JSON Lines columns are found in the first object's keys", "[predictions]") {
  const auto error = error_of("{\"x\": 1, \"y\": 2}\n");
  CHECK(error.message ==
        "no label key: none of label, target, y_true, true_label, ground_truth, gold, truth, actual, true, "
        "reference, ref in the first object (x, y)");
  CHECK(error.line == 1);

  PredictionOptions options;
  options.prediction_column = "pred_lbl";
  CHECK(error_of("{\"label\": 1, \"pred_label\": 2}\n", options).message ==
        "no key \"pred_lbl\" in the first object (label, pred_label); did you mean \"pred_label\"?");
}

TEST_CASE("predictions: JSON Lines errors", "[predictions]") {
  const std::string first = "{\"id\": 1, \"label\": \"a\", \"prediction\": \"a\"}\n";

  auto error = error_of(first + "[1, 2]\n");
  CHECK(error.message == "line is not a JSON object");
  CHECK(error.line == 2);
  CHECK(error.column == 1);

  error = error_of(first + "\n  \"text\"\n");
  CHECK(error.message == "line is not a JSON object");
  CHECK(error.line == 3);
  CHECK(error.column == 3);

  error = error_of(first + "{\"id\": 2, \"label\": \"a\", \"prediction\": \"b\"\n");
  CHECK(error.message == "invalid JSON: unexpected end of line, expected ',' or '}' after a member");
  CHECK(error.line == 2);
  CHECK(error.column == 42);

  error = error_of(first + "{\"id\": 2, \"label\": \"a\", \"prediction\": 01}\n");
  CHECK(error.message == "invalid JSON: numbers must not have leading zeros");
  CHECK(error.line == 2);

  error = error_of(first + "{\"id\": 2, \"label\": \"a\", \"prediction\": \"b\",}\n");
  CHECK(error.message == "invalid JSON: trailing comma before '}'");
  CHECK(error.column == 42);

  error = error_of(first + "{\"id\": 2, \"label\": \"a\", \"prediction\": \"b\"} x\n");
  CHECK(error.message == "invalid JSON: unexpected character 'x' after the JSON value");

  error = error_of(first + "{\"id\": 2, \"label\": \"\xFF\", \"prediction\": \"b\"}\n");
  CHECK(error.message == "invalid JSON: invalid UTF-8 (byte 0xFF) inside a string");
  CHECK(error.column == 21);

  error = error_of(first + "{\"id\": 2, \"label\": \"a\"}\n");
  CHECK(error.message == "no key \"prediction\" in this object");
  CHECK(error.line == 2);

  error = error_of(first + "{\"id\": 2, \"label\": null, \"prediction\": \"b\"}\n");
  CHECK(error.message == "empty label in key \"label\"");
  CHECK(error.line == 2);
  CHECK(error.column == 20);

  error = error_of(first + "{\"id\": 2, \"label\": \"a\", \"prediction\": [\"b\"]}\n");
  CHECK(error.message == "the prediction \"prediction\" is an array or object, not a string or number");
  CHECK(error.line == 2);
  CHECK(error.column == 39);
}

// ---------------------------------------------------------------------------------------------
// Class labels

TEST_CASE("predictions: per-class accuracy is sorted by label", "[predictions]") {
  const auto summary = summary_of(kAnimals);
  CHECK(per_class(summary) == std::vector<std::string>{"bird 1/2", "cat 2/4", "dog 1/2"});
}

TEST_CASE("predictions: top confusions, most frequent first, ties by label then prediction", "[predictions]") {
  const auto summary = summary_of(kAnimals);
  CHECK(confusions(summary) == std::vector<std::string>{"cat → dog: 2", "bird → cat: 1", "dog → cat: 1"});

  PredictionOptions options;
  options.top_confusions = 2;
  CHECK(confusions(summary_of(kAnimals, options)) == std::vector<std::string>{"cat → dog: 2", "bird → cat: 1"});
  options.top_confusions = 0;
  CHECK(summary_of(kAnimals, options).top_confusions.empty());

  const auto ties = summary_of("label,prediction\nb,a\nb,c\na,z\na,b\nb,a\n");
  CHECK(confusions(ties) == std::vector<std::string>{"b → a: 2", "a → b: 1", "a → z: 1", "b → c: 1"});
}

TEST_CASE("predictions: a class only ever predicted has no per-class entry", "[predictions]") {
  const auto summary = summary_of("label,prediction\ncat,cat\ncat,fox\n");
  CHECK(per_class(summary) == std::vector<std::string>{"cat 1/2"});
}

TEST_CASE("predictions: integer labels are class labels", "[predictions]") {
  const auto summary = summary_of("label,prediction\n0,0\n1,2\n2,2\n10,10\n");
  CHECK(summary.kind == TargetKind::class_labels);
  CHECK(summary.accuracy == 0.75);
  CHECK(per_class(summary) == std::vector<std::string>{"0 1/1", "1 0/1", "10 1/1", "2 1/1"});
}

TEST_CASE("predictions: precision, recall and f1 for two classes with positive 1", "[predictions]") {
  // tp 2 (rows 1, 2), fn 1 (row 3), fp 1 (row 4), tn 2.
  const auto summary = summary_of("label,prediction\n1,1\n1,1\n1,0\n0,1\n0,0\n0,0\n");
  REQUIRE(summary.precision);
  REQUIRE(summary.recall);
  REQUIRE(summary.f1);
  CHECK(*summary.precision == Approx(2.0 / 3.0));
  CHECK(*summary.recall == Approx(2.0 / 3.0));
  CHECK(*summary.f1 == Approx(2.0 / 3.0));

  // tp 1, fp 2, fn 0.
  const auto skewed = summary_of("label,prediction\n1,1\n0,1\n0,1\n0,0\n");
  CHECK(*skewed.precision == Approx(1.0 / 3.0));
  CHECK(*skewed.recall == 1.0);
  CHECK(*skewed.f1 == Approx(0.5));
}

TEST_CASE("predictions: the positive class by name, or from the options", "[predictions]") {
  const auto yes_no = summary_of("label,prediction\nYes,Yes\nno,Yes\nno,no\n");
  REQUIRE(yes_no.precision);
  CHECK(*yes_no.precision == 0.5);
  CHECK(*yes_no.recall == 1.0);

  const auto positive = summary_of("label,prediction\nPositive,negative\nnegative,negative\n");
  REQUIRE(positive.recall);
  CHECK(*positive.recall == 0.0);
  CHECK(*positive.precision == 0.0);  // nothing predicted positive: 0, as scikit-learn does
  CHECK(*positive.f1 == 0.0);

  PredictionOptions options;
  options.positive_label = "0";
  const auto zero = summary_of("label,prediction\n1,1\n1,0\n0,0\n", options);
  REQUIRE(zero.precision);
  CHECK(*zero.precision == 0.5);
  CHECK(*zero.recall == 1.0);
}

TEST_CASE("predictions: no precision when the positive class is unknown or the task not binary", "[predictions]") {
  CHECK_FALSE(summary_of("label,prediction\ncat,dog\ndog,dog\n").precision);
  CHECK_FALSE(summary_of("label,prediction\n1,yes\nyes,1\n").precision);  // both look positive
  CHECK_FALSE(summary_of("label,prediction\n0,1\n1,2\n2,2\n").precision);
  CHECK_FALSE(summary_of("label,prediction\n1,1\n1,1\n").f1);  // one class only
  PredictionOptions options;
  options.positive_label = "2";
  CHECK_FALSE(summary_of("label,prediction\n1,1\n0,1\n", options).recall);
}

TEST_CASE("predictions: per-label counts cover every label seen as a label or a prediction", "[predictions]") {
  const auto summary = summary_of("label,prediction\ncat,cat\ncat,dog\ncat,fox\ndog,dog\ndog,cat\n");
  const ClassificationCounts& counts = summary.class_counts;
  std::vector<std::string> table;
  for (const auto& c : counts.classes) {
    table.push_back(fmt::format("{} tp {} fp {} fn {} support {}", c.label, c.true_positives, c.false_positives,
                                c.false_negatives, c.support));
  }
  CHECK(table == std::vector<std::string>{"cat tp 1 fp 1 fn 2 support 3", "dog tp 1 fp 1 fn 1 support 2",
                                          "fox tp 0 fp 1 fn 0 support 0"});
  CHECK(counts.rows == 5);
  CHECK(counts.correct == 2);
  CHECK_FALSE(counts.positive);
  CHECK(per_class(summary) == std::vector<std::string>{"cat 1/3", "dog 1/2"});  // fox is never a label
}

TEST_CASE("predictions: counts of labels beyond the dense confusion matrix", "[predictions]") {
  // 200 labels: confusions between high ids are counted in the map, not the flat matrix.
  std::string text = "label,prediction\n";
  for (int i = 0; i < 200; ++i) text += fmt::format("L{},L{}\nL{},L{}\n", i, i, i, (i + 1) % 200);
  const auto summary = summary_of(text);
  REQUIRE(summary.class_counts.classes.size() == 200);
  for (const auto& c : summary.class_counts.classes) {
    INFO(c.label);
    CHECK((c.true_positives == 1 && c.false_positives == 1 && c.false_negatives == 1 && c.support == 2));
  }
}

TEST_CASE("predictions: the positive class is marked in the counts", "[predictions]") {
  const auto summary = summary_of("label,prediction\nyes,yes\nno,yes\nno,no\n");
  REQUIRE(summary.class_counts.positive);
  CHECK(summary.class_counts.classes[*summary.class_counts.positive].label == "yes");
}

// ---------------------------------------------------------------------------------------------
// Averaged scores claimed in a record, checked against the rows

namespace {

// y_true = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], y_pred = [1, 1, 0, 1, 1, 0, 0, 0, 0, 0]; binary f1 0.5714285714285715.
constexpr std::string_view kTwoClasses = "label,prediction\n1,1\n1,1\n1,0\n0,1\n0,1\n0,0\n0,0\n0,0\n0,0\n0,0\n";
// y_true = ["cat", "cat", "cat", "cat", "dog", "dog", "dog", "bird", "cat", "dog"]
// y_pred = ["cat", "cat", "dog", "bird", "dog", "dog", "cat", "bird", "cat", "bird"]
constexpr std::string_view kThreeClasses =
    "label,prediction\ncat,cat\ncat,cat\ncat,dog\ncat,bird\ndog,dog\ndog,dog\ndog,cat\nbird,bird\ncat,cat\n"
    "dog,bird\n";

/// The predictions-metric messages for a record claiming `value` for `metric` on `predictions`.
std::vector<std::string> claim(std::string_view predictions, std::string_view metric, std::string_view value,
                               double tolerance = 0.001) {
  return testing::judge(predictions, {std::string(metric), std::string(value)}, tolerance);
}

}  // namespace

TEST_CASE("predictions: macro f1 claims, checked as scikit-learn computes them", "[predictions][averaged]") {
  // f1_score(y_true, y_pred, average="macro") on kTwoClasses: 0.6703296703296704
  CHECK(claim(kTwoClasses, "macro_f1", "0.6703296703296704", 0).empty());
  CHECK(claim(kTwoClasses, "Macro F1", "0.67").empty());
  CHECK(claim(kTwoClasses, "f1_macro", "0.5714") ==  // the binary f1, which used to pass
        std::vector<std::string>{"current.value is 0.5714, but the 10 rows of preds.csv give macro_f1 0.6703"});
  // f1_score(y_true, y_pred, average="macro") on kThreeClasses: 0.5793650793650794
  CHECK(claim(kThreeClasses, "macro_f1", "0.5793650793650794", 0).empty());
  CHECK(claim(kThreeClasses, "macro_f1", "0.61") ==
        std::vector<std::string>{"current.value is 0.61, but the 10 rows of preds.csv give macro_f1 0.5794"});
}

TEST_CASE("predictions: micro f1 claims, checked as scikit-learn computes them", "[predictions][averaged]") {
  // f1_score(y_true, y_pred, average="micro") on kTwoClasses: 0.7
  CHECK(claim(kTwoClasses, "micro_f1", "0.7", 0).empty());
  CHECK(claim(kTwoClasses, "f1_micro", "0.5714") ==
        std::vector<std::string>{"current.value is 0.5714, but the 10 rows of preds.csv give micro_f1 0.7"});
  // f1_score(y_true, y_pred, average="micro") on kThreeClasses: 0.6
  CHECK(claim(kThreeClasses, "Micro-F1", "0.6", 0).empty());
  CHECK(claim(kThreeClasses, "micro_f1", "0.58") ==
        std::vector<std::string>{"current.value is 0.58, but the 10 rows of preds.csv give micro_f1 0.6"});
}

TEST_CASE("predictions: weighted f1 claims, checked as scikit-learn computes them", "[predictions][averaged]") {
  // f1_score(y_true, y_pred, average="weighted") on kTwoClasses: 0.7098901098901098
  CHECK(claim(kTwoClasses, "weighted_f1", "0.7098901098901098", 0).empty());
  CHECK(claim(kTwoClasses, "f1_weighted", "0.5714") ==
        std::vector<std::string>{"current.value is 0.5714, but the 10 rows of preds.csv give weighted_f1 0.7099"});
  // f1_score(y_true, y_pred, average="weighted") on kThreeClasses: 0.6119047619047618
  CHECK(claim(kThreeClasses, "weighted_f1", "0.6119047619047618", 0).empty());
  CHECK(claim(kThreeClasses, "Weighted F1", "0.5794") ==  // the macro value
        std::vector<std::string>{"current.value is 0.5794, but the 10 rows of preds.csv give weighted_f1 0.6119"});
}

TEST_CASE("predictions: averaged precision and recall claims", "[predictions][averaged]") {
  // precision_score(y_true, y_pred, average="macro") and recall_score(..., average="weighted") on kThreeClasses
  CHECK(claim(kThreeClasses, "macro_precision", "0.5833333333333334", 0).empty());
  CHECK(claim(kThreeClasses, "weighted_precision", "0.675", 0).empty());
  CHECK(claim(kThreeClasses, "recall_macro", "0.7000000000000001", 0).empty());
  CHECK(claim(kThreeClasses, "weighted_recall", "0.7") ==
        std::vector<std::string>{"current.value is 0.7, but the 10 rows of preds.csv give weighted_recall 0.6"});
}

TEST_CASE("predictions: plain f1 stays binary, and is not recomputed without a positive class", "[predictions]") {
  // f1_score(y_true, y_pred) on kTwoClasses: 0.5714285714285715
  CHECK(claim(kTwoClasses, "f1", "0.5714285714285715", 0).empty());
  CHECK(claim(kTwoClasses, "f1", "0.6703") ==
        std::vector<std::string>{"current.value is 0.6703, but the 10 rows of preds.csv give f1 0.5714"});
  CHECK(claim(kThreeClasses, "f1", "0.5") ==
        std::vector<std::string>{"not checked: f1 is a binary metric, but preds.csv has 3 labels; name the average "
                                 "(macro_f1, weighted_f1 or micro_f1)"});
}

// ---------------------------------------------------------------------------------------------
// Numeric targets

TEST_CASE("predictions: mae, mse and rmse for numeric targets", "[predictions]") {
  // Differences 0.5, 0, -2 and 1.5.
  const std::string_view text = "id,y_true,y_pred\n1,1,1.5\n2,2,2\n3,3,1\n4,-1,0.5\n";
  const auto summary = summary_of(text);
  CHECK(summary.kind == TargetKind::numeric);
  CHECK(summary.rows == 4);
  CHECK(summary.mae == 1.0);
  CHECK(summary.mse == 1.625);
  CHECK(summary.rmse == Approx(std::sqrt(1.625)));
  CHECK(summary.per_class.empty());
  CHECK(summary.top_confusions.empty());
  CHECK(summary.wrong == 0);
}

TEST_CASE("predictions: numbers with an exponent, a plus sign, or given as numeric", "[predictions]") {
  const auto exponent = summary_of("label,prediction\n1e2,+100\n2,4\n");
  CHECK(exponent.kind == TargetKind::numeric);
  CHECK(exponent.mae == 1.0);
  CHECK(exponent.mse == 2.0);

  const auto integers = summary_of("label,prediction\n1,3\n2,2\n", with_kind(TargetKind::numeric));
  CHECK(integers.kind == TargetKind::numeric);
  CHECK(integers.mae == 1.0);
  CHECK(integers.mse == 2.0);

  const auto as_classes = summary_of("label,prediction\n0.5,0.5\n1.5,2.5\n", with_kind(TargetKind::class_labels));
  CHECK(as_classes.kind == TargetKind::class_labels);
  CHECK(as_classes.accuracy == 0.5);
}

TEST_CASE("predictions: a value that is not a number in numeric targets is an error", "[predictions]") {
  auto error = error_of("id,label,prediction\n1,2,2\n2,3,cat\n", with_kind(TargetKind::numeric));
  CHECK(error.message == "prediction \"cat\" is not a finite number, and the targets are numeric");
  CHECK(error.line == 3);
  CHECK(error.column == 5);

  error = error_of("id,label,prediction\n1,nan,2\n", with_kind(TargetKind::numeric));
  CHECK(error.message == "label \"nan\" is not a finite number, and the targets are numeric");
  CHECK(error.column == 3);

  // Left to the values: "n/a" comes first, the fraction that makes the targets numeric later.
  error = error_of("id,label,prediction\n1,2,2\n2,n/a,3\n3,2.5,2\n");
  CHECK(error.message ==
        "label \"n/a\" is not a finite number, but other values have a fraction, so the "
        "targets are numeric");
  CHECK(error.line == 3);
  CHECK(error.column == 3);
}

// ---------------------------------------------------------------------------------------------
// Watched and forbidden ids

TEST_CASE("predictions: watched ids found or not, right or wrong, with their line", "[predictions]") {
  PredictionOptions options;
  options.watch_ids = {"a2", "missing", "a8", "a2"};
  const auto summary = summary_of(kAnimals, options);
  REQUIRE(summary.watched.size() == 4);
  const auto& wrong = summary.watched[0];
  CHECK(wrong.id == "a2");
  CHECK(wrong.found);
  CHECK(wrong.line == 3);
  CHECK(wrong.label == "cat");
  CHECK(wrong.prediction == "dog");
  CHECK_FALSE(wrong.correct);
  CHECK(summary.watched[1].id == "missing");
  CHECK_FALSE(summary.watched[1].found);
  CHECK(summary.watched[2].found);
  CHECK(summary.watched[2].line == 9);
  CHECK(summary.watched[2].correct);
  CHECK(summary.watched[3].id == "a2");  // a repeated id gets its own entry
  CHECK(summary.watched[3].line == 3);
}

TEST_CASE("predictions: the first row with a watched id is the one reported", "[predictions]") {
  PredictionOptions options;
  options.watch_ids = {"x"};
  const auto summary = summary_of("id,label,prediction\ny,1,1\nx,1,2\nx,1,1\n", options);
  CHECK(summary.watched[0].line == 3);
  CHECK_FALSE(summary.watched[0].correct);
}

TEST_CASE("predictions: watched numeric rows are right within 1e-9 relative", "[predictions]") {
  PredictionOptions options;
  options.watch_ids = {"close", "far", "zero"};
  const auto summary =
      summary_of("id,label,prediction\nclose,1000.0,1000.0000001\nfar,1000.0,1000.01\nzero,0,0.0\n", options);
  CHECK(summary.kind == TargetKind::numeric);
  CHECK(summary.watched[0].correct);
  CHECK_FALSE(summary.watched[1].correct);
  CHECK(summary.watched[2].correct);
}

TEST_CASE("predictions: a watched row read before the kind is settled is judged by the final kind", "[predictions]") {
  PredictionOptions options;
  options.watch_ids = {"first"};
  const auto summary = summary_of("id,label,prediction\nfirst,2,2.0\nsecond,1.5,1\n", options);
  CHECK(summary.kind == TargetKind::numeric);
  CHECK(summary.watched[0].correct);  // 2 and 2.0 are different labels, but the same number
}

TEST_CASE("predictions: forbidden ids are counted, the first five kept with their lines", "[predictions]") {
  const IdList train_ids = list_of({"t1", "t2", "t3", "t4", "t5", "t6", "never"});
  const IdSet train(train_ids);
  PredictionOptions options;
  options.forbidden_ids = &train;
  std::string text = "id,label,prediction\n";
  for (const char* id : {"ok1", "t1", "t2", "ok2", "t3", "t4", "t5", "t6", "t1", "ok3"}) {
    text += std::string(id) + ",a,a\n";
  }
  const auto summary = summary_of(text, options);
  CHECK(summary.forbidden_total == 7);
  REQUIRE(summary.forbidden_examples.size() == 5);
  CHECK(summary.forbidden_examples[0].id == "t1");
  CHECK(summary.forbidden_examples[0].line == 3);
  CHECK(summary.forbidden_examples[1].id == "t2");
  CHECK(summary.forbidden_examples[1].line == 4);
  CHECK(summary.forbidden_examples[4].id == "t5");
  CHECK(summary.forbidden_examples[4].line == 8);
}

TEST_CASE("predictions: without an id column nothing is forbidden", "[predictions]") {
  const IdList train_ids = list_of({"1"});
  const IdSet train(train_ids);
  PredictionOptions options;
  options.forbidden_ids = &train;
  CHECK(summary_of("label,prediction\n1,1\n", options).forbidden_total == 0);
}

TEST_CASE("predictions: numbered forbidden ids match only the same text", "[predictions]") {
  const IdList train_ids = list_of({"img_0001", "img_0002", "img_1", "img_0002"});
  const IdSet train(train_ids);
  REQUIRE(train.numbered());
  PredictionOptions options;
  options.forbidden_ids = &train;
  const auto summary =
      summary_of("id,label,prediction\nimg_01,a,a\nimg_0002,a,a\nimg_2,a,a\nimg_1,a,b\nIMG_0001,a,a\n", options);
  CHECK(summary.forbidden_total == 2);
  REQUIRE(summary.forbidden_examples.size() == 2);
  CHECK(summary.forbidden_examples[0].id == "img_0002");
  CHECK(summary.forbidden_examples[0].line == 3);
  CHECK(summary.forbidden_examples[1].id == "img_1");
  CHECK(summary.forbidden_examples[1].line == 5);
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_CASE("predictions: an empty file, or a header without rows", "[predictions]") {
  auto error = error_of("");
  CHECK(error.message == "the file is empty");
  CHECK(error.line == 0);
  CHECK(error_of("\n  \n\n").message == "the file is empty");

  error = error_of("id,label,prediction\n\n");
  CHECK(error.message == "no rows after the header");
  CHECK(error.line == 1);
}

TEST_CASE("predictions: a row with a different number of fields", "[predictions]") {
  auto error = error_of("id,label,prediction\n1,a,a\n2,a\n3,a,a\n");
  CHECK(error.message == "row has 2 fields, but the header has 3");
  CHECK(error.line == 3);
  CHECK(error_of("id,label,prediction\n1,a,a,extra\n").message == "row has 4 fields, but the header has 3");
  CHECK(error_of("label,prediction\n1\n").message == "row has 1 field, but the header has 2");
}

TEST_CASE("predictions: an unclosed quote, with its column", "[predictions]") {
  auto error = error_of("id,label,prediction\n1,a,a\n2,\"cat, black,cat\n");
  CHECK(error.message == "a quote is not closed");
  CHECK(error.line == 3);
  CHECK(error.column == 3);
  CHECK(error_of("id,\"label,prediction\n").line == 1);
}

TEST_CASE("predictions: unquoted fields are trimmed, quoted ones keep their spaces", "[predictions]") {
  const auto summary = summary_of(
      "id,label,prediction\n"
      "a, cat ,cat\n"        // unquoted: " cat " is cat, right
      "b,\" cat\",cat\n"     // quoted: " cat" is not cat, wrong
      "c,\"dog\", dog \n");  // quoted "dog" and unquoted " dog ": the same, right
  CHECK(summary.rows == 3);
  CHECK(summary.wrong == 1);
  CHECK(confusions(summary) == std::vector<std::string>{" cat → cat: 1"});
}

TEST_CASE("predictions: a quoted text column may span lines, and the row counts once", "[predictions]") {
  PredictionOptions options;
  options.watch_ids = {"a", "b", "c", "d"};
  const std::string text =
      "id,text,label,prediction\n"
      "a,\"first line\nsecond line, with a comma\",cat,cat\n"
      "b,\"she said \"\"hi\"\"\",dog,cat\n"
      "c,\"x\r\n\r\ny\",cat,cat\r\n"
      "d,plain,cat,dog\n";
  const auto summary = summary_of(text, options);
  CHECK(summary.rows == 4);
  CHECK(summary.wrong == 2);
  CHECK(confusions(summary) == std::vector<std::string>{"cat → dog: 1", "dog → cat: 1"});
  REQUIRE(summary.watched.size() == 4);
  CHECK(summary.watched[0].line == 2);  // a record's line is the one it starts on
  CHECK(summary.watched[1].line == 4);
  CHECK(summary.watched[2].line == 5);
  CHECK(summary.watched[3].line == 8);

  // Messages about later rows keep their exact lines, and a field's own line and column.
  auto error = error_of(text + "e,\"one\ntwo\",,cat\n");
  CHECK(error.message == "empty label in column \"label\"");
  CHECK(error.line == 10);
  CHECK(error.column == 6);
  error = error_of(text + "f,x,cat\n");
  CHECK(error.message == "row has 3 fields, but the header has 4");
  CHECK(error.line == 9);
  error = error_of("id,text,label,prediction\nr1,\"é\nwide\",1.5,x\n", with_kind(TargetKind::numeric));
  CHECK(error.message == "prediction \"x\" is not a finite number, and the targets are numeric");
  CHECK(error.line == 3);
  CHECK(error.column == 11);
}

TEST_CASE("predictions: a quote still open at the end of the file, at its line and column", "[predictions]") {
  const auto error = error_of("id,label,prediction\na,\"cat\nb,dog,dog\"\"\n\"c\",é,\"dog\n");
  CHECK(error.message == "a quote is not closed");
  CHECK(error.line == 4);
  CHECK(error.column == 7);
}

TEST_CASE("predictions: an empty label or prediction stops at its row", "[predictions]") {
  auto error = error_of("id,label,prediction\n1,a,a\n2,,b\n");
  CHECK(error.message == "empty label in column \"label\"");
  CHECK(error.line == 3);
  CHECK(error.column == 3);

  error = error_of("id,label,prediction\n1,a,a\n\n2,\"b\",  \n");
  CHECK(error.message == "empty prediction in column \"prediction\"");
  CHECK(error.line == 4);
  CHECK(error.column == 7);
}

TEST_CASE("predictions: a line over the reader's limit is an error at that line", "[predictions]") {
  StringLineReader reader("id,label,prediction\n1,a,a\n2,a-very-long-label,a\n", 20);
  const auto result = read_predictions(reader, {});
  const auto* error = std::get_if<PredictionError>(&result);
  REQUIRE(error != nullptr);
  CHECK(error->message == "line 3 is longer than the limit of 20 bytes (--max-line-length)");
  CHECK(error->line == 3);

  StringLineReader header("a-header-that-is-far-too-long\n", 20);
  const auto empty = read_predictions(header, {});
  REQUIRE(std::holds_alternative<PredictionError>(empty));
  CHECK(std::get<PredictionError>(empty).message == "line 1 is longer than the limit of 20 bytes (--max-line-length)");
}

TEST_CASE("predictions: untrusted text in messages is made printable", "[predictions]") {
  PredictionOptions options;
  options.label_column = "x\x1b[31m";
  CHECK(error_of("id,label,prediction\n1,a,a\n", options).message ==
        "no column \"x\\x1b[31m\" in the header (id, label, prediction)");
}

TEST_CASE("predictions: hostile bytes are labels or errors, never exceptions", "[predictions][hostile]") {
  // Labels are compared as bytes: invalid UTF-8 and NUL are kept, and escaped when printed.
  using namespace std::string_literals;
  const auto bytes = summary_of(
      "id,label,prediction\na,c\xff"
      "at,dog\nb,d\0g,d\0g\n"s);
  CHECK(per_class(bytes) == std::vector<std::string>{"c\xff"
                                                     "at 0/1",
                                                     "d\0g 1/1"s});
  CHECK(confusions(bytes) == std::vector<std::string>{"c\xff"
                                                      "at → dog: 1"});
  // Out of a double's range: a label as text for classes, an error for numeric targets.
  CHECK(per_class(summary_of("id,label,prediction\na,1e400,1e400\n")) == std::vector<std::string>{"1e400 1/1"});
  const auto huge = error_of("id,label,prediction\na,1.5,1e400\n", with_kind(TargetKind::numeric));
  CHECK(huge.message == "prediction \"1e400\" is not a finite number, and the targets are numeric");
  CHECK(huge.column == 7);
  const std::string jsonl = "{\"label\": 1, \"prediction\": 1}\n{\"label\": 1, \"prediction\": -1e400}\n";
  CHECK(confusions(summary_of(jsonl)) == std::vector<std::string>{"1 → -1e400: 1"});
  const auto numeric = error_of(jsonl, with_kind(TargetKind::numeric));
  CHECK(numeric.message == "prediction \"-1e400\" is not a finite number, and the targets are numeric");
  CHECK(numeric.line == 2);
  const auto invalid = error_of("{\"label\": 1, \"prediction\": 1}\n{\"label\": \"\xc3\x28\", \"prediction\": 1}\n");
  CHECK(invalid.message == "invalid JSON: invalid UTF-8 (byte 0xC3) inside a string");
  CHECK(invalid.column == 12);
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) % 256);
  CHECK_FALSE(error_of(garbage).message.empty());
}

TEST_CASE("predictions: JSON Lines nesting deeper than the limit is refused with --max-depth",
          "[predictions][limits]") {
  PredictionOptions options;
  options.max_depth = 3;
  const std::string text =
      "{\"id\": \"a\", \"label\": 1, \"prediction\": 1}\n{\"id\": {\"x\": [[1]]}, \"label\": 1, \"prediction\": 1}\n";
  const auto error = error_of(text, options);
  CHECK(error.message == "invalid JSON: nesting is deeper than 3 levels (--max-depth)");
  CHECK(error.line == 2);
  CHECK(error.column == 15);
  // Within the limit the nested id is read (and ignored, as ids must be text).
  options.max_depth = 4;
  CHECK(summary_of(text, options).rows == 2);
}

TEST_CASE("predictions: a line over the reader's limit gives its column", "[predictions][limits]") {
  StringLineReader reader("id,label,prediction\n1,a,a\n2,a-very-long-label,a\n", 20);
  const auto result = read_predictions(reader, {});
  const auto* error = std::get_if<PredictionError>(&result);
  REQUIRE(error != nullptr);
  CHECK(error->line == 3);
  CHECK(error->column == 21);
  StringLineReader ids("a\nb\nmuch-too-long-id\n", 8);
  const auto list = read_id_list(ids);
  REQUIRE(std::holds_alternative<IdListError>(list));
  CHECK(std::get<IdListError>(list).column == 9);
}

// ---------------------------------------------------------------------------------------------
// Size

TEST_CASE("predictions: 200,000 generated rows, counted exactly", "[predictions]") {
  constexpr int kRows = 200000;
  std::string text = "id,label,prediction\n";
  text.reserve(kRows * 24);
  int correct = 0;
  for (int i = 0; i < kRows; ++i) {
    const int label = (i * 7) % 13;
    const int prediction = i % 5 == 0 ? (label + 1) % 13 : label;
    correct += label == prediction;
    text += "s" + std::to_string(i) + ",class_" + std::to_string(label) + ",class_" + std::to_string(prediction) + "\n";
  }
  PredictionOptions options;
  options.watch_ids = {"s199999"};
  const auto summary = summary_of(text, options);
  CHECK(summary.rows == kRows);
  CHECK(correct == 160000);
  CHECK(summary.wrong == kRows - correct);
  CHECK(summary.accuracy == static_cast<double>(correct) / kRows);
  CHECK(summary.per_class.size() == 13);
  CHECK(summary.top_confusions.size() == 10);
  CHECK(summary.watched[0].line == kRows + 1);
}

TEST_CASE("predictions: fields of every length and position are split the same", "[predictions]") {
  // Rows are split eight bytes at a time: delimiters and quotes must be found at any offset.
  std::string text = "id,label,prediction\n";
  for (int width = 0; width < 24; ++width) {
    const std::string id(static_cast<std::size_t>(width) + 1, 'i');
    const std::string label = std::string(static_cast<std::size_t>(width), 'l') + std::to_string(width);
    text += id + "," + label + "," + label + "\n";
    text += id + ",\"" + label + "\"," + label + "\n";  // a quote at every offset too
    text += id + "," + label + ",x" + label + "\n";
  }
  const auto summary = summary_of(text);
  CHECK(summary.rows == 72);
  CHECK(summary.wrong == 24);
  REQUIRE(summary.per_class.size() == 24);
  bool all_two_of_three = true;
  for (const auto& entry : summary.per_class)
    all_two_of_three = all_two_of_three && entry.correct == 2 && entry.total == 3;
  CHECK(all_two_of_three);
}

TEST_CASE("predictions: bytes next to a delimiter are not taken for one", "[predictions]") {
  // '-' is ',' + 1 and ':' is ';' - 1: word-at-a-time searches can confuse them with the delimiter.
  const auto commas = summary_of("id,label,prediction\n-,-1,-1\nabcdefg,--,-+\n", with_kind(TargetKind::class_labels));
  CHECK(commas.rows == 2);
  CHECK(confusions(commas) == std::vector<std::string>{"-- → -+: 1"});
  const auto semicolons = summary_of("id;label;prediction\n:;+:;:+\n:::::::;:;:\n");
  CHECK(confusions(semicolons) == std::vector<std::string>{"+: → :+: 1"});
}

TEST_CASE("predictions: labels that differ in a single byte are different labels", "[predictions]") {
  std::string text = "label,prediction\n";
  int rows = 0;
  for (std::size_t length = 1; length <= 20; ++length) {
    const std::string label(length, 'a');
    for (std::size_t at = 0; at < length; ++at) {
      std::string prediction = label;
      prediction[at] = 'b';
      text += label + "," + prediction + "\n";
      ++rows;
    }
  }
  const auto summary = summary_of(text);
  CHECK(summary.rows == static_cast<std::uint64_t>(rows));
  CHECK(summary.wrong == summary.rows);
  CHECK(summary.per_class.size() == 20);
}

TEST_CASE("predictions: labels that are prefixes or repeats of each other are different", "[predictions]") {
  std::string text = "label,prediction\n";
  for (std::size_t length = 1; length <= 20; ++length) {
    text += std::string(length, 'a') + "," + std::string(length + 1, 'a') + "\n";
    text += std::string(length, 'a') + "," + std::string(length, 'a') + "\n";
  }
  text += "ab,abb\nabb,ab\nabcd,abcdcd\nabcdefgh,abcdefghh\n";
  const auto summary = summary_of(text);
  CHECK(summary.rows == 44);
  CHECK(summary.wrong == 24);
  CHECK(summary.per_class.size() == 24);
}

TEST_CASE("predictions: thousands of distinct labels", "[predictions]") {
  std::string text = "label,prediction\n";
  for (int i = 0; i < 5000; ++i)
    text += "L" + std::to_string(i) + ",L" + std::to_string(i % 10 == 0 ? i + 1 : i) + "\n";
  text += "L3,L4999\nL4999,L3\nL4999,L3\n";  // the first labels confused with the last
  const auto summary = summary_of(text);
  CHECK(summary.per_class.size() == 5000);
  CHECK(summary.wrong == 503);
  CHECK(summary.per_class.front().label == "L0");
  CHECK(summary.per_class.back().label == "L999");
  const auto pairs = confusions(summary);
  REQUIRE(pairs.size() == 10);
  CHECK(pairs[0] == "L4999 → L3: 2");
  CHECK(pairs[1] == "L0 → L1: 1");
  CHECK(std::find(pairs.begin(), pairs.end(), "L3 → L4999: 1") == pairs.end());  // L3 comes after the first ten

  PredictionOptions options;
  options.top_confusions = 1000;
  const auto all = confusions(summary_of(text, options));
  CHECK(all.size() == 502);
  CHECK(std::find(all.begin(), all.end(), "L3 → L4999: 1") != all.end());
}

// ---------------------------------------------------------------------------------------------
// Id lists

TEST_CASE("id list: one id per line, trimmed, blank lines skipped", "[predictions]") {
  CHECK(ids_of("a\n  b \r\n\n\tc\t\n\nd") == Ids{{"a", 1}, {"b", 2}, {"c", 4}, {"d", 6}});
  CHECK(ids_of("").empty());
  CHECK(ids_of("\xEF\xBB\xBFx\n") == Ids{{"x", 1}});
}

TEST_CASE("id list: a CSV or TSV whose header has an id column", "[predictions]") {
  CHECK(ids_of("split,id\ntest,a\n\ntest,\"b,c\"\ntest,\ntest, d \n") == Ids{{"a", 2}, {"b,c", 4}, {"d", 6}});
  CHECK(ids_of("path\tid\nx.png\t1\ny.png\t2\n") == Ids{{"1", 2}, {"2", 3}});
  CHECK(ids_of("id,split\n7,train\n") == Ids{{"7", 2}});
}

TEST_CASE("id list: a first line without an id field is an id", "[predictions]") {
  CHECK(ids_of("img,1\nimg,2\n") == Ids{{"img,1", 1}, {"img,2", 2}});
  CHECK(ids_of("id\na\n") == Ids{{"id", 1}, {"a", 2}});  // no delimiter: a plain list
  CHECK(ids_of("ID,x\na,1\n") == Ids{{"ID,x", 1}, {"a,1", 2}});
}

TEST_CASE("id list: quoted ids may span lines, CRLF or not", "[predictions]") {
  CHECK(ids_of("id,note\r\na,\"two\r\nlines\"\r\n\r\nb,x\r\n\"c\"\"d\",\"\"\n") ==
        Ids{{"a", 2}, {"b", 5}, {"c\"d", 6}});
  auto error = id_error_of("id,note\na,x\nb,\"open\nc,y\n");
  CHECK(error.message == "a quote is not closed");
  CHECK(error.line == 3);
  CHECK(error.column == 3);
  // A first record without an id field was ids, one a line, even when quotes joined its lines.
  CHECK(ids_of("img,\"1\nimg\",2\n\nx\n") == Ids{{"img,\"1", 1}, {"img\",2", 2}, {"x", 4}});
}

TEST_CASE("id list: errors with their line", "[predictions]") {
  auto error = id_error_of("id,split\na,test\n\"b,test\n");
  CHECK(error.message == "a quote is not closed");
  CHECK(error.line == 3);

  error = id_error_of("id,split\na,test\nb\n");
  CHECK(error.message == "row has 1 field, but the header has 2");
  CHECK(error.line == 3);

  StringLineReader reader("a\nb\nmuch-too-long-id\n", 8);
  const auto result = read_id_list(reader);
  REQUIRE(std::holds_alternative<IdListError>(result));
  CHECK(std::get<IdListError>(result).message == "line 3 is longer than the limit of 8 bytes (--max-line-length)");
  CHECK(std::get<IdListError>(result).line == 3);
}

TEST_CASE("predictions: distinct labels past --max-labels stop the read where they pass it", "[predictions]") {
  PredictionOptions options;
  options.max_labels = 3;
  const auto error = error_of("id,label,prediction\n1,a,a\n2,b,c\n3,a,d\n", options);
  CHECK(error.message ==
        "more than 3 distinct labels and predictions (--max-labels); is the prediction column "
        "\"prediction\" a class?");
  CHECK(error.line == 4);
  CHECK(error.column == 5);
  options.max_labels = 4;
  CHECK(summary_of("id,label,prediction\n1,a,a\n2,b,c\n3,a,d\n", options).rows == 3);
}
