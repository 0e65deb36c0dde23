#pragma once
// Reading one TensorBoard event file (events.out.tfevents.*) into scalars, in bounded memory:
// records are checked against both their CRCs, each Event protobuf is decoded by hand, and every
// scalar (simple_value, float/double tensor values, rank-0 tensor_content) goes to a ScalarSink.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "artifacts/scalar_sink.hpp"

namespace dlcheck {

struct EventFileSummary {
  std::uint64_t records = 0;  ///< complete records read, checksums verified
  std::uint64_t scalars = 0;  ///< scalars fed to the sink
  std::optional<double> first_wall_time;
  /// The first file_version ("brain.Event:2"), made printable and cut to 64 bytes between two
  /// characters, with "…" after a cut.
  std::string file_version;
  /// The last record was cut short (a file still being written): ignored, and where it began.
  bool truncated_tail = false;
  std::uint64_t truncated_at = 0;
};

struct EventFileError {
  std::string message;       ///< "record 12 at byte 3456: data checksum mismatch"
  std::uint64_t offset = 0;  ///< byte offset of the record at fault (or of the failed read)
};

using EventFileResult = std::variant<EventFileSummary, EventFileError>;

struct EventFileLimits {
  /// A record's data longer than this is an error, never allocated; TensorBoard's own writers
  /// stay far below it for scalars.
  std::uint64_t max_record_size = 64 * 1024 * 1024;
};

/// Reads an event file from `fd`, from where it stands to its end (offsets count from there),
/// feeding every scalar to `sink` in file order. The descriptor stays the caller's: it is read
/// with read(), never closed. Memory is a buffer of 64 KiB that grows only to hold one record,
/// and only as far as the file's bytes really arrive.
///
/// Errors: a length or data checksum mismatch, a record over `limits.max_record_size` (even
/// one running past the end), a malformed Event protobuf, a read error. A record whose length
/// checksum holds but whose header, data or data checksum runs past the end of the file is the
/// last one by definition: it is ignored and flagged (truncated_tail). On an error the sink
/// keeps the scalars it was fed before it.
///
/// Scalars: a simple_value; a DT_FLOAT or DT_DOUBLE tensor of one element (float_val,
/// double_val, or tensor_content) whatever its plugin metadata, since Keras names the plugin only
/// on a tag's first value. Other tensors are skipped. The tag is passed as written (possibly
/// empty, any bytes: printable() it), the step as the Event's int64 step, NaN and infinity as they are.
EventFileResult read_event_file(int fd, ScalarSink& sink, const EventFileLimits& limits = {});

/// The same, from bytes in memory (tests, fuzzing).
EventFileResult parse_event_file(std::string_view bytes, ScalarSink& sink, const EventFileLimits& limits = {});

/// Whether these first bytes (at least 12) start an event file: the first record's length
/// checksum holds. Content-based detection, never the file name.
bool looks_like_event_file(std::string_view first_bytes);

}  // namespace dlcheck
