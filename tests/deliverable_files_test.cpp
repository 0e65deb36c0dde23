// The metric table and the model summary kept as files: the readers, and the rules that check
// them against the record.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "artifacts/metric_table.hpp"
#include "artifacts/model_summary.hpp"
#include "engine/checker.hpp"
#include "temp_project.hpp"

using dlcheck::testing::TempProject;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

dlcheck::ModelSummary summary_of(const std::string& text) {
  dlcheck::StringLineReader lines(text);
  auto result = dlcheck::read_model_summary(lines);
  REQUIRE(std::holds_alternative<dlcheck::ModelSummary>(result));
  return std::get<dlcheck::ModelSummary>(std::move(result));
}

dlcheck::MetricTable table_of(const std::string& text, const std::string& metric, bool markdown = false,
                              const std::string& heading = "") {
  dlcheck::StringLineReader lines(text);
  auto result = dlcheck::read_metric_table(lines, {metric, markdown, heading});
  if (const auto* error = std::get_if<dlcheck::MetricTableError>(&result)) FAIL(error->message);
  return std::get<dlcheck::MetricTable>(std::move(result));
}

std::string table_error(const std::string& text, const std::string& metric, bool markdown = false) {
  dlcheck::StringLineReader lines(text);
  auto result = dlcheck::read_metric_table(lines, {metric, markdown, ""});
  REQUIRE(std::holds_alternative<dlcheck::MetricTableError>(result));
  return std::get<dlcheck::MetricTableError>(result).message;
}

fs::path shared_dir() {
  if (const char* dir = std::getenv("DLCHECK_SHARED_DIR")) return dir;
  return DLCHECK_SHARED_DIR;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

dlcheck::FileReport check_project(const TempProject& project, const std::string& evidence) {
  const auto path = project.write("evidence.json", evidence);
  dlcheck::CheckOptions options;
  options.profile = dlcheck::Profile::record;
  return dlcheck::check_file(path.string(), options);
}

const dlcheck::ChecklistEntry* entry(const dlcheck::FileReport& report, const std::string& rule) {
  for (const auto& item : report.checklist) {
    if (item.rule->id == rule) return &item;
  }
  return nullptr;
}

// The messages of one rule, the project's folder (in every path shown) taken out.
Strings messages(const dlcheck::FileReport& report, const std::string& rule, const TempProject& project) {
  Strings out;
  const std::string folder = project.root().string() + "/";
  for (const auto& finding : report.findings) {
    if (finding.rule != rule) continue;
    std::string message = finding.message;
    for (std::size_t at = message.find(folder); at != std::string::npos; at = message.find(folder)) {
      message.erase(at, folder.size());
    }
    out.push_back(message);
  }
  return out;
}

std::string reason(const dlcheck::FileReport& report, const std::string& rule, const TempProject& project) {
  const auto* item = entry(report, rule);
  REQUIRE(item != nullptr);
  std::string text = item->reason;
  const std::string folder = project.root().string() + "/";
  for (std::size_t at = text.find(folder); at != std::string::npos; at = text.find(folder))
    text.erase(at, folder.size());
  return text;
}

// Keras 2 (tf.keras) model.summary(), as documented.
const std::string kKeras2 = R"(Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 dense (Dense)               (None, 64)                50240

 dense_1 (Dense)             (None, 10)                650

=================================================================
Total params: 50,890
Trainable params: 50,890
Non-trainable params: 0
_________________________________________________________________
)";

// Keras 3 model.summary() of a compiled and trained model: the total includes the optimizer's variables.
const std::string kKeras3Trained = R"(Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 64)             │        50,240 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 10)             │           650 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 152,672 (596.38 KB)
 Trainable params: 50,890 (198.79 KB)
 Non-trainable params: 0 (0.00 B)
 Optimizer params: 101,782 (397.59 KB)
)";

const std::string kTorchinfo =
    R"(==========================================================================================
