// A progress line on standard error for long runs: how much is done, how long it took, how long
// it will still take. Shown only where a person watches (standard error is a terminal), once a
// run has lasted 2 seconds (METAMC_PROGRESS_AFTER, in seconds, changes that, for tests), and not
// with --quiet; erased when the run ends.
#ifndef METAMC_PROGRESS_HPP
#define METAMC_PROGRESS_HPP

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace metamc {

class Progress {
 public:
  /// `enabled` false (--quiet) shows nothing; so does a standard error that is no terminal.
  explicit Progress(bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Starts a stage of `total` units of work, e.g. ("sampling", chains x iterations). With a
  /// `unit`, the line also shows the rate ("21,400 replicates/s").
  void stage(const std::string& what, double total, const std::string& unit = "");
  /// Records `units` more done; safe to call from any thread.
  void add(double units) { done_.fetch_add(static_cast<std::uint64_t>(units)); }

 private:
  void run();
  void draw(double elapsed, double stage_elapsed);

  bool enabled_ = false;
  double delay_ = 2;
  std::atomic<std::uint64_t> done_{0};
  std::atomic<double> total_{0};
  std::string what_;
  std::string unit_;
  std::chrono::steady_clock::time_point stage_start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool shown_ = false;
  std::thread thread_;
};

}  // namespace metamc

#endif  // METAMC_PROGRESS_HPP
