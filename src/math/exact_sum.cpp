#include "metamc/math/exact_sum.hpp"

#include <cmath>
#include <stdexcept>

namespace metamc {

void ExactSum::add(double x) {
  if (!std::isfinite(x)) throw std::invalid_argument("ExactSum: a term is not finite");
  // Grow-expansion: x passes through the partials from the smallest; each two-sum keeps the
  // rounding error lo of hi = x + y as a partial, so that the partials' sum stays exact.
  std::size_t kept = 0;
  for (double y : partials_) {
    if (std::fabs(x) < std::fabs(y)) std::swap(x, y);
    const double hi = x + y;
    const double lo = y - (hi - x);
    if (lo != 0) partials_[kept++] = lo;
    x = hi;
  }
  partials_.resize(kept);
  partials_.push_back(x);
}

void ExactSum::add(const ExactSum& other) {
  for (double p : other.partials_) add(p);
}

double ExactSum::value() const {
  // Sum from the largest partial down until the first inexact step; then, for a result exactly
  // halfway between two doubles, the sign of what remains decides the rounding (CPython's
  // math_fsum, Modules/mathmodule.c).
  std::size_t n = partials_.size();
  if (n == 0) return 0;
  double hi = partials_[--n], lo = 0;
  while (n > 0) {
    const double x = hi, y = partials_[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo != 0) break;
  }
  if (n > 0 && ((lo < 0 && partials_[n - 1] < 0) || (lo > 0 && partials_[n - 1] > 0))) {
    const double y = lo * 2, x = hi + y;
    if (y == x - hi) hi = x;
  }
  return hi;
}

ExactSum ExactSum::from_partials(const std::vector<double>& partials) {
  ExactSum s;
  for (double p : partials) s.add(p);
  return s;
}

}  // namespace metamc