Layer (type:depth-idx)                   Output Shape              Param #
==========================================================================================
ResNet                                   [1, 1000]                 --
├─Conv2d: 1-1                            [1, 64, 112, 112]         9,408
├─Sequential: 1-5                        [1, 64, 56, 56]           --
│    └─BasicBlock: 2-1                   [1, 64, 56, 56]           73,984
├─Linear: 1-10                           [1, 1000]                 513,000
==========================================================================================
Total params: 11,689,512
Trainable params: 11,689,512
Non-trainable params: 0
Total mult-adds (G): 1.81
==========================================================================================
)";

const std::string kTorchsummary = R"(----------------------------------------------------------------
        Layer (type)               Output Shape         Param #
================================================================
            Conv2d-1           [-1, 6, 28, 28]             156
            Linear-2                  [-1, 10]             850
================================================================
Total params: 1,006
Trainable params: 1,006
Non-trainable params: 0
----------------------------------------------------------------
Input size (MB): 0.00
)";

}  // namespace

// ---- The model summary reader ----------------------------------------------------------------

TEST_CASE("model summary: Keras 2 gives the total and the output shapes", "[model-summary]") {
  const auto summary = summary_of(kKeras2);
  CHECK(summary.format == dlcheck::SummaryFormat::keras2);
  CHECK(summary.total.value == 50890);
  CHECK(summary.total.text == "50,890");
  CHECK(summary.total.line == 10);
  REQUIRE(summary.shapes.size() == 2);
  CHECK(summary.shapes[1].layer == "dense_1");
  CHECK(summary.shapes[1].text == "(None, 10)");
  CHECK_FALSE(summary.shapes[1].dims[0].has_value());
  CHECK(summary.shapes[1].dims[1] == 10);
}

TEST_CASE("model summary: Keras 3 with an optimizer line counts trainable plus non-trainable", "[model-summary]") {
  const auto trained = summary_of(kKeras3Trained);
  CHECK(trained.format == dlcheck::SummaryFormat::keras3);
  CHECK(trained.total.value == 50890);
  CHECK(trained.total.text == "50,890");
  REQUIRE(trained.shapes.size() == 2);
  CHECK(trained.shapes[0].layer == "dense");
  CHECK(trained.shapes[0].text == "(None, 64)");

  std::string untrained = kKeras3Trained.substr(0, kKeras3Trained.find(" Total params"));
  untrained +=
      " Total params: 50,890 (198.79 KB)\n Trainable params: 50,890 (198.79 KB)\n Non-trainable params: 0 (0.00 B)\n";
  const auto plain = summary_of(untrained);
  CHECK(plain.format == dlcheck::SummaryFormat::keras3);
  CHECK(plain.total.value == 50890);
}

TEST_CASE("model summary: torchinfo in plain counts and in millions", "[model-summary]") {
  const auto summary = summary_of(kTorchinfo);
  CHECK(summary.format == dlcheck::SummaryFormat::torchinfo);
  CHECK(summary.total.value == 11689512);
  CHECK(summary.total.half_unit == 0);
  REQUIRE(summary.shapes.size() == 5);
  CHECK(summary.shapes[0].layer == "ResNet");
  CHECK(summary.shapes[3].layer == "BasicBlock: 2-1");
  CHECK(summary.shapes[3].text == "[1, 64, 56, 56]");

  std::string millions = kTorchinfo;
  millions.replace(millions.find("Total params: 11,689,512"), 24, "Total params (M): 11.69");
  const auto in_millions = summary_of(millions);
  CHECK(in_millions.format == dlcheck::SummaryFormat::torchinfo);
  CHECK(in_millions.total.value == Approx(11.69e6));
  CHECK(in_millions.total.half_unit == Approx(5000));
  CHECK(in_millions.total.text == "11.69 M");
}

