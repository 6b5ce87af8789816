// Wall-clock time since construction, for the seconds that the reports and benchmarks show.
#ifndef METAMC_STOPWATCH_HPP
#define METAMC_STOPWATCH_HPP

#include <chrono>

namespace metamc {

class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace metamc

#endif  // METAMC_STOPWATCH_HPP
