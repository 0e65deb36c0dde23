#include "artifacts/tensorboard_events.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <memory>

#include "io/crc32c.hpp"
#include "text/source_text.hpp"

namespace dlcheck {
namespace {

// A record: uint64 length, masked CRC32C of those 8 bytes, the data, masked CRC32C of the data.
constexpr std::size_t kHeaderSize = 12;
constexpr std::size_t kFooterSize = 4;
constexpr std::size_t kInitialBuffer = 64 * 1024;
constexpr std::size_t kMaxFileVersion = 64;
constexpr std::uint64_t kMaxFieldNumber = (std::uint64_t{1} << 29) - 1;
// Whatever the limit says, a length beyond this is never a record: sizes stay far from overflow.
constexpr std::uint64_t kLargestRecord = std::uint64_t{1} << 40;

// Assembled byte by byte: right on any host, and compilers turn it into one load.
std::uint32_t load_le32(const char* p) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 | std::uint32_t{b[3]} << 24;
}

std::uint64_t load_le64(const char* p) { return load_le32(p) | std::uint64_t{load_le32(p + 4)} << 32; }

float float_of(std::uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

double double_of(std::uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

bool length_checksum_holds(const char* header) { return mask_crc32c(crc32c({header, 8})) == load_le32(header + 8); }

// ---- Protobuf wire format, by hand ----------------------------------------------------------

enum class WireType : std::uint8_t { varint = 0, fixed64 = 1, length_delimited = 2, fixed32 = 5 };

struct Field {
  std::uint64_t number = 0;
  WireType type = WireType::varint;
  std::uint64_t bits = 0;  // a varint's value, or a fixed64's or fixed32's bits
  std::string_view bytes;  // a length-delimited field's payload
};

enum class Malformed { none, long_varint, short_varint, field_number, group, wire_type, past_end, packed };

struct Problem {
  Malformed kind = Malformed::none;
  const char* at = nullptr;  // the start of the field at fault
  std::uint64_t field = 0;
  std::uint64_t length = 0;
};

// The fields of one message in order. Every field is read whole, so a field the schema does not
// name is skipped by reading it; nothing recurses into it.
class Message {
 public:
  Message(std::string_view bytes, Problem& problem)
      : p_(bytes.data()), end_(bytes.data() + bytes.size()), problem_(problem) {}

  /// The next field; false at the end of the message or on a problem (then set).
  bool next(Field& field) {
    if (p_ == end_) return false;
    field_start_ = p_;
    std::uint64_t key = 0;
    if (!read_varint(key)) return false;
    field.number = key >> 3;
    if (field.number == 0 || field.number > kMaxFieldNumber) return fail(Malformed::field_number, field.number);
    switch (key & 7) {
      case 0:
        field.type = WireType::varint;
        return read_varint(field.bits);
      case 1:
        field.type = WireType::fixed64;
        if (end_ - p_ < 8) return fail(Malformed::past_end, field.number, 8);
        field.bits = load_le64(p_);
        p_ += 8;
        return true;
      case 2: {
        field.type = WireType::length_delimited;
        std::uint64_t length = 0;
        if (!read_varint(length)) return false;
        if (length > static_cast<std::uint64_t>(end_ - p_)) return fail(Malformed::past_end, field.number, length);
        field.bytes = {p_, static_cast<std::size_t>(length)};
        p_ += length;
        return true;
      }
      case 5:
        field.type = WireType::fixed32;
        if (end_ - p_ < 4) return fail(Malformed::past_end, field.number, 4);
        field.bits = load_le32(p_);
        p_ += 4;
        return true;
      case 3:
      case 4:
        return fail(Malformed::group, field.number, key & 7);
      default:
        return fail(Malformed::wire_type, field.number, key & 7);
    }
  }

  /// Reports a problem with the field last returned by next().
  bool fail(Malformed kind, std::uint64_t field, std::uint64_t length = 0) {
    problem_ = Problem{kind, field_start_, field, length};
    return false;
  }

 private:
  bool read_varint(std::uint64_t& value) {
    std::uint64_t result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (p_ == end_) return fail(Malformed::short_varint, 0);
      const auto byte = static_cast<unsigned char>(*p_++);
      result |= std::uint64_t{byte & 0x7fu} << shift;
      if ((byte & 0x80u) == 0) {
        value = result;
        return true;
      }
    }
    return fail(Malformed::long_varint, 0);
  }

  const char* p_;
  const char* end_;
  const char* field_start_ = nullptr;
  Problem& problem_;
};

std::string describe(const Problem& problem) {
  switch (problem.kind) {
    case Malformed::long_varint:
      return "a varint longer than 10 bytes";
    case Malformed::short_varint:
      return "a varint cut short by the end of its message";
    case Malformed::field_number:
      return fmt::format("field number {} is out of range", problem.field);
    case Malformed::group:
      return fmt::format("field {} has the group wire type {}, which event files never hold", problem.field,
                         problem.length);
    case Malformed::wire_type:
      return fmt::format("field {} has the invalid wire type {}", problem.field, problem.length);
    case Malformed::past_end:
      return fmt::format("field {} of {} bytes runs past the end of its message", problem.field, problem.length);
    case Malformed::packed:
      return fmt::format("packed field {} of {} bytes is not a whole number of values", problem.field, problem.length);
    case Malformed::none:
      break;
  }
  return "no problem";
}

// ---- Event, Summary, Value, TensorProto -----------------------------------------------------

// tensorflow/core/framework/types.proto
constexpr std::uint64_t kDtFloat = 1;
constexpr std::uint64_t kDtDouble = 2;

struct PackedValues {
  std::uint64_t count = 0;
  std::uint64_t first_bits = 0;
};

// Adds a repeated float (width 4) or double (width 8) field, packed or not, to `values`.
bool add_values(Message& message, const Field& field, std::size_t width, PackedValues& values) {
  const auto wire = width == 4 ? WireType::fixed32 : WireType::fixed64;
  if (field.type == wire) {
    if (values.count++ == 0) values.first_bits = field.bits;
  } else if (field.type == WireType::length_delimited) {
    if (field.bytes.size() % width != 0) return message.fail(Malformed::packed, field.number, field.bytes.size());
    if (values.count == 0 && !field.bytes.empty()) {
      values.first_bits = width == 4 ? load_le32(field.bytes.data()) : load_le64(field.bytes.data());
    }
    values.count += field.bytes.size() / width;
  }
  return true;
}

// Whether a TensorShapeProto holds one element: rank 0, or every dimension of size 1.
bool one_element(std::string_view shape, Problem& problem, bool& single) {
  Message message(shape, problem);
  Field field;
  while (message.next(field)) {
    if (field.number == 2 && field.type == WireType::length_delimited) {  // dim
      Message dim(field.bytes, problem);
      Field size;
      while (dim.next(size)) {
        if (size.number == 1 && size.type == WireType::varint && size.bits != 1) single = false;
      }
      if (problem.kind != Malformed::none) return false;
    } else if (field.number == 3 && field.type == WireType::varint && field.bits != 0) {  // unknown_rank
      single = false;
    }
  }
  return problem.kind == Malformed::none;
}

// The one value of a float or double tensor holding a single element; nothing for any other
// tensor (a histogram, a string, a vector). False on a malformed tensor.
bool tensor_scalar(std::string_view tensor, Problem& problem, std::optional<double>& value) {
  Message message(tensor, problem);
  Field field;
  std::uint64_t dtype = 0;
  bool single = true;
  std::string_view content;
  PackedValues floats, doubles;
  while (message.next(field)) {
    if (field.number == 1 && field.type == WireType::varint) {
      dtype = field.bits;
    } else if (field.number == 2 && field.type == WireType::length_delimited) {
      if (!one_element(field.bytes, problem, single)) return false;
    } else if (field.number == 4 && field.type == WireType::length_delimited) {
      content = field.bytes;
    } else if (field.number == 5) {
      if (!add_values(message, field, 4, floats)) return false;
    } else if (field.number == 6) {
      if (!add_values(message, field, 8, doubles)) return false;
    }
  }
  if (problem.kind != Malformed::none) return false;
  if (!single) return true;
  // As TensorFlow reads a tensor: tensor_content when present, else the typed values; a single
  // typed value with a larger shape would be a fill value, which `single` already excludes.
  if (dtype == kDtFloat) {
    if (content.size() == 4) value = float_of(load_le32(content.data()));
    if (content.empty() && floats.count == 1) value = float_of(static_cast<std::uint32_t>(floats.first_bits));
  } else if (dtype == kDtDouble) {
    if (content.size() == 8) value = double_of(load_le64(content.data()));
    if (content.empty() && doubles.count == 1) value = double_of(doubles.first_bits);
  }
  return true;
}

struct EventContext {
  ScalarSink& sink;
  EventFileSummary& summary;
  std::uint64_t offset;
  std::int64_t step;
};

// One Summary.Value: its tag and, when it is a scalar, its value. The value is a oneof: the last
// of its members in the bytes wins, as in any protobuf parser.
bool read_value(std::string_view bytes, Problem& problem, EventContext& context) {
  enum class Kind { none, simple, tensor } kind = Kind::none;
  std::string_view tag;
  std::uint32_t simple_bits = 0;
  std::string_view tensor;
  Message message(bytes, problem);
  Field field;
  while (message.next(field)) {
    switch (field.number) {
      case 1:
        if (field.type == WireType::length_delimited) tag = field.bytes;
        break;
      case 2:
        if (field.type == WireType::fixed32) {
          kind = Kind::simple;
          simple_bits = static_cast<std::uint32_t>(field.bits);
        }
        break;
      case 8:
        if (field.type == WireType::length_delimited) {
          kind = Kind::tensor;
          tensor = field.bytes;
        }
        break;
      case 3:  // obsolete_old_style_histogram, image, histo, audio: the other members of the oneof
      case 4:
      case 5:
      case 6:
        if (field.type == WireType::length_delimited) kind = Kind::none;
        break;
      default:  // node_name 7, metadata 9, and anything newer
        break;
    }
  }
  if (problem.kind != Malformed::none) return false;
  std::optional<double> value;
  if (kind == Kind::simple) value = float_of(simple_bits);
  if (kind == Kind::tensor && !tensor_scalar(tensor, problem, value)) return false;
  if (value) {
    context.sink.scalar(tag, static_cast<double>(context.step), *value, ScalarPlace{context.offset, 0});
    ++context.summary.scalars;
  }
  return true;
}

// One Event record: wall_time, step and file_version first (the fields may come in any order),
// then the values of its summaries, with the step known.
bool read_event(std::string_view bytes, Problem& problem, EventContext& context) {
  Message message(bytes, problem);
  Field field;
  bool has_summary = false;
  while (message.next(field)) {
    if (field.number == 1 && field.type == WireType::fixed64) {
      if (!context.summary.first_wall_time) context.summary.first_wall_time = double_of(field.bits);
    } else if (field.number == 2 && field.type == WireType::varint) {
      context.step = static_cast<std::int64_t>(field.bits);
    } else if (field.number == 3 && field.type == WireType::length_delimited) {
      if (context.summary.file_version.empty()) {
        context.summary.file_version = printable_excerpt(field.bytes, kMaxFileVersion);
      }
    } else if (field.number == 5 && field.type == WireType::length_delimited) {
      has_summary = true;
    }
  }
  if (problem.kind != Malformed::none || !has_summary) return problem.kind == Malformed::none;
  Message again(bytes, problem);
  while (again.next(field)) {
    if (field.number != 5 || field.type != WireType::length_delimited) continue;
    Message summary(field.bytes, problem);
    Field value;
    while (summary.next(value)) {
      if (value.number == 1 && value.type == WireType::length_delimited && !read_value(value.bytes, problem, context)) {
        return false;
      }
    }
    if (problem.kind != Malformed::none) return false;
  }
  return problem.kind == Malformed::none;
}

// ---- Records ---------------------------------------------------------------------------------

// Bytes in memory: everything is already there.
class MemorySource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  bool ensure(std::size_t count) { return bytes_.size() - position_ >= count; }
  const char* data() const { return bytes_.data() + position_; }
  void consume(std::size_t count) { position_ += count; }
  bool at_end() const { return position_ == bytes_.size(); }
  const std::string& error() const { return error_; }

 private:
  std::string_view bytes_;
  std::size_t position_ = 0;
  std::string error_;  // never set: memory cannot fail to read
};

// A descriptor read through one buffer, which grows only when a record does not fit and only as
// far as the file's bytes arrive, so a lying length costs no more memory than the file holds.
class DescriptorSource {
 public:
  explicit DescriptorSource(int fd) : fd_(fd), buffer_(new char[kInitialBuffer]), capacity_(kInitialBuffer) {}
  bool ensure(std::size_t count) { return end_ - begin_ >= count || fill(count); }
  const char* data() const { return buffer_.get() + begin_; }
  void consume(std::size_t count) { begin_ += count; }
  bool at_end() const { return begin_ == end_; }
  const std::string& error() const { return error_; }

