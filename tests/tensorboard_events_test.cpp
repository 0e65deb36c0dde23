// TensorBoard event files: records checked against both CRCs, the Event protobuf decoded by hand,
// every scalar encoding read, hostile files refused with the record and byte named, and the
// event files real libraries wrote (../shared/real-runs) read to their published ground truth.

#include "artifacts/tensorboard_events.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "event_file_writer.hpp"
#include "io/crc32c.hpp"
#include "temp_project.hpp"

namespace fs = std::filesystem;
using namespace dlcheck::testing::events;
using dlcheck::EventFileError;
using dlcheck::EventFileSummary;

namespace {

struct Point {
  std::string tag;
  double step = 0;
  double value = 0;
  std::uint64_t offset = 0;
  std::size_t line = 0;
};

class CollectingSink : public dlcheck::ScalarSink {
 public:
  void scalar(std::string_view tag, double step, double value, const dlcheck::ScalarPlace& place) override {
    points.push_back(Point{std::string(tag), step, value, place.offset, place.line});
  }
  std::vector<Point> points;
};

struct Parsed {
  std::vector<Point> points;
  EventFileSummary summary;
  std::string error;  // empty when the file was read
  std::uint64_t error_offset = 0;
};

Parsed parse(std::string_view bytes, const dlcheck::EventFileLimits& limits = {}) {
  CollectingSink sink;
  const auto result = dlcheck::parse_event_file(bytes, sink, limits);
  Parsed parsed{sink.points, {}, {}, 0};
  if (const auto* error = std::get_if<EventFileError>(&result)) {
    parsed.error = error->message;
    parsed.error_offset = error->offset;
  } else {
    parsed.summary = std::get<EventFileSummary>(result);
  }
  return parsed;
}

Parsed read_through_descriptor(const fs::path& path, const dlcheck::EventFileLimits& limits = {}) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  CollectingSink sink;
  const auto result = dlcheck::read_event_file(fd, sink, limits);
  ::close(fd);
  Parsed parsed{sink.points, {}, {}, 0};
  if (const auto* error = std::get_if<EventFileError>(&result)) {
    parsed.error = error->message;
    parsed.error_offset = error->offset;
  } else {
    parsed.summary = std::get<EventFileSummary>(result);
  }
  return parsed;
}

std::string contents(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A header with this length and a length CRC that holds.
std::string header(std::uint64_t length) {
  const std::string bytes = le(length, 8);
  return bytes + le(dlcheck::mask_crc32c(dlcheck::crc32c(bytes)), 4);
}

// The usual start of a file: the file_version record (40 bytes) and one loss (42 bytes).
const std::string kStart =
    record(file_version_event(1700000000.5)) + record(summary_event(1700000001, 1, simple_value("loss", 0.5f)));

}  // namespace

TEST_CASE("crc32c: the published check values", "[tensorboard]") {
  using dlcheck::crc32c;
  CHECK(crc32c("123456789") == 0xe3069283u);
  CHECK(crc32c("") == 0u);
  // RFC 3720 (iSCSI), appendix B.4.
  CHECK(crc32c(std::string(32, '\0')) == 0x8a9136aau);
  CHECK(crc32c(std::string(32, '\xff')) == 0x62a8ab43u);
  std::string ascending;
  for (int i = 0; i < 32; ++i) ascending += static_cast<char>(i);
  CHECK(crc32c(ascending) == 0x46dd794eu);
  std::string descending(ascending.rbegin(), ascending.rend());
  CHECK(crc32c(descending) == 0x113fdb5cu);
  // Continued over pieces of every alignment, the CRC is the CRC of the whole.
  for (std::size_t cut = 0; cut <= ascending.size(); ++cut) {
    const std::string_view whole(ascending);
    CHECK(crc32c(whole.substr(cut), crc32c(whole.substr(0, cut))) == 0x46dd794eu);
  }
  CHECK(dlcheck::mask_crc32c(0) == 0xa282ead8u);
  CHECK(dlcheck::mask_crc32c(0x00008000u) == 0xa282ead9u);
}

