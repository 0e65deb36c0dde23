#include "io/project_files.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <span>
#include <system_error>
#include <vector>

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

// Both paths absolute and lexically normal (the root canonical): a prefix test on the text
// then answers what lexically_relative would, at a fraction of its cost. The root itself is
// within.
bool is_within(std::string_view inner, std::string_view outer) {
  if (!inner.starts_with(outer)) return false;
  return inner.size() == outer.size() || outer.ends_with('/') || inner[outer.size()] == '/';
}

// True when every component of `path` below the canonical folder `base` exists and none is a
// symlink: `path` is then canonical already. One lstat a component below `base`, where
// fs::canonical reads every component from "/" (a batch of a thousand packs spent more time
// in those calls than in checking).
bool plain_below(std::string_view path, std::string_view base) {
  if (!path.starts_with('/') || !is_within(path, base)) return false;
  const std::size_t start = base.size();
  if (path.size() <= start) return true;  // the base itself
  // Each '/' after the base ends a component: stat the text up to it, then the whole path.
  struct stat info {};
  for (std::size_t end = path.find('/', start + 1);; end = path.find('/', end + 1)) {
    const std::string prefix(path.substr(0, end));
    if (::lstat(prefix.c_str(), &info) != 0 || S_ISLNK(info.st_mode)) return false;
    if (end == std::string_view::npos) return true;
  }
}

// A relative path with no empty, "." or ".." component, and no '/' at either end: joined to a
// normal path, it needs no normalising.
bool is_plain_relative(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.back() == '/') return false;
  for (std::size_t start = 0; start <= path.size();) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

// (base / relative).lexically_normal() for a normal `base` ("" for the working folder), without
// normalising when `relative` is plain: every pack of a batch names files, and lexically_normal
// cost more than opening them.
fs::path join_normal(const fs::path& base, std::string_view relative) {
  if (!is_plain_relative(relative)) return (base / fs::path(std::string(relative))).lexically_normal();
  const std::string& text = base.native();
  if (text.empty()) return fs::path(std::string(relative));
  std::string joined;
  joined.reserve(text.size() + 1 + relative.size());
  joined += text;
  if (!text.ends_with('/')) joined += '/';
  joined += relative;
  return fs::path(std::move(joined));
}

// dlcheck never changes its working directory, so the canonical one is read once.
const fs::path& canonical_working_directory() {
  static const fs::path cwd = [] {
    std::error_code error;
    fs::path path = fs::canonical(fs::current_path(error), error);
    return error ? fs::path() : path;
  }();
  return cwd;
}

fs::path canonical_or_absolute(const fs::path& path) {
  std::error_code error;
  const fs::path& cwd = canonical_working_directory();
  if (!cwd.empty()) {
    fs::path joined = join_normal(cwd, path.native());
    if (!joined.has_filename()) joined = joined.parent_path();  // "dir/." normalises to "dir/"
    if (plain_below(joined.native(), cwd.native())) return joined;
  }
  fs::path canonical = fs::canonical(path, error);
  if (!error) return canonical;
  return fs::absolute(path, error).lexically_normal();
}

using Reason = FileRefusal::Reason;

FileRefusal refuse(Reason reason, std::string message) { return FileRefusal{reason, std::move(message)}; }

FileRefusal refuse_for_errno(int error) {
  if (error == ENOENT) return refuse(Reason::missing, "no such file");
  return refuse(Reason::cannot_open, std::string("cannot open the file: ") + std::strerror(error));
}

// The last component is opened for reading, never following a symlink, and without blocking: a
// FIFO is then refused by fstat instead of waiting for a writer. Folders on the way are opened
// as paths only, which needs no read permission, as a path lookup needs none.
constexpr int kFileFlags = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
constexpr int kFolderFlags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

// Linux follows at most 40 symlinks in one path lookup; so do we.
constexpr int kMaxSymlinks = 40;

std::atomic<bool> openat2_allowed{true};
std::atomic<bool> openat2_missing{false};  // ENOSYS once: the kernel predates it (Linux 5.6)

// The root last opened on this thread stays open for the next record: every pack of a class
// shares one root, and opening it again for each would cost two system calls a pack.
struct OpenRoot {
  std::string path;
  std::string anchor;
  FileDescriptor fd;
};
thread_local OpenRoot last_root;