TEST_CASE("model summary: torchsummary rows use -1 for the batch", "[model-summary]") {
  const auto summary = summary_of(kTorchsummary);
  CHECK(summary.format == dlcheck::SummaryFormat::torchsummary);
  CHECK(summary.total.value == 1006);
  REQUIRE(summary.shapes.size() == 2);
  CHECK(summary.shapes[0].layer == "Conv2d-1");
  CHECK_FALSE(summary.shapes[0].dims[0].has_value());
  CHECK(summary.shapes[0].dims[3] == 28);
}

TEST_CASE("model summary: the real Lightning and Hugging Face summaries", "[model-summary][real-runs]") {
  const fs::path lightning = shared_dir() / "real-runs/lightning-csv-and-tensorboard/model_summary.txt";
  const fs::path hf = shared_dir() / "real-runs/hf-trainer/model_summary.txt";
  if (!fs::exists(lightning) || !fs::exists(hf)) {
    WARN("the shared real runs are absent: skipped");
    return;
  }
  const auto lightning_summary = summary_of(read_text(lightning));
  CHECK(lightning_summary.format == dlcheck::SummaryFormat::lightning);
  CHECK(lightning_summary.total.value == 151000);
  CHECK(lightning_summary.total.half_unit == 500);
  CHECK(lightning_summary.total.text == "151 K");
  const auto hf_summary = summary_of(read_text(hf));
  CHECK(hf_summary.format == dlcheck::SummaryFormat::plain);
  CHECK(hf_summary.total.value == 78082);
  CHECK(hf_summary.shapes.empty());
}

TEST_CASE("model summary: an unknown format and a huge line are errors, in linear time", "[model-summary]") {
  dlcheck::StringLineReader prose("A ResNet of some kind.\nIt has many layers.\n");
  const auto unknown = dlcheck::read_model_summary(prose);
  REQUIRE(std::holds_alternative<dlcheck::ModelSummaryError>(unknown));
  CHECK(std::get<dlcheck::ModelSummaryError>(unknown).unrecognised);
  CHECK(std::get<dlcheck::ModelSummaryError>(unknown).message ==
        "no parameter count in a format dlcheck reads (Keras 3 and Keras 2 model.summary(), torchinfo, torchsummary, "
        "PyTorch Lightning ModelSummary, or a line \"parameters: N\")");

  const std::string huge(10 << 20, 'x');
  dlcheck::StringLineReader one_line(huge);
  const auto too_long = dlcheck::read_model_summary(one_line);
  REQUIRE(std::holds_alternative<dlcheck::ModelSummaryError>(too_long));
  CHECK(std::get<dlcheck::ModelSummaryError>(too_long).message ==
        "line 1 is longer than the limit of 1048576 bytes (--max-line-length)");
}

TEST_CASE("model summary: parameter counts as people write them", "[model-summary]") {
  CHECK(dlcheck::parse_parameter_count("11,181,642")->value == 11181642);
  CHECK(dlcheck::parse_parameter_count("9.5k")->value == 9500);
  CHECK(dlcheck::parse_parameter_count("9.5k")->half_unit == Approx(50));
  CHECK(dlcheck::parse_parameter_count("11.2M")->value == Approx(11.2e6));
  CHECK(dlcheck::parse_parameter_count("1.3 billion")->value == Approx(1.3e9));
  CHECK_FALSE(dlcheck::parse_parameter_count("1.5"));
  CHECK_FALSE(dlcheck::parse_parameter_count("many"));
  CHECK_FALSE(dlcheck::parse_parameter_count("12 apples"));
  CHECK(dlcheck::find_parameter_claim("ResNet-18, ImageNet weights, 11.2M parameters")->text == "11.2M");
  CHECK(dlcheck::find_parameter_claim("2-layer LSTM with 151 K params")->text == "151 K");
  CHECK_FALSE(dlcheck::find_parameter_claim("a small CNN"));
}

