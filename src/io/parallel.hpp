#pragma once
// Work shared out between threads, for the batch runner and the folder search.

#include <cstddef>
#include <functional>

namespace dlcheck {

/// The most threads -j gives for each core.
inline constexpr std::size_t kThreadsPerCore = 4;

/// The threads to use for `work_items` items: `jobs` (0: one per core), never more than the items
/// or kThreadsPerCore a core.
std::size_t thread_count(std::size_t jobs, std::size_t work_items);

/// Runs `work` on `threads` threads at once, the calling thread one of them, and waits for all.
/// The first exception thrown is rethrown here once every thread has finished.
void run_on_threads(std::size_t threads, const std::function<void()>& work);

/// Calls `body(i)` for every i below `count` on thread_count(jobs, count) threads, each index
/// once. A body that writes only to slot i gives the same result whatever the number of threads.
/// After an exception no new index is started; the first is rethrown.
void parallel_for(std::size_t count, std::size_t jobs, const std::function<void(std::size_t index)>& body);

}  // namespace dlcheck