std::string below(const std::string& path, const std::string& root);
std::vector<std::string_view> components(std::string_view path);

// The folder the user named stays open on its thread: every pack of a class lies below it.
struct OpenAnchor {
  std::string path;
  FileDescriptor fd;
};
thread_local OpenAnchor last_anchor;

// A descriptor of the folder `anchor`, or -errno. It is trusted, so links up to it are followed.
int open_anchor(const std::string& anchor) {
  if (last_anchor.fd && last_anchor.path == anchor) return last_anchor.fd.get();
  FileDescriptor fd(::open(anchor.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd) return -errno;
  last_anchor.path = anchor;
  last_anchor.fd = std::move(fd);
  return last_anchor.fd.get();
}

// The folder `parts` below the open folder `base`, no component followed if it is a symlink; the
// descriptor, kept in `owned` unless it is `base` itself, or -errno.
int walk_folders(int base, std::span<const std::string_view> parts, FileDescriptor& owned) {
  int at = base;
  for (const std::string_view part : parts) {
    FileDescriptor next(::openat(at, std::string(part).c_str(), kFolderFlags));
    if (!next) return -errno;
    owned = std::move(next);
    at = owned.get();
  }
  return at;
}

// A descriptor of the folder `root`, or -errno. Below `anchor`, the folder the user named
// (trusted, with everything above it), no component is followed if it is a symlink: a student's
// folder swapped for a link to outside cannot become the root.
int open_root(const std::string& root, const std::string& anchor) {
  if (last_root.fd && last_root.path == root && last_root.anchor == anchor) return last_root.fd.get();
  FileDescriptor fd;
  if (anchor.empty() || root == anchor || !is_within(root, anchor)) {
    fd = FileDescriptor(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return -errno;
  } else {
    const int base = open_anchor(anchor);
    if (base < 0) return base;
    const std::string relative = below(root, anchor);
    const std::vector<std::string_view> parts = components(relative);
    const int at = walk_folders(base, parts, fd);
    if (at < 0) return at == -ENOTDIR || at == -ELOOP ? -ENOTDIR : at;
  }
  last_root.path = root;
  last_root.anchor = anchor;
  last_root.fd = std::move(fd);
  return last_root.fd.get();
}

std::variant<OpenedFile, FileRefusal> regular_file(FileDescriptor fd, Accept accept = Accept::files) {
  struct stat info {};
  const bool stated = ::fstat(fd.get(), &info) == 0;
  if (stated && accept == Accept::files_and_folders && S_ISDIR(info.st_mode)) {
    return OpenedFile{std::move(fd), 0, true};
  }
  if (!stated || !S_ISREG(info.st_mode)) {
    if (S_ISDIR(info.st_mode)) return refuse(Reason::directory, "this is a directory, not a file");
    return refuse(Reason::not_regular, "this is not a regular file");
  }
  return OpenedFile{std::move(fd), static_cast<std::uint64_t>(info.st_size)};
}

// The text of `path` below `root` (both normal, `path` within): "" for the root itself.
std::string below(const std::string& path, const std::string& root) {
  std::size_t start = root.size();
  while (start < path.size() && path[start] == '/') ++start;
  return path.substr(start);
}

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0; start < path.size();) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    if (end > start) parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The target of the symlink `name` in `folder`, or nullopt when it is not a symlink.
std::optional<std::string> read_link(int folder, const std::string& name) {
  std::string target(4096, '\0');  // PATH_MAX: no link target is longer
  const ssize_t length = ::readlinkat(folder, name.c_str(), target.data(), target.size());
  if (length < 0 || static_cast<std::size_t>(length) >= target.size()) return std::nullopt;
  target.resize(static_cast<std::size_t>(length));
  return target;
}

// Resolves `relative` beneath `root_fd` one component at a time, each opened with O_NOFOLLOW
// from the folder before it, which is held open: a folder swapped for a symlink meanwhile is
// seen as the symlink. A symlink is read and its target walked in turn, so links inside the root
// keep working. Where the walk stands is known exactly from the folders opened, and above the
// root from the root's own (canonical) path: a `..` or an absolute target that leaves the root
// is refused there, before anything outside is opened.
std::variant<OpenedFile, FileRefusal> walk_beneath(int root_fd, const std::string& root_path, std::string_view relative,
                                                   Accept accept) {
  const std::vector<std::string_view> root_parts = components(root_path);
  std::size_t level = root_parts.size();  // how many of root_parts the walk stands in; all: inside
  std::vector<FileDescriptor> folders;    // the folders below the root it stands in, outermost first
  std::vector<std::string> pending;       // the components still to resolve, the next one last
  const auto push_path = [&](std::string_view path) {
    // A trailing '/' asks for a folder: the "." left last makes the component before it one.
    if (path.ends_with('/')) pending.emplace_back(".");
    const std::vector<std::string_view> parts = components(path);
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.emplace_back(*it);
  };
  const auto link_outside = [] {
    return refuse(Reason::link_outside, "the path is a symlink that resolves outside the project root");
  };
  push_path(relative);
  int links_followed = 0;
  while (!pending.empty()) {
    const std::string name = std::move(pending.back());
    pending.pop_back();
    if (name == ".") continue;
    if (level < root_parts.size()) {  // above the root, where only the way back in is allowed
      if (name == "..") {
        level = level > 0 ? level - 1 : 0;
      } else if (name == root_parts[level]) {
        ++level;
      } else {
        return link_outside();
      }
      continue;
    }
    if (name == "..") {
      if (!folders.empty()) {
        folders.pop_back();
      } else if (level > 0) {
        --level;
      }
      continue;
    }
    const int folder = folders.empty() ? root_fd : folders.back().get();
    const bool last = pending.empty();
    FileDescriptor fd(::openat(folder, name.c_str(), last ? kFileFlags : kFolderFlags));
    if (fd) {
      if (last) return regular_file(std::move(fd), accept);
      folders.push_back(std::move(fd));
      continue;
    }
    const int error = errno;
    // O_NOFOLLOW fails on a symlink: ELOOP for the last component, ENOTDIR for a folder.
    std::optional<std::string> target;
    if (error == ELOOP || error == ENOTDIR) target = read_link(folder, name);
    if (!target) return refuse_for_errno(error);
    if (++links_followed > kMaxSymlinks) return refuse(Reason::link_loop, "the path is a symlink loop");
    if (target->empty()) return refuse_for_errno(ENOENT);
    if (target->front() == '/') {  // from the top: above the root until the root's own path is walked
      folders.clear();
      level = 0;
    }
    push_path(*target);
  }
  if (level < root_parts.size()) return link_outside();
  return refuse(Reason::directory, "this is a directory, not a file");
}

// openat2 resolves the whole path in the kernel beneath the root, refusing any symlink: one
// system call for the common case. A symlink on the way (ELOOP), an old kernel (ENOSYS) or any
// other error goes to the walk, which follows links inside the root and says what went wrong.
std::variant<OpenedFile, FileRefusal> open_beneath(int root_fd, const std::string& root_path,
                                                   const std::string& relative, Accept accept) {
#ifdef SYS_openat2
  if (openat2_allowed.load(std::memory_order_relaxed) && !openat2_missing.load(std::memory_order_relaxed)) {
    open_how how{};
    how.flags = kFileFlags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, root_fd, relative.empty() ? "." : relative.c_str(), &how, sizeof how);
    if (fd >= 0) return regular_file(FileDescriptor(static_cast<int>(fd)), accept);
    if (errno == ENOENT) return refuse_for_errno(ENOENT);
    if (errno == ENOSYS) openat2_missing.store(true, std::memory_order_relaxed);
  }
#endif
  return walk_beneath(root_fd, root_path, relative, accept);
}

}  // namespace