TEST_CASE("tensorboard: every scalar encoding is read with its tag, step, value and record offset", "[tensorboard]") {
  std::string file = record(file_version_event(1700000000.25));
  const std::uint64_t second = file.size();
  // Two values in one summary, and the step after the summary: the step still applies.
  file += record(double_field(1, 1700000001) +
                 bytes_field(5, simple_value("train/loss", 2.5f) + simple_value("lr", 0.125f)) + varint_field(2, 7));
  const std::uint64_t third = file.size();
  file += record(summary_event(1700000002, 8,
                               tensor_value("float_val", float_val_tensor(1.75f)) +
                                   tensor_value("double_val", double_val_tensor(0.1)) +
                                   tensor_value("content_float", float_content_tensor(-3.5f)) +
                                   tensor_value("content_double", double_content_tensor(1e-300))));
  const std::uint64_t fourth = file.size();
  // Unpacked float_val and double_val, and a shape [1, 1]: one element all the same.
  file += record(summary_event(1700000003, -1,
                               tensor_value("unpacked_float", varint_field(1, kDtFloat) + float_field(5, 4.0f)) +
                                   tensor_value("unpacked_double", varint_field(1, kDtDouble) + double_field(6, 5.0)) +
                                   tensor_value("shape_1x1", varint_field(1, kDtFloat) + bytes_field(2, shape({1, 1})) +
                                                                 bytes_field(5, le(bits_of(6.0f), 4)))));
  const auto parsed = parse(file);
  REQUIRE(parsed.error.empty());
  CHECK(parsed.summary.records == 4);
  CHECK(parsed.summary.scalars == 9);
  CHECK(parsed.summary.first_wall_time == 1700000000.25);
  CHECK(parsed.summary.file_version == "brain.Event:2");
  CHECK_FALSE(parsed.summary.truncated_tail);
  const std::vector<std::tuple<std::string, double, double, std::uint64_t>> expected = {
      {"train/loss", 7, 2.5, second},      {"lr", 7, 0.125, second},
      {"float_val", 8, 1.75, third},       {"double_val", 8, 0.1, third},
      {"content_float", 8, -3.5, third},   {"content_double", 8, 1e-300, third},
      {"unpacked_float", -1, 4.0, fourth}, {"unpacked_double", -1, 5.0, fourth},
      {"shape_1x1", -1, 6.0, fourth},
  };
  REQUIRE(parsed.points.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& [tag, step, value, offset] = expected[i];
    INFO(tag);
    CHECK(parsed.points[i].tag == tag);
    CHECK(parsed.points[i].step == step);
    CHECK(parsed.points[i].value == value);  // exact: a float widened, a double as written
    CHECK(parsed.points[i].offset == offset);
    CHECK(parsed.points[i].line == 0);
  }
  CHECK(second == 40);
}

TEST_CASE("tensorboard: NaN and infinity reach the sink as they are", "[tensorboard]") {
  const auto parsed =
      parse(record(summary_event(1, 1, simple_value("loss", std::nanf("")) + simple_value("loss", INFINITY))) +
            record(summary_event(2, 2, tensor_value("loss", double_val_tensor(-INFINITY)))));
  REQUIRE(parsed.error.empty());
  REQUIRE(parsed.points.size() == 3);
  CHECK(std::isnan(parsed.points[0].value));
  CHECK(parsed.points[1].value == std::numeric_limits<double>::infinity());
  CHECK(parsed.points[2].value == -std::numeric_limits<double>::infinity());
  CHECK_FALSE(parsed.summary.first_wall_time == std::nullopt);
  CHECK(parsed.summary.file_version.empty());
}

