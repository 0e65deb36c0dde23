// Tests for reading training logs in every format people export, and judging their curves
// (metrics/curves.hpp).

#include "artifacts/training_log.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/curves.hpp"
#include "report/finding.hpp"

using namespace dlcheck;

namespace {

/// The log parsed from `text`, failing the test when it is an error.
TrainingLog parsed(std::string_view text) {
  TrainingLogResult result = parse_training_log(text);
  if (const auto* error = std::get_if<TrainingLogError>(&result)) FAIL("unexpected error: " << error->message);
  return std::get<TrainingLog>(std::move(result));
}

/// The error parsing `text` gives, failing the test when it parses.
TrainingLogError parse_error(std::string_view text) {
  TrainingLogResult result = parse_training_log(text);
  if (std::holds_alternative<TrainingLog>(result)) FAIL("expected an error");
  return std::get<TrainingLogError>(std::move(result));
}

/// 1-based line of the first occurrence of `needle` in `text`.
std::size_t line_of(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  REQUIRE(at != std::string_view::npos);
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n')) + 1;
}

std::vector<double> values_of(const LossCurve& curve) {
  std::vector<double> values;
  for (const auto& point : curve.points) values.push_back(point.value);
  return values;
}

/// The judgement of a log's curves.
LogAssessment assess(const TrainingLog& log, const LogThresholds& thresholds) {
  return assess_loss_curves(log.train, log.validation.empty() ? nullptr : &log.validation.front(), thresholds);
}

/// A Keras CSVLogger file, epochs from 1, with a loss and (when given) a val_loss column.
std::string keras_log(const std::vector<double>& loss, const std::vector<double>& val_loss = {}) {
  std::string text = val_loss.empty() ? "epoch,loss\n" : "epoch,loss,val_loss\n";
  for (std::size_t i = 0; i < loss.size(); ++i) {
    text += fmt::format("{},{}", i + 1, loss[i]);
    if (!val_loss.empty()) text += fmt::format(",{}", val_loss[i]);
    text += '\n';
  }
  return text;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Formats

TEST_CASE("training log: Keras CSVLogger with NA cells and a nan loss", "[training_log]") {
  const TrainingLog log = parsed(
      "epoch,accuracy,loss,val_accuracy,val_loss\n"
      "0,0.50,1.20,0.55,1.10\n"
      "1,0.60,0.90,NA,NA\n"
      "2,0.70,nan,0.65,0.85\n"
      "3,0.75,0.60,0.70,0.80\n");
  CHECK(log.format == log_formats::keras_csv);
  CHECK(std::string(log.format) == "Keras CSVLogger");
  CHECK(log.rows == 4);
  REQUIRE(log.train);
  CHECK(log.train->column == "loss");
  CHECK(log.train->x_name == "epoch");
  CHECK(log.train->count == 3);
  CHECK(values_of(*log.train) == std::vector<double>{1.20, 0.90, 0.60});
  CHECK(log.train->first.value == 1.20);
  CHECK(log.train->first.line == 2);
  CHECK(log.train->best.value == 0.60);
  CHECK(log.train->best.x == 3);
  CHECK(log.train->best.line == 5);
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().column == "val_loss");
  CHECK(log.validation.front().count == 3);  // NA is skipped, not an error
  CHECK(values_of(log.validation.front()) == std::vector<double>{1.10, 0.85, 0.80});
  REQUIRE(log.non_finite.size() == 1);
  CHECK(log.non_finite_total == 1);
  CHECK(log.non_finite[0].column == "loss");
  CHECK(log.non_finite[0].line == 4);
  CHECK(log.non_finite[0].text == "nan");
  CHECK(log.adversarial.empty());
}

TEST_CASE("training log: Lightning metrics.csv with sparse rows, repeated steps and test rows", "[training_log]") {
  const std::string text =
      "epoch,step,train_loss_step,train_loss_epoch,val_loss,val_acc,test_loss,test_acc\n"
      "0,49,0.95,,,,,\n"
      "0,99,0.85,,,,,\n"
      "0,99,,,0.80,0.70,,\n"
      "0,99,,0.90,,,,\n"
      "1,149,0.70,,,,,\n"
      "1,199,0.60,,,,,\n"
      "1,199,,,0.65,0.78,,\n"
      "1,199,,0.65,,,,\n"
      "2,249,0.50,,,,,\n"
      "2,299,0.45,,,,,\n"
      "2,299,,,0.60,0.80,,\n"
      "2,299,,0.48,,,,\n"
      "3,300,,,,,0.10,0.95\n";
  const TrainingLog log = parsed(text);
  CHECK(log.format == log_formats::lightning_csv);
  CHECK(log.rows == 13);
  REQUIRE(log.train);
  CHECK(log.train->column == "train_loss_epoch");  // preferred over the _step series
  CHECK(log.train->x_name == "epoch");
  CHECK(values_of(*log.train) == std::vector<double>{0.90, 0.65, 0.48});
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().column == "val_loss");
  CHECK(log.validation.front().count == 3);
  CHECK(values_of(log.validation.front()) == std::vector<double>{0.80, 0.65, 0.60});
  CHECK(log.validation.front().first.line == 4);
  // The test row (test_loss 0.10) is never part of the validation curve.
  CHECK(log.validation.front().last.value == 0.60);
  CHECK(log.validation.front().last.x == 2);
  CHECK(log.validation.front().last.line == 12);
  CHECK(log.validation.front().best.value == 0.60);
  CHECK(log.adversarial.empty());
  CHECK(log.non_finite_total == 0);
}

