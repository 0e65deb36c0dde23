// Tests for streaming lines (StringLineReader, FileLineReader).

#include "io/line_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

using namespace dlcheck;
using namespace std::string_literals;

namespace {

std::vector<std::string> all_lines(LineReader& reader) {
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  return lines;
}

std::vector<std::string> lines_of(std::string_view text, std::size_t max_line_length = 1 << 20) {
  StringLineReader reader(text, max_line_length);
  auto lines = all_lines(reader);
  CHECK(reader.error().empty());
  return lines;
}

/// A file with `text`, removed when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    path_ = (std::filesystem::temp_directory_path() / "dlcheck-line-reader-XXXXXX").string();
    const int fd = ::mkstemp(path_.data());
    REQUIRE(fd >= 0);
    REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    ::close(fd);
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  int open() const { return ::open(path_.c_str(), O_RDONLY); }

 private:
  std::string path_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// StringLineReader

TEST_CASE("line_reader: lines without their endings, LF and CRLF", "[line_reader]") {
  CHECK(lines_of("a\nbb\nccc\n") == std::vector<std::string>{"a", "bb", "ccc"});
  CHECK(lines_of("a\r\nbb\r\nccc\r\n") == std::vector<std::string>{"a", "bb", "ccc"});
  CHECK(lines_of("a\nb\r\nc") == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("line_reader: the last line needs no newline, and empty lines are kept", "[line_reader]") {
  CHECK(lines_of("a\nb") == std::vector<std::string>{"a", "b"});
  CHECK(lines_of("a\n\n\nb\n") == std::vector<std::string>{"a", "", "", "b"});
  CHECK(lines_of("\n") == std::vector<std::string>{""});
  CHECK(lines_of("").empty());
  CHECK(lines_of("last\r") == std::vector<std::string>{"last"});
}

TEST_CASE("line_reader: bare carriage returns end lines in a file with no newline at all", "[line_reader]") {
  CHECK(lines_of("epoch,loss\r0,1.5\r1,1.2\r") == std::vector<std::string>{"epoch,loss", "0,1.5", "1,1.2"});
  CHECK(lines_of("a\rb\nc\n") == std::vector<std::string>{"a\rb", "c"});  // a newline decides: '\r' is data
}

TEST_CASE("line_reader: only carriage returns before the newline are removed", "[line_reader]") {
  CHECK(lines_of("a\rb\n") == std::vector<std::string>{"a\rb"});
  CHECK(lines_of("a\r\r\n") == std::vector<std::string>{"a"});  // Windows text-mode doubling
  CHECK(lines_of("  spaced  \n") == std::vector<std::string>{"  spaced  "});
}

TEST_CASE("line_reader: line numbers count every line returned", "[line_reader]") {
  StringLineReader reader("x\n\ny\n");
  std::string_view line;
  CHECK(reader.line_number() == 0);
  REQUIRE(reader.next(line));
  CHECK(reader.line_number() == 1);
  REQUIRE(reader.next(line));
  CHECK(line.empty());
  CHECK(reader.line_number() == 2);
  REQUIRE(reader.next(line));
  CHECK(line == "y");
  CHECK(reader.line_number() == 3);
  CHECK_FALSE(reader.next(line));
  CHECK_FALSE(reader.next(line));  // stays at the end
  CHECK(reader.line_number() == 3);
  CHECK(reader.error().empty());
}

TEST_CASE("line_reader: many lines across buffer refills come back intact", "[line_reader]") {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "row " + std::to_string(i) + (i % 3 == 0 ? "\r\n" : "\n");
  StringLineReader reader(text);
  std::string_view line;
  int count = 0;
  bool all_equal = true;
  while (reader.next(line)) {
    all_equal = all_equal && line == "row " + std::to_string(count);
    ++count;
  }
  CHECK(all_equal);
  CHECK(count == 100000);
  CHECK(reader.line_number() == 100000);
  CHECK(reader.error().empty());
}

TEST_CASE("line_reader: a CRLF split across two refills is still one line ending", "[line_reader]") {
  // The first buffer holds 65536 bytes: put the '\r' last in it and the '\n' first in the next.
  const std::string first(65535, 'a');
  const auto lines = lines_of(first + "\r\nnext\n");
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == first);
  CHECK(lines[1] == "next");
}

TEST_CASE("line_reader: a line longer than the first buffer grows it", "[line_reader]") {
  const std::string long_line(300000, 'x');
  const auto lines = lines_of("short\n" + long_line + "\nafter");
  REQUIRE(lines.size() == 3);
  CHECK(lines[1] == long_line);
  CHECK(lines[2] == "after");
}

TEST_CASE("line_reader: a line at the limit is read, one over it stops with an error", "[line_reader]") {
  CHECK(lines_of("12345\n123\n", 5) == std::vector<std::string>{"12345", "123"});

  StringLineReader reader("ok\n123456\nnever\n", 5);
  std::string_view line;
  REQUIRE(reader.next(line));
  CHECK(line == "ok");
  CHECK_FALSE(reader.next(line));
  CHECK(reader.error() == "line 2 is longer than the limit of 5 bytes (--max-line-length)");
  CHECK(reader.line_number() == 1);
  CHECK_FALSE(reader.next(line));  // an error is final
}

// A line is refused or read alike in a Windows and a Unix file: the limit leaves out the '\r'.
TEST_CASE("line_reader: the limit applies to the line without its CRLF ending", "[line_reader]") {
  CHECK(lines_of("12345\r\n123\r\n", 5) == std::vector<std::string>{"12345", "123"});
  CHECK(lines_of("12345\r", 5) == std::vector<std::string>{"12345"});
  // The '\r' may arrive in one read and its '\n' in the next: 65534 bytes fill the first buffer.
  const std::string full(65534, 'w');
  CHECK(lines_of(full + "\r\nnext\r\n", full.size()) == std::vector<std::string>{full, "next"});
  StringLineReader reader("123456\r\n", 5);
  std::string_view line;
  CHECK_FALSE(reader.next(line));
  CHECK(reader.error() == "line 1 is longer than the limit of 5 bytes (--max-line-length)");
}

TEST_CASE("line_reader: an over-long line gives the character column where the limit is crossed", "[line_reader]") {
  StringLineReader ascii("ok\n1234567\n", 5);
  std::string_view line;
  CHECK(ascii.next(line));
  CHECK_FALSE(ascii.next(line));
  CHECK(ascii.error_column() == 6);
  // Columns count characters: "é" is two bytes, so five bytes are four characters.
  StringLineReader accented("\xc3\xa9\xc3\xa9x1234", 5);
  CHECK_FALSE(accented.next(line));
  CHECK(accented.error_column() == 4);
  StringLineReader fine("12345\n", 5);
  CHECK(fine.next(line));
  CHECK(fine.error_column() == 0);
}

TEST_CASE("line_reader: an over-long last line without a newline is an error too", "[line_reader]") {
  StringLineReader reader("a\nbcdefgh", 4);
  CHECK(all_lines(reader) == std::vector<std::string>{"a"});
  CHECK(reader.error() == "line 2 is longer than the limit of 4 bytes (--max-line-length)");
}

TEST_CASE("line_reader: an over-long line is found before its newline arrives", "[line_reader]") {
  // Longer than the 64 KiB first buffer and than the limit: the reader must not grow forever.
  const std::string text = std::string(200000, 'z') + "\n";  // the reader views it: keep it alive
  StringLineReader reader(text, 1000);
  CHECK(all_lines(reader).empty());
  CHECK(reader.error() == "line 1 is longer than the limit of 1000 bytes (--max-line-length)");
}

// ---------------------------------------------------------------------------------------------
// FileLineReader

TEST_CASE("line_reader: FileLineReader streams a file and closes its descriptor", "[line_reader]") {
  std::string text = "id,label\r\n";
  for (int i = 0; i < 50000; ++i) text += std::to_string(i) + ",cat\n";
  const TempFile file(text);
  const int fd = file.open();
  REQUIRE(fd >= 0);
  {
    FileLineReader reader(fd);
    const auto lines = all_lines(reader);
    CHECK(reader.error().empty());
    REQUIRE(lines.size() == 50001);
    CHECK(lines.front() == "id,label");
    CHECK(lines.back() == "49999,cat");
  }
  CHECK(::fcntl(fd, F_GETFD) == -1);  // closed by the reader
}

TEST_CASE("line_reader: FileLineReader reports a read error", "[line_reader]") {
  const int fd = ::open(std::filesystem::temp_directory_path().c_str(), O_RDONLY | O_DIRECTORY);
  REQUIRE(fd >= 0);
  FileLineReader reader(fd);
  std::string_view line;
  CHECK_FALSE(reader.next(line));
  CHECK(reader.error() == "cannot read: Is a directory");
}

TEST_CASE("line_reader: FileLineReader applies the line limit", "[line_reader]") {
  const TempFile file("short\n" + std::string(100, 'y') + "\n");
  FileLineReader reader(file.open(), 50);
  CHECK(all_lines(reader) == std::vector<std::string>{"short"});
  CHECK(reader.error() == "line 2 is longer than the limit of 50 bytes (--max-line-length)");
}

// ---------------------------------------------------------------------------------------------
// Byte-order mark, unread, blank lines

TEST_CASE("line_reader: a byte-order mark is dropped from line 1 only", "[line_reader]") {
  CHECK(lines_of("\xEF\xBB\xBFid\n\xEF\xBB\xBFx\n") == std::vector<std::string>{"id", "\xEF\xBB\xBFx"});
  CHECK(lines_of("\xEF\xBB\xBF") == std::vector<std::string>{""});
}

TEST_CASE("line_reader: the long-line limit counts the byte-order mark", "[line_reader]") {
  StringLineReader reader(
      "\xEF\xBB\xBF"
      "abcde\n",
      6);
  CHECK(all_lines(reader).empty());
  CHECK(reader.error() == "line 1 is longer than the limit of 6 bytes (--max-line-length)");
  CHECK(reader.error_column() == 5);  // the mark is one character
}

TEST_CASE("line_reader: unread gives the last line again, with its number", "[line_reader]") {
  StringLineReader reader(
      "\xEF\xBB\xBF"
      "a\r\nb\nc");
  std::string_view line;
  reader.unread();  // nothing read yet: nothing to give back
  REQUIRE(reader.next(line));
  reader.unread();
  REQUIRE(reader.next(line));
  CHECK(line == "a");
  CHECK(reader.line_number() == 1);
  REQUIRE(reader.next(line));
  reader.unread();
  CHECK(reader.line_number() == 1);
  REQUIRE(reader.next(line));
  CHECK(line == "b");
  CHECK(reader.line_number() == 2);
  CHECK(all_lines(reader) == std::vector<std::string>{"c"});
}

TEST_CASE("line_reader: next_content_line skips lines of spaces, tabs and carriage returns", "[line_reader]") {
  StringLineReader reader("\n  \t\r\n\r\r\nx\n \n y\n");
  std::string_view line;
  REQUIRE(next_content_line(reader, line));
  CHECK(line == "x");
  CHECK(reader.line_number() == 4);
  REQUIRE(next_content_line(reader, line));
  CHECK(line == " y");
  CHECK(reader.line_number() == 6);
  CHECK_FALSE(next_content_line(reader, line));
}
