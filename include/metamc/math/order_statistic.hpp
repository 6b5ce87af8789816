// The m-th smallest of k numbers in expected O(k), as host/device code (std::nth_element is
// host-only): Hoare's quickselect with the middle element as pivot.
#ifndef METAMC_MATH_ORDER_STATISTIC_HPP
#define METAMC_MATH_ORDER_STATISTIC_HPP

#include "metamc/host_device.hpp"

namespace metamc {

/// The m-th smallest (0-based) of x[0..k), 0 <= m < k; reorders a copy in work[0..k).
METAMC_HD inline double order_statistic(const double* x, int k, int m, double* work) {
  for (int i = 0; i < k; ++i) work[i] = x[i];
  int lo = 0, hi = k - 1;
  while (lo < hi) {
    const double pivot = work[lo + (hi - lo) / 2];
    int i = lo, j = hi;
    while (i <= j) {  // [lo, j] <= pivot <= [i, hi]
      while (work[i] < pivot) ++i;
      while (work[j] > pivot) --j;
      if (i <= j) {
        const double t = work[i];
        work[i++] = work[j];
        work[j--] = t;
      }
    }
    if (m <= j)
      hi = j;
    else if (m >= i)
      lo = i;
    else
      return work[m];  // between the parts: equal to the pivot
  }
  return work[m];
}

}  // namespace metamc

#endif  // METAMC_MATH_ORDER_STATISTIC_HPP