TEST_CASE("training log: Lightning columns in any order, plain train_loss", "[training_log]") {
  const TrainingLog log = parsed(
      "step,val_loss,epoch,train_loss\n"
      "10,,0,0.9\n"
      "10,0.8,0,\n"
      "20,,1,0.7\n"
      "20,0.75,1,\n"
      "20,,1,\n");
  CHECK(log.format == log_formats::lightning_csv);
  REQUIRE(log.train);
  CHECK(log.train->column == "train_loss");
  CHECK(values_of(*log.train) == std::vector<double>{0.9, 0.7});
  CHECK(log.train->last.x == 1);
  REQUIRE(log.validation.size() == 1);
  CHECK(values_of(log.validation.front()) == std::vector<double>{0.8, 0.75});
}

TEST_CASE("training log: Hugging Face trainer_state.json", "[training_log]") {
  const std::string text = R"({
  "best_metric": null,
  "epoch": 3.0,
  "global_step": 30,
  "log_history": [
    {
      "epoch": 1.0,
      "grad_norm": 2.5,
      "learning_rate": 4e-05,
      "loss": 1.25,
      "step": 10
    },
    {
      "epoch": 1.0,
      "eval_loss": 1.1,
      "eval_runtime": 0.5,
      "step": 10
    },
    {
      "epoch": 2.0,
      "grad_norm": NaN,
      "learning_rate": 2e-05,
      "loss": NaN,
      "step": 20
    },
    {
      "epoch": 2.0,
      "eval_loss": Infinity,
      "step": 20
    },
    {
      "epoch": 2.5,
      "loss": 0.3,
      "step": 25
    },
    {
      "epoch": 3.0,
      "eval_loss": 0.9,
      "step": 30
    },
    {
      "epoch": 3.0,
      "step": 30,
      "total_flos": 1234,
      "train_loss": 0.2,
      "train_runtime": 12.5
    }
  ],
  "max_steps": 30
}
)";
  const TrainingLog log = parsed(text);
  CHECK(log.format == log_formats::huggingface_trainer_state);
  CHECK(log.rows == 7);
  REQUIRE(log.train);
  CHECK(log.train->column == "loss");
  CHECK(log.train->x_name == "epoch");
  // The summary's train_loss (0.2) is a mean over training, not a curve point.
  CHECK(values_of(*log.train) == std::vector<double>{1.25, 0.3});
  CHECK(log.train->last.value == 0.3);
  CHECK(log.train->last.x == 2.5);
  CHECK(log.train->first.line == line_of(text, "\"loss\": 1.25"));
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().column == "eval_loss");
  CHECK(values_of(log.validation.front()) == std::vector<double>{1.1, 0.9});
  CHECK(log.validation.front().best.line == line_of(text, "\"eval_loss\": 0.9"));
  // grad_norm is not a loss: only the two loss values are reported.
  REQUIRE(log.non_finite.size() == 2);
  CHECK(log.non_finite_total == 2);
  CHECK(log.non_finite[0].column == "loss");
  CHECK(log.non_finite[0].text == "NaN");
  CHECK(log.non_finite[0].line == line_of(text, "\"loss\": NaN"));
  CHECK(log.non_finite[1].column == "eval_loss");
  CHECK(log.non_finite[1].text == "Infinity");
  CHECK(log.non_finite[1].line == line_of(text, "\"eval_loss\": Infinity"));
}

