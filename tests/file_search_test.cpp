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

TEST_CASE("file_search: matching symlinks are returned unfollowed, symlinked folders are not searched",
          "[file_search]") {
  TempProject project;
  project.write("real/evidence.json", "{}");
  std::filesystem::create_directory_symlink("real", project.root() / "linked_dir");
  std::filesystem::create_directories(project.root() / "loop");
  std::filesystem::create_directory_symlink("..", project.root() / "loop/up");
  project.write("files/original.json", "{}");
  std::filesystem::create_symlink("original.json", project.root() / "files/evidence.json");
  std::filesystem::create_symlink("missing.json", project.root() / "files/dangling.json");
  std::filesystem::create_symlink("/etc", project.root() / "files/folder.json");
  const std::string root = project.root().string();
  // Every link whose name matches, whatever it leads to (a file, nothing, a folder), for the
  // check to refuse; none of them is searched.
  CHECK(dlcheck::collect_evidence_files({root}, "evidence.json") ==
        std::vector<std::string>{root + "/files/evidence.json", root + "/real/evidence.json"});
  CHECK(dlcheck::collect_evidence_files({root + "/"}, "*.json") ==
        std::vector<std::string>{root + "/files/dangling.json", root + "/files/evidence.json",
                                 root + "/files/folder.json", root + "/files/original.json",
                                 root + "/real/evidence.json"});
}

TEST_CASE("file_search: a named folder with nothing found is returned itself, to be reported", "[file_search]") {
  TempProject project;
  project.write("class/alice/evidence.json", "{}");
  project.write("class/bob/notes.txt", "");
  std::filesystem::create_directories(project.root() / "class/carol/evidence.json");  // a folder, not a file
  std::filesystem::create_directories(project.root() / "class/dave");
  std::filesystem::create_symlink("../alice/evidence.json", project.root() / "class/dave/evidence.json");
  std::filesystem::create_directories(project.root() / "class/erin/.git");
  project.write("class/erin/.git/evidence.json", "{}");
  std::filesystem::create_directory_symlink("bob", project.root() / "class/frank");
  const std::string class_dir = project.root().string() + "/class";
  std::vector<std::string> students;
  for (const char* name : {"alice", "bob", "carol", "dave", "erin", "frank"})
    students.push_back(class_dir + "/" + name);
  // A link found is something: dave gets a row for it. A folder named through a symlink (frank)
  // is searched as named, and reported with a '/', which an open without following goes through.
  CHECK(dlcheck::collect_evidence_files(students, "evidence.json") ==
        std::vector<std::string>{class_dir + "/alice/evidence.json", class_dir + "/bob/", class_dir + "/carol/",
                                 class_dir + "/dave/evidence.json", class_dir + "/erin/", class_dir + "/frank/"});
  // Named as a whole, the class has evidence, so it gets no row of its own; nor does a folder
  // named twice, or with its trailing '/'.
  CHECK(dlcheck::collect_evidence_files({class_dir, class_dir + "/bob/", class_dir + "/bob"}, "evidence.json") ==
        std::vector<std::string>{class_dir + "/alice/evidence.json", class_dir + "/bob/",
                                 class_dir + "/dave/evidence.json"});
  // The working folder is "./".
  const auto previous = std::filesystem::current_path();
  std::filesystem::current_path(project.root() / "class/bob");
  const auto found = dlcheck::collect_evidence_files({"."}, "evidence.json");
  std::filesystem::current_path(previous);
  CHECK(found == std::vector<std::string>{"./"});
}
