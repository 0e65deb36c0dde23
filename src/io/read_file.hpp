#pragma once
// Reading a whole file into memory, bounded: only regular files, never more than a limit, a
// UTF-8 byte-order mark dropped. The evidence file, the rubric config, the README and JSON read
// whole all come through here.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace dlcheck {

/// An open file descriptor, closed when this goes out of scope.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() { reset(); }
  FileDescriptor(FileDescriptor&& other) noexcept : fd_(other.release()) {}
  FileDescriptor& operator=(FileDescriptor&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = other.release();
    }
    return *this;
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }
  /// Gives the descriptor up to the caller, who must close it.
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset();

 private:
  int fd_ = -1;
};

/// A regular file open for reading, with its size when it was opened.
struct OpenedFile {
  FileDescriptor fd;
  std::uint64_t size = 0;
  bool is_folder = false;  ///< only where folders were asked for (Accept::files_and_folders)
};

/// What an opener takes: regular files only, or folders too.
enum class Accept { files, files_and_folders };

struct ReadFailure {
  enum class Kind { cannot_open, symlink, directory, not_regular, too_large, cannot_read } kind;
  std::string message;  ///< "this is not a regular file (a FIFO, socket or device is never read)", …
};

/// Whether a symlink as the last component of a path is followed. Links on the way to it always are.
enum class Symlinks { follow, refuse };

/// Opens `path` when it is a regular file. Non-blocking, so that a FIFO is refused rather than
/// waited on. With Symlinks::refuse, a path that is itself a symlink is refused (Kind::symlink)
/// without its target ever being opened.
std::variant<OpenedFile, ReadFailure> open_regular_file(const std::string& path, Symlinks symlinks = Symlinks::follow);

struct ReadLimit {
  std::uint64_t max_size = 0;
  std::string_view option;  ///< named in the over-limit message: "--max-file-size"
  bool keep_start = false;  ///< over the limit, keep the first max_size bytes instead of failing
};

struct FileText {
  std::string text;
  bool had_byte_order_mark = false;  ///< a UTF-8 byte-order mark was dropped from the start
};

/// Reads `file` from where it stands to its end, within `limit`.
std::variant<FileText, ReadFailure> read_file(const OpenedFile& file, const ReadLimit& limit);

/// Opens and reads `path`: open_regular_file, then read_file.
std::variant<FileText, ReadFailure> read_file(const std::string& path, const ReadLimit& limit,
                                              Symlinks symlinks = Symlinks::follow);

}  // namespace dlcheck