TEST_CASE("training log: the trainer summary alone is no training curve", "[training_log]") {
  // logging_steps larger than the run: only evaluations and the final summary were logged.
  const TrainingLog log = parsed(R"({"log_history": [
    {"epoch": 1.0, "eval_loss": 0.9, "step": 10},
    {"epoch": 2.0, "eval_loss": 0.8, "step": 20},
    {"epoch": 2.0, "step": 20, "total_flos": 99, "train_loss": 0.7, "train_runtime": 3.0}
  ]})");
  CHECK_FALSE(log.train);
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().count == 2);
  CHECK(assess(log, {}).too_few_points);
}

TEST_CASE("training log: trainer_state.json on one line, after blank lines", "[training_log]") {
  const TrainingLog log = parsed(
      "\n\n{\"log_history\": [{\"epoch\": 1.0, \"loss\": -Infinity, \"step\": 5}, {\"epoch\": 2.0, \"loss\": 0.5}]}\n");
  CHECK(log.format == log_formats::huggingface_trainer_state);
  REQUIRE(log.non_finite.size() == 1);
  CHECK(log.non_finite[0].text == "-Infinity");
  CHECK(log.non_finite[0].line == 3);
  REQUIRE(log.train);
  CHECK(log.train->first.line == 3);
  CHECK(log.train->first.x == 2.0);
}

TEST_CASE("training log: plain CSV with a step column", "[training_log]") {
  const TrainingLog log = parsed(
      "step,lr,train_loss,val_loss\n"
      "100,0.1,0.9,1.0\n"
      "200,0.1,0.7,0.8\n"
      "300,0.1,0.5,0.7\n");
  CHECK(log.format == log_formats::plain_csv);
  CHECK(std::string(log.format) == "CSV");
  REQUIRE(log.train);
  CHECK(log.train->column == "train_loss");
  CHECK(log.train->x_name == "step");
  CHECK(log.train->best.x == 300);
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().x_name == "step");
  CHECK(values_of(log.validation.front()) == std::vector<double>{1.0, 0.8, 0.7});
}

TEST_CASE("training log: TSV without an x column uses the row number", "[training_log]") {
  const TrainingLog log = parsed(
      "Train_Loss\tValid_Loss\tnote\n"
      "0.9\t1.0\tstart\n"
      "\n"
      "0.7\t0.8\t\n"
      "0.5\t0.75\tend\n");
  CHECK(log.format == log_formats::plain_csv);
  CHECK(log.rows == 3);
  REQUIRE(log.train);
  CHECK(log.train->column == "Train_Loss");  // as named in the log
  CHECK(log.train->x_name == "row");
  CHECK(log.train->first.x == 1);
  CHECK(log.train->last.x == 3);
  CHECK(log.train->last.line == 5);
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().column == "Valid_Loss");
  CHECK(values_of(log.validation.front()) == std::vector<double>{1.0, 0.8, 0.75});
}

TEST_CASE("training log: semicolon-separated CSV", "[training_log]") {
  const TrainingLog log = parsed("iteration;loss;val/loss\n1;0.9;1.0\n2;0.8;0.9\n");
  REQUIRE(log.train);
  CHECK(values_of(*log.train) == std::vector<double>{0.9, 0.8});
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().column == "val/loss");
}

