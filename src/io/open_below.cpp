#include "io/open_below.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>

namespace dlcheck {
namespace {

constexpr int kFolderFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
// Without blocking, so that a FIFO is opened (and refused by its reader) rather than waited on.
constexpr int kAnyFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;

BelowRefusal refusal(int error, std::string_view path) {
  if (error == ELOOP) return {BelowRefusal::Reason::symlink, ELOOP, std::string(path)};
  if (error == ENOTDIR) return {BelowRefusal::Reason::not_folder, ENOTDIR, std::string(path)};
  return {BelowRefusal::Reason::cannot_open, error, std::string(path)};
}

}  // namespace

std::variant<FileDescriptor, BelowRefusal> open_below(int folder, std::string_view relative, BelowLast last) {
  FileDescriptor current(::openat(folder, ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!current) return refusal(errno, "");
  std::size_t start = 0;
  while (start < relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string_view::npos) end = relative.size();
    const std::string part(relative.substr(start, end - start));
    const std::string_view path = relative.substr(0, end);
    if (part.empty() || part == "." || part == "..")
      return BelowRefusal{BelowRefusal::Reason::bad_component, EINVAL, std::string(path)};
    const bool is_last = end == relative.size();
    const int flags = is_last && last == BelowLast::any ? kAnyFlags : kFolderFlags;
    FileDescriptor next(::openat(current.get(), part.c_str(), flags));
    if (!next) {
      const int error = errno;
      // O_NOFOLLOW with O_DIRECTORY fails with ENOTDIR on a symlink: lstat tells it from a file.
      struct stat info {};
      if ((error == ENOTDIR || error == ELOOP) &&
          ::fstatat(current.get(), part.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode)) {
        return refusal(ELOOP, path);
      }
      return refusal(error, path);
    }
    current = std::move(next);
    start = end + 1;
  }
  return current;
}

}  // namespace dlcheck
