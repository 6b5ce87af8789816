// The natural logarithm of a positive double, for the Box-Muller transform
// (rng/random_variates.hpp), written without branches or calls so that a loop of normal draws
// vectorises (glibc's log is a scalar call, and a call stops the vectoriser).
//
// Range reduction: x = 2^e m with m in [sqrt(1/2), sqrt(2)), taken from the bits of x with integer
// operations alone: adding (bits of 1) - (bits of sqrt(1/2)) carries into the exponent exactly when
// the significand is at or above sqrt(2)'s, so the shifted exponent field is e and the significand
// field, with sqrt(1/2)'s bits added back, is m. Then log x = e ln 2 + log(1 + f), f = m - 1 exact
// (Sterbenz), |f| < 0.4143. With s = f / (2 + f), |s| < 0.1716,
//   log(1 + f) = 2 atanh(s) = 2s + s R(s^2),   R(z) = sum_{n >= 1} 2 z^n / (2n + 1),
// and 2s = f - f^2/2 + s f^2/2 (as s (2 + f) = f), so that the large term f enters exactly and
// only the small ones carry rounding. R is its Taylor series to z^10: what it leaves out,
// s (2 z^11 / 23 + ...) with z < 0.02944, is below 7e-19 of log(1 + f). ln 2 is split as
// kLn2High (its first 32 bits: e kLn2High is exact for every exponent) + kLn2Low. The arrangement
// is that of fdlibm's e_log.c (Sun Microsystems, 1993); the error is at most one unit in the last
// place (tests/math/log_of_positive_test.cpp). Host/device: the CPU and the GPU run this code
// (nvcc contracts it into FMAs, so the bits may differ). The arrangement relies on the compiler
// keeping the order of the additions: no -ffast-math, and no x87 excess precision.
#ifndef METAMC_MATH_LOG_OF_POSITIVE_HPP
#define METAMC_MATH_LOG_OF_POSITIVE_HPP

#include <cfloat>
#include <cstdint>
#include <cstring>

#include "metamc/host_device.hpp"

#if defined(__FAST_MATH__) || FLT_EVAL_METHOD != 0
#error "log_of_positive needs IEEE double arithmetic in source order (no -ffast-math, no x87)"
#endif

namespace metamc {

/// log x for a positive, finite double that is not subnormal (x >= 2^-1022); other arguments give
/// meaningless values, not infinities or NaN. The uniforms of rng/random_variates.hpp are >= 2^-53.
METAMC_HD_ALWAYS_INLINE double log_of_positive(double x) {
  constexpr std::uint64_t kOneBits = 0x3ff0000000000000u;
  constexpr std::uint64_t kSqrtHalfBits = 0x3fe6a09e667f3bcdu;  // sqrt(1/2)
  constexpr std::uint64_t kSignificandMask = 0x000fffffffffffffu;
  constexpr double kLn2High = 0x1.62e42fee00000p-1;  // ln 2 rounded down to a multiple of 2^-32
  constexpr double kLn2Low = 0x1.a39ef35793c76p-33;  // ln 2 - kLn2High
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits += kOneBits - kSqrtHalfBits;
  const double e = static_cast<double>(static_cast<std::int32_t>(bits >> 52) - 1023);
  const std::uint64_t m_bits = (bits & kSignificandMask) + kSqrtHalfBits;
  double m;
  std::memcpy(&m, &m_bits, sizeof m);
  const double f = m - 1;
  const double s = f / (2 + f);
  const double z = s * s;
  const double r =
      z * (0.6666666666666666 +
           z * (0.4 + z * (0.2857142857142857 +
                           z * (0.2222222222222222 +
                                z * (0.18181818181818182 +
                                     z * (0.15384615384615385 +
                                          z * (0.13333333333333333 +
                                               z * (0.11764705882352941 +
                                                    z * (0.10526315789473684 +
                                                         z * 0.09523809523809523)))))))));
  const double half_f2 = 0.5 * f * f;
  return e * kLn2High - ((half_f2 - (s * (half_f2 + r) + e * kLn2Low)) - f);
}

}  // namespace metamc

#endif  // METAMC_MATH_LOG_OF_POSITIVE_HPP
