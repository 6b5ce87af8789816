// Streaming statistics of one scalar sequence (one half of one chain) from which its mean,
// variance and autocovariances at lags 1..kStreamLags follow exactly, without keeping the draws.
// Host/device code: the GPU kernel and the CPU summary mode run it on every draw.
//
// With n values x_t, sum S, products P_l = sum_t x_t x_{t+l}, the first l values F_l and the last
// l values B_l, the biased lag-l autocovariance of posterior::autocovariance is
//   gamma_l = [P_l - xbar (2 S - F_l - B_l) + (n - l) xbar^2] / n.
// Callers shift the values by a reference near their mean to avoid cancellation.
#ifndef METAMC_DIAGNOSTICS_LAGGED_MOMENTS_HPP
#define METAMC_DIAGNOSTICS_LAGGED_MOMENTS_HPP

#include "metamc/host_device.hpp"

namespace metamc {

constexpr int kStreamLags = 8;

/// The finished statistics of one half-chain, all that the diagnostics need.
struct LagSummary {
  double mean = 0;
  double acov[kStreamLags + 1] = {};  // biased autocovariances, lag 0..kStreamLags
};

/// The summary of n values given their sum, sum of squares, products[l - 1] = P_l, first[l - 1]
/// (the l-th value) and recent[l - 1] (the l-th from the end), l = 1..kStreamLags: the formula
/// above, shared by LaggedMoments and LaggedIndicator (lagged_indicator.hpp).
METAMC_HD inline LagSummary lag_summary(int n_values, double sum, double sum_sq,
                                        const double* products, const double* first,
                                        const double* recent) {
  LagSummary s;
  if (n_values == 0) return s;
  const double n = n_values;
  const double mean = sum / n;
  s.mean = mean;
  s.acov[0] = (sum_sq - n * mean * mean) / n;
  double head = 0, tail = 0;  // sums of the first and of the last l values
  for (int l = 1; l <= kStreamLags && l < n_values; ++l) {
    head += first[l - 1];
    tail += recent[l - 1];
    s.acov[l] = (products[l - 1] - mean * (2 * sum - head - tail) + (n - l) * mean * mean) / n;
  }
  return s;
}

class LaggedMoments {
 public:
  METAMC_HD void add(double x) {
    // recent_[l] holds x_{t-1-l}, 0 before the first value: the products need no test of how
    // many values came before, and the fixed indices keep the state in registers on a GPU (a
    // ring buffer's computed index would put it in local memory) and vectorise on a CPU.
    // (The shift in the same loop as the products, from the oldest: no call to memmove.)
    for (int l = kStreamLags - 1; l > 0; --l) {
      products_[l] += x * recent_[l];
      recent_[l] = recent_[l - 1];
    }
    products_[0] += x * recent_[0];
    recent_[0] = x;
    if (count_ < kStreamLags) first_[count_] = x;
    sum_ += x;
    sum_sq_ += x * x;
    ++count_;
  }

  METAMC_HD int count() const { return count_; }

  METAMC_HD LagSummary finish() const {
    return lag_summary(count_, sum_, sum_sq_, products_, first_, recent_);
  }

 private:
  int count_ = 0;
  double sum_ = 0, sum_sq_ = 0;
  double products_[kStreamLags] = {};
  double first_[kStreamLags] = {};
  double recent_[kStreamLags] = {};
};

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_LAGGED_MOMENTS_HPP
