// Replays every input the fuzzers once crashed on (tests/regressions/<target>/) and every seed
// (fuzz/seeds/<target>/) through the fuzz targets' own bodies, in the ordinary build: a fixed
// crash stays fixed without libFuzzer, and the sanitizer build replays them under ASan/UBSan.

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputs_of(std::string_view target) {
  std::vector<fs::path> inputs;
  for (const char* folder : {DLCHECK_REGRESSIONS_DIR, DLCHECK_SEEDS_DIR}) {
    const fs::path dir = fs::path(folder) / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.is_regular_file()) inputs.push_back(entry.path());
    }
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void replay(std::string_view target) {
  const auto run = dlcheck::fuzz::find_target(target);
  REQUIRE(run != nullptr);
  const auto inputs = inputs_of(target);
  CHECK_FALSE(inputs.empty());
  for (const fs::path& input : inputs) {
    INFO(input.string());
    const std::string data = contents(input);
    CHECK_NOTHROW(run(data));
  }
}

}  // namespace

TEST_CASE("fuzz regressions: evidence", "[fuzz]") { replay("evidence"); }
TEST_CASE("fuzz regressions: training_log", "[fuzz]") { replay("training_log"); }
TEST_CASE("fuzz regressions: tensorboard", "[fuzz]") { replay("tensorboard"); }
TEST_CASE("fuzz regressions: predictions", "[fuzz]") { replay("predictions"); }
TEST_CASE("fuzz regressions: config", "[fuzz]") { replay("config"); }
TEST_CASE("fuzz regressions: mlflow_files", "[fuzz]") { replay("mlflow_files"); }
TEST_CASE("fuzz regressions: mlflow_sqlite", "[fuzz]") { replay("mlflow_sqlite"); }
TEST_CASE("fuzz regressions: log_folder", "[fuzz]") { replay("log_folder"); }
