// A sum of doubles kept exactly, so that its rounded value does not depend on the order of the
// terms: the sums of a simulation study are the same whatever the threads and however the
// replicates are split over shards (`metamc simulate --shard`, `metamc merge`).
//
// The exact sum is held as Shewchuk's non-overlapping partials (J. R. Shewchuk 1997, "Adaptive
// precision floating-point arithmetic and fast robust geometric predicates", Discrete Comput.
// Geom. 18: grow-expansion with two-sum), at most about 40 doubles whatever the number of terms;
// value() rounds it once, to nearest with ties to even, as CPython's math.fsum does.
#ifndef METAMC_MATH_EXACT_SUM_HPP
#define METAMC_MATH_EXACT_SUM_HPP

#include <vector>

namespace metamc {

class ExactSum {
 public:
  /// Adds a finite x exactly (std::invalid_argument otherwise: an exact sum has no infinities).
  void add(double x);

  /// Adds another exact sum: the same as adding its terms.
  void add(const ExactSum& other);

  /// The exact sum rounded to the nearest double.
  double value() const;

  /// The state, to be written out and read back with from_partials (shard files).
  const std::vector<double>& partials() const { return partials_; }
  static ExactSum from_partials(const std::vector<double>& partials);

 private:
  std::vector<double> partials_;  // non-overlapping, increasing in magnitude
};

}  // namespace metamc

#endif  // METAMC_MATH_EXACT_SUM_HPP
