#pragma once
// CRC32C (Castagnoli), the checksum of TensorBoard event files and TFRecord files, and the
// "masked" form those files store so that a CRC of data holding CRCs stays well distributed.

#include <cstdint>
#include <string_view>

namespace dlcheck {

/// CRC32C of `data`, continuing from `crc` (the CRC of the bytes before it; 0 to start).
std::uint32_t crc32c(std::string_view data, std::uint32_t crc = 0);

/// The masked CRC stored in event and TFRecord files: rotated right by 15 bits plus a constant.
constexpr std::uint32_t mask_crc32c(std::uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }

}  // namespace dlcheck
