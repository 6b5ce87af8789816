// A minimal parallel loop over independent tasks on std::threads.
#ifndef METAMC_PARALLEL_FOR_HPP
#define METAMC_PARALLEL_FOR_HPP

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace metamc {

/// Number of threads `requested` stands for: 0 = all cores.
inline int resolve_threads(int requested) {
  if (requested > 0) return requested;
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 0 ? static_cast<int>(cores) : 1;
}

/// Calls task(i) for i = 0..count-1 on up to `threads` threads (0 = all cores), handing out
/// indices dynamically. Tasks must write to disjoint places; the first exception is rethrown.
template <class Task>
void parallel_for(std::size_t count, int threads, Task task) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        task(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;
      }
    }
  };
  const std::size_t used =
      std::min(static_cast<std::size_t>(resolve_threads(threads)), std::max<std::size_t>(count, 1));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < used; ++t) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace metamc

#endif  // METAMC_PARALLEL_FOR_HPP
