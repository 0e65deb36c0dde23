#include "dlcheck/batch.hpp"

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

bool skipped_folder(const fs::path& path) {
  const std::string name = path.filename().string();
  return name == ".git" || name == "node_modules";
}

void search_folder(const fs::path& folder, const std::string& glob, std::vector<std::string>& out) {
  std::error_code error;
  // Symlinked folders are not followed: a loop of links must not make the search endless.
  fs::recursive_directory_iterator it(folder, fs::directory_options::skip_permission_denied, error);
  for (const fs::recursive_directory_iterator end; !error && it != end; it.increment(error)) {
    if (it->is_directory(error) && skipped_folder(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(error) && ::fnmatch(glob.c_str(), it->path().filename().c_str(), 0) == 0) {
      out.push_back(it->path().lexically_normal().string());
    }
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
