// Work shared out between threads: every index once, results independent of the thread count.

#include "io/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

TEST_CASE("parallel: thread_count never exceeds the work, and 0 jobs means every core", "[parallel]") {
  CHECK(dlcheck::thread_count(4, 2) == 2);
  CHECK(dlcheck::thread_count(4, 10) == 4);
  CHECK(dlcheck::thread_count(4, 0) == 1);
  CHECK(dlcheck::thread_count(0, 1) == 1);
  CHECK(dlcheck::thread_count(0, 1'000'000) >= 1);
}

TEST_CASE("parallel: -j past four threads a core is lowered, so it cannot hold a whole class in memory", "[parallel]") {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  CHECK(dlcheck::thread_count(1024, 1'000'000) == dlcheck::kThreadsPerCore * cores);
  CHECK(dlcheck::thread_count(0, 1'000'000) == cores);
}

TEST_CASE("parallel: parallel_for runs every index once, whatever the number of threads", "[parallel]") {
  for (std::size_t jobs : {1, 2, 3, 8}) {
    CAPTURE(jobs);
    std::vector<int> calls(1000);
    dlcheck::parallel_for(calls.size(), jobs, [&](std::size_t i) { calls[i] += static_cast<int>(i) + 1; });
    for (std::size_t i = 0; i < calls.size(); ++i) REQUIRE(calls[i] == static_cast<int>(i) + 1);
  }
  bool called = false;
  dlcheck::parallel_for(0, 4, [&](std::size_t) { called = true; });
  CHECK_FALSE(called);
}

TEST_CASE("parallel: the first exception reaches the caller after every thread has stopped", "[parallel]") {
  const auto throw_at_10 = [](std::atomic<int>& started) {
    return [&started](std::size_t i) {
      ++started;
      if (i == 10) throw std::runtime_error("index 10");
    };
  };
  std::atomic<int> started{0};
  CHECK_THROWS_WITH(dlcheck::parallel_for(1000, 4, throw_at_10(started)), "index 10");
  // On one thread the order is known: no index is started after the failure.
  started = 0;
  CHECK_THROWS_WITH(dlcheck::parallel_for(1000, 1, throw_at_10(started)), "index 10");
  CHECK(started.load() == 11);
  CHECK_THROWS_WITH(dlcheck::run_on_threads(3, [] { throw std::runtime_error("every thread"); }), "every thread");
}
