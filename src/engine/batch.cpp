#include "engine/batch.hpp"

#include "io/parallel.hpp"

namespace dlcheck {

std::vector<FileReport> check_files(const std::vector<std::string>& paths,
                                    const std::function<CheckOptions(const std::string&)>& options_for,
                                    std::size_t jobs,
                                    const std::function<void(std::size_t, const FileReport&)>& checked) {
  std::vector<FileReport> reports(paths.size());
  parallel_for(paths.size(), jobs, [&](std::size_t i) {
    reports[i] = check_file(paths[i], options_for(paths[i]));
    if (checked) checked(i, reports[i]);
  });
  return reports;
}

}  // namespace dlcheck
