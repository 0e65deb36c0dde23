#include "io/file_search.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>

#include "io/parallel.hpp"

namespace dlcheck {
namespace fs = std::filesystem;
namespace {

bool skipped_folder(std::string_view name) { return name == ".git" || name == "node_modules"; }

// The entry's own type, never its target's: a symlink is returned as found when its name
// matches, for the check to refuse (a student's link could lead to any file on the machine), and
// a symlinked folder is not followed, so a loop of links cannot make the search endless. lstat
// is for file systems whose getdents gives no type.
unsigned char entry_type(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return DT_UNKNOWN;
  return S_ISDIR(info.st_mode) ? DT_DIR : S_ISREG(info.st_mode) ? DT_REG : S_ISLNK(info.st_mode) ? DT_LNK : DT_UNKNOWN;
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
      const unsigned char type = entry->d_type == DT_UNKNOWN ? entry_type(prefix + entry->d_name) : entry->d_type;
      if (type == DT_DIR && !skipped_folder(name)) folders.push_back(prefix + entry->d_name);
      if ((type == DT_REG || type == DT_LNK) && ::fnmatch(glob.c_str(), entry->d_name, 0) == 0) {
        found.push_back(prefix + entry->d_name);
      }
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
  bool failed = false;   // a thread threw (out of memory): the others stop rather than wait for it
  const auto work = [&] {
    std::vector<std::string> mine, folders;
    std::unique_lock lock(mutex);
    while (true) {
      changed.wait(lock, [&] { return !pending.empty() || busy == 0 || failed; });
      if (pending.empty() || failed) break;
      const std::string dir = std::move(pending.back());
      pending.pop_back();
      ++busy;
      lock.unlock();
      try {
        read_folder(dir, glob, mine, folders);
      } catch (...) {
        lock.lock();
        failed = true;
        changed.notify_all();
        throw;
      }
      lock.lock();
      --busy;
      for (std::string& folder : folders) pending.push_back(std::move(folder));
      folders.clear();
      changed.notify_all();
    }
    found.insert(found.end(), std::make_move_iterator(mine.begin()), std::make_move_iterator(mine.end()));
  };
  run_on_threads(jobs, work);
  return found;
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
    std::vector<std::string> found = search_folders(folders, glob, thread_count(jobs, SIZE_MAX));
    std::sort(found.begin(), found.end());
    // A folder with nothing below it is kept, with a '/' (which also follows a named symlinked
    // folder), so that the check reports it: in a class run each student's folder is a row.
    for (const std::string& folder : folders) {
      const std::string prefix = folder.empty() ? "./" : folder.ends_with('/') ? folder : folder + '/';
      const std::string_view below = folder.empty() ? "" : std::string_view(prefix);
      const auto first = std::lower_bound(found.begin(), found.end(), below);
      if (first == found.end() || !first->starts_with(below)) files.push_back(prefix);
    }
    files.insert(files.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace dlcheck