TEST_CASE("tensorboard: tensors that are not one float or double are skipped", "[tensorboard]") {
  const std::string values =
      // Two elements in tensor_content, in float_val, in double_val.
      tensor_value("content_2", varint_field(1, kDtFloat) + bytes_field(2, shape({2})) +
                                    bytes_field(4, le(bits_of(1.0f), 4) + le(bits_of(2.0f), 4))) +
      tensor_value("float_val_2",
                   varint_field(1, kDtFloat) + bytes_field(5, le(bits_of(1.0f), 4) + le(bits_of(2.0f), 4))) +
      tensor_value("double_val_2", varint_field(1, kDtDouble) + double_field(6, 1) + double_field(6, 2)) +
      // One value filling a shape of 3 (TensorFlow's fill), an unknown rank, an empty tensor.
      tensor_value("fill_3", varint_field(1, kDtFloat) + bytes_field(2, shape({3})) + float_field(5, 1)) +
      tensor_value("unknown_rank", varint_field(1, kDtFloat) + bytes_field(2, varint_field(3, 1)) + float_field(5, 1)) +
      tensor_value("no_values", varint_field(1, kDtFloat) + bytes_field(2, "")) +
      // Another dtype (a string, an int32), float values under the double dtype, wrong content sizes.
      tensor_value("string", varint_field(1, kDtString) + bytes_field(8, "text")) +
      tensor_value("int32", varint_field(1, 3) + bytes_field(4, le(7, 4))) +
      tensor_value("double_with_float_val", varint_field(1, kDtDouble) + float_field(5, 1)) +
      tensor_value("content_6_bytes", varint_field(1, kDtFloat) + bytes_field(4, "123456")) +
      // An image (another member of the value oneof) after a simple_value, and a value with no value.
      bytes_field(1, bytes_field(1, "image") + float_field(2, 1) + bytes_field(4, "png")) +
      bytes_field(1, bytes_field(1, "metadata_only") + bytes_field(9, bytes_field(1, "scalars"))) +
      simple_value("kept", 9.0f);
  const auto parsed = parse(record(summary_event(1, 3, values)));
  REQUIRE(parsed.error.empty());
  CHECK(parsed.summary.scalars == 1);
  REQUIRE(parsed.points.size() == 1);
  CHECK(parsed.points[0].tag == "kept");
  CHECK(parsed.points[0].value == 9.0);
}

TEST_CASE("tensorboard: unknown fields of every wire type are skipped, however large or nested", "[tensorboard]") {
  std::string nested = "x";
  for (int depth = 0; depth < 10000; ++depth) nested = bytes_field(1, nested);
  const std::string unknown = varint_field(100, ~std::uint64_t{0}) + double_field(101, 1) + float_field(102, 1) +
                              bytes_field(103, std::string(300000, '\x07')) + bytes_field(104, nested);
  const std::string value = bytes_field(1, unknown + bytes_field(1, "loss") + unknown + float_field(2, 0.25f));
  const std::string tensor = unknown + float_content_tensor(0.75f) + unknown;
  const std::string event = unknown + summary_event(1, 5, unknown + value + tensor_value("tensor", tensor)) + unknown;
  const std::string file = kStart + record(event);
  const auto parsed = parse(file);
  REQUIRE(parsed.error.empty());
  CHECK(parsed.summary.records == 3);
  REQUIRE(parsed.points.size() == 3);
  CHECK(parsed.points[1].tag == "loss");
  CHECK(parsed.points[1].step == 5);
  CHECK(parsed.points[1].value == 0.25);
  CHECK(parsed.points[2].tag == "tensor");
  CHECK(parsed.points[2].value == 0.75);
  CHECK(parsed.points[2].offset == 82);
}

