// Many files: discovery in folders, parallel checks with deterministic results, atomic output.

#include "engine/batch.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "format/formatter.hpp"
#include "temp_project.hpp"

using dlcheck::testing::TempProject;

TEST_CASE("batch: folders are searched for evidence files, skipping .git and node_modules", "[batch]") {
  TempProject project;
  project.write("b/evidence.json", "{}");
  project.write("a/deep/er/evidence.json", "{}");
  project.write("a/notes.json", "{}");
  project.write(".git/evidence.json", "{}");
  project.write("web/node_modules/pkg/evidence.json", "{}");
  project.write("c/week1.evidence.json", "{}");
  const std::string root = project.root().string();
  CHECK(dlcheck::collect_evidence_files({root}, "evidence.json") ==
        std::vector<std::string>{root + "/a/deep/er/evidence.json", root + "/b/evidence.json"});
  CHECK(dlcheck::collect_evidence_files({root}, "*.evidence.json") ==
        std::vector<std::string>{root + "/c/week1.evidence.json"});
  // Files named directly are kept even when missing (they are reported as unreadable), once.
  CHECK(dlcheck::collect_evidence_files({root + "/b/evidence.json", "missing.json", root + "/b/evidence.json"},
                                        "evidence.json") ==
        std::vector<std::string>{root + "/b/evidence.json", "missing.json"});
}

TEST_CASE("batch: found paths are normal, and the same whatever the number of threads", "[batch]") {
  TempProject project;
  std::vector<std::string> expected;
  for (int i = 0; i < 30; ++i) {
    const std::string pack = "class/s" + std::to_string(10 + i);
    project.write(pack + "/evidence.json", "{}");
    project.write(pack + "/logs/train.csv", "epoch,loss\n");
    if (i % 5 == 0) project.write(pack + "/week2/evidence.json", "{}");
  }
  const std::string root = project.root().string();
  const auto found = dlcheck::collect_evidence_files({root + "/class/s10/../"}, "evidence.json", 1);
  REQUIRE(found.size() == 36);
  CHECK(found.front() == root + "/class/s10/evidence.json");
  CHECK(found[1] == root + "/class/s10/week2/evidence.json");
  CHECK(std::is_sorted(found.begin(), found.end()));
  for (std::size_t jobs : {2, 3, 8}) {
    CHECK(dlcheck::collect_evidence_files({root + "/class"}, "evidence.json", jobs) == found);
  }
}

TEST_CASE("batch: the search takes symlinked files but never follows symlinked folders", "[batch]") {
  TempProject project;
  project.write("real/evidence.json", "{}");
  std::filesystem::create_directory_symlink("real", project.root() / "linked_dir");
  std::filesystem::create_directories(project.root() / "loop");
  std::filesystem::create_directory_symlink("..", project.root() / "loop/up");
  project.write("files/original.json", "{}");
  std::filesystem::create_symlink("original.json", project.root() / "files/evidence.json");
  std::filesystem::create_symlink("missing.json", project.root() / "files/dangling.json");
  const std::string root = project.root().string();
  CHECK(dlcheck::collect_evidence_files({root}, "evidence.json") ==
        std::vector<std::string>{root + "/files/evidence.json", root + "/real/evidence.json"});
  CHECK(dlcheck::collect_evidence_files({root + "/"}, "*.json") ==
        std::vector<std::string>{root + "/files/evidence.json", root + "/files/original.json",
                                 root + "/real/evidence.json"});
}

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

TEST_CASE("batch: reports are written atomically", "[batch]") {
  TempProject project;
  const auto target = (project.root() / "report.json").string();
  REQUIRE_FALSE(dlcheck::write_file_atomically(target, "first").has_value());
  REQUIRE_FALSE(dlcheck::write_file_atomically(target, "second").has_value());
  std::ifstream in(target);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "second");
  // No temporary file is left next to it.
  CHECK(std::distance(std::filesystem::directory_iterator(project.root()), std::filesystem::directory_iterator()) == 2);
  const auto error = dlcheck::write_file_atomically((project.root() / "no/such/folder/r.json").string(), "x");
  REQUIRE(error.has_value());
  CHECK(error->starts_with("cannot write "));
  REQUIRE_FALSE(dlcheck::append_to_file(target, "+more").has_value());
  std::ifstream again(target);
  std::stringstream appended;
  appended << again.rdbuf();
  CHECK(appended.str() == "second+more");
}
