#pragma once
// A throwaway project folder for tests that need real files.

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

namespace dlcheck::testing {

class TempProject {
 public:
  TempProject() {
    static std::atomic<int> counter{0};
    root_ = std::filesystem::temp_directory_path() /
            ("dlcheck-project-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / ".git");
  }
  ~TempProject() { std::filesystem::remove_all(root_); }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  const std::filesystem::path& root() const { return root_; }

  std::filesystem::path write(const std::string& relative, const std::string& text) const {
    const auto path = root_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

 private:
  std::filesystem::path root_;
};

}  // namespace dlcheck::testing