TEST_CASE("tensorboard: a bad checksum names the record and its byte", "[tensorboard]") {
  REQUIRE(kStart.size() == 82);
  const std::string third = record(summary_event(1700000002, 2, simple_value("loss", 0.25f)));
  SECTION("the length checksum") {
    std::string file = kStart + third;
    file[82 + 9] ^= 0x01;
    const auto parsed = parse(file);
    CHECK(parsed.error == "record 3 at byte 82: length checksum mismatch");
    CHECK(parsed.error_offset == 82);
    CHECK(parsed.points.size() == 1);  // the scalars before stay fed
  }
  SECTION("the length itself") {
    std::string file = kStart + third;
    file[82] ^= 0x01;
    CHECK(parse(file).error == "record 3 at byte 82: length checksum mismatch");
  }
  SECTION("the data") {
    std::string file = kStart + third;
    file[82 + 20] ^= 0x40;
    const auto parsed = parse(file);
    CHECK(parsed.error == "record 3 at byte 82: data checksum mismatch");
    CHECK(parsed.error_offset == 82);
  }
  SECTION("the data checksum") {
    std::string file = kStart + third;
    file[file.size() - 1] ^= 0x80;
    CHECK(parse(file).error == "record 3 at byte 82: data checksum mismatch");
  }
  SECTION("a file of zeros") {
    CHECK(parse(std::string(4096, '\0')).error == "record 1 at byte 0: length checksum mismatch");
  }
  SECTION("text") {
    CHECK(parse("epoch,loss\n1,0.5\n2,0.4\n").error == "record 1 at byte 0: length checksum mismatch");
  }
}

TEST_CASE("tensorboard: a last record cut short is ignored and flagged", "[tensorboard]") {
  const std::string last = record(summary_event(1700000002, 2, simple_value("loss", 0.25f)));
  for (std::size_t kept = 1; kept < last.size(); ++kept) {
    INFO("kept " << kept << " of " << last.size() << " bytes");
    const auto parsed = parse(kStart + last.substr(0, kept));
    REQUIRE(parsed.error.empty());
    CHECK(parsed.summary.truncated_tail);
    CHECK(parsed.summary.truncated_at == 82);
    CHECK(parsed.summary.records == 2);
    CHECK(parsed.points.size() == 1);
  }
  // A whole file is not truncated; an empty one neither.
  CHECK_FALSE(parse(kStart + last).summary.truncated_tail);
  const auto empty = parse("");
  CHECK(empty.error.empty());
  CHECK(empty.summary.records == 0);
  CHECK_FALSE(empty.summary.truncated_tail);
  CHECK(empty.summary.first_wall_time == std::nullopt);
}

TEST_CASE("tensorboard: a record length past the limit is an error, never an allocation", "[tensorboard]") {
  const std::uint64_t huge = std::uint64_t{1} << 63;
  CHECK(parse(kStart + header(huge) + "data").error ==
        "record 3 at byte 82: length 9223372036854775808 is over the limit of 67108864 bytes");
  CHECK(parse(header(~std::uint64_t{0})).error ==
        "record 1 at byte 0: length 18446744073709551615 is over the limit of 67108864 bytes");
  // A length of 2^63 whose checksum does not hold is a checksum error like any other.
  CHECK(parse(le(huge, 8) + le(0, 4)).error == "record 1 at byte 0: length checksum mismatch");
  // Within the limit but past the end of the file: the last record, cut short.
  const auto past_end = parse(kStart + header(1000) + "data");
  CHECK(past_end.error.empty());
  CHECK(past_end.summary.truncated_tail);
  CHECK(past_end.summary.truncated_at == 82);
  // The limit is the caller's.
  CHECK(parse(kStart, {25}).error == "record 2 at byte 40: length 26 is over the limit of 25 bytes");
}