TEST_CASE("model summary: a line of a million brackets under the header is read in one pass", "[model-summary]") {
  // Each "(" once scanned to the line's end: a 1 MB line took seconds.
  const std::string parens = "Output Shape\n" + std::string(1000000, '(') + ")\nTotal params: 12\n";
  const auto deep = summary_of(parens);
  CHECK(deep.total.value == 12);
  CHECK(deep.shapes.empty());
  const auto nested = summary_of("Output Shape\nconv (a(None, 3) [1, (2)]\nopen ( [4]\nTotal params: 12\n");
  REQUIRE(nested.shapes.size() == 1);
  CHECK(nested.shapes[0].text == "(None, 3)");
  CHECK(nested.shapes[0].layer == "conv");
}

TEST_CASE("model summary: a count claim is read from the words just before param", "[model-summary]") {
  // Each "param" once scanned back to the text's start: a 2 MB text took minutes.
  std::string hostile;
  for (int i = 0; i < 300000; ++i) hostile += "-param";
  CHECK_FALSE(dlcheck::find_parameter_claim(hostile));
  CHECK(dlcheck::find_parameter_claim(hostile + " 11.2M parameters")->text == "11.2M");
  CHECK(dlcheck::find_parameter_claim(std::string(100, 'x') + " 151 K params")->text == "151 K");
  // A word longer than the window is no count, even when it ends in digits.
  CHECK_FALSE(dlcheck::find_parameter_claim(std::string(100, 'x') + "151 params"));
  CHECK_FALSE(dlcheck::find_parameter_claim(std::string(100, 'x') + "1 K params"));
}

// ---- The metric table reader -----------------------------------------------------------------

TEST_CASE("metric table: CSV with percent signs, spreads, long labels and extra columns", "[metric-table]") {
  const std::string long_name(300, 'n');
  const auto table = table_of("run,Model,F1,Top-1 Acc. (%),notes\n1,small CNN,0.70,71.0 ± 0.4,first\n2,\"" + long_name +
                                  "\",0.8,**84.2%**,x\n3,ResNet-18,0.81,-,\n",
                              "accuracy");
  CHECK(table.model_column == "Model");
  CHECK(table.metric_column == "Top-1 Acc. (%)");
  REQUIRE(table.rows.size() == 3);
  CHECK(table.rows[0].model == "small CNN");
  CHECK(table.rows[0].value == 71.0);
  CHECK(table.rows[0].percent);
  CHECK(table.rows[0].decimals == 1);
  CHECK(table.rows[0].line == 2);
  CHECK(table.rows[1].model.size() == 200);
  CHECK(table.rows[1].value == 84.2);
  CHECK_FALSE(table.rows[2].value);
}

TEST_CASE("metric table: the first column names the rows, and acc means accuracy", "[metric-table]") {
  const auto table = table_of("Network\tacc\nsmall CNN\t0.71\n", "accuracy");
  CHECK(table.model_column == "Network");
  CHECK(table.metric_column == "acc");
  CHECK(table.rows.at(0).value == 0.71);
  CHECK(table_error("model,f1\na,0.5\n", "accuracy") == "no column names the metric \"accuracy\" (columns: model, f1)");
}

TEST_CASE("metric table: Markdown, the first table under a heading", "[metric-table]") {
  const std::string markdown =
      "# Project\n\n| model | accuracy |\n|---|---|\n| other | 0.1 |\n\n## Results\n\nText.\n\n"
      "| Model | Accuracy | Params |\n| :--- | ---: | --- |\n| small CNN | 0.71 ± 0.01 | 1M |\n| ResNet\\|18 | 0.82 "
      "|\n\n";
  const auto table = table_of(markdown, "accuracy", true, "results");
  REQUIRE(table.rows.size() == 2);
  CHECK(table.header_line == 11);
  CHECK(table.rows[0].value == 0.71);
  CHECK(table.rows[0].line == 13);
  CHECK(table.rows[1].model == "ResNet\\|18");
  CHECK(table.rows[1].value == 0.82);
  CHECK(table_of(markdown, "accuracy", true).rows.at(0).model == "other");
}

