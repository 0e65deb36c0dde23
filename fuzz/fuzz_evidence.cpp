// libFuzzer entry point; the body is dlcheck::fuzz::check_evidence (fuzz_targets.cpp).
#include <cstddef>
#include <cstdint>

#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  dlcheck::fuzz::check_evidence({reinterpret_cast<const char*>(data), size});
  return 0;
}
