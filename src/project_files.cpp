#include "dlcheck/project_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "dlcheck/source_text.hpp"

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

fs::path canonical_or_absolute(const fs::path& path) {
  std::error_code error;
  fs::path canonical = fs::canonical(path, error);
  if (!error) return canonical;
  return fs::absolute(path, error).lexically_normal();
}

bool is_within(const fs::path& path, const fs::path& root) {
  const fs::path relative = path.lexically_relative(root);
  return !relative.empty() && *relative.begin() != ".." && !relative.is_absolute();
}

}  // namespace

ProjectPaths locate_project(const fs::path& evidence_path, const std::optional<fs::path>& explicit_root) {
  ProjectPaths paths;
  paths.display_dir = evidence_path.parent_path();
  paths.evidence_dir = canonical_or_absolute(paths.display_dir.empty() ? fs::path(".") : paths.display_dir);
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
  return (paths.display_dir / fs::path(std::string(declared))).lexically_normal().string();
}

std::variant<OpenedFile, FileRefusal> open_project_file(const ProjectPaths& paths, std::string_view declared) {
  const std::string shown = display_path(paths, declared);
  const auto refuse = [&](std::string message, bool missing = false) {
    return FileRefusal{shown, std::move(message), missing};
  };
  if (declared.empty()) return refuse("the path is empty");
  if (declared.find('\0') != std::string_view::npos) return refuse("the path contains a NUL byte");
  const fs::path relative(std::string{declared});
  if (relative.is_absolute()) return refuse("an absolute path is not allowed: name files relative to the evidence file");
  const fs::path joined = (paths.evidence_dir / relative).lexically_normal();
  if (!is_within(joined, paths.root)) return refuse("the path leaves the project root");

  // Resolve symlinks before opening, so that a link pointing outside the root is never followed.
  std::error_code error;
  const fs::path resolved = fs::canonical(joined, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return refuse("no such file", true);
    if (error == std::errc::too_many_symbolic_link_levels) return refuse("the path is a symlink loop");
    return refuse("cannot resolve the path: " + error.message());
  }
  if (!is_within(resolved, paths.root)) return refuse("the path is a symlink that resolves outside the project root");

  const int fd = ::open(resolved.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return refuse(std::string("cannot open the file: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return refuse(S_ISDIR(info.st_mode) ? "this is a directory, not a file" : "this is not a regular file");
  }
  return OpenedFile{fd, shown, static_cast<std::uint64_t>(info.st_size)};
}

}  // namespace dlcheck