TEST_CASE("metric table: hostile tables are errors or read in linear time", "[metric-table]") {
  CHECK(table_error("| model | accuracy |\n|---|---|---|\n| a | 0.5 |\n", "accuracy", true) ==
        "the table's header row has 2 cells but its delimiter row has 3");
  CHECK(table_error("no table here\n", "accuracy", true) == "no pipe table (a header row, then a row of ---)");
  // 100,000 columns, the metric last: read once.
  std::string header = "model";
  for (int i = 0; i < 100000; ++i) header += ",c" + std::to_string(i);
  const auto wide = table_of(header + ",accuracy\na" + std::string(100000, ',') + ",0.5\n", "accuracy");
  CHECK(wide.rows.at(0).value == 0.5);
}

// ---- The rules ---------------------------------------------------------------------------------

namespace {

const std::string kClaims =
    R"("task": "t", "metric": {"name": "accuracy"}, "baseline": {"method": "small CNN", "value": 0.71},
       "current": {"method": "ResNet-18", "value": 0.82})";

}  // namespace

TEST_CASE("metric-table-file: rows that agree with the record pass", "[metric-table-file]") {
  TempProject project;
  project.write("results.csv", "model,accuracy\nsmall CNN,71%\nResNet-18,0.82 ± 0.01\n");
  const auto report = check_project(project, "{" + kClaims + R"(, "metric_table": "results.csv"})");
  CHECK(messages(report, "metric-table-file", project).empty());
  CHECK(messages(report, "metric-table", project).empty());
  REQUIRE(entry(report, "metric-table-file") != nullptr);
  CHECK(entry(report, "metric-table-file")->status == dlcheck::ItemStatus::passed);
}

TEST_CASE("metric-table-file: a stale value, a missing row and a better row", "[metric-table-file]") {
  TempProject project;
  project.write(
      "RESULTS.md",
      "# Results\n\n| Model | Top-1 Acc. |\n|---|---|\n| small CNN | 74.0% |\n| ViT | 0.9 |\n| ResNet-18 | 0.82 "
      "|\n");
  const auto report =
      check_project(project, "{" + kClaims + R"(, "metric_table": {"path": "RESULTS.md", "heading": "Results"}})");
  CHECK(messages(report, "metric-table-file", project) ==
        Strings{"RESULTS.md:5 gives the baseline \"small CNN\" Top-1 Acc. \"74.0%\", but baseline.value is 0.71",
                "RESULTS.md:6: the row \"ViT\" has Top-1 Acc. \"0.9\", better than the current model \"ResNet-18\" "
                "(\"0.82\")"});
  const auto& stale = report.findings_of("metric-table-file");
  REQUIRE(stale.size() == 2);
  REQUIRE(stale[0]->artifact);
  CHECK(stale[0]->artifact->line == 5);
  CHECK(stale[1]->severity == dlcheck::Severity::warning);
  CHECK(entry(report, "metric-table-file")->status == dlcheck::ItemStatus::failed);

  TempProject missing;
  missing.write("results.csv", "model,accuracy\nsmall CNN,0.71\n");
  const auto no_row = check_project(missing, "{" + kClaims + R"(, "metric_table": "results.csv"})");
  CHECK(messages(no_row, "metric-table-file", missing) ==
        Strings{"results.csv has no row for the current \"ResNet-18\" (rows: \"small CNN\")"});
}

TEST_CASE("metric-table-file: explicit rows name the table's rows", "[metric-table-file]") {
  TempProject project;
  project.write("results.csv", "model,accuracy\nCNN [ours v1],0.71\nRN18,0.82\n");
  const auto report = check_project(
      project,
      "{" + kClaims +
          R"(, "metric_table": {"path": "results.csv", "baseline_row": "CNN [ours v1]", "current_row": "RN18"}})");
  CHECK(messages(report, "metric-table-file", project).empty());
  CHECK(entry(report, "metric-table-file")->status == dlcheck::ItemStatus::passed);
  CHECK(messages(report, "unknown-field", project).empty());
}

