#include "io/project_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "text/source_text.hpp"

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

fs::path canonical_or_absolute(const fs::path& path, bool* canonical_result = nullptr) {
  std::error_code error;
  if (canonical_result != nullptr) *canonical_result = true;
  const fs::path& cwd = canonical_working_directory();
  if (!cwd.empty()) {
    fs::path joined = join_normal(cwd, path.native());
    if (!joined.has_filename()) joined = joined.parent_path();  // "dir/." normalises to "dir/"
    if (plain_below(joined.native(), cwd.native())) return joined;
  }
  fs::path canonical = fs::canonical(path, error);
  if (!error) return canonical;
  if (canonical_result != nullptr) *canonical_result = false;
  return fs::absolute(path, error).lexically_normal();
}

}  // namespace

ProjectPaths locate_project(const fs::path& evidence_path, const std::optional<fs::path>& explicit_root) {
  ProjectPaths paths;
  paths.display_dir = evidence_path.parent_path().lexically_normal();
  if (paths.display_dir == ".") paths.display_dir.clear();
  paths.evidence_dir = canonical_or_absolute(paths.display_dir.empty() ? fs::path(".") : paths.display_dir,
                                             &paths.evidence_dir_canonical);
  if (explicit_root) {
    paths.root = canonical_or_absolute(*explicit_root);
    return paths;
  }
  std::error_code error;
  for (fs::path dir = paths.evidence_dir; !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", error)) {
      paths.root = dir;
      return paths;
    }
    if (dir == dir.root_path()) break;
  }
  paths.root = paths.evidence_dir;
  return paths;
}

std::string display_path(const ProjectPaths& paths, std::string_view declared) {
  return join_normal(paths.display_dir, declared).string();
}

std::variant<OpenedFile, FileRefusal> open_project_file(const ProjectPaths& paths, std::string_view declared) {
  const auto refuse = [](std::string message) { return FileRefusal{std::move(message)}; };
  if (declared.empty()) return refuse("the path is empty");
  if (declared.find('\0') != std::string_view::npos) return refuse("the path contains a NUL byte");
  if (declared.front() == '/')
    return refuse("an absolute path is not allowed: name files relative to the evidence file");
  const fs::path joined = join_normal(paths.evidence_dir, declared);
  const std::string& path = joined.native();
  const std::string& root = paths.root.native();
  if (!is_within(path, root)) return refuse("the path leaves the project root");

  constexpr int kFlags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW;
  int fd = -1;
  // Symlinks are resolved before opening, so that a link pointing outside the root is never
  // followed. Below a canonical evidence folder inside the root, only the components after it
  // need a look, and the last one none: O_NOFOLLOW refuses a symlink there, which is then resolved.
  const std::string& evidence_dir = paths.evidence_dir.native();
  const bool from_evidence_dir =
      paths.evidence_dir_canonical && is_within(evidence_dir, root) && is_within(path, evidence_dir);
  const std::size_t last_slash = path.rfind('/');
  if (last_slash != std::string::npos && last_slash > 0 &&
      plain_below(std::string_view(path).substr(0, last_slash), from_evidence_dir ? evidence_dir : root)) {
    fd = ::open(path.c_str(), kFlags);
    if (fd < 0 && errno == ENOENT) return refuse("no such file");
    if (fd < 0 && errno != ELOOP) return refuse(std::string("cannot open the file: ") + std::strerror(errno));
  }
  if (fd < 0) {
    std::error_code error;
    const fs::path resolved = fs::canonical(joined, error);
    if (error) {
      if (error == std::errc::no_such_file_or_directory) return refuse("no such file");
      if (error == std::errc::too_many_symbolic_link_levels) return refuse("the path is a symlink loop");
      return refuse("cannot resolve the path: " + error.message());
    }
    if (!is_within(resolved.native(), root))
      return refuse("the path is a symlink that resolves outside the project root");
    fd = ::open(resolved.c_str(), kFlags);
    if (fd < 0) return refuse(std::string("cannot open the file: ") + std::strerror(errno));
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return refuse(S_ISDIR(info.st_mode) ? "this is a directory, not a file" : "this is not a regular file");
  }
  return OpenedFile{fd, static_cast<std::uint64_t>(info.st_size)};
}

}  // namespace dlcheck