TEST_CASE("tensorboard: a malformed event names the record and the byte of the field", "[tensorboard]") {
  // Each event is the data of record 3 at byte 82, so its bytes start at byte 94.
  const auto error_of = [](const std::string& event) { return parse(kStart + record(event)).error; };
  CHECK(error_of(varint_field(2, 1) + key(2, 0) + std::string(10, '\x80') + "\x01") ==
        "record 3 at byte 82: malformed event at byte 96: a varint longer than 10 bytes");
  CHECK(error_of(varint_field(2, 1) + key(2, 0) + "\x80\x80") ==
        "record 3 at byte 82: malformed event at byte 96: a varint cut short by the end of its message");
  CHECK(error_of(std::string(11, '\xff')) ==
        "record 3 at byte 82: malformed event at byte 94: a varint longer than 10 bytes");
  // A 10-byte varint is fine: the step -1.
  CHECK(error_of(summary_event(1, -1, simple_value("loss", 1))).empty());
  // A Value whose tag runs past the Value, though not past the Event.
  const std::string value = key(1, 2) + varint(20) + "loss" + float_field(2, 1);
  CHECK(error_of(bytes_field(5, bytes_field(1, value)) + varint_field(2, 1)) ==
        "record 3 at byte 82: malformed event at byte 98: field 1 of 20 bytes runs past the end of its message");
  CHECK(error_of(bytes_field(5, "\x0a\x05") + varint_field(2, 1)) ==
        "record 3 at byte 82: malformed event at byte 96: field 1 of 5 bytes runs past the end of its message");
  CHECK(error_of(varint_field(2, 1) + key(1, 1) + "1234567") ==
        "record 3 at byte 82: malformed event at byte 96: field 1 of 8 bytes runs past the end of its message");
  CHECK(error_of(key(9, 5) + "123") ==
        "record 3 at byte 82: malformed event at byte 94: field 9 of 4 bytes runs past the end of its message");
  CHECK(error_of(key(5, 2) + varint(std::uint64_t{1} << 63)) ==
        "record 3 at byte 82: malformed event at byte 94: field 5 of 9223372036854775808 bytes runs past the end of "
        "its message");
  // Groups (3 and 4) and the wire types that do not exist (6 and 7), at every level.
  CHECK(error_of(key(7, 3) + key(7, 4)) ==
        "record 3 at byte 82: malformed event at byte 94: field 7 has the group wire type 3, which event files never "
        "hold");
  CHECK(error_of(varint_field(2, 1) + key(5, 4)) ==
        "record 3 at byte 82: malformed event at byte 96: field 5 has the group wire type 4, which event files never "
        "hold");
  CHECK(error_of(bytes_field(5, bytes_field(1, bytes_field(8, key(3, 6))))) ==
        "record 3 at byte 82: malformed event at byte 100: field 3 has the invalid wire type 6");
  CHECK(error_of(key(1, 7)) == "record 3 at byte 82: malformed event at byte 94: field 1 has the invalid wire type 7");
  CHECK(error_of(std::string("\x00\x00", 2)) ==
        "record 3 at byte 82: malformed event at byte 94: field number 0 is out of range");
  // A packed float_val that is not a whole number of floats.
  CHECK(error_of(summary_event(1, 1, tensor_value("t", varint_field(1, kDtFloat) + bytes_field(5, "123456")))) ==
        "record 3 at byte 82: malformed event at byte 116: packed field 5 of 6 bytes is not a whole number of values");
  // Inside a shape.
  CHECK(error_of(summary_event(1, 1, tensor_value("t", bytes_field(2, bytes_field(2, key(1, 3)))))) ==
        "record 3 at byte 82: malformed event at byte 118: field 1 has the group wire type 3, which event files never "
        "hold");
}

TEST_CASE("tensorboard: the file version is kept printable and short", "[tensorboard]") {
  const auto parsed = parse(record(file_version_event(1, "brain\x1b[31m:" + std::string(100, 'v'))) +
                            record(file_version_event(2, "second")));
  REQUIRE(parsed.error.empty());
  CHECK(parsed.summary.file_version == "brain\\x1b[31m:" + std::string(53, 'v') + "…");
  CHECK(parsed.summary.first_wall_time == 1.0);
  // A cut never falls inside a character: "é" across byte 64 is left out whole.
  const auto accented = parse(record(file_version_event(1, std::string(63, 'v') + "é!")));
  CHECK(accented.summary.file_version == std::string(63, 'v') + "…");
}

