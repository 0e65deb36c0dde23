// Many files: parallel checks with deterministic results.

#include "engine/batch.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>

#include "format/formatter.hpp"
#include "temp_project.hpp"

using dlcheck::testing::TempProject;

TEST_CASE("batch: the report is the same whatever the number of threads", "[batch]") {
  TempProject project;
  std::vector<std::string> paths;
  for (int i = 0; i < 40; ++i) {
    const std::string body = i % 3 == 0 ? "{"
                                        : R"({"task": "t", "baseline_accuracy": 0.5, "current_accuracy": )" +
                                              std::to_string(0.4 + 0.01 * i) + "}";
    paths.push_back(project.write("s" + std::to_string(100 + i) + "/evidence.json", body).string());
  }
  const auto render = [&](std::size_t jobs) {
    dlcheck::Report report;
    report.files = dlcheck::check_files(
        paths, [](const std::string&) { return dlcheck::CheckOptions{}; }, jobs);
    std::ostringstream out;
    dlcheck::write_json(report, out, {});
    return out.str();
  };
  const std::string one = render(1);
  CHECK(render(2) == one);
  CHECK(render(8) == one);
  CHECK(render(0) == one);
}

TEST_CASE("batch: files rendered on the checking threads give the same report", "[batch]") {
  TempProject project;
  std::vector<std::string> paths;
  for (int i = 0; i < 12; ++i) {
    const std::string body = i % 4 == 0 ? "[1]"
                                        : R"({"task": "t\u001b[31m", "baseline_accuracy": 0.5,
                                                     "current_accuracy": )" +
                                              std::to_string(0.3 + 0.05 * i) + "}";
    paths.push_back(project.write("s" + std::to_string(10 + i) + "/evidence.json", body).string());
  }
  // The loop below must not pass by skipping everything.
  REQUIRE(dlcheck::find_formatter("text")->render_file != nullptr);
  REQUIRE(dlcheck::find_formatter("json")->render_file != nullptr);
  for (const auto& formatter : dlcheck::all_formatters()) {
    if (formatter.render_file == nullptr) continue;
    CAPTURE(formatter.name);
    dlcheck::OutputOptions options;
    options.color = true;
    std::vector<std::string> rendered(paths.size());
    std::vector<int> calls(paths.size());
    dlcheck::Report report;
    report.files = dlcheck::check_files(
        paths, [](const std::string&) { return dlcheck::CheckOptions{}; }, 3,
        [&](std::size_t index, const dlcheck::FileReport& file) {
          ++calls[index];
          rendered[index] = formatter.render_file(file, options);
        });
    CHECK(calls == std::vector<int>(paths.size(), 1));
    std::ostringstream whole, parts;
    formatter.write(report, whole, options);
    options.rendered_files = rendered;
    formatter.write(report, parts, options);
    CHECK(parts.str() == whole.str());
  }
}

TEST_CASE("batch: formats that do not read the record render the same without it", "[batch]") {
  TempProject project;
  const std::vector<std::string> paths = {
      project
          .write("a/evidence.json", R"({"task": "t", "success_samples": [{"input": "x", "note": "<b>"}],
                                          "failure_cases": [{"input": "y"}], "current_accuracy": 2})")
          .string()};
  const auto render = [&](const dlcheck::Formatter& formatter, bool keep) {
    dlcheck::Report report;
    report.files = dlcheck::check_files(
        paths,
        [&](const std::string&) {
          dlcheck::CheckOptions options;
          options.keep_document = keep;
          return options;
        },
        1);
    std::ostringstream out;
    formatter.write(report, out, {});
    return out.str();
  };
  REQUIRE(dlcheck::find_formatter("html")->reads_record);
  CHECK(render(*dlcheck::find_formatter("html"), false) != render(*dlcheck::find_formatter("html"), true));
  for (const auto& formatter : dlcheck::all_formatters()) {
    if (formatter.reads_record) continue;
    CAPTURE(formatter.name);
    CHECK(render(formatter, false) == render(formatter, true));
  }
}
