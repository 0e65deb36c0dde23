// Writing reports: whole or not at all.

#include "io/atomic_write.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "temp_project.hpp"

using dlcheck::testing::TempProject;

TEST_CASE("atomic_write: reports are written whole, and appended to", "[atomic_write]") {
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
