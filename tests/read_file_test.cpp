// Reading a whole file: regular files only, within a limit, one byte-order mark dropped.

#include "io/read_file.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/checker.hpp"
#include "engine/config.hpp"
#include "temp_project.hpp"

using dlcheck::FileText;
using dlcheck::ReadFailure;
using dlcheck::testing::TempProject;

namespace {

constexpr dlcheck::ReadLimit kLimit{10, "--max-file-size"};

std::string text_of(const std::variant<FileText, ReadFailure>& read) {
  if (const auto* failure = std::get_if<ReadFailure>(&read)) return "failed: " + failure->message;
  return std::get<FileText>(read).text;
}

}  // namespace

TEST_CASE("read_file: a regular file is read whole, up to the limit", "[read_file]") {
  TempProject project;
  const auto small = project.write("small.txt", "0123456789").string();
  const auto large = project.write("large.txt", "0123456789A").string();
  CHECK(text_of(dlcheck::read_file(small, kLimit)) == "0123456789");
  CHECK(text_of(dlcheck::read_file(large, kLimit)) ==
        "failed: the file is 11 bytes, over the limit of 10 bytes (--max-file-size)");
  CHECK(std::get<ReadFailure>(dlcheck::read_file(large, kLimit)).kind == ReadFailure::Kind::too_large);
  // Or only its start is kept (a README).
  CHECK(text_of(dlcheck::read_file(large, {4, "", true})) == "0123");
  CHECK(text_of(dlcheck::read_file(project.write("empty.txt", "").string(), kLimit)).empty());
  // A file whose size says 0 (as in /proc) is read to its end all the same.
  const std::string status = text_of(dlcheck::read_file("/proc/self/status", {1 << 20, ""}));
  CHECK(status.starts_with("Name:"));
}

TEST_CASE("read_file: a byte-order mark is dropped once, and said", "[read_file]") {
  TempProject project;
  auto read = dlcheck::read_file(project.write("bom.json", "\xEF\xBB\xBF{}").string(), kLimit);
  REQUIRE(std::holds_alternative<FileText>(read));
  CHECK(std::get<FileText>(read).text == "{}");
  CHECK(std::get<FileText>(read).had_byte_order_mark);
  read = dlcheck::read_file(project.write("two.json", "\xEF\xBB\xBF\xEF\xBB\xBF{}").string(), kLimit);
  CHECK(std::get<FileText>(read).text == "\xEF\xBB\xBF{}");
  read = dlcheck::read_file(project.write("none.json", "{}").string(), kLimit);
  CHECK(std::get<FileText>(read).text == "{}");
  CHECK_FALSE(std::get<FileText>(read).had_byte_order_mark);
}

TEST_CASE("read_file: folders, FIFOs and devices are refused without reading", "[read_file]") {
  TempProject project;
  const auto refused = [](const std::string& path) {
    const auto read = dlcheck::read_file(path, kLimit);
    REQUIRE(std::holds_alternative<ReadFailure>(read));
    return std::get<ReadFailure>(read);
  };
  CHECK(refused(project.root().string()).message == "this is a directory, not a file");
  CHECK(refused(project.root().string()).kind == ReadFailure::Kind::directory);
  // A FIFO without a writer would block a plain open for ever.
  const auto fifo = project.root() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(refused(fifo.string()).message == "this is not a regular file (a FIFO, socket or device is never read)");
  CHECK(refused("/dev/zero").kind == ReadFailure::Kind::not_regular);
  CHECK(refused((project.root() / "missing").string()).message == "cannot open the file: no such file or directory");
}