TEST_CASE("training log: JSON Lines with blank lines and a NaN", "[training_log]") {
  const TrainingLog log = parsed(
      "{\"epoch\": 1, \"train_loss\": 0.9, \"val_loss\": 1.0}\n"
      "\n"
      "{\"epoch\": 2, \"train_loss\": 0.7, \"val_loss\": NaN}\n"
      "{\"epoch\": 3, \"train_loss\": 0.5, \"val_loss\": 0.8, \"test_loss\": 0.1}\n");
  CHECK(log.format == log_formats::json_lines);
  CHECK(std::string(log.format) == "JSON Lines");
  CHECK(log.rows == 3);
  REQUIRE(log.train);
  CHECK(log.train->x_name == "epoch");
  CHECK(values_of(*log.train) == std::vector<double>{0.9, 0.7, 0.5});
  CHECK(log.train->last.line == 4);
  CHECK(log.train->last.x == 3);
  REQUIRE(log.validation.size() == 1);
  CHECK(values_of(log.validation.front()) == std::vector<double>{1.0, 0.8});
  REQUIRE(log.non_finite.size() == 1);
  CHECK(log.non_finite[0].column == "val_loss");
  CHECK(log.non_finite[0].line == 3);
  CHECK(log.non_finite[0].text == "NaN");
}

TEST_CASE("training log: GAN logs have adversarial curves and no train curve", "[training_log]") {
  const TrainingLog log = parsed(
      "epoch,d_loss,g_loss,d_x,d_g_z\n"
      "1,0.68,3.17,0.80,0.15\n"
      "2,0.78,2.49,0.77,0.21\n"
      "3,0.89,2.15,0.74,0.26\n");
  CHECK_FALSE(log.train);
  CHECK(log.validation.empty());
  REQUIRE(log.adversarial.size() == 2);
  CHECK(log.adversarial[0].column == "d_loss");
  CHECK(log.adversarial[1].column == "g_loss");
  CHECK(values_of(log.adversarial[1]) == std::vector<double>{3.17, 2.49, 2.15});
  CHECK(log.adversarial[1].x_name == "epoch");

  const TrainingLog dcgan = parsed("iter,errD,errG\n1,1.2,0.8\n2,1.1,0.9\n");
  REQUIRE(dcgan.adversarial.size() == 2);
  CHECK(dcgan.adversarial[0].column == "errD");
  CHECK_FALSE(dcgan.train);
}

TEST_CASE("training log: CRLF line endings and a byte-order mark", "[training_log]") {
  const TrainingLog log = parsed(
      "\xEF\xBB\xBF"
      "epoch,loss,val_loss\r\n0,1.0,1.1\r\n1,0.8,0.9\r\n2,0.6,0.85\r\n");
  CHECK(log.format == log_formats::keras_csv);
  REQUIRE(log.validation.size() == 1);
  CHECK(log.validation.front().column == "val_loss");
  CHECK(log.validation.front().last.value == 0.85);
  CHECK(log.validation.front().last.line == 4);
  REQUIRE(log.train);
  CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.8, 0.6});
}

TEST_CASE("training log: a quoted CSV field may span lines", "[training_log]") {
  const TrainingLog log =
      parsed("epoch,loss,note\r\n1,0.9,\"warm\r\nup\"\r\n2,0.8,\"say \"\"hi\"\"\"\r\n\r\n3,0.7,x\r\n");
  CHECK(log.rows == 3);
  REQUIRE(log.train);
  CHECK(values_of(*log.train) == std::vector<double>{0.9, 0.8, 0.7});
  CHECK(log.train->first.line == 2);
  CHECK(log.train->last.line == 6);
  const TrainingLogError error = parse_error("epoch,loss,note\n1,0.9,ok\n2,0.8,\"never closed\n3,0.7,x\n");
  CHECK(error.message == "line 3 has a quote that is not closed");
  CHECK(error.line == 3);
  CHECK(error.column == 7);
}

TEST_CASE("training log: the best value is the earliest minimum", "[training_log]") {
  const TrainingLog log = parsed("epoch,loss\n1,0.9\n2,0.5\n3,0.7\n4,0.5\n");
  REQUIRE(log.train);
  CHECK(log.train->best.x == 2);
  CHECK(log.train->best.line == 3);
  CHECK(log.train->last.x == 4);
}

