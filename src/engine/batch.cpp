#include "engine/batch.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#if defined(__GLIBC__)
#endif

#include "io/parallel.hpp"

namespace dlcheck {

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
  std::atomic<std::size_t> next{0};
  const auto caller = std::this_thread::get_id();
  // Threads not needed for files go to each file's large artifacts (a predictions file split in
  // chunks): a file checked alone on -j 8 gets 8, and so do the last files of a class as the
  // others finish, so that a huge pack picked last does not run alone on one core.
  const std::size_t workers = thread_count(jobs, paths.size());
  const std::size_t all_threads = thread_count(jobs, SIZE_MAX);
  const auto threads_for = [&](std::size_t index) {
    return std::max<std::size_t>(1, all_threads / std::min(workers, paths.size() - index));
  };
  run_on_threads(workers, [&] {
    // The calling thread checks too, and writes whatever is ready after each of its files.
    const bool writes = std::this_thread::get_id() == caller;
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      CheckOptions options = options_for(paths[i]);
      options.threads = threads_for(i);
      Checked checked{check_file(paths[i], options), {}};
      checked.rendered.reserve(writers.size());
      for (const ReportWriter* writer : writers) checked.rendered.push_back(writer->render(checked.report, i));
      {
        const std::lock_guard lock(mutex);
        waiting[i] = std::move(checked);
      }
      if (writes) write_ready();
    }
  });
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

}  // namespace dlcheck
