// libFuzzer entry point; the body is dlcheck::fuzz::read_mlflow_files (fuzz_targets.cpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlcheck::fuzz::read_mlflow_files({reinterpret_cast<const char*>(data), size});
  return 0;
}
