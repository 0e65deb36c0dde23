// Many files: parallel checks with deterministic results.

#include "engine/batch.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <regex>
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
    dlcheck::find_formatter("json")->write(report, out, {});
    return out.str();
  };
  const std::string one = render(1);
  CHECK(render(2) == one);
  CHECK(render(8) == one);
  CHECK(render(0) == one);
}

namespace {

// Logs every call it receives; render() runs on the checking threads, so its calls are counted
// under a lock.
class RecordingWriter final : public dlcheck::ReportWriter {
 public:
  explicit RecordingWriter(std::size_t files) : renders_(files) {}

  void begin(const dlcheck::ReportHeader& header) override {
    events.push_back(fmt::format("begin {} files, profile {}", header.files, header.profile));
  }
  std::string render(const dlcheck::FileReport& file, std::size_t index) const override {
    const std::lock_guard lock(mutex_);
    ++renders_.at(index);
    return fmt::format("rendered {} {}", index, file.path);
  }
  void file(const dlcheck::FileReport& file, std::string rendered) override {
    events.push_back(fmt::format("file {} {}", file.path, rendered));
  }
  void end(const dlcheck::ReportFooter& footer) override {
    events.push_back(fmt::format("end {} files: {} passed, {} failed, {} errored, exit {}", footer.files, footer.passed,
                                 footer.failed, footer.errored, footer.exit_code()));
  }
  std::vector<int> renders() const {
    const std::lock_guard lock(mutex_);
    return renders_;
  }

  std::vector<std::string> events;

 private:
  mutable std::mutex mutex_;
  mutable std::vector<int> renders_;
};

// A class of a dozen records: passing, failing (with control characters), and unparsable.
std::vector<std::string> write_class(TempProject& project) {
  std::vector<std::string> paths;
  for (int i = 0; i < 12; ++i) {
    const std::string body =
        i % 4 == 0 ? "[1]"
                   : R"({"task": "t\u001b[31m", "baseline_accuracy": 0.5, "success_samples": [{"input": "x"}],
                         "failure_cases": [{"label": "a", "prediction": "b"}], "current_accuracy": )" +
                         std::to_string(0.3 + 0.05 * i) + "}";
    paths.push_back(project.write("s" + std::to_string(10 + i) + "/evidence.json", body).string());
  }
  return paths;
}

dlcheck::CheckOptions default_options(const std::string&) { return {}; }

}  // namespace

TEST_CASE("batch: a writer gets begin, then every file once in path order with its rendering, then end",
          "[batch][writer]") {
  TempProject project;
  const std::vector<std::string> paths = write_class(project);
  std::vector<std::string> expected = {"begin 12 files, profile record"};
  for (std::size_t i = 0; i < paths.size(); ++i) {
    expected.push_back(fmt::format("file {} rendered {} {}", paths[i], i, paths[i]));
  }
  expected.push_back("end 12 files: 0 passed, 9 failed, 3 errored, exit 2");
  for (const std::size_t jobs : {1, 4}) {
    CAPTURE(jobs);
    RecordingWriter first(paths.size()), second(paths.size());
    dlcheck::ReportWriter* const writers[] = {&first, &second};
    const dlcheck::ReportFooter footer =
        dlcheck::check_files(paths, default_options, jobs, dlcheck::Profile::record, writers);
    CHECK(footer.exit_code() == 2);
    CHECK(first.events == expected);
    CHECK(second.events == expected);
    CHECK(first.renders() == std::vector<int>(paths.size(), 1));
  }
}

namespace {

// JUnit's times are measured: every other byte must be the same.
std::string without_times(const std::string& text) {
  static const std::regex time(R"( time="[0-9.]+")");
  return std::regex_replace(text, time, R"( time="")");
}

}  // namespace

TEST_CASE("batch: every format writes the same with 1 and 4 threads, and as from a finished report",
          "[batch][writer]") {
  TempProject project;
  const std::vector<std::string> paths = write_class(project);
  dlcheck::Report finished;
  finished.rules = dlcheck::rule_table();
  finished.files = dlcheck::check_files(paths, default_options, 1);
  const dlcheck::OutputOptions options{.color = true};
  for (const auto& formatter : dlcheck::all_formatters()) {
    CAPTURE(formatter.name);
    std::ostringstream expected;
    formatter.write(finished, expected, options);
    for (const std::size_t jobs : {1, 4}) {
      CAPTURE(jobs);
      // Streamed alongside a markdown summary, as `--summary` does.
      std::ostringstream out, summary;
      const auto writer = formatter.make(out, options);
      const auto summary_writer = dlcheck::make_markdown_writer(summary, {});
      dlcheck::ReportWriter* const writers[] = {writer.get(), summary_writer.get()};
      dlcheck::check_files(paths, default_options, jobs, dlcheck::Profile::roadmap, writers);
      CHECK(without_times(out.str()) == without_times(expected.str()));
      std::ostringstream markdown;
      dlcheck::find_formatter("markdown")->write(finished, markdown, {});
      CHECK(summary.str() == markdown.str());
    }
  }
}