ProjectPaths locate_project(const fs::path& evidence_path, const std::optional<fs::path>& explicit_root,
                            const std::optional<fs::path>& anchor, FolderFacts* folders) {
  ProjectPaths paths;
  paths.display_dir = evidence_path.parent_path().lexically_normal();
  if (paths.display_dir == ".") paths.display_dir.clear();
  const fs::path shown = paths.display_dir.empty() ? fs::path(".") : paths.display_dir;
  const fs::path inside = anchor ? shown.lexically_relative(anchor->lexically_normal()) : fs::path();
  if (anchor && !inside.empty() && *inside.begin() != "..") {
    // Below the folder the user named, the path is taken as written, never resolved through
    // links: they are refused when the files are opened.
    // Once a thread for the folder named: every file of a class shares it.
    thread_local std::pair<std::string, fs::path> last_canonical;
    if (last_canonical.first != anchor->native() || last_canonical.second.empty()) {
      last_canonical = {anchor->native(), canonical_or_absolute(*anchor)};
    }
    paths.anchor = last_canonical.second;
    paths.evidence_dir = join_normal(paths.anchor, inside.native());
    if (!paths.evidence_dir.has_filename()) paths.evidence_dir = paths.evidence_dir.parent_path();
  } else {
    paths.evidence_dir = canonical_or_absolute(shown);
  }
  if (explicit_root) {
    paths.root = canonical_or_absolute(*explicit_root);
    return paths;
  }
  paths.root = nearest_git_folder(paths.evidence_dir, folders).value_or(paths.evidence_dir);
  return paths;
}

