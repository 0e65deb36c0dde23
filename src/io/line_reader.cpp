#include "io/line_reader.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "text/text_match.hpp"

namespace dlcheck {
namespace {}  // namespace

bool LineReader::next(std::string_view& line) {
  if (!error_.empty()) return false;
  if (!buffer_) {
    capacity_ = std::max<std::size_t>(65536, std::min<std::size_t>(max_line_length_ + 2, 1 << 20));
    // One more byte than the file, so that its end is seen without growing.
    if (size_hint_ > 0 && size_hint_ < capacity_) capacity_ = std::max<std::size_t>(size_hint_ + 1, 4096);
    buffer_.reset(new char[capacity_ + kReadAhead]);
  }
  while (true) {
    const char* start = buffer_.get() + begin_;
    if (!ending_known_ && (end_ > begin_ || eof_)) {
      // Classic Mac files end lines in a bare '\r': seen as no '\n' at all in the first block.
      const std::size_t size = end_ - begin_;
      bare_carriage_returns_ = std::memchr(start, '\n', size) == nullptr && std::memchr(start, '\r', size) != nullptr;
      ending_known_ = true;
    }
    const void* newline = std::memchr(start, bare_carriage_returns_ ? '\r' : '\n', end_ - begin_);
    if (newline != nullptr || (eof_ && end_ > begin_)) {
      std::size_t length = newline ? static_cast<const char*>(newline) - start : end_ - begin_;
      // Windows tools that write "\r\n" through a text-mode stream leave "\r\r\n": every '\r' goes.
      std::size_t content = length;
      while (content > 0 && start[content - 1] == '\r') --content;
      if (content > max_line_length_) return fail_too_long(start);
      line = std::string_view(start, content);
      last_begin_ = begin_;
      begin_ += length + (newline ? 1 : 0);
      if (++line_number_ == 1 && line.starts_with(kByteOrderMark)) line.remove_prefix(kByteOrderMark.size());
      return true;
    }
    if (eof_) return false;
    // Without its newline yet, a line may hold the limit and a '\r' before it is too long.
    const std::size_t pending = end_ - begin_;
    if (pending > max_line_length_ + 1 || (pending == max_line_length_ + 1 && start[pending - 1] != '\r')) {
      return fail_too_long(start);
    }
    // Move the partial line to the front, growing the buffer only while a line needs it.
    if (begin_ > 0) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == capacity_) grow();
    const long got = fill(buffer_.get() + end_, capacity_ - end_);
    if (got < 0) return false;
    if (got == 0) eof_ = true;
    end_ += static_cast<std::size_t>(got);
  }
}

std::string_view LineReader::buffered_lines() {
  if (!error_.empty() || line_number_ == 0 || bare_carriage_returns_ || !ending_known_) return {};
  while (true) {
    const char* start = buffer_.get() + begin_;
    if (const void* last = ::memrchr(start, '\n', end_ - begin_)) {
      return {start, static_cast<std::size_t>(static_cast<const char*>(last) - start) + 1};
    }
    // No whole line is buffered: read on, as next() would, unless it has an error to report.
    const std::size_t pending = end_ - begin_;
    if (eof_ || pending > max_line_length_) return {};
    if (begin_ > 0) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, pending);
      end_ = pending;
      begin_ = 0;
    }
    if (end_ == capacity_) {
      grow();
      if (end_ == capacity_) return {};
    }
    const long got = fill(buffer_.get() + end_, capacity_ - end_);
    if (got < 0) return {};
    if (got == 0) eof_ = true;
    end_ += static_cast<std::size_t>(got);
  }
}

void LineReader::skip(std::size_t bytes, std::size_t lines) {
  if (lines == 0) return;
  // unread() after skip() gives back the last line skipped.
  const char* start = buffer_.get() + begin_;
  const void* previous = bytes >= 2 ? ::memrchr(start, '\n', bytes - 1) : nullptr;
  last_begin_ = previous == nullptr ? begin_ : begin_ + (static_cast<const char*>(previous) - start) + 1;
  begin_ += bytes;
  line_number_ += lines;
}

void LineReader::unread() {
  if (line_number_ == 0) return;
  // The buffer is only moved or refilled inside next(), so the last line is still in place.
  begin_ = last_begin_;
  --line_number_;
}

bool next_content_line(LineReader& reader, std::string_view& line) {
  while (reader.next(line)) {
    if (!line.empty() && line.front() != ' ' && line.front() != '\t' && line.front() != '\r') return true;
    if (!is_blank(line)) return true;
  }
  return false;
}

bool LineReader::fail_too_long(const char* line_start) {
  error_ = fmt::format("line {} is longer than the limit of {} bytes (--max-line-length)", line_number_ + 1,
                       max_line_length_);
  // The column of the first byte past the limit, counted in characters like every column.
  error_column_ = 1;
  for (std::size_t i = 0; i < max_line_length_; ++i) {
    if ((static_cast<unsigned char>(line_start[i]) & 0xC0) != 0x80) ++error_column_;
  }
  return false;
}

void LineReader::grow() {
  const std::size_t capacity = std::max(capacity_, std::min(capacity_ * 2, max_line_length_ + 2));
  if (capacity == capacity_) return;
  std::unique_ptr<char[]> bigger(new char[capacity + kReadAhead]);
  std::memcpy(bigger.get(), buffer_.get(), end_);
  buffer_ = std::move(bigger);
  capacity_ = capacity;
}

long StringLineReader::fill(char* out, std::size_t capacity) {
  const std::size_t count = std::min(capacity, text_.size() - offset_);
  std::memcpy(out, text_.data() + offset_, count);
  offset_ += count;
  return static_cast<long>(count);
}

FileLineReader::~FileLineReader() {
  if (fd_ >= 0) ::close(fd_);
}

long FileLineReader::fill(char* out, std::size_t capacity) {
  while (true) {
    const ssize_t got = ::read(fd_, out, capacity);
    if (got >= 0) return static_cast<long>(got);
    if (errno == EINTR) continue;
    error_ = fmt::format("cannot read: {}", std::strerror(errno));
    return -1;
  }
}

}  // namespace dlcheck
