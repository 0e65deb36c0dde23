#pragma once
// Writes TensorBoard event files for tests: the protobuf encoding of Event, Summary, Value and
// TensorProto by hand, and records framed with masked CRC32Cs, as TensorBoard's writers do.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "io/crc32c.hpp"

namespace dlcheck::testing::events {

inline std::string varint(std::uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
  return out;
}

inline std::string le(std::uint64_t bits, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((bits >> (8 * i)) & 0xff);
  return out;
}

inline std::uint32_t bits_of(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, 4);
  return bits;
}

inline std::uint64_t bits_of(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, 8);
  return bits;
}

inline std::string key(int field, int wire_type) { return varint(static_cast<std::uint64_t>(field) << 3 | wire_type); }
inline std::string varint_field(int field, std::uint64_t value) { return key(field, 0) + varint(value); }
inline std::string double_field(int field, double value) { return key(field, 1) + le(bits_of(value), 8); }
inline std::string float_field(int field, float value) { return key(field, 5) + le(bits_of(value), 4); }
inline std::string bytes_field(int field, std::string_view bytes) {
  return key(field, 2) + varint(bytes.size()) + std::string(bytes);
}

/// A record: length, masked CRC32C of the length, the data, masked CRC32C of the data.
inline std::string record(std::string_view data) {
  const std::string length = le(data.size(), 8);
  return length + le(mask_crc32c(crc32c(length)), 4) + std::string(data) + le(mask_crc32c(crc32c(data)), 4);
}

/// The first record of every event file.
inline std::string file_version_event(double wall_time, std::string_view version = "brain.Event:2") {
  return double_field(1, wall_time) + bytes_field(3, version);
}

/// An Event with a summary holding `values` (Summary.Value messages, concatenated as fields).
inline std::string summary_event(double wall_time, std::int64_t step, std::string_view values) {
  return double_field(1, wall_time) + varint_field(2, static_cast<std::uint64_t>(step)) + bytes_field(5, values);
}

/// Summary.value (field 1) holding a tag and a simple_value.
inline std::string simple_value(std::string_view tag, float value) {
  return bytes_field(1, bytes_field(1, tag) + float_field(2, value));
}

/// Summary.value (field 1) holding a tag and a tensor (TensorProto bytes).
inline std::string tensor_value(std::string_view tag, std::string_view tensor) {
  return bytes_field(1, bytes_field(1, tag) + bytes_field(8, tensor));
}

constexpr int kDtFloat = 1;
constexpr int kDtDouble = 2;
constexpr int kDtString = 7;

/// A TensorShapeProto of these dimension sizes ({} is rank 0).
inline std::string shape(std::initializer_list<std::uint64_t> sizes) {
  std::string out;
  for (const auto size : sizes) out += bytes_field(2, varint_field(1, size));
  return out;
}

/// A rank-0 DT_FLOAT tensor with its value in packed float_val (as torch's new_style writes).
inline std::string float_val_tensor(float value) {
  return varint_field(1, kDtFloat) + bytes_field(2, "") + bytes_field(5, le(bits_of(value), 4));
}

/// A rank-0 DT_DOUBLE tensor with its value in packed double_val (torch's double_precision).
inline std::string double_val_tensor(double value) {
  return varint_field(1, kDtDouble) + bytes_field(2, "") + bytes_field(6, le(bits_of(value), 8));
}

/// A rank-0 DT_FLOAT tensor with its value in tensor_content (as tf.summary.scalar writes).
inline std::string float_content_tensor(float value) {
  return varint_field(1, kDtFloat) + bytes_field(2, "") + bytes_field(4, le(bits_of(value), 4));
}

/// A rank-0 DT_DOUBLE tensor with its value in tensor_content.
inline std::string double_content_tensor(double value) {
  return varint_field(1, kDtDouble) + bytes_field(2, "") + bytes_field(4, le(bits_of(value), 8));
}

}  // namespace dlcheck::testing::events
