// e^x and e^x - 1 for the binomial-normal model's gradient (models/binomial_normal.hpp), written
// without branches or calls so that its loop over the chains vectorises (glibc's exp and expm1
// are scalar calls, and a call stops the vectoriser; they took 40% of the time of a run of the
// isatuximab analysis, whose risk ratios are fitted by HMC on that model).
//
// Range reduction (Cody & Waite): x = k ln 2 + r + c with k the nearest integer to x / ln 2,
// |r| <= ln 2 / 2 (a little more where x / ln 2 rounds), r = hi - lo, hi = x - k kLn2High exact
// (kLn2High has 32 bits, k at most 11, and x and k kLn2High are within a factor of 2: Sterbenz),
// lo = k kLn2Low, and c = (hi - r) - lo the part of lo that r could not hold. Then
//   e^r - 1 = r + r^2 P(r),   P(r) = sum_{n >= 2} r^(n - 2) / n!,
// P to the term in r^11 (the series to r^13 / 13!): what it leaves out, r^14 / 14! + ..., is below
// 5e-18 of e^r and 1.3e-17 of e^r - 1 on |r| <= 0.347. e^(r + c) - 1 = (r + low) with
// low = r^2 P(r) + c (1 + r), c^2 and c r^2 being below 2^-100. The arrangement is that of
// fdlibm's s_expm1.c (Sun Microsystems, 1993) with its rational approximation replaced by the
// series; the results are within one unit in the last place (tests/math/exponential_test.cpp).
//
// 2^k is built from its bits: n + 1023 + 1.5 * 2^52 holds the biased exponent n + 1023 in its low
// bits, which a shift by 52 moves into the exponent field (the constant's own bits shift out). For
// x in [-746, 710] k runs over [-1077, 1024], wider than the normal exponents, so 2^k is applied
// as 2^(k - j) 2^j with j near k / 2: both factors normal, and the first product exact. Beyond
// that range, where e^x is 0 or infinite, the computed value is meaningless and a select replaces
// it (clamping x first would let GCC specialise the code for the clamped constants, in branches
// that stop the vectoriser). Host/device: the CPU and the GPU run this code (nvcc
// contracts it into FMAs, so the bits may differ). The roundings to integers add and take away
// 1.5 * 2^52, which -ffast-math would fold away.
#ifndef METAMC_MATH_EXPONENTIAL_HPP
#define METAMC_MATH_EXPONENTIAL_HPP

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "metamc/host_device.hpp"

#if defined(__FAST_MATH__) || FLT_EVAL_METHOD != 0
#error "exponential needs IEEE double arithmetic in source order (no -ffast-math, no x87)"
#endif

namespace metamc {
namespace detail {

/// The nearest integer to x, |x| < 2^51 (rint in the default rounding mode, but it vectorises
/// without SSE4.1).
METAMC_HD_ALWAYS_INLINE double nearest_integer(double x) {
  return (x + 0x1.8p52) - 0x1.8p52;
}

/// 2^n for an integer n in [-1022, 1023].
METAMC_HD_ALWAYS_INLINE double power_of_two(double n) {
  const double biased = n + (1023 + 0x1.8p52);
  std::uint64_t bits;
  std::memcpy(&bits, &biased, sizeof bits);
  bits <<= 52;
  double power;
  std::memcpy(&power, &bits, sizeof power);
  return power;
}

/// x = k ln 2 + r + low with e^(r + low) - 1 = r + low to within 2^-60 or so of e^r, for
/// x in [-746, 710] (see the header; meaningless outside it).
struct ReducedExponential {
  double k, r, low;
};

METAMC_HD_ALWAYS_INLINE ReducedExponential reduce_exponential(double x) {
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2High = 0x1.62e42fee00000p-1;  // ln 2 rounded down to a multiple of 2^-32
  constexpr double kLn2Low = 0x1.a39ef35793c76p-33;  // ln 2 - kLn2High
  const double k = nearest_integer(x * kLog2e);
  const double hi = x - k * kLn2High;
  const double lo = k * kLn2Low;
  const double r = hi - lo;
  const double c = (hi - r) - lo;
  const double series =
      0.5 + r * (0.16666666666666666 +
                 r * (0.041666666666666664 +
                      r * (0.008333333333333333 +
                           r * (0.001388888888888889 +
                                r * (0.0001984126984126984 +
                                     r * (2.48015873015873e-05 +
                                          r * (2.7557319223985893e-06 +
                                               r * (2.755731922398589e-07 +
                                                    r * (2.505210838544172e-08 +
                                                         r * (2.08767569878681e-09 +
                                                              r * 1.6059043836821613e-10))))))))));
  return {k, r, r * r * series + c * (1 + r)};
}

/// e^(r + low) 2^k: the scaling in two exact steps (see the header).
METAMC_HD_ALWAYS_INLINE double scale_exponential(const ReducedExponential& e) {
  const double half = nearest_integer(0.5 * e.k);
  return ((1 + (e.r + e.low)) * power_of_two(e.k - half)) * power_of_two(half);
}

/// a + b = sum + error exactly, sum the rounded sum (Knuth's TwoSum: no condition on a and b).
struct SumWithError {
  double sum, error;
};

METAMC_HD_ALWAYS_INLINE SumWithError two_sum(double a, double b) {
  const double sum = a + b;
  const double b_part = sum - a;
  const double a_part = sum - b_part;
  return {sum, (a - a_part) + (b - b_part)};
}

}  // namespace detail

/// e^x for every double: 0 below -745.14, infinity above 709.79, NaN for NaN.
METAMC_HD_ALWAYS_INLINE double exponential(double x) {
  const double value = detail::scale_exponential(detail::reduce_exponential(x));
  return x > 710 ? HUGE_VAL : (x < -746 ? 0 : value);
}

/// e^x - 1 for every double, accurate near 0: -1 below -37.5, infinity above 709.79, NaN for NaN,
/// and x for x = +-0.
METAMC_HD_ALWAYS_INLINE double exponential_minus_one(double x) {
  const detail::ReducedExponential e = detail::reduce_exponential(x);
  // e^x - 1 = (2^k - 1) + 2^k (r + low), summed with the errors of its two roundings carried
  // (Knuth's TwoSum), so that only the last addition rounds: where the terms nearly cancel (k = 1
  // and -1) an error in either would be a larger part of the result. 2^k is normal for k in
  // [-58, 1023]; at k = 1024 (x > 709.44) 2^k overflows, and e^x is scaled in two steps as
  // `exponential` does, the 1 taken away being far below its last place.
  const double half = detail::nearest_integer(0.5 * e.k);
  const double power = detail::power_of_two(e.k - half) * detail::power_of_two(half);
  const double sum = e.r + e.low;
  const double sum_error = e.low - (sum - e.r);  // exact: |low| < |r| (Dekker's Fast2Sum)
  const detail::SumWithError a = detail::two_sum(power, -1);
  const detail::SumWithError b = detail::two_sum(a.sum, power * sum);
  const double near_zero = b.sum + (b.error + (a.error + power * sum_error));
  // Both computed and one taken: a select, where a branch would stop the vectoriser.
  const double large = detail::scale_exponential(e);
  // x itself for x = +-0, as glibc's expm1 (-0 gives -0, where the sum above gives +0).
  return x > 710 ? HUGE_VAL : (x < -40 ? -1 : (x == 0 ? x : (e.k > 1023 ? large : near_zero)));
}

}  // namespace metamc

#endif  // METAMC_MATH_EXPONENTIAL_HPP
