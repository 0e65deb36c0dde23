#include "io/read_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "text/text_match.hpp"

namespace dlcheck {
namespace {

// strerror's "No such file or directory" in the middle of a lowercase message.
std::string lowercase_first(std::string text) {
  if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
  return text;
}

ReadFailure failure(ReadFailure::Kind kind, std::string message) { return ReadFailure{kind, std::move(message)}; }

std::string with_option(std::string message, std::string_view option) {
  return option.empty() ? message : fmt::format("{} ({})", message, option);
}

}  // namespace

void FileDescriptor::reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::variant<OpenedFile, ReadFailure> open_regular_file(const std::string& path, Symlinks symlinks) {
  const int no_follow = symlinks == Symlinks::refuse ? O_NOFOLLOW : 0;
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | no_follow));
  if (!fd) {
    const int error = errno;
    // O_NOFOLLOW fails with ELOOP on a final symlink, as a loop on the way does: lstat tells them apart.
    struct stat link {};
    if (error == ELOOP && no_follow != 0 && ::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      return failure(ReadFailure::Kind::symlink, "this is a symlink, which is not followed");
    }
    return failure(ReadFailure::Kind::cannot_open,
                   fmt::format("cannot open the file: {}", lowercase_first(std::strerror(error))));
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return failure(ReadFailure::Kind::cannot_read,
                   fmt::format("cannot read the file: {}", lowercase_first(std::strerror(errno))));
  }
  if (S_ISDIR(info.st_mode)) return failure(ReadFailure::Kind::directory, "this is a directory, not a file");
  if (!S_ISREG(info.st_mode)) {
    return failure(ReadFailure::Kind::not_regular,
                   "this is not a regular file (a FIFO, socket or device is never read)");
  }
  return OpenedFile{std::move(fd), static_cast<std::uint64_t>(info.st_size)};
}

std::variant<FileText, ReadFailure> read_file(const OpenedFile& file, const ReadLimit& limit) {
  const std::uint64_t max_size = limit.max_size;
  if (file.size > max_size && !limit.keep_start) {
    return failure(ReadFailure::Kind::too_large,
                   with_option(fmt::format("the file is {} bytes, over the limit of {} bytes", file.size, max_size),
                               limit.option));
  }
  // Read straight into the text, one byte more than the file: a regular file that fills less
  // than that has ended, so no read is spent finding the end (a batch reads thousands).
  FileText result;
  std::string& text = result.text;
  text.resize(static_cast<std::size_t>(std::min(file.size, max_size)) + 1);
  std::size_t filled = 0;
  while (true) {
    const ssize_t got = ::read(file.fd.get(), text.data() + filled, text.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      return failure(ReadFailure::Kind::cannot_read,
                     fmt::format("cannot read the file: {}", lowercase_first(std::strerror(errno))));
    }
    filled += static_cast<std::size_t>(got);
    if (filled > max_size) {
      if (limit.keep_start) {
        filled = static_cast<std::size_t>(max_size);
        break;
      }
      return failure(ReadFailure::Kind::too_large,
                     with_option(fmt::format("the file is over the limit of {} bytes", max_size), limit.option));
    }
    if (got == 0 || filled < text.size()) break;
    text.resize(static_cast<std::size_t>(std::min<std::uint64_t>(text.size() * 2, max_size + 1)));  // it grew
  }
  text.resize(filled);
  if (text.starts_with(kByteOrderMark)) {
    text.erase(0, kByteOrderMark.size());
    result.had_byte_order_mark = true;
  }
  return result;
}

std::variant<FileText, ReadFailure> read_file(const std::string& path, const ReadLimit& limit, Symlinks symlinks) {
  auto opened = open_regular_file(path, symlinks);
  if (auto* refused = std::get_if<ReadFailure>(&opened)) return std::move(*refused);
  return read_file(std::get<OpenedFile>(opened), limit);
}

}  // namespace dlcheck
