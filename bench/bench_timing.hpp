// Wall-clock helpers shared by the benchmarks.
#ifndef METAMC_BENCH_BENCH_TIMING_HPP
#define METAMC_BENCH_BENCH_TIMING_HPP

#include <algorithm>
#include <chrono>
#include <vector>

namespace metamc::bench {

using Clock = std::chrono::steady_clock;

inline double seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

inline double seconds_since(Clock::time_point start) {
  return seconds(start, Clock::now());
}

/// The middle value (the upper one of an even count).
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace metamc::bench

#endif  // METAMC_BENCH_BENCH_TIMING_HPP
