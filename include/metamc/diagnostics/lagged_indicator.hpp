// LaggedMoments (lagged_moments.hpp) of a sequence of 0s and 1s, a tail indicator I(x <= q), kept
// as counts. Host/device code, as LaggedMoments.
//
// For 0/1 values the sum and the sum of squares are the number of ones, and the lag-l product
// P_l = sum_t x_t x_{t-l} is the number of pairs of ones l apart. The last kStreamLags values sit
// in the bytes of one word, the newest in the lowest byte; a value of 1 adds that word to a word of
// byte-wide counters, one per lag, which an add of 0 leaves alone. So an add is a few integer
// operations instead of kStreamLags products and moves of doubles: the summary mode streams four
// indicators per draw. Every 255 adds (before a byte could overflow) the byte counters are moved
// into exact counts. The summary is that of LaggedMoments fed the same values, to the last bit:
// every count is an integer that a double holds exactly.
#ifndef METAMC_DIAGNOSTICS_LAGGED_INDICATOR_HPP
#define METAMC_DIAGNOSTICS_LAGGED_INDICATOR_HPP

#include <cstdint>

#include "metamc/diagnostics/lagged_moments.hpp"
#include "metamc/host_device.hpp"

namespace metamc {

class LaggedIndicator {
  static_assert(kStreamLags <= 8, "the last values are the bytes of one 64-bit word");

 public:
  METAMC_HD void add(bool one) {
    const std::uint64_t x = one ? 1 : 0;
    pending_ += recent_ & (0 - x);  // byte l: one more pair of ones l + 1 apart, if x is 1
    recent_ = recent_ << 8 | x;
    if (count_ < kStreamLags) first_ |= x << (8 * count_);
    ones_ += static_cast<std::uint32_t>(x);
    ++count_;
    if (++pending_adds_ == 255) move_pending();
  }

  METAMC_HD int count() const { return count_; }

  METAMC_HD LagSummary finish() const {
    LaggedIndicator done = *this;
    done.move_pending();
    double first[kStreamLags], recent[kStreamLags];
    for (int l = 0; l < kStreamLags; ++l) {
      first[l] = static_cast<double>(byte(done.first_, l));
      recent[l] = static_cast<double>(byte(done.recent_, l));
    }
    const double ones = done.ones_;
    return lag_summary(count_, ones, ones, done.products_, first, recent);
  }

 private:
  METAMC_HD static std::uint64_t byte(std::uint64_t word, int l) { return word >> (8 * l) & 0xff; }

  METAMC_HD void move_pending() {
    for (int l = 0; l < kStreamLags; ++l) products_[l] += static_cast<double>(byte(pending_, l));
    pending_ = 0;
    pending_adds_ = 0;
  }

  int count_ = 0;
  std::uint32_t ones_ = 0;
  std::uint32_t pending_adds_ = 0;     // adds since the byte counters were last moved
  std::uint64_t recent_ = 0;           // byte l: the (l + 1)-th value from the end (0: none)
  std::uint64_t first_ = 0;            // byte l: the (l + 1)-th value
  std::uint64_t pending_ = 0;          // byte l: pairs of ones l + 1 apart not yet in products_
  double products_[kStreamLags] = {};  // pairs of ones l + 1 apart
};

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_LAGGED_INDICATOR_HPP
