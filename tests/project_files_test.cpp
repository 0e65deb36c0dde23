// Opening named files: only regular files inside the project root.

#include "io/project_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "temp_project.hpp"

using dlcheck::FileRefusal;
using dlcheck::OpenedFile;
using dlcheck::testing::TempProject;

namespace {

namespace fs = std::filesystem;

std::string refusal(const dlcheck::ProjectPaths& paths, const std::string& declared) {
  auto opened = dlcheck::open_project_file(paths, declared);
  if (std::holds_alternative<OpenedFile>(opened)) return "opened";
  return std::get<FileRefusal>(opened).message;
}

// What an open reads: the file's text, or the refusal.
std::string content(const dlcheck::ProjectPaths& paths, const std::string& declared) {
  auto opened = dlcheck::open_project_file(paths, declared);
  if (auto* refused = std::get_if<FileRefusal>(&opened)) return refused->message;
  auto read = dlcheck::read_file(std::get<OpenedFile>(opened), {1024, ""});
  return std::get<dlcheck::FileText>(read).text;
}

// Each case runs twice: with openat2, and by the component walk of kernels without it (which
// also resolves every symlink when openat2 is there).
struct Resolution {
  explicit Resolution(bool openat2) { dlcheck::detail::allow_openat2(openat2); }
  ~Resolution() { dlcheck::detail::allow_openat2(true); }
};

constexpr std::string_view kOutside = "the path is a symlink that resolves outside the project root";

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
  const Resolution resolution(GENERATE(true, false));
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
  CHECK(refusal(paths, "logs/") == "this is a directory, not a file");
  CHECK(refusal(paths, "logs/log.csv/") == "cannot open the file: Not a directory");
  CHECK(refusal(paths, "logs/log.csv/more") == "cannot open the file: Not a directory");
}

TEST_CASE("project_files: a folder swapped for a symlink out of the root leads nowhere", "[project_files]") {
  const Resolution resolution(GENERATE(true, false));
  TempProject project;
  TempProject outside;
  outside.write("logs/log.csv", "marker outside the root");
  outside.write("log.csv", "marker outside the root");
  const auto evidence = project.write("sub/evidence.json", "{}");
  project.write("sub/logs/log.csv", "inside");
  const auto paths = dlcheck::locate_project(evidence, std::nullopt);
  REQUIRE(content(paths, "logs/log.csv") == "inside");

  // After the project was located, a folder on the way becomes a symlink to one outside.
  fs::remove_all(project.root() / "sub/logs");
  fs::create_directory_symlink(outside.root() / "logs", project.root() / "sub/logs");
  CHECK(content(paths, "logs/log.csv") == kOutside);
  // The evidence folder itself, too: it was found inside the root, and is not trusted for it.
  fs::rename(project.root() / "sub", project.root() / "old_sub");
  fs::create_directory_symlink(outside.root(), project.root() / "sub");
  CHECK(content(paths, "log.csv") == kOutside);
  CHECK(content(paths, "logs/log.csv") == kOutside);
  // A relative link climbing out of the root is refused as it leaves, whatever it names next.
  fs::remove(project.root() / "sub");
  fs::create_directory_symlink("../" + outside.root().filename().string(), project.root() / "sub");
  CHECK(content(paths, "log.csv") == kOutside);
}

TEST_CASE("project_files: symlinks inside the root are followed while they stay inside", "[project_files]") {
  const Resolution resolution(GENERATE(true, false));
  TempProject project;
  const auto evidence = project.write("sub/evidence.json", "{}");
  project.write("sub/logs/log.csv", "log");
  project.write("shared/ids.txt", "ids");
  const auto paths = dlcheck::locate_project(evidence, std::nullopt);
  const fs::path root = fs::canonical(project.root());

  fs::create_symlink(root / "shared/ids.txt", root / "sub/absolute_link");
  CHECK(content(paths, "absolute_link") == "ids");
  fs::create_symlink("../shared/ids.txt", root / "sub/relative_link");
  CHECK(content(paths, "relative_link") == "ids");
  // Out of the root by "..", and back in by the root's own name: still inside.
  fs::create_symlink("../" + root.filename().string() + "/shared/ids.txt", root / "round_trip");
  CHECK(content(paths, "../round_trip") == "ids");
  fs::create_directory_symlink("logs", root / "sub/logs_link");
  CHECK(content(paths, "logs_link/log.csv") == "log");
  CHECK(content(paths, "logs_link/../logs/log.csv") == "log");
  // A chain of links, each relative to its own folder.
  fs::create_symlink("../sub/logs_link/log.csv", root / "shared/chain");
  fs::create_symlink("../shared/chain", root / "sub/chain");
  CHECK(content(paths, "chain") == "log");
  fs::create_symlink("missing.csv", root / "sub/dangling");
  CHECK(content(paths, "dangling") == "no such file");
  // Out through an absolute link: refused even where the target does not exist.
  fs::create_symlink("/nonexistent/file", root / "sub/outside_missing");
  CHECK(content(paths, "outside_missing") == kOutside);
  // 40 links in a row are followed, as the kernel would; 41 are a loop.
  for (int i = 0; i < 41; ++i) {
    fs::create_symlink(i == 0 ? std::string("logs/log.csv") : "hop" + std::to_string(i - 1),
                       root / ("sub/hop" + std::to_string(i)));
  }
  CHECK(content(paths, "hop39") == "log");
  CHECK(content(paths, "hop40") == "the path is a symlink loop");
}