TEST_CASE("training log: a repeated header row is skipped", "[training_log]") {
  const TrainingLog log = parsed("epoch,loss\n0,1.0\n1,0.9\nepoch,loss\n2,0.8\n");
  REQUIRE(log.train);
  CHECK(log.rows == 3);
  CHECK(values_of(*log.train) == std::vector<double>{1.0, 0.9, 0.8});
  CHECK(log.train->last.line == 5);
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_CASE("training log: plain text logging output is refused", "[training_log]") {
  const TrainingLogError error = parse_error(
      "Epoch 1/10 - loss: 0.5300 - accuracy: 0.8100\n"
      "Epoch 2/10 - loss: 0.4100 - accuracy: 0.8500\n");
  CHECK(error.message ==
        "this looks like plain text logging output, not a table: dlcheck reads Keras CSVLogger, PyTorch Lightning "
        "metrics.csv, Hugging Face trainer_state.json, CSV/TSV with a header, and JSON Lines");
  CHECK(error.line == 1);
  CHECK_THAT(parse_error("Epoch 1, loss 0.53, acc 0.81\n").message, Catch::StartsWith("this looks like plain text"));
  CHECK_THAT(parse_error("\nstarting training run\n").message, Catch::StartsWith("this looks like plain text"));
}

TEST_CASE("training log: empty files are refused", "[training_log]") {
  const std::string expected =
      "the training log is empty: dlcheck reads Keras CSVLogger, PyTorch Lightning metrics.csv, Hugging Face "
      "trainer_state.json, CSV/TSV with a header, and JSON Lines";
  CHECK(parse_error("").message == expected);
  CHECK(parse_error("\n  \r\n\t\n").message == expected);
}

TEST_CASE("training log: a CSV without a loss column is refused", "[training_log]") {
  const TrainingLogError error = parse_error("epoch,acc\n1,0.5\n");
  CHECK(error.message ==
        "no loss column found in the CSV header (epoch,acc): dlcheck looks for loss, train_loss, training_loss, "
        "val_loss, valid_loss, eval_loss, d_loss, g_loss and similar names");
  CHECK(error.line == 1);
  CHECK(parse_error("1,0.9,1.0\n2,0.8,0.9\n").message ==
        "the first line (1,0.9,1.0) is data, not a header: dlcheck needs column names such as epoch,loss,val_loss");
}

TEST_CASE("training log: values that are not numbers are refused at their line", "[training_log]") {
  const TrainingLogError csv = parse_error("epoch,loss\n1,0.9\n2,tensor(0.8)\n");
  CHECK(csv.message == "loss at line 3 is \"tensor(0.8)\", not a number");
  CHECK(csv.line == 3);
  const TrainingLogError jsonl = parse_error("{\"epoch\": 1, \"loss\": 0.9}\n{\"epoch\": 2, \"loss\": true}\n");
  CHECK(jsonl.message == "loss at line 2 is true, not a number");
  CHECK(jsonl.line == 2);
  // Strings holding numbers are read; "NA" is missing.
  const TrainingLog strings = parsed("{\"epoch\": 1, \"loss\": \"0.9\"}\n{\"epoch\": 2, \"loss\": \"NA\"}\n");
  REQUIRE(strings.train);
  CHECK(strings.train->count == 1);
}

TEST_CASE("training log: broken JSON is refused with its line", "[training_log]") {
  const TrainingLogError jsonl = parse_error("{\"epoch\": 1, \"loss\": 0.9}\n{\"epoch\": 2, \"loss\": \n");
  CHECK_THAT(jsonl.message, Catch::StartsWith("line 2 is not a JSON object"));
  CHECK(jsonl.line == 2);
  const TrainingLogError no_history = parse_error("{\n  \"epoch\": 3.0\n,\n  \"global_step\": 30\n}\n");
  CHECK_THAT(no_history.message, Catch::StartsWith("this JSON document has no log_history array"));
  const TrainingLogError no_loss = parse_error("{\"epoch\": 1, \"acc\": 0.5}\n{\"epoch\": 2, \"acc\": 0.6}\n");
  CHECK_THAT(no_loss.message,
             Catch::StartsWith("no loss key found in the JSON Lines records (first record: acc, epoch)"));
}

// ---------------------------------------------------------------------------------------------
// Bounded memory

TEST_CASE("training log: 100000 rows keep exact statistics in bounded memory", "[training_log]") {
  constexpr std::size_t kRows = 100000;
  std::string text = "step,loss\n";
  // |i - 70000| + 1: a valley with its exact minimum 1 at step 70000.
  for (std::size_t i = 1; i <= kRows; ++i)
    text += fmt::format("{},{}\n", i, std::labs(static_cast<long>(i) - 70000) + 1);
  const TrainingLog log = parsed(text);
  REQUIRE(log.train);
  const LossCurve& curve = *log.train;
  CHECK(curve.count == kRows);
  CHECK(log.rows == kRows);
  CHECK(curve.points.size() <= LossCurve::kMaxCurvePoints);
  CHECK(curve.points.size() > LossCurve::kMaxCurvePoints / 2);
  CHECK(curve.first.value == 70000);
  CHECK(curve.first.line == 2);
  CHECK(curve.best.value == 1);
  CHECK(curve.best.x == 70000);
  CHECK(curve.best.line == 70001);
  CHECK(curve.last.value == 30001);
  CHECK(curve.last.x == kRows);
  CHECK(curve.last.line == kRows + 1);
  // Evenly merged: every point stands for the same power-of-two stride and keeps its first x.
  const double stride = curve.points[1].x - curve.points[0].x;
  CHECK(stride == 64);
  for (std::size_t i = 0; i < curve.points.size(); ++i) {
    INFO(i);
    REQUIRE(curve.points[i].x == 1 + stride * static_cast<double>(i));
    REQUIRE(curve.points[i].line == curve.points[i].x + 1);
  }
  CHECK(curve.points[0].value == Approx(70000 - 31.5));  // the mean of 70000 … 69937
}

TEST_CASE("training log: a NaN storm is one entry per column, with its first place and its count", "[training_log]") {
  std::string text = "epoch,loss,val_loss\n";
  for (int i = 0; i < 25; ++i) text += fmt::format("{},nan,{}\n", i, i < 3 ? "inf" : "1.0");
  text += "25,0.5,1.0\n";
  const TrainingLog log = parsed(text);
  REQUIRE(log.non_finite.size() == 2);
  CHECK(log.non_finite_total == 28);
  CHECK(log.non_finite[0].column == "loss");
  CHECK(log.non_finite[0].line == 2);
  CHECK(log.non_finite[0].x == 0);
  CHECK(log.non_finite[0].count == 25);
  CHECK(log.non_finite[1].column == "val_loss");
  CHECK(log.non_finite[1].text == "inf");
  CHECK(log.non_finite[1].count == 3);
  REQUIRE(log.train);
  CHECK(log.train->count == 1);
}

// ---------------------------------------------------------------------------------------------
// Assessment

TEST_CASE("training log assessment: a decreasing curve passes", "[training_log]") {
  const TrainingLog log = parsed(keras_log({1.0, 0.8, 0.6, 0.5, 0.45}, {1.1, 0.9, 0.8, 0.75, 0.7}));
  const LogAssessment assessment = assess(log, {});
  CHECK_FALSE(assessment.too_few_points);
  CHECK_FALSE(assessment.no_decrease);
  CHECK(assessment.train_relative_decrease == Approx(0.55));
  CHECK_FALSE(assessment.overfitting);
}

TEST_CASE("training log assessment: a flat curve does not decrease", "[training_log]") {
  const TrainingLog log = parsed(keras_log({0.70, 0.69, 0.70, 0.695, 0.69}));
  const LogAssessment assessment = assess(log, {});
  CHECK_FALSE(assessment.too_few_points);
  CHECK(assessment.no_decrease);
  CHECK(assessment.train_relative_decrease == Approx(0.01 / 0.70));
  LogThresholds lenient;
  lenient.min_relative_decrease = 0.01;
  CHECK_FALSE(assess(log, lenient).no_decrease);
}

TEST_CASE("training log assessment: too few points are not judged", "[training_log]") {
  const LogAssessment two = assess(parsed(keras_log({1.0, 1.0})), {});
  CHECK(two.too_few_points);
  CHECK_FALSE(two.no_decrease);
  const LogAssessment gan = assess(parsed("epoch,d_loss,g_loss\n1,1,1\n2,1,1\n3,1,1\n4,1,1\n"), {});
  CHECK(gan.too_few_points);
  CHECK_FALSE(gan.no_decrease);
}

TEST_CASE("training log assessment: classic overfitting", "[training_log]") {
  const std::vector<double> train = {1.0, 0.8, 0.65, 0.55, 0.47, 0.41, 0.36, 0.32, 0.28, 0.25, 0.22, 0.20};
  const std::vector<double> val = {0.90, 0.75, 0.65, 0.60, 0.55, 0.57, 0.59, 0.61, 0.63, 0.64, 0.65, 0.66};
  const LogAssessment assessment = assess(parsed(keras_log(train, val)), {});
  CHECK_FALSE(assessment.no_decrease);
  REQUIRE(assessment.overfitting);
  CHECK(assessment.overfitting->best.x == 5);
  CHECK(assessment.overfitting->best.value == 0.55);
  CHECK(assessment.overfitting->best.line == 6);
  CHECK(assessment.overfitting->last.x == 12);
  CHECK(assessment.overfitting->last.value == 0.66);
  CHECK(assessment.overfitting->train_drop_after_best == Approx((0.47 - 0.20) / 0.47));

  LogThresholds strict;
  strict.overfit_min_rise = 0.25;  // the rise is 20%
  CHECK_FALSE(assess(parsed(keras_log(train, val)), strict).overfitting);
}

TEST_CASE("training log assessment: no overfitting without every sign", "[training_log]") {
  const std::vector<double> falling = {1.0, 0.8, 0.65, 0.55, 0.47, 0.41, 0.36, 0.32, 0.28, 0.25, 0.22, 0.20};
  SECTION("a noisy but healthy validation curve") {
    const std::vector<double> val = {0.90, 0.80, 0.82, 0.70, 0.72, 0.65, 0.67, 0.60, 0.62, 0.55, 0.57, 0.56};
    CHECK_FALSE(assess(parsed(keras_log(falling, val)), {}).overfitting);
  }
  SECTION("the minimum is too close to the end") {
    const std::vector<double> val = {0.90, 0.80, 0.75, 0.70, 0.68, 0.66, 0.64, 0.62, 0.60, 0.58, 0.50, 0.70};
    CHECK_FALSE(assess(parsed(keras_log(falling, val)), {}).overfitting);
    LogThresholds patient;
    patient.overfit_min_points_after_best = 1;
    CHECK(assess(parsed(keras_log(falling, val)), patient).overfitting);
  }
  SECTION("the training loss stops falling after the minimum") {
    const std::vector<double> train = {1.0, 0.8, 0.65, 0.55, 0.47, 0.48, 0.49, 0.50, 0.51, 0.52, 0.53, 0.54};
    const std::vector<double> val = {0.90, 0.75, 0.65, 0.60, 0.55, 0.57, 0.59, 0.61, 0.63, 0.64, 0.65, 0.66};
    CHECK_FALSE(assess(parsed(keras_log(train, val)), {}).overfitting);
  }
}

// ---------------------------------------------------------------------------------------------
// Hostile input

namespace {

TrainingLogError limited_error(std::string_view text, const TrainingLogLimits& limits) {
  TrainingLogResult result = parse_training_log(text, limits);
  if (std::holds_alternative<TrainingLog>(result)) FAIL("expected an error");
  return std::get<TrainingLogError>(std::move(result));
}

}  // namespace

TEST_CASE("training log: numbers out of a double's range", "[training_log][hostile]") {
  const TrainingLogError huge = parse_error("epoch,loss\n1,0.9\n2,1e400\n");
  CHECK(huge.message == "loss at line 3 is \"1e400\", too large for a double");
  CHECK(huge.line == 3);
  CHECK(parse_error("epoch,loss\n1,-1e400\n").message == "loss at line 2 is \"-1e400\", too large for a double");
  const std::string digits(500, '9');
  CHECK(parse_error("epoch,loss\n1," + digits + "\n").message ==
        "loss at line 2 is \"" + std::string(100, '9') + "…\", too large for a double");
  CHECK(parse_error("{\"epoch\": 1, \"loss\": \"1e400\"}\n").message ==
        "loss at line 1 is \"1e400\", too large for a double");
  // A tiny loss is 0, as the evidence parser reads it, not a value that is "not a number".
  const TrainingLog tiny = parsed("epoch,loss\n1,0.9\n2,1e-400\n3,-1e-400\n");
  REQUIRE(tiny.train);
  CHECK(values_of(*tiny.train) == std::vector<double>{0.9, 0, 0});
  // In JSON Lines the number is a JSON token, refused by the parser at its column.
  const TrainingLogError jsonl = parse_error("{\"epoch\": 1, \"loss\": 0.9}\n{\"epoch\": 2, \"loss\": 1e400}\n");
  CHECK(jsonl.message == "line 2 is not a JSON object: number 1e400 is too large for a double");
  CHECK(jsonl.line == 2);
  CHECK(jsonl.column == 22);
}

TEST_CASE("training log: NUL bytes, invalid UTF-8 and binary garbage are errors, never exceptions",
          "[training_log][hostile]") {
  const TrainingLogError nul = parse_error(std::string("epoch,loss\n1,0.\0009\n", 18));
  CHECK(nul.message == "loss at line 2 is \"0.\\x009\", not a number");
  const TrainingLogError utf8 = parse_error("epoch,loss\n1,\xff\xfe\n");
  CHECK(utf8.message == "loss at line 2 is \"\xef\xbf\xbd\xef\xbf\xbd\", not a number");
  const TrainingLogError jsonl = parse_error("{\"epoch\": 1, \"loss\": 0.9}\n{\"loss\": \"\xc3\x28\"}\n");
  CHECK(jsonl.message == "line 2 is not a JSON object: invalid UTF-8 (byte 0xC3) inside a string");
  CHECK(jsonl.column == 11);
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919) % 256);
  CHECK_FALSE(parse_error(garbage).message.empty());
}

