// Threads that stay for many short parallel loops: the lockstep warmup of HMC runs two loops per
// iteration, thousands in all, where starting threads for each (parallel_for.hpp) would cost more
// than the work.
#ifndef METAMC_THREAD_POOL_HPP
#define METAMC_THREAD_POOL_HPP

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "metamc/parallel_for.hpp"

namespace metamc {

class ThreadPool {
 public:
  /// `threads` in all, the calling thread included (0 = all cores).
  explicit ThreadPool(int threads) {
    const int n = resolve_threads(threads);
    for (int t = 1; t < n; ++t) workers_.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& w : workers_) w.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  /// Calls task(i) for i = 0..count-1 on the pool; returns when all are done. Tasks must write to
  /// disjoint places; the first exception is rethrown.
  void run(std::size_t count, const std::function<void(std::size_t)>& task) {
    if (count == 0) return;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      task_ = &task;
      count_ = count;
      next_ = 0;
      busy_ = workers_.size();
      failure_ = nullptr;
      ++generation_;
    }
    wake_.notify_all();
    drain();
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return busy_ == 0; });
    task_ = nullptr;
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  void drain() {
    for (std::size_t i = next_++; i < count_; i = next_++) {
      try {
        (*task_)(i);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
        next_ = count_;
      }
    }
  }

  void work() {
    std::size_t seen = 0;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
        if (stopping_) return;
        seen = generation_;
      }
      drain();
      {
        const std::lock_guard<std::mutex> lock(mutex_);
        --busy_;
      }
      done_.notify_one();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t count_ = 0, busy_ = 0, generation_ = 0;
  std::atomic<std::size_t> next_{0};
  std::exception_ptr failure_;
  bool stopping_ = false;
};

}  // namespace metamc

#endif  // METAMC_THREAD_POOL_HPP
