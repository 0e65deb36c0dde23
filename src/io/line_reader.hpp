#pragma once
// Line-by-line reading with bounded memory, from a string (tests) or a file (streaming). A UTF-8
// byte-order mark on line 1 (as Excel writes) is dropped here, once, for every reader.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dlcheck {

class LineReader {
 public:
  /// A view from buffered_lines() may be read this many bytes past its end (a word load that
  /// starts inside it); those bytes hold anything.
  static constexpr std::size_t kReadAhead = 16;

  virtual ~LineReader() = default;

  /// The next line without its line ending ("\n", "\r\n", "\r\r\n", or a bare "\r" in a file
  /// with no "\n" in its first block) and, on line 1, without a UTF-8
  /// byte-order mark; false at the end or on an error. The view stays valid until the next call.
  bool next(std::string_view& line);

  /// After a successful next(), makes the next call return the same line again: a reader that looked at a line to
  /// choose a format hands it to the reader of that format.
  void unread();

  /// The longest line read, in bytes (--max-line-length); also the cap on a CSV record.
  std::size_t max_line_length() const { return max_line_length_; }

  /// 1-based number of the line last returned by next().
  std::size_t line_number() const { return line_number_; }

  /// Set when reading stopped early: an I/O error or a line longer than the limit.
  const std::string& error() const { return error_; }

  /// For a line over the limit: the 1-based character column of its first byte past the limit; else 0.
  std::size_t error_column() const { return error_column_; }

  /// The complete lines buffered after the last line returned, reading more when none is: a
  /// view that ends just past a '\n', for a caller that splits lines itself, faster than a call
  /// per line. It then says what it used with skip(). Empty at the end of the input (where a last
  /// line without a newline is left to next()), on an error, before line 1 (whose byte-order mark
  /// next() drops), for a line too long and for a file whose lines end in a bare '\r': next() then
  /// does what it always does. Lines taken this way are not checked against the length limit.
  std::string_view buffered_lines();

  /// Marks the first `bytes` of the last buffered_lines(), holding `lines` whole lines, as read.
  void skip(std::size_t bytes, std::size_t lines);

  /// The expected size of the whole input in bytes; 0 when unknown.
  std::size_t size_hint() const { return size_hint_; }

 protected:
  /// `size_hint`, when known, sizes the buffer to the file: a small log then costs one page,
  /// not a megabyte mapped and unmapped.
  explicit LineReader(std::size_t max_line_length, std::size_t size_hint = 0)
      : max_line_length_(max_line_length), size_hint_(size_hint) {}
  /// Appends up to `capacity` bytes at `out`; returns the count, 0 at the end, -1 on error (sets error_).
  virtual long fill(char* out, std::size_t capacity) = 0;
  std::string error_;

 private:
  void grow();
  bool fail_too_long(const char* line_start);
  std::size_t max_line_length_;
  std::size_t size_hint_;
  std::unique_ptr<char[]> buffer_;  // not a vector: zero-filling it for every small file costs more than reading
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;       // start of unread data in buffer_
  std::size_t end_ = 0;         // end of valid data in buffer_
  std::size_t last_begin_ = 0;  // start of the last line returned, for unread()
  bool eof_ = false;
  bool ending_known_ = false;
  bool bare_carriage_returns_ = false;
  std::size_t line_number_ = 0;
  std::size_t error_column_ = 0;
};

/// The next line that is not blank (spaces, tabs and carriage returns only); false at the end or
/// on an error.
bool next_content_line(LineReader& reader, std::string_view& line);

/// Reads lines from text held in memory (tests, small files).
class StringLineReader final : public LineReader {
 public:
  explicit StringLineReader(std::string_view text, std::size_t max_line_length = 1 << 20)
      : LineReader(max_line_length, text.size()), text_(text) {}

 protected:
  long fill(char* out, std::size_t capacity) override;

 private:
  std::string_view text_;
  std::size_t offset_ = 0;
};

/// Reads lines from an open file descriptor, which it closes.
class FileLineReader final : public LineReader {
 public:
  FileLineReader(int fd, std::size_t max_line_length = 1 << 20, std::size_t size_hint = 0)
      : LineReader(max_line_length, size_hint), fd_(fd) {}
  ~FileLineReader() override;
  FileLineReader(const FileLineReader&) = delete;
  FileLineReader& operator=(const FileLineReader&) = delete;
  /// The file, for a caller that reads parts of it itself with pread (it stays this reader's).
  int descriptor() const { return fd_; }

 protected:
  long fill(char* out, std::size_t capacity) override;

 private:
  int fd_;
};

}  // namespace dlcheck
