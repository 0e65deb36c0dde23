#include "io/folder_facts.hpp"

namespace dlcheck {

namespace fs = std::filesystem;

bool FolderFacts::answer(Question question, const fs::path& path) {
  std::string key;
  key.reserve(path.native().size() + 1);
  key += static_cast<char>(question);
  key += path.native();
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = answers_.find(key); found != answers_.end()) return found->second;
  }
  // Asked outside the lock: two threads may both ask, and get the same answer.
  std::error_code error;
  const bool yes = question == kExists ? fs::exists(path, error) : fs::is_regular_file(path, error);
  const std::lock_guard lock(mutex_);
  answers_.emplace(std::move(key), yes);
  return yes;
}

bool FolderFacts::exists(const fs::path& path) { return answer(kExists, path); }

bool FolderFacts::is_regular_file(const fs::path& path) { return answer(kRegularFile, path); }

const std::optional<fs::path>& FolderFacts::current_path() {
  std::call_once(current_once_, [this] {
    std::error_code error;
    fs::path current = fs::current_path(error);
    if (!error) current_ = std::move(current);
  });
  return current_;
}

bool path_exists(FolderFacts* folders, const fs::path& path) {
  if (folders != nullptr) return folders->exists(path);
  std::error_code error;
  return fs::exists(path, error);
}

bool regular_file_at(FolderFacts* folders, const fs::path& path) {
  if (folders != nullptr) return folders->is_regular_file(path);
  std::error_code error;
  return fs::is_regular_file(path, error);
}

std::optional<fs::path> nearest_git_folder(const fs::path& folder, FolderFacts* folders) {
  for (fs::path dir = folder; !dir.empty(); dir = dir.parent_path()) {
    if (path_exists(folders, dir / ".git")) return dir;
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

}  // namespace dlcheck