 private:
  bool fill(std::size_t count) {
    while (end_ - begin_ < count) {
      if (eof_ || !error_.empty()) return false;
      if (capacity_ - begin_ < count) {
        if (begin_ > 0) {
          std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
          end_ -= begin_;
          begin_ = 0;
        }
        if (end_ == capacity_) grow(std::min(capacity_ * 2, count));
      }
      const ssize_t got = ::read(fd_, buffer_.get() + end_, capacity_ - end_);
      if (got < 0) {
        if (errno == EINTR) continue;
        error_ = std::strerror(errno);
        if (!error_.empty()) error_[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(error_[0])));
        return false;
      }
      if (got == 0) eof_ = true;
      end_ += static_cast<std::size_t>(got);
    }
    return true;
  }

  void grow(std::size_t capacity) {
    std::unique_ptr<char[]> bigger(new char[capacity]);
    std::memcpy(bigger.get(), buffer_.get(), end_);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  }

  int fd_;
  std::unique_ptr<char[]> buffer_;  // not a vector: zero-filling it would cost more than reading
  std::size_t capacity_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  bool eof_ = false;
  std::string error_;
};

EventFileError record_error(std::uint64_t number, std::uint64_t offset, std::string_view what) {
  return EventFileError{fmt::format("record {} at byte {}: {}", number, offset, what), offset};
}

