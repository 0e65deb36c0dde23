#include "dlcheck/batch.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

bool skipped_folder(std::string_view name) { return name == ".git" || name == "node_modules"; }

// For file systems whose readdir does not give the type.
unsigned char type_of(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return DT_UNKNOWN;
  if (S_ISDIR(info.st_mode)) return DT_DIR;
  if (S_ISREG(info.st_mode)) return DT_REG;
  return S_ISLNK(info.st_mode) ? DT_LNK : DT_UNKNOWN;
}

// opendir and readdir rather than fs::recursive_directory_iterator, which spends three more
// system calls on every folder: a class of a thousand packs has thousands of folders.
void search_folder(const std::string& folder, const std::string& glob, std::vector<std::string>& out) {
  std::vector<std::string> pending{folder};
  while (!pending.empty()) {
    const std::string dir = std::move(pending.back());
    pending.pop_back();
    DIR* stream = ::opendir(dir.c_str());
    if (stream == nullptr) continue;  // unreadable folders are skipped, as permission-denied ones
    const std::string prefix = dir.ends_with('/') ? dir : dir + '/';
    while (const dirent* entry = ::readdir(stream)) {
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      std::string path = prefix + entry->d_name;
      const unsigned char type = entry->d_type == DT_UNKNOWN ? type_of(path) : entry->d_type;
      // Symlinked folders are not followed (a loop of links must not make the search endless);
      // a symlinked file is checked like a file.
      if (type == DT_DIR) {
        if (!skipped_folder(name)) pending.push_back(std::move(path));
        continue;
      }
      struct stat info {};
      const bool regular = type == DT_REG || (type == DT_LNK && ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode));
      if (regular && ::fnmatch(glob.c_str(), entry->d_name, 0) == 0) {
        out.push_back(fs::path(path).lexically_normal().string());
      }
    }
    ::closedir(stream);
  }
}

}  // namespace

std::vector<std::string> collect_evidence_files(const std::vector<std::string>& paths, const std::string& glob) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      search_folder(path, glob, files);
    } else {
      files.push_back(path);  // a missing file is still checked, and reported as unreadable
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

std::vector<FileReport> check_files(const std::vector<std::string>& paths,
                                    const std::function<CheckOptions(const std::string&)>& options_for,
                                    std::size_t jobs,
                                    const std::function<void(std::size_t, const FileReport&)>& checked) {
  std::vector<FileReport> reports(paths.size());
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min(jobs, std::max<std::size_t>(paths.size(), 1));
  std::atomic<std::size_t> next{0};
  const auto work = [&] {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      reports[i] = check_file(paths[i], options_for(paths[i]));
      if (checked) checked(i, reports[i]);
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  return reports;
}

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& content) {
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temp.data());
  if (fd < 0) return fmt::format("cannot write {}: {}", path, std::strerror(errno));
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return fmt::format("cannot write {}: {}", path, reason);
    }
    written += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    ::unlink(temp.c_str());
    return fmt::format("cannot write {}: {}", path, reason);
  }
  return std::nullopt;
}

std::optional<std::string> append_to_file(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return fmt::format("cannot append to {}: {}", path, std::strerror(errno));
  const ssize_t n = ::write(fd, content.data(), content.size());
  const bool ok = n == static_cast<ssize_t>(content.size());
  ::close(fd);
  if (!ok) return fmt::format("cannot append to {}", path);
  return std::nullopt;
}

}  // namespace dlcheck