TEST_CASE("training log: JSON nesting deeper than the limit is refused with --max-depth", "[training_log][limits]") {
  const TrainingLogLimits limits{.max_depth = 3};
  const TrainingLogError jsonl =
      limited_error("{\"epoch\": 1, \"loss\": 0.9}\n{\"epoch\": 2, \"loss\": [[[0.8]]]}\n", limits);
  CHECK(jsonl.message == "line 2 is not a JSON object: nesting is deeper than 3 levels (--max-depth)");
  CHECK(jsonl.line == 2);
  CHECK(jsonl.column == 24);
  const TrainingLogError state =
      limited_error("{\"log_history\": [\n  {\"step\": 1, \"loss\": {\"a\": [1]}}\n]}\n", limits);
  CHECK(
      state.message ==
      "the training log starts like JSON but is not valid JSON (nesting is deeper than 3 levels (--max-depth) at line "
      "2): dlcheck reads Keras CSVLogger, PyTorch Lightning metrics.csv, Hugging Face trainer_state.json, CSV/TSV "
      "with a header, and JSON Lines");
  CHECK(state.line == 2);
  CHECK(state.column == 23);
  // The default allows 256 levels.
  CHECK(parsed("{\"epoch\": 1, \"loss\": 0.9, \"x\": [[[[1]]]]}\n").train);
}

