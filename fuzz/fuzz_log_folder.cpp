// libFuzzer entry point; the body is dlcheck::fuzz::read_log_folder (fuzz_targets.cpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlcheck::fuzz::read_log_folder({reinterpret_cast<const char*>(data), size});
  return 0;
}
