// Finding evidence files in folders.

#include "io/file_search.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

#include "temp_project.hpp"

using dlcheck::testing::TempProject;

TEST_CASE("file_search: folders are searched for evidence files, skipping .git and node_modules", "[file_search]") {
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

TEST_CASE("file_search: found paths are normal, and the same whatever the number of threads", "[file_search]") {
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

TEST_CASE("file_search: the search takes symlinked files but never follows symlinked folders", "[file_search]") {
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