TEST_CASE("project_files: devices are refused without being read, even below --root /", "[project_files]") {
  const Resolution resolution(GENERATE(true, false));
  TempProject project;
  const auto evidence = project.write("evidence.json", "{}");
  const auto paths = dlcheck::locate_project(evidence, fs::path("/"));
  const std::string up = fs::path("/").lexically_relative(paths.evidence_dir).string();
  CHECK(refusal(paths, up + "/dev/zero") == "this is not a regular file");
  CHECK(refusal(paths, up + "/dev/null") == "this is not a regular file");
  CHECK(refusal(paths, up + "/dev") == "this is a directory, not a file");
  // Below its own root, a link to a device is a link out of the root.
  fs::create_symlink("/dev/zero", project.root() / "zero.csv");
  CHECK(refusal(dlcheck::locate_project(evidence, std::nullopt), "zero.csv") == kOutside);
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

TEST_CASE("project_files: a run's folder facts are asked once, a new run asks again", "[project_files]") {
  TempProject project;
  const auto evidence = project.write("class/alice/evidence.json", "{}");
  fs::create_directories(project.root() / "class/alice/.git");
  dlcheck::FolderFacts facts;
  const fs::path alice = fs::canonical(project.root() / "class/alice");
  CHECK(dlcheck::locate_project(evidence, std::nullopt, std::nullopt, &facts).root == alice);
  fs::remove_all(project.root() / "class/alice/.git");
  // The run remembers; another run, or none, sees the folder as it is now.
  CHECK(dlcheck::locate_project(evidence, std::nullopt, std::nullopt, &facts).root == alice);
  dlcheck::FolderFacts next_run;
  CHECK(dlcheck::locate_project(evidence, std::nullopt, std::nullopt, &next_run).root == fs::canonical(project.root()));
  CHECK(dlcheck::locate_project(evidence, std::nullopt).root == fs::canonical(project.root()));
  CHECK(facts.current_path() == fs::current_path());
}

TEST_CASE("project_files: an evidence file opens through its root, never through a swapped folder", "[project_files]") {
  TempProject project, outside;
  const auto evidence = project.write("class/alice/evidence.json", "{\"task\": \"a\"}");
  fs::create_directories(project.root() / "class/alice/.git");
  outside.write("bob/evidence.json", "{\"task\": \"secret\"}");
  fs::create_directories(outside.root() / "bob/.git");
  fs::create_directory_symlink(outside.root() / "bob", project.root() / "class/bob");
  const fs::path anchor = project.root() / "class";
  dlcheck::FolderFacts facts;

  const auto alice = dlcheck::locate_project(evidence, std::nullopt, anchor, &facts);
  CHECK(alice.root == alice.evidence_dir);
  auto opened = dlcheck::open_evidence_file(alice, "evidence.json");
  REQUIRE(std::holds_alternative<OpenedFile>(opened));
  CHECK(std::get<dlcheck::FileText>(dlcheck::read_file(std::get<OpenedFile>(opened), {1024, ""})).text ==
        "{\"task\": \"a\"}");
  // Bob's folder is a link out of the class: its .git makes it a root, which is never opened.
  const auto bob = dlcheck::locate_project(anchor / "bob/evidence.json", std::nullopt, anchor, &facts);
  CHECK(bob.root == bob.evidence_dir);
  auto refused = dlcheck::open_evidence_file(bob, "evidence.json");
  REQUIRE(std::holds_alternative<FileRefusal>(refused));
  CHECK(std::get<FileRefusal>(refused).message == "a folder on the way is a symlink");
}