TEST_CASE("metric-table-file: not checked without a metric column or a readable file", "[metric-table-file]") {
  TempProject project;
  project.write("results.csv", "model,f1\nsmall CNN,0.71\n");
  const auto no_column = check_project(project, "{" + kClaims + R"(, "metric_table": "results.csv"})");
  CHECK(entry(no_column, "metric-table-file")->status == dlcheck::ItemStatus::not_checked);
  CHECK(reason(no_column, "metric-table-file", project) ==
        "results.csv:1: no column names the metric \"accuracy\" (columns: model, f1)");

  const auto missing = check_project(project, "{" + kClaims + R"(, "metric_table": "nope.csv"})");
  CHECK(entry(missing, "metric-table-file")->status == dlcheck::ItemStatus::not_checked);
  CHECK(reason(missing, "metric-table-file", project) == "the metric table nope.csv is missing (see project-file)");

  // A symlink out of the project root is refused by the opener, never read.
  fs::create_symlink("/etc/passwd", project.root() / "linked.csv");
  const auto linked = check_project(project, "{" + kClaims + R"(, "metric_table": "linked.csv"})");
  CHECK(entry(linked, "metric-table-file")->status == dlcheck::ItemStatus::not_checked);
  CHECK(messages(linked, "project-file", project).size() == 1);
}

TEST_CASE("model-summary-file: the parameter count agrees to the precision written", "[model-summary-file]") {
  TempProject project;
  project.write("model_summary.txt", kTorchinfo);
  const auto agrees = check_project(
      project, R"({"task": "t", "model_summary": "model_summary.txt", "model": {"parameters": "11.7M"}})");
  CHECK(messages(agrees, "model-summary-file", project).empty());
  CHECK(entry(agrees, "model-summary-file")->status == dlcheck::ItemStatus::passed);

  const auto disagrees = check_project(
      project, R"({"task": "t", "model_summary": "model_summary.txt", "model": {"parameters": "11.2M"}})");
  CHECK(messages(disagrees, "model-summary-file", project) ==
        Strings{"model.parameters is 11.2M, but model_summary.txt:10 gives 11,689,512 parameters"});
  CHECK(entry(disagrees, "model-summary-file")->status == dlcheck::ItemStatus::failed);

  const auto text_only = check_project(
      project, R"({"task": "t", "model_summary": "ResNet-18, 9.5k parameters", "model": {"parameters": 9600}})");
  CHECK(messages(text_only, "model-summary-file", project) ==
        Strings{"model.parameters is 9600 but model_summary says 9.5k parameters"});
}

TEST_CASE("model-summary-file: output shapes are compared with the shape checks of the same layer",
          "[model-summary-file]") {
  TempProject project;
  project.write("model_summary.txt", kKeras2);
  const auto report = check_project(project, R"({"task": "t", "model_summary": "model_summary.txt",
      "shape_checks": [{"tensor": "dense", "expected": ["batch", 64], "actual": [32, 64]},
                       {"tensor": "dense_1", "expected": ["batch", 100], "actual": [32, 100]}]})");
  CHECK(
      messages(report, "model-summary-file", project) ==
      Strings{"shape check \"dense_1\" expects [batch, 100], but model_summary.txt:7 lists (None, 10) for that layer"});
}

TEST_CASE("model-summary-file: an unrecognised summary is noted and not checked", "[model-summary-file]") {
  TempProject project;
  project.write("model_summary.txt", "my network is deep\n");
  const auto report =
      check_project(project, R"({"task": "t", "model_summary": "model_summary.txt", "model": {"parameters": 100}})");
  const auto found = report.findings_of("model-summary-file");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->severity == dlcheck::Severity::info);
  CHECK(entry(report, "model-summary-file")->status == dlcheck::ItemStatus::not_checked);
  CHECK(reason(report, "model-summary-file", project) ==
        "the model summary model_summary.txt gives no parameter count dlcheck can read");
}