template <class Source>
EventFileResult read_records(Source& source, ScalarSink& sink, const EventFileLimits& limits) {
  EventFileSummary summary;
  std::uint64_t offset = 0;
  const std::uint64_t max_record_size = std::min(limits.max_record_size, kLargestRecord);
  const auto read_error = [&] {
    return EventFileError{fmt::format("cannot read the file at byte {}: {}", offset, source.error()), offset};
  };
  const auto truncated = [&]() -> EventFileResult {
    if (!source.error().empty()) return read_error();
    summary.truncated_tail = true;
    summary.truncated_at = offset;
    return summary;
  };
  for (std::uint64_t number = 1;; ++number) {
    if (!source.ensure(kHeaderSize)) {
      if (source.at_end() && source.error().empty()) return summary;
      return truncated();
    }
    const char* header = source.data();
    if (!length_checksum_holds(header)) return record_error(number, offset, "length checksum mismatch");
    const std::uint64_t length = load_le64(header);
    if (length > max_record_size) {
      return record_error(number, offset,
                          fmt::format("length {} is over the limit of {} bytes", length, max_record_size));
    }
    const std::size_t size = kHeaderSize + static_cast<std::size_t>(length) + kFooterSize;
    if (!source.ensure(size)) return truncated();
    const std::string_view data(source.data() + kHeaderSize, static_cast<std::size_t>(length));
    if (mask_crc32c(crc32c(data)) != load_le32(data.data() + length)) {
      return record_error(number, offset, "data checksum mismatch");
    }
    Problem problem;
    EventContext context{sink, summary, offset, 0};
    if (!read_event(data, problem, context)) {
      const auto at = offset + kHeaderSize + static_cast<std::uint64_t>(problem.at - data.data());
      return record_error(number, offset, fmt::format("malformed event at byte {}: {}", at, describe(problem)));
    }
    ++summary.records;
    source.consume(size);
    offset += size;
  }
}

}  // namespace

EventFileResult read_event_file(int fd, ScalarSink& sink, const EventFileLimits& limits) {
  DescriptorSource source(fd);
  return read_records(source, sink, limits);
}

EventFileResult parse_event_file(std::string_view bytes, ScalarSink& sink, const EventFileLimits& limits) {
  MemorySource source(bytes);
  return read_records(source, sink, limits);
}

bool looks_like_event_file(std::string_view first_bytes) {
  return first_bytes.size() >= kHeaderSize && length_checksum_holds(first_bytes.data());
}

}  // namespace dlcheck