TEST_CASE("tensorboard: read through a descriptor, a file gives what its bytes give", "[tensorboard]") {
  dlcheck::testing::TempProject project;
  // Many records across the 64 KiB buffer, a record larger than it, then more records.
  std::string file = record(file_version_event(1));
  for (int step = 0; step < 5000; ++step)
    file += record(summary_event(2, step, simple_value("train/loss", step * 0.5f)));
  file += record(summary_event(
      3, 5000,
      bytes_field(1, bytes_field(9, std::string(200000, 'm')) + bytes_field(1, "big") + float_field(2, 1.5f))));
  for (int step = 5001; step < 6000; ++step) file += record(summary_event(4, step, simple_value("val/loss", 1.0f)));
  const auto path = project.write("events.out.tfevents.1", file);
  const auto from_memory = parse(file);
  const auto from_file = read_through_descriptor(path);
  REQUIRE(from_file.error.empty());
  CHECK(from_file.summary.records == 6001);
  CHECK(from_file.summary.scalars == 6000);
  REQUIRE(from_file.points.size() == from_memory.points.size());
  for (std::size_t i = 0; i < from_file.points.size(); ++i) {
    const auto& a = from_file.points[i];
    const auto& b = from_memory.points[i];
    if (a.tag != b.tag || a.step != b.step || a.value != b.value || a.offset != b.offset)
      FAIL("point " << i << " differs");
  }
  CHECK(from_file.points[5000].tag == "big");
  CHECK(from_file.points[4999].value == 4999 * 0.5f);

  // Cut short, or with a length past the limit, through the descriptor as in memory.
  const auto cut = project.write("cut", file.substr(0, file.size() - 3));
  const auto cut_read = read_through_descriptor(cut);
  CHECK(cut_read.summary.truncated_tail);
  CHECK(cut_read.summary.truncated_at ==
        file.size() - record(summary_event(4, 5999, simple_value("val/loss", 1.0f))).size());
  CHECK(cut_read.summary.records == 6000);
  CHECK(read_through_descriptor(path, {100000}).error ==
        "record 5002 at byte 244912: length 200034 is over the limit of 100000 bytes");
  // A huge length within the limit in a small file: cut short, the buffer never grown to it.
  const auto lying = project.write("lying", kStart + header(60 * 1024 * 1024) + "abc");
  CHECK(read_through_descriptor(lying).summary.truncated_at == 82);

  // A descriptor that cannot be read.
  const int directory = ::open(project.root().c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(directory >= 0);
  CollectingSink sink;
  const auto result = dlcheck::read_event_file(directory, sink);
  ::close(directory);
  REQUIRE(std::holds_alternative<EventFileError>(result));
  CHECK(std::get<EventFileError>(result).message == "cannot read the file at byte 0: is a directory");
}

TEST_CASE("tensorboard: detection looks at the first record's length checksum", "[tensorboard]") {
  CHECK(dlcheck::looks_like_event_file(kStart));
  CHECK(dlcheck::looks_like_event_file(std::string_view(kStart).substr(0, 12)));
  CHECK_FALSE(dlcheck::looks_like_event_file(std::string_view(kStart).substr(0, 11)));
  CHECK_FALSE(dlcheck::looks_like_event_file(""));
  CHECK_FALSE(dlcheck::looks_like_event_file("epoch,loss,val_loss\n0,0.9,1.0\n1,0.8,0.9\n"));
  CHECK_FALSE(dlcheck::looks_like_event_file("{\"log_history\": [{\"loss\": 0.5, \"step\": 1}]}"));
  static constexpr char kSqlite[] = "SQLite format 3\0\x10\0\x01\x01\0\x40\x20\x20";
  CHECK_FALSE(dlcheck::looks_like_event_file(std::string(kSqlite, sizeof kSqlite - 1)));
  CHECK_FALSE(dlcheck::looks_like_event_file(std::string(64, '\0')));
}

// ---- The event files real libraries wrote ----------------------------------------------------

namespace {

fs::path shared_dir() {
  if (const char* dir = std::getenv("DLCHECK_SHARED_DIR")) return dir;
  return DLCHECK_SHARED_DIR;
}

struct Curve {
  std::size_t points = 0;
  double first = 0;
  double last = 0;
  double min = 0;
};

// Every event file under `folder` (found by content, as dlcheck will), read through a descriptor;
// the curves by tag.
std::map<std::string, Curve> curves_under(const fs::path& folder, int& files) {
  std::map<std::string, Curve> curves;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    const std::string bytes = contents(path);
    if (!dlcheck::looks_like_event_file(bytes)) continue;
    ++files;
    const auto parsed = read_through_descriptor(path);
    INFO(path.string());
    REQUIRE(parsed.error.empty());
    CHECK_FALSE(parsed.summary.truncated_tail);
    CHECK(parsed.summary.file_version == "brain.Event:2");
    CHECK(parsed.summary.first_wall_time > 1.7e9);
    for (const auto& point : parsed.points) {
      CHECK(point.offset < bytes.size());
      auto& curve = curves[point.tag];
      if (curve.points++ == 0) curve.first = curve.min = point.value;
      curve.last = point.value;
      curve.min = std::min(curve.min, point.value);
    }
  }
  return curves;
}

void check_curve(const std::map<std::string, Curve>& curves, const std::string& tag, std::size_t points, double first,
                 std::optional<double> last = std::nullopt, std::optional<double> min = std::nullopt) {
  INFO(tag);
  const auto found = curves.find(tag);
  REQUIRE(found != curves.end());
  CHECK(found->second.points == points);
  CHECK(found->second.first == Approx(first).epsilon(1e-5));
  if (last) CHECK(found->second.last == Approx(*last).epsilon(1e-5));
  if (min) CHECK(found->second.min == Approx(*min).epsilon(1e-5));
}

}  // namespace

