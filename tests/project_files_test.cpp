// Opening named files: only regular files inside the project root.

#include "io/project_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "temp_project.hpp"

using dlcheck::FileRefusal;
using dlcheck::OpenedFile;
using dlcheck::testing::TempProject;

namespace {

std::string refusal(const dlcheck::ProjectPaths& paths, const std::string& declared) {
  auto opened = dlcheck::open_project_file(paths, declared);
  if (std::holds_alternative<OpenedFile>(opened)) return "opened";
  return std::get<FileRefusal>(opened).message;
}

}  // namespace

TEST_CASE("project_files: the root is the nearest folder with .git, or --root", "[project_files]") {
  TempProject project;
  const auto evidence = project.write("course/week6/evidence.json", "{}");
  const auto paths = dlcheck::locate_project(evidence, std::nullopt);
  CHECK(paths.root == std::filesystem::canonical(project.root()));
  CHECK(paths.evidence_dir == std::filesystem::canonical(project.root() / "course/week6"));
  const auto explicit_root = dlcheck::locate_project(evidence, project.root() / "course");
  CHECK(explicit_root.root == std::filesystem::canonical(project.root() / "course"));
}

TEST_CASE("project_files: files inside the root open, everything else is refused", "[project_files]") {
  TempProject project;
  const auto evidence = project.write("sub/evidence.json", "{}");
  project.write("sub/logs/log.csv", "epoch,loss\n");
  project.write("shared/ids.txt", "a\n");
  const auto paths = dlcheck::locate_project(evidence, std::nullopt);

  CHECK(refusal(paths, "logs/log.csv") == "opened");
  CHECK(refusal(paths, "../shared/ids.txt") == "opened");
  CHECK(refusal(paths, "./logs/../logs/log.csv") == "opened");
  CHECK(refusal(paths, "/etc/passwd") == "an absolute path is not allowed: name files relative to the evidence file");
  CHECK(refusal(paths, "../../../../../../etc/passwd") == "the path leaves the project root");
  CHECK(refusal(paths, "missing.csv") == "no such file");
  CHECK(refusal(paths, "logs") == "this is a directory, not a file");
  CHECK(refusal(paths, "") == "the path is empty");

  std::filesystem::create_symlink("/etc/passwd", project.root() / "sub/passwd_link");
  CHECK(refusal(paths, "passwd_link") == "the path is a symlink that resolves outside the project root");
  std::filesystem::create_symlink("logs/log.csv", project.root() / "sub/inside_link");
  CHECK(refusal(paths, "inside_link") == "opened");
  // A symlinked folder in the middle of the path is resolved too.
  std::filesystem::create_directory_symlink("logs", project.root() / "sub/logs_link");
  CHECK(refusal(paths, "logs_link/log.csv") == "opened");
  std::filesystem::create_directory_symlink("/etc", project.root() / "sub/etc_link");
  CHECK(refusal(paths, "etc_link/passwd") == "the path is a symlink that resolves outside the project root");
  std::filesystem::create_symlink("loop_b", project.root() / "sub/loop_a");
  std::filesystem::create_symlink("loop_a", project.root() / "sub/loop_b");
  CHECK(refusal(paths, "loop_a") == "the path is a symlink loop");
  REQUIRE(::mkfifo((project.root() / "sub/fifo").c_str(), 0600) == 0);
  CHECK(refusal(paths, "fifo") == "this is not a regular file");
}

TEST_CASE("project_files: the shown path joins the evidence folder as the user named it", "[project_files]") {
  TempProject project;
  const auto evidence = project.write("sub/evidence.json", "{}");
  const auto paths = dlcheck::locate_project(evidence, std::nullopt);
  CHECK(dlcheck::display_path(paths, "logs/../logs/a.csv") == (project.root() / "sub/logs/a.csv").string());
  CHECK(dlcheck::display_path(paths, "logs/a.csv") == (project.root() / "sub/logs/a.csv").string());
  CHECK(dlcheck::display_path(paths, "./a.csv") == (project.root() / "sub/a.csv").string());
  CHECK(dlcheck::display_path(paths, "logs//a.csv") == (project.root() / "sub/logs/a.csv").string());
  CHECK(dlcheck::display_path(paths, "../a.csv") == (project.root() / "a.csv").string());
  // Shown as normal paths however the evidence file was named, the working folder as nothing.
  const auto shown = [](const std::string& evidence_path, std::string_view declared) {
    return dlcheck::display_path(dlcheck::locate_project(evidence_path, std::nullopt), declared);
  };
  CHECK(shown("evidence.json", "logs/a.csv") == "logs/a.csv");
  CHECK(shown("./evidence.json", "logs/a.csv") == "logs/a.csv");
  CHECK(shown("./class//s1/./evidence.json", "logs/a.csv") == "class/s1/logs/a.csv");
  CHECK(shown("class/s1/../s2/evidence.json", "a.csv") == "class/s2/a.csv");
  CHECK(shown("/abs/s1/evidence.json", "../README.md") == "/abs/README.md");
}

TEST_CASE("project_files: evidence folders relative to the working directory are canonical", "[project_files]") {
  namespace fs = std::filesystem;
  const fs::path cwd = fs::canonical(fs::current_path());
  CHECK(dlcheck::locate_project("evidence.json", std::nullopt).evidence_dir == cwd);
  CHECK(dlcheck::locate_project("./evidence.json", std::nullopt).evidence_dir == cwd);

  // A folder below the working directory, reached through a symlink.
  const fs::path folder = fs::path("project_files_test.tmp");
  fs::remove_all(folder);
  fs::create_directories(folder / "real");
  fs::create_directory_symlink("real", folder / "link");
  CHECK(dlcheck::locate_project(folder / "real/evidence.json", std::nullopt).evidence_dir == cwd / folder / "real");
  CHECK(dlcheck::locate_project(folder / "link/evidence.json", std::nullopt).evidence_dir == cwd / folder / "real");
  CHECK(dlcheck::locate_project(folder / "real/../link/evidence.json", std::nullopt).evidence_dir ==
        cwd / folder / "real");
  fs::remove_all(folder);
}
