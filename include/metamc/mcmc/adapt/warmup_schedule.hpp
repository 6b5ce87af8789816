// When the metric is re-estimated during warmup: Stan's windowed adaptation (Stan Reference
// Manual, "Automatic parameter tuning"). An initial fast interval adapts the step size alone
// (75 iterations), slow windows of doubling length (25, 50, 100, ...; the last one stretched to
// the final interval) each end with a new metric estimated from the window, and a final fast
// interval (50) adapts the step size to the last metric. With fewer than 150 warmup iterations
// the intervals are 15%, 75% and 10%; with fewer than 20 there is no metric adaptation.
#ifndef METAMC_MCMC_ADAPT_WARMUP_SCHEDULE_HPP
#define METAMC_MCMC_ADAPT_WARMUP_SCHEDULE_HPP

#include <vector>

namespace metamc {

class WarmupSchedule {
 public:
  explicit WarmupSchedule(int warmup) {
    if (warmup < 20) return;
    int init = 75, term = 50, window = 25;
    if (warmup < 150) {
      init = warmup * 15 / 100;
      term = warmup / 10;
      window = warmup - init - term;
    }
    const int last = warmup - term;
    for (int start = init; start < last; window *= 2) {
      int end = start + window;
      if (end + 2 * window > last) end = last;
      ends_.push_back(end);
      start = end;
    }
    first_ = init;
  }

  /// Whether iteration t (1-based) lies in a slow window, whose draws estimate the metric.
  bool in_window(int t) const { return !ends_.empty() && t > first_ && t <= ends_.back(); }

  /// Whether a slow window ends with iteration t.
  bool window_ends(int t) const {
    for (int end : ends_)
      if (end == t) return true;
    return false;
  }

  const std::vector<int>& window_ends() const { return ends_; }

 private:
  int first_ = 0;
  std::vector<int> ends_;
};

}  // namespace metamc

#endif  // METAMC_MCMC_ADAPT_WARMUP_SCHEDULE_HPP