TEST_CASE("training log: a log read whole is limited like an evidence file", "[training_log][limits]") {
  std::string state = "{\"log_history\": [\n";
  for (int i = 1; i <= 100; ++i) state += fmt::format("  {{\"step\": {}, \"loss\": {}}},\n", i, 1.0 / i);
  state += "  {\"step\": 101, \"loss\": 0.001}\n]}\n";
  CHECK(std::holds_alternative<TrainingLog>(parse_training_log(state, {.max_document_size = state.size()})));
  const TrainingLogError error = limited_error(state, {.max_document_size = 1000});
  CHECK(error.message == "the training log is one JSON document over the limit of 1000 bytes (--max-file-size)");
  // The line that takes the text over the limit, each line counted with its newline.
  std::size_t line = 0;
  for (std::size_t size = 0; size <= 1000; ++line) size = state.find('\n', size) + 1;
  CHECK(error.line == line);
}

TEST_CASE("training log: a line over the reader's limit gives its line and column", "[training_log][limits]") {
  StringLineReader reader("epoch,loss\n1,0.5\n2,0.45000000001\n", 12);
  const TrainingLogResult result = read_training_log(reader);
  const auto* error = std::get_if<TrainingLogError>(&result);
  REQUIRE(error != nullptr);
  CHECK(error->message ==
        "cannot read the training log: line 3 is longer than the limit of 12 bytes (--max-line-length)");
  CHECK(error->line == 3);
  CHECK(error->column == 13);
}
