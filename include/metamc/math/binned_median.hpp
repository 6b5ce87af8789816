// The median of many non-negative values in memory that does not grow with their number, and
// that merges exactly: the values are counted in bins 2^-10 of an octave wide (their exponent and
// first 10 bits of mantissa), so the median is reported as the middle of its bin, within a
// relative 2^-11 (0.05%) of the sample median; counts add up the same in any order, so shards
// merge to the median of the whole (`metamc merge`).
#ifndef METAMC_MATH_BINNED_MEDIAN_HPP
#define METAMC_MATH_BINNED_MEDIAN_HPP

#include <cstdint>
#include <map>

namespace metamc {

class BinnedMedian {
 public:
  static constexpr int kMantissaBits = 10;

  /// Counts x, which is finite and at least 0 (std::invalid_argument otherwise).
  void add(double x);

  /// Adds another set's counts.
  void add(const BinnedMedian& other);

  /// Adds `count` values to bin `bin` (as bins() lists them; for reading a shard file back).
  void add_bin(std::uint32_t bin, std::uint64_t count);

  std::uint64_t count() const { return count_; }

  /// The median (the mean of the middle two for an even count), each middle value the middle of
  /// its bin; NaN for an empty set.
  double median() const;

  /// Bin -> count, increasing in value.
  const std::map<std::uint32_t, std::uint64_t>& bins() const { return bins_; }

 private:
  std::map<std::uint32_t, std::uint64_t> bins_;
  std::uint64_t count_ = 0;
};

}  // namespace metamc

#endif  // METAMC_MATH_BINNED_MEDIAN_HPP
