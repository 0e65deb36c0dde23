#include "io/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace dlcheck {

std::size_t thread_count(std::size_t jobs, std::size_t work_items) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  if (jobs == 0) jobs = cores;
  // Past a few threads a core, more only hold more files in memory at once: -j 1024 on a class
  // kept 1,024 packs (1.6 GB on 2 cores) for no speed.
  jobs = std::min(jobs, kThreadsPerCore * cores);
  return std::min(jobs, std::max<std::size_t>(work_items, 1));
}

void run_on_threads(std::size_t threads, const std::function<void()>& work) {
  std::exception_ptr first_error;
  std::mutex mutex;
  const auto guarded = [&] {
    try {
      work();
    } catch (...) {
      const std::lock_guard lock(mutex);
      if (!first_error) first_error = std::current_exception();
    }
  };
  std::vector<std::thread> others;
  for (std::size_t t = 1; t < threads; ++t) {
    try {
      others.emplace_back(guarded);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the work is shared between those running
    }
  }
  guarded();
  for (auto& thread : others) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

void parallel_for(std::size_t count, std::size_t jobs, const std::function<void(std::size_t)>& body) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  run_on_threads(thread_count(jobs, count), [&] {
    try {
      for (std::size_t i = next++; i < count && !failed; i = next++) body(i);
    } catch (...) {
      failed = true;
      throw;
    }
  });
}

}  // namespace dlcheck