std::variant<OpenedFile, FileRefusal> open_evidence_file(const ProjectPaths& paths, std::string_view name) {
  if (paths.anchor.empty()) return refuse(Reason::bad_path, "no folder to open it beneath");
  const std::string& anchor = paths.anchor.native();
  const fs::path file = join_normal(paths.evidence_dir, name);
  if (!is_within(file.native(), anchor)) return refuse(Reason::leaves_root, "the path leaves the folder named");
  const std::string relative = below(file.native(), anchor);
  const std::vector<std::string_view> parts = components(relative);
  if (parts.empty()) return refuse(Reason::directory, "this is a directory, not a file");
  FileDescriptor owned;
  int folder = 0;
  if (file.parent_path() == paths.root && is_within(paths.root.native(), anchor)) {
    // The root, reached by the same walk and kept open for the files the record names.
    folder = open_root(paths.root.native(), anchor);
  } else {
    const int base = open_anchor(anchor);
    if (base < 0) return refuse_for_errno(-base);
    folder = walk_folders(base, std::span(parts).first(parts.size() - 1), owned);
  }
  if (folder < 0) {
    if (folder == -ENOTDIR || folder == -ELOOP) return refuse(Reason::link_outside, "a folder on the way is a symlink");
    return refuse_for_errno(-folder);
  }
  FileDescriptor fd(::openat(folder, std::string(parts.back()).c_str(), kFileFlags));
  if (!fd) {
    if (errno == ELOOP) return refuse(Reason::symlink, "the file is a symlink");
    return refuse_for_errno(errno);
  }
  return regular_file(std::move(fd));
}

std::string display_path(const ProjectPaths& paths, std::string_view declared) {
  return join_normal(paths.display_dir, declared).string();
}

std::variant<OpenedFile, FileRefusal> open_project_file(const ProjectPaths& paths, std::string_view declared,
                                                        Accept accept) {
  if (declared.empty()) return refuse(Reason::bad_path, "the path is empty");
  if (declared.find('\0') != std::string_view::npos) return refuse(Reason::bad_path, "the path contains a NUL byte");
  if (declared.front() == '/') {
    return refuse(Reason::bad_path, "an absolute path is not allowed: name files relative to the evidence file");
  }
  // `..` is resolved here, in the text, against the evidence folder's place below the root; the
  // kernel never sees one.
  const fs::path joined = join_normal(paths.evidence_dir, declared);
  const std::string& root = paths.root.native();
  if (!is_within(joined.native(), root)) return refuse(Reason::leaves_root, "the path leaves the project root");
  const int root_fd = open_root(root, paths.anchor.native());
  if (root_fd == -ENOTDIR) return refuse(Reason::link_outside, "a folder on the way to the project root is a symlink");
  if (root_fd < 0) return refuse_for_errno(-root_fd);
  return open_beneath(root_fd, root, below(joined.native(), root), accept);
}

void detail::allow_openat2(bool allowed) { openat2_allowed.store(allowed); }

}  // namespace dlcheck
