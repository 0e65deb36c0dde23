// Tests for the CSV/TSV record reader (RFC 4180 on top of LineReader) and delimiter detection.

#include "io/csv.hpp"

#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "io/csv_rows.hpp"

using namespace dlcheck;

namespace {

using Record = std::vector<std::string>;

/// Every record of `text`, failing the test on an error.
std::vector<Record> records_of(std::string_view text, char delimiter = 0, std::size_t max_line_length = 1 << 20) {
  StringLineReader lines(text, max_line_length);
  CsvReader csv(lines, delimiter);
  std::vector<Record> records;
  while (csv.next()) records.emplace_back(csv.fields().begin(), csv.fields().end());
  CHECK_FALSE(csv.error());
  CHECK(lines.error().empty());
  return records;
}

/// The one record of `text`.
Record split(std::string_view text, char delimiter = ',') {
  const std::vector<Record> records = records_of(text, delimiter);
  REQUIRE(records.size() == 1);
  return records[0];
}

/// The error reading `text` stops with.
CsvError error_of(std::string_view text, std::size_t max_line_length = 1 << 20) {
  StringLineReader lines(text, max_line_length);
  CsvReader csv(lines);
  while (csv.next()) {
  }
  REQUIRE(csv.error());
  return *csv.error();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Delimiters

TEST_CASE("csv: the delimiter comes from the header", "[csv]") {
  CHECK(detect_delimiter("id,label,prediction") == ',');
  CHECK(detect_delimiter("id\tlabel\tprediction") == '\t');
  CHECK(detect_delimiter("id;label,prediction\t") == '\t');  // a tab wins
  CHECK(detect_delimiter("id;label;prediction") == ';');
  CHECK(detect_delimiter("a;b,c") == ',');  // as many of each: comma
  CHECK(detect_delimiter("single") == ',');
  CHECK(detect_delimiter("") == ',');
}

TEST_CASE("csv: without a delimiter given, the first line's is used for every record", "[csv]") {
  StringLineReader lines("a\tb,c\n1\t2,3\n");
  CsvReader csv(lines);
  REQUIRE(csv.next());
  CHECK(csv.delimiter() == '\t');
  CHECK(Record(csv.fields().begin(), csv.fields().end()) == Record{"a", "b,c"});
  REQUIRE(csv.next());
  CHECK(Record(csv.fields().begin(), csv.fields().end()) == Record{"1", "2,3"});
  CHECK(split("a;b,c", ';') == Record{"a", "b,c"});
}

// ---------------------------------------------------------------------------------------------
// Fields on one line

TEST_CASE("csv: unquoted fields are views into the line", "[csv]") {
  StringLineReader lines("a,bb,,ccc\n");
  CsvReader csv(lines);
  REQUIRE(csv.next());
  const auto& fields = csv.fields();
  CHECK(Record(fields.begin(), fields.end()) == Record{"a", "bb", "", "ccc"});
  CHECK(csv.text() == "a,bb,,ccc");
  CHECK(fields[1].data() == csv.text().data() + 2);
  CHECK(fields[3].data() == csv.text().data() + 6);
}

TEST_CASE("csv: empty fields at either end", "[csv]") {
  CHECK(split("a,") == Record{"a", ""});
  CHECK(split(",a") == Record{"", "a"});
  CHECK(split(",") == Record{"", ""});
  CHECK(split("only") == Record{"only"});
  CHECK(split("a\tb c\t", '\t') == Record{"a", "b c", ""});
}

TEST_CASE("csv: delimiters at every offset of a long line", "[csv]") {
  // Lines are split sixteen and eight bytes at a time: every position must be found.
  for (std::size_t width = 0; width < 40; ++width) {
    const std::string field(width, 'x');
    Record expected = {field, "", field + "y", "z"};
    CHECK(split(field + ",," + field + "y,z") == expected);
  }
}

TEST_CASE("csv: quoted fields keep delimiters and doubled quotes", "[csv]") {
  CHECK(split(R"(1,"cat, black","say ""hi""")") == Record{"1", "cat, black", R"(say "hi")"});
  CHECK(split(R"("","x")") == Record{"", "x"});
  CHECK(split(R"("""")") == Record{"\""});
  CHECK(split(R"(a,"b",)") == Record{"a", "b", ""});
  CHECK(split("a\t\"b\tc\"", '\t') == Record{"a", "b\tc"});
  CHECK(split(R"("a""")") == Record{"a\""});
}

TEST_CASE("csv: every quoted field of a record stays valid together", "[csv]") {
  // The buffer of unquoted text must not reallocate under earlier views.
  std::string line;
  Record expected;
  for (int i = 0; i < 200; ++i) {
    line += (i ? ",\"" : "\"") + std::string(i % 7 + 1, static_cast<char>('a' + i % 26)) + "\"";
    expected.push_back(std::string(i % 7 + 1, static_cast<char>('a' + i % 26)));
  }
  CHECK(split(line) == expected);
}

TEST_CASE("csv: quotes inside unquoted fields and after a closing quote are text", "[csv]") {
  CHECK(split(R"(a"b,c)") == Record{"a\"b", "c"});
  CHECK(split(R"("a"b,c)") == Record{"ab", "c"});
  CHECK(split(R"("a"b"c,d)") == Record{"ab\"c", "d"});
  CHECK(split(R"( "a,b")") == Record{" \"a", "b\""});  // a space before the quote: not quoted
}

TEST_CASE("csv: fields are replaced, not appended, by the next record", "[csv]") {
  CHECK(records_of("a,b,c\n\"x\"\n") == std::vector<Record>{{"a", "b", "c"}, {"x"}});
}

// ---------------------------------------------------------------------------------------------
// Records of several lines

TEST_CASE("csv: a quoted field may hold line breaks", "[csv]") {
  StringLineReader lines("id,text,label\n1,\"first line\nsecond, line\",pos\n\n2,plain,neg\n");
  CsvReader csv(lines);
  REQUIRE(csv.next());
  CHECK(csv.line() == 1);
  REQUIRE(csv.next());
  CHECK(Record(csv.fields().begin(), csv.fields().end()) == Record{"1", "first line\nsecond, line", "pos"});
  CHECK(csv.line() == 2);
  CHECK(csv.text() == "1,\"first line\nsecond, line\",pos");
  REQUIRE(csv.next());
  CHECK(Record(csv.fields().begin(), csv.fields().end()) == Record{"2", "plain", "neg"});
  CHECK(csv.line() == 5);  // the blank line 4 between records is skipped
  CHECK_FALSE(csv.next());
  CHECK_FALSE(csv.error());
}

TEST_CASE("csv: blank lines and doubled quotes inside a quoted field are its text", "[csv]") {
  CHECK(records_of("a,\"x\n\n  \ny\"\nb,c\n") == std::vector<Record>{{"a", "x\n\n  \ny"}, {"b", "c"}});
  CHECK(records_of("\"say \"\"hi\n\"\" twice\",1\n") == std::vector<Record>{{"say \"hi\n\" twice", "1"}});
  // A doubled quote ends a line, and the field goes on: "" is a quote, not a closing one.
  CHECK(records_of("\"a\"\"\nb\",c\n") == std::vector<Record>{{"a\"\nb", "c"}});
  // A field that closes and another that opens on the same continuation line.
  CHECK(records_of("\"a\nb\",\"c\nd\",e\nf,g,h\n") == std::vector<Record>{{"a\nb", "c\nd", "e"}, {"f", "g", "h"}});
}

TEST_CASE("csv: CRLF endings inside and outside quotes", "[csv]") {
  StringLineReader lines("a,b\r\n\"x\r\ny\",z\r\n\r\nc,\"d\"\r\n");
  CsvReader csv(lines);
  REQUIRE(csv.next());
  CHECK(Record(csv.fields().begin(), csv.fields().end()) == Record{"a", "b"});
  REQUIRE(csv.next());
  // A line break inside quotes reads as "\n", CRLF or not.
  CHECK(Record(csv.fields().begin(), csv.fields().end()) == Record{"x\ny", "z"});
  CHECK(csv.line() == 2);
  REQUIRE(csv.next());
  CHECK(Record(csv.fields().begin(), csv.fields().end()) == Record{"c", "d"});
  CHECK(csv.line() == 5);
}

TEST_CASE("csv: where each field of a record starts", "[csv]") {
  StringLineReader lines("h1,h2,h3\n\"é\",\"a\nbé\",\"c\"\"\",d\n");
  CsvReader csv(lines);
  REQUIRE(csv.next());
  REQUIRE(csv.next());
  CHECK(csv.place_of(0).line == 2);
  CHECK(csv.place_of(0).column == 1);
  CHECK(csv.place_of(1).line == 2);
  CHECK(csv.place_of(1).column == 5);  // characters, not bytes: "é" is two bytes
  CHECK(csv.place_of(2).line == 3);
  CHECK(csv.place_of(2).column == 5);
  CHECK(csv.place_of(3).line == 3);
  CHECK(csv.place_of(3).column == 11);
  CHECK(csv.place_of(4).line == 0);
}

// ---------------------------------------------------------------------------------------------
// Errors

TEST_CASE("csv: a quote not closed by the end of the file, at the quote's line and column", "[csv]") {
  CsvError error = error_of("id,label\n1,a\n2,\"cat, black\n3,b\n");
  CHECK(error.kind == CsvError::Kind::unclosed_quote);
  CHECK(error.message == "a quote is not closed");
  CHECK(error.place.line == 3);
  CHECK(error.place.column == 3);
  error = error_of("\"");
  CHECK(error.place.line == 1);
  CHECK(error.place.column == 1);
  // The quote left open is the last one opened, on a continuation line too.
  error = error_of("a,\"b\nc\",\"é\n\n");
  CHECK(error.place.line == 2);
  CHECK(error.place.column == 4);
  error = error_of("é,\"a\"\"\r\n");
  CHECK(error.place.line == 1);
  CHECK(error.place.column == 3);
}

TEST_CASE("csv: a record is capped at the line limit", "[csv]") {
  const CsvError error = error_of("a,b\n1,\"123\n4567\n89\"\n", 10);
  CHECK(error.kind == CsvError::Kind::record_too_long);
  CHECK(error.message ==
        "a quoted field runs past the limit of 10 bytes (--max-line-length); is its closing quote missing?");
  CHECK(error.place.line == 2);
  CHECK(error.place.column == 3);
  // At the limit it is read: the record is 10 bytes with its line break.
  CHECK(records_of("a,b\n1,\"12\n456\"\n", 0, 10) == std::vector<Record>{{"a", "b"}, {"1", "12\n456"}});
}

TEST_CASE("csv: a line over the limit inside a quoted field is the line reader's error", "[csv]") {
  StringLineReader lines("a,\"b\n0123456789x\"\n", 10);
  CsvReader csv(lines);
  CHECK_FALSE(csv.next());
  CHECK_FALSE(csv.error());
  CHECK(lines.error() == "line 2 is longer than the limit of 10 bytes (--max-line-length)");
}

namespace {

// A record and the line it starts on, as a reader of the file saw it.
struct Seen {
  std::size_t line;
  Record fields;
  bool operator==(const Seen&) const = default;
};

// Every record of `text` as CsvReader alone reads it.
std::vector<Seen> read_exactly(std::string_view text, std::size_t max_line_length) {
  StringLineReader lines(text, max_line_length);
  CsvReader csv(lines, ',');
  std::vector<Seen> seen;
  while (csv.next()) seen.push_back({csv.line(), Record(csv.fields().begin(), csv.fields().end())});
  return seen;
}

// The same, plain lines taken by scan_plain_rows from the buffered lines and the rest by
// CsvReader, as the predictions reader alternates them.
std::vector<Seen> read_plain_first(std::string_view text, std::size_t fields, std::size_t max_line_length,
                                   std::size_t& scanned) {
  StringLineReader lines(text, max_line_length);
  CsvReader csv(lines, ',');
  std::vector<Seen> seen;
  while (true) {
    while (true) {
      const std::string_view block = lines.buffered_lines();
      if (block.empty()) break;
      const std::size_t first = lines.line_number() + 1;
      const PlainScan scan = scan_plain_rows(block, ',', fields, max_line_length, [&](const PlainRow& row) {
        Seen record{first + row.line_offset, {}};
        for (std::size_t i = 0; i < row.fields; ++i) record.fields.emplace_back(row.field(i));
        seen.push_back(std::move(record));
        ++scanned;
      });
      lines.skip(scan.bytes, scan.lines);
      if (scan.stopped) break;
    }
    if (!csv.next()) return seen;
    seen.push_back({csv.line(), Record(csv.fields().begin(), csv.fields().end())});
  }
}

}  // namespace

TEST_CASE("csv: plain rows split in blocks are the records CsvReader reads", "[csv]") {
  // Random files of rows of three fields, a few of other counts, now and then a byte that matters
  // (delimiter, quote, line end, space, tab) anywhere; rows cross the 64-byte strides, and some
  // are over the length limit.
  std::mt19937 random(20240601);
  constexpr std::string_view kBytes = ",\"\r\n \t";
  std::size_t scanned = 0;
  for (int file = 0; file < 3000; ++file) {
    std::string text;
    for (std::size_t line = random() % 12; line > 0; --line) {
      const std::size_t fields = random() % 8 == 0 ? 2 + random() % 3 : 3;
      for (std::size_t field = 0; field < fields; ++field) {
        if (field > 0) text += ',';
        for (std::size_t i = random() % 30; i > 0; --i) {
          text += random() % 20 == 0 ? kBytes[random() % kBytes.size()] : "xyz"[random() % 3];
        }
      }
      text += random() % 3 == 0 ? "\r\n" : "\n";
    }
    if (!text.empty() && random() % 4 == 0) text.pop_back();  // no line end at the end
    const std::size_t limit = 8 + random() % 120;
    const auto exact = read_exactly(text, limit), mixed = read_plain_first(text, 3, limit, scanned);
    INFO("file " << file << ": " << text);
    CHECK(mixed == exact);
  }
  CHECK(scanned > 1500);  // rows the scan handed over, the rest CsvReader's
}

TEST_CASE("csv: long files of usual rows, now and then another line, split as CsvReader reads them", "[csv]") {
  // Thousands of rows of three fields, over many 4 KiB segments of the scan, Unix or Windows line
  // ends, and once in a while a line that is not a usual row: blank, a quote, a lone '\r', a
  // leading space, another field count, one over the length limit, or one longer than a segment.
  std::mt19937 random(20240602);
  std::size_t scanned = 0, rows = 0;
  for (int file = 0; file < 60; ++file) {
    const bool windows = file % 3 == 0;
    const std::size_t odd_every = 20 + random() % 2000;
    std::string text;
    for (std::size_t line = 500 + random() % 1500; line > 0; --line) {
      const std::size_t length = 1 + random() % 12;
      std::string row = fmt::format("id{},{},{}", line, std::string(length, "abc"[line % 3]), line % 7);
      if (random() % odd_every == 0) {
        switch (random() % 8) {
          case 0:
            row.clear();
            break;
          case 1:
            row.insert(random() % row.size(), "\"");
            break;
          case 2:
            row.insert(random() % row.size(), "\r");
            break;
          case 3:
            row.insert(0, " ");
            break;
          case 4:
            row += ",extra";
            break;
          case 5:
            row = row.substr(0, row.find(','));
            break;
          case 6:
            row += std::string(200, 'x');
            break;
          default:
            row += std::string(5000, 'y');
            break;
        }
      }
      text += row;
      text += windows ? "\r\n" : "\n";
      ++rows;
    }
    const std::size_t limit = random() % 2 == 0 ? 100 : 100000;
    const auto exact = read_exactly(text, limit), mixed = read_plain_first(text, 3, limit, scanned);
    INFO("file " << file);
    CHECK(mixed == exact);
  }
  CHECK(scanned > rows / 2);  // most rows went through the scan (a line over the limit ends a file)
}

TEST_CASE("csv: scan_plain_rows stops before a line it leaves to CsvReader", "[csv]") {
  const std::string block = "a,b\r\n\nc,d\n\r\ne,\"f\"\ng,h\n";
  std::vector<std::string> lines;
  const PlainScan scan = scan_plain_rows(block, ',', 2, 100, [&](const PlainRow& row) {
    lines.emplace_back(row.line);
    CHECK(row.field(1).size() == 1);
  });
  CHECK(lines == std::vector<std::string>{"a,b", "c,d"});
  CHECK(scan.stopped);
  CHECK(scan.lines == 4);  // two rows, an empty line and a line of "\r"
  CHECK(block.substr(scan.bytes).starts_with("e,\"f\""));
  // Three fields where two were asked for, a leading space, a line over the limit.
  for (const std::string other : {"a,b,c\n", " a,b\n", "abcdef,g\n"}) {
    CHECK(scan_plain_rows(other, ',', 2, 6, [](const PlainRow&) { FAIL("a row handed over"); }).stopped);
  }
}
