// Opening a path below an open folder one component at a time, following no symlink.

#include "io/open_below.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <filesystem>

#include "temp_project.hpp"

namespace fs = std::filesystem;
using dlcheck::BelowLast;
using dlcheck::BelowRefusal;
using dlcheck::FileDescriptor;
using dlcheck::open_below;
using dlcheck::testing::TempProject;

namespace {

struct Refused {
  BelowRefusal::Reason reason;
  int error;
  std::string path;
  bool operator==(const Refused&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Refused& refused) {
  return out << "reason " << static_cast<int>(refused.reason) << ", errno " << refused.error << ", path \""
             << refused.path << "\"";
}

Refused refused(int folder, std::string_view path, BelowLast last = BelowLast::any) {
  auto opened = open_below(folder, path, last);
  REQUIRE(std::holds_alternative<BelowRefusal>(opened));
  const auto& refusal = std::get<BelowRefusal>(opened);
  return {refusal.reason, refusal.error, refusal.path};
}

}  // namespace

TEST_CASE("open_below: opens files and folders below the folder, and the folder itself for an empty path",
          "[open_below]") {
  TempProject project;
  project.write("runs/a/events.tfevents", "12345");
  const FileDescriptor root(::open(project.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(root);

  auto file = open_below(root.get(), "runs/a/events.tfevents", BelowLast::any);
  REQUIRE(std::holds_alternative<FileDescriptor>(file));
  char text[8] = {};
  CHECK(::read(std::get<FileDescriptor>(file).get(), text, sizeof text) == 5);
  CHECK(std::string(text) == "12345");

  auto folder = open_below(root.get(), "runs/a", BelowLast::folder);
  REQUIRE(std::holds_alternative<FileDescriptor>(folder));
  struct stat info {};
  REQUIRE(::fstatat(std::get<FileDescriptor>(folder).get(), "events.tfevents", &info, 0) == 0);
  CHECK(info.st_size == 5);

  auto itself = open_below(root.get(), "", BelowLast::folder);
  REQUIRE(std::holds_alternative<FileDescriptor>(itself));
  CHECK(::fstatat(std::get<FileDescriptor>(itself).get(), "runs/a/events.tfevents", &info, 0) == 0);
}

TEST_CASE("open_below: a symlink anywhere on the path is refused, its target never opened", "[open_below]") {
  TempProject project;
  TempProject outside;
  outside.write("secret/events.tfevents", "secret");
  project.write("runs/real/events.tfevents", "ok");
  fs::create_directory_symlink(outside.root() / "secret", project.root() / "runs/linked");
  fs::create_symlink(outside.root() / "secret/events.tfevents", project.root() / "runs/real/linked.tfevents");
  const FileDescriptor root(::open(project.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(root);

  const Refused on_the_way{BelowRefusal::Reason::symlink, ELOOP, "runs/linked"};
  CHECK(refused(root.get(), "runs/linked/events.tfevents") == on_the_way);
  CHECK(refused(root.get(), "runs/linked", BelowLast::folder) == on_the_way);
  CHECK(refused(root.get(), "runs/linked", BelowLast::any) == on_the_way);
  CHECK(refused(root.get(), "runs/real/linked.tfevents") ==
        Refused{BelowRefusal::Reason::symlink, ELOOP, "runs/real/linked.tfevents"});
}

TEST_CASE("open_below: '..', '.' and empty components are refused before anything is opened", "[open_below]") {
  TempProject project;
  project.write("runs/a/events.tfevents", "ok");
  const FileDescriptor runs(::open((project.root() / "runs").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(runs);
  CHECK(refused(runs.get(), "..") == Refused{BelowRefusal::Reason::bad_component, EINVAL, ".."});
  CHECK(refused(runs.get(), "a/../../runs/a/events.tfevents") ==
        Refused{BelowRefusal::Reason::bad_component, EINVAL, "a/.."});
  CHECK(refused(runs.get(), "./a", BelowLast::folder) == Refused{BelowRefusal::Reason::bad_component, EINVAL, "."});
  CHECK(refused(runs.get(), "a//events.tfevents") == Refused{BelowRefusal::Reason::bad_component, EINVAL, "a/"});
  CHECK(refused(runs.get(), "/etc/passwd") == Refused{BelowRefusal::Reason::bad_component, EINVAL, ""});
}

TEST_CASE("open_below: a missing component and a file where a folder is expected are told apart", "[open_below]") {
  TempProject project;
  project.write("runs/a/events.tfevents", "ok");
  const FileDescriptor root(::open(project.root().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  REQUIRE(root);
  CHECK(refused(root.get(), "runs/b/events.tfevents") == Refused{BelowRefusal::Reason::cannot_open, ENOENT, "runs/b"});
  CHECK(refused(root.get(), "runs/a/missing") == Refused{BelowRefusal::Reason::cannot_open, ENOENT, "runs/a/missing"});
  CHECK(refused(root.get(), "runs/a/events.tfevents/x") ==
        Refused{BelowRefusal::Reason::not_folder, ENOTDIR, "runs/a/events.tfevents"});
  CHECK(refused(root.get(), "runs/a/events.tfevents", BelowLast::folder) ==
        Refused{BelowRefusal::Reason::not_folder, ENOTDIR, "runs/a/events.tfevents"});
}