TEST_CASE("tensorboard: the real runs' event files give the README's ground truth", "[tensorboard][shared]") {
  const fs::path runs = shared_dir() / "real-runs";
  if (!fs::is_directory(runs)) {
    WARN("skipped: " << runs.string() << " is absent");
    return;
  }
  int files = 0;
  const auto lightning = curves_under(runs / "lightning-csv-and-tensorboard/tb/version_0", files);
  check_curve(lightning, "train_loss_epoch", 25, 2.15181, 0.00581317, 0.00581317);
  check_curve(lightning, "train_loss_step", 90, 2.25589, 0.000330444, 0.000330444);
  check_curve(lightning, "val_loss", 25, 1.73093, 0.0857661, 0.0769783);
  CHECK(lightning.at("test_loss").points == 1);
  CHECK(lightning.at("test_acc").points == 1);
  CHECK(files == 2);

  const auto hf = curves_under(runs / "hf-trainer/runs", files);
  check_curve(hf, "train/loss", 55, 0.69342, 0.220186, 0.0952071);
  check_curve(hf, "eval/loss", 8, 0.414857, 0.230336, 0.223119);
  check_curve(hf, "train/train_loss", 1, 0.278948);
  CHECK(files == 3);

  for (const char* style : {"simple", "newstyle"}) {
    INFO(style);
    const auto torch = curves_under(runs / "torch-summarywriter" / style, files);
    check_curve(torch, "loss/train", 25, 2.32066, 1.86376, 1.86376);
    check_curve(torch, "loss/val", 25, 2.29068, 1.8624, 1.8624);
    CHECK(torch.size() == 2);
  }
  CHECK(files == 5);

  const auto train = curves_under(runs / "tf2-scalars/logs/train", files);
  check_curve(train, "epoch_loss", 20, 1.95, 0.306662, 0.306662);
  CHECK(train.size() == 1);
  const auto validation = curves_under(runs / "tf2-scalars/logs/validation", files);
  check_curve(validation, "epoch_loss", 20, 2.05, 0.559416, 0.525205);
  CHECK(validation.size() == 1);
  CHECK(files == 7);
}
