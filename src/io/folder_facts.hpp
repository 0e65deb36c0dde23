#pragma once
// What a run learns about folders, asked once each: whether a folder holds `.git` or a config,
// and the working directory. A class of a thousand packs asks the same about each student's
// folder several times a file (its project root, its config, its repository path); one stat each
// is enough, as dlcheck writes nothing there and never changes its working directory. One cache
// lives for one run, shared by its threads, and is dropped with it.

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace dlcheck {

class FolderFacts {
 public:
  /// std::filesystem::exists(path), asked once per path (errors count as absent).
  bool exists(const std::filesystem::path& path);
  /// std::filesystem::is_regular_file(path), asked once per path (errors count as not).
  bool is_regular_file(const std::filesystem::path& path);
  /// std::filesystem::current_path(), asked once; nullopt when it failed.
  const std::optional<std::filesystem::path>& current_path();

 private:
  enum Question : char { kExists = 'e', kRegularFile = 'f' };
  bool answer(Question question, const std::filesystem::path& path);

  std::mutex mutex_;
  std::unordered_map<std::string, bool> answers_;  // by question letter and path
  std::once_flag current_once_;
  std::optional<std::filesystem::path> current_;
};

/// `folders`' answer, or the file system's when there is no cache.
bool path_exists(FolderFacts* folders, const std::filesystem::path& path);
bool regular_file_at(FolderFacts* folders, const std::filesystem::path& path);

/// The nearest folder at or above `folder` holding `.git` (a repository, and the project root
/// when no --root is given), or nullopt.
std::optional<std::filesystem::path> nearest_git_folder(const std::filesystem::path& folder, FolderFacts* folders);

}  // namespace dlcheck
