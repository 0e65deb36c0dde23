#include "engine/batch.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

bool skipped_folder(std::string_view name) { return name == ".git" || name == "node_modules"; }

// The type the search goes by. A symlink counts as the regular file it points to, and as
// nothing otherwise: symlinked folders are not followed, so a loop of links cannot make the
// search endless. lstat is for file systems whose getdents gives no type.
unsigned char search_type(const std::string& path, unsigned char type) {
  struct stat info {};
  if (type == DT_UNKNOWN) {
    if (::lstat(path.c_str(), &info) != 0) return DT_UNKNOWN;
    type = S_ISDIR(info.st_mode)   ? DT_DIR
           : S_ISREG(info.st_mode) ? DT_REG
           : S_ISLNK(info.st_mode) ? DT_LNK
                                   : DT_UNKNOWN;
  }
  if (type == DT_LNK) return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) ? DT_REG : DT_UNKNOWN;
  return type;
}

// One folder's entries ("" is the working folder): matching files to `found`, folders to search
// to `folders`. getdents64 on an open descriptor rather than opendir, which adds an fstat to
// every folder, or fs::recursive_directory_iterator, which adds three: a class of a thousand
// packs has thousands of folders, and a system call costs a microsecond in a virtual machine.
void read_folder(const std::string& dir, const std::string& glob, std::vector<std::string>& found,
                 std::vector<std::string>& folders) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // unreadable folders are skipped, as permission-denied ones
  const std::string prefix = dir.empty() || dir.ends_with('/') ? dir : dir + '/';
  alignas(dirent64) char buffer[32768];
  ssize_t got;
  while ((got = ::getdents64(fd, buffer, sizeof buffer)) > 0) {
    for (ssize_t at = 0; at < got;) {
      const auto* entry = reinterpret_cast<const dirent64*>(buffer + at);
      at += entry->d_reclen;
      const std::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      unsigned char type = entry->d_type;
      if (type != DT_REG && type != DT_DIR) type = search_type(prefix + entry->d_name, type);
      if (type == DT_DIR && !skipped_folder(name)) folders.push_back(prefix + entry->d_name);
      if (type == DT_REG && ::fnmatch(glob.c_str(), entry->d_name, 0) == 0) found.push_back(prefix + entry->d_name);
    }
  }
  ::close(fd);
}

// Folders are shared out between `jobs` threads: reading folders is most of a search, and a
// class of a thousand packs has thousands of them.
std::vector<std::string> search_folders(std::vector<std::string> pending, const std::string& glob, std::size_t jobs) {
  std::vector<std::string> found;
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t busy = 0;  // threads reading a folder, which may add more
  const auto work = [&] {
    std::vector<std::string> mine, folders;
    std::unique_lock lock(mutex);
    while (true) {
      changed.wait(lock, [&] { return !pending.empty() || busy == 0; });
      if (pending.empty()) break;
      const std::string dir = std::move(pending.back());
      pending.pop_back();
      ++busy;
      lock.unlock();
      read_folder(dir, glob, mine, folders);
      lock.lock();
      --busy;
      for (std::string& folder : folders) pending.push_back(std::move(folder));
      folders.clear();
      changed.notify_all();
    }
    found.insert(found.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  return found;
}

std::size_t threads_for(std::size_t jobs, std::size_t work_items) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  return std::min(jobs, std::max<std::size_t>(work_items, 1));
}

}  // namespace

std::vector<std::string> collect_evidence_files(const std::vector<std::string>& paths, const std::string& glob,
                                                std::size_t jobs) {
  std::vector<std::string> files, folders;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      // Normal once here, so that every path found below it is normal too ("." adds no prefix).
      const std::string folder = fs::path(path).lexically_normal().string();
      folders.push_back(folder == "." ? "" : folder);
    } else {
      files.push_back(path);  // a missing file is still checked, and reported as unreadable
    }
  }
  if (!folders.empty()) {
    std::vector<std::string> found = search_folders(std::move(folders), glob, threads_for(jobs, SIZE_MAX));
    files.insert(files.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

ReportFooter check_files(const std::vector<std::string>& paths,
                         const std::function<CheckOptions(const std::string&)>& options_for, std::size_t jobs,
                         Profile profile, std::span<ReportWriter* const> writers) {
  const ReportHeader header{profile, rule_table(), paths.size()};
  for (ReportWriter* writer : writers) writer->begin(header);
  // A checked file waits here, with each writer's rendering of it, until those before it are written.
  struct Checked {
    FileReport report;
    std::vector<std::string> rendered;  // by writer
  };
  std::vector<std::optional<Checked>> waiting(paths.size());
  std::mutex mutex;
  std::size_t written = 0;  // files handed to the writers; only this thread writes
  ReportFooter footer;
  const auto write_ready = [&] {
    std::unique_lock lock(mutex);
    while (written < paths.size() && waiting[written]) {
      Checked checked = std::move(*waiting[written]);
      waiting[written].reset();
      lock.unlock();
      for (std::size_t w = 0; w < writers.size(); ++w) writers[w]->file(checked.report, std::move(checked.rendered[w]));
      footer.add(checked.report);
      ++written;
      lock.lock();
    }
  };
  jobs = threads_for(jobs, paths.size());
  std::atomic<std::size_t> next{0};
  const auto work = [&](bool writes) {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      Checked checked{check_file(paths[i], options_for(paths[i])), {}};
      checked.rendered.reserve(writers.size());
      for (const ReportWriter* writer : writers) checked.rendered.push_back(writer->render(checked.report, i));
      {
        const std::lock_guard lock(mutex);
        waiting[i] = std::move(checked);
      }
      if (writes) write_ready();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < jobs; ++t) threads.emplace_back(work, false);
  work(true);  // this thread checks too, and writes whatever is ready after each of its files
  for (auto& thread : threads) thread.join();
  write_ready();
  for (ReportWriter* writer : writers) writer->end(footer);
  return footer;
}

std::vector<FileReport> check_files(const std::vector<std::string>& paths,
                                    const std::function<CheckOptions(const std::string&)>& options_for,
                                    std::size_t jobs) {
  class Collector final : public ReportWriter {
   public:
    explicit Collector(std::vector<FileReport>& reports) : reports_(reports) {}
    void begin(const ReportHeader&) override {}
    void file(const FileReport& file, std::string) override { reports_.push_back(file); }
    void end(const ReportFooter&) override {}

   private:
    std::vector<FileReport>& reports_;
  };
  std::vector<FileReport> reports;
  Collector collector(reports);
  ReportWriter* const writers[] = {&collector};
  check_files(paths, options_for, jobs, Profile::roadmap, writers);
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