TEST_CASE("read_file: the config is read under the evidence file's size limit", "[read_file][config]") {
  TempProject project;
  const auto config = project.write(".dlcheck.json", R"({"profile": "record"}                                     )");
  const auto loaded = dlcheck::load_config(config, 32);
  REQUIRE(std::holds_alternative<dlcheck::ConfigError>(loaded));
  CHECK(std::get<dlcheck::ConfigError>(loaded).message ==
        "the file is 58 bytes, over the limit of 32 bytes (--max-file-size)");
  CHECK(std::holds_alternative<dlcheck::Config>(dlcheck::load_config(config, 64)));
  // The default limit is the evidence file's.
  CHECK(std::holds_alternative<dlcheck::Config>(dlcheck::load_config(config)));
  const auto fifo = project.root() / "fifo.json";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(std::get<dlcheck::ConfigError>(dlcheck::load_config(fifo)).message ==
        "this is not a regular file (a FIFO, socket or device is never read)");
  CHECK(std::get<dlcheck::ConfigError>(dlcheck::load_config(project.root())).message == "cannot read the config file");
  // A byte-order mark is dropped, and positions count from after it.
  const auto position = [&](const std::string& text) {
    return std::get<dlcheck::ConfigError>(dlcheck::load_config(project.write("rubric.json", text))).position;
  };
  CHECK(position("\xEF\xBB\xBF{\"profile\": 7}").column == position("{\"profile\": 7}").column);
  CHECK(position("\xEF\xBB\xBF{\"profile\": 7}").column == 2);
}

TEST_CASE("read_file: an evidence file's byte-order mark is dropped once, positions are the same", "[read_file]") {
  TempProject project;
  const std::string record = "{\"task\": \"t\", \"next_step\": 7}";
  const auto with = dlcheck::check_file(project.write("a/evidence.json", "\xEF\xBB\xBF" + record).string(), {});
  const auto without = dlcheck::check_file(project.write("b/evidence.json", record).string(), {});
  REQUIRE(with.findings.size() == without.findings.size());
  for (std::size_t i = 0; i < with.findings.size(); ++i) {
    CHECK(with.findings[i].position.line == without.findings[i].position.line);
    CHECK(with.findings[i].position.column == without.findings[i].position.column);
  }
  CHECK(with.source == record);
}

TEST_CASE("read_file: a symlink is refused unopened when asked, and followed otherwise", "[read_file]") {
  TempProject project;
  const auto target = project.write("target.json", "{}");
  const auto link = project.root() / "evidence.json";
  std::filesystem::create_symlink(target, link);
  const auto refused = dlcheck::read_file(link.string(), kLimit, dlcheck::Symlinks::refuse);
  REQUIRE(std::holds_alternative<ReadFailure>(refused));
  CHECK(std::get<ReadFailure>(refused).kind == ReadFailure::Kind::symlink);
  CHECK(std::get<ReadFailure>(refused).message == "this is a symlink, which is not followed");
  CHECK(text_of(dlcheck::read_file(link.string(), kLimit, dlcheck::Symlinks::follow)) == "{}");
  CHECK(text_of(dlcheck::read_file(target.string(), kLimit, dlcheck::Symlinks::refuse)) == "{}");
  // Refused as a symlink whatever it leads to: a FIFO, or nothing at all.
  const auto fifo = project.root() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::filesystem::create_symlink(fifo, project.root() / "fifo.json");
  std::filesystem::create_symlink("nowhere.json", project.root() / "dangling.json");
  for (const char* name : {"fifo.json", "dangling.json"}) {
    const auto read = dlcheck::read_file((project.root() / name).string(), kLimit, dlcheck::Symlinks::refuse);
    REQUIRE(std::holds_alternative<ReadFailure>(read));
    CHECK(std::get<ReadFailure>(read).kind == ReadFailure::Kind::symlink);
  }
  // Followed, the target must still be a regular file within the limit.
  CHECK(std::get<ReadFailure>(dlcheck::read_file((project.root() / "fifo.json").string(), kLimit)).kind ==
        ReadFailure::Kind::not_regular);
  std::filesystem::create_symlink(project.write("large.txt", "0123456789A"), project.root() / "large.json");
  CHECK(std::get<ReadFailure>(dlcheck::read_file((project.root() / "large.json").string(), kLimit)).kind ==
        ReadFailure::Kind::too_large);
  // A symlink loop on the way to a file is no symlink at the end: it is a plain open error.
  std::filesystem::create_symlink("loop2", project.root() / "loop1");
  std::filesystem::create_symlink("loop1", project.root() / "loop2");
  CHECK(text_of(
            dlcheck::read_file((project.root() / "loop1/evidence.json").string(), kLimit, dlcheck::Symlinks::refuse)) ==
        "failed: cannot open the file: too many levels of symbolic links");
}
