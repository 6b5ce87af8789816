// sin and cos of an angle given in turns (2 pi x), for the Box-Muller transform, whose angle is a
// uniform fraction of a turn. The range reduction is exact: x = q / 4 + r with q the nearest
// quarter turn and |r| <= 1/8; then sin(2 pi r) and cos(2 pi r) by their Taylor series in r,
// whose coefficients (-1)^n (2 pi)^m / m! were computed to 60 digits (Python's decimal) and
// rounded to double. On |2 pi r| <= pi / 4 the first omitted terms, (2 pi r)^19 / 19! and
// (2 pi r)^18 / 18!, are below 3e-18 relative to the result: the error is that of the rounding in
// Horner's scheme, 1 to 2 units in the last place (tests/math/sincos_turns_test.cpp). Host/device:
// the CPU and the GPU run the same code (nvcc contracts it into FMAs, so the bits may differ).
// Speed, measured on x86-64: 5% faster than glibc's sincos in the default build (no FMA
// instructions), twice as fast with -mfma; and, having no call, in loops the compiler vectorises.
#ifndef METAMC_MATH_SINCOS_TURNS_HPP
#define METAMC_MATH_SINCOS_TURNS_HPP

#include <cfloat>

#include "metamc/host_device.hpp"

// The rounding to quarter turns adds and takes away 1.5 * 2^52: fast-math would fold it away.
#if defined(__FAST_MATH__) || FLT_EVAL_METHOD != 0
#error "sincos_turns needs IEEE double arithmetic in source order (no -ffast-math, no x87)"
#endif

namespace metamc {

struct SinCos {
  double sin, cos;
};

/// sin(2 pi x) and cos(2 pi x) for x in [0, 1].
METAMC_HD_ALWAYS_INLINE SinCos sincos_turns(double x) {
  // 4x is exact and |4x - q| <= 1/2, so r is exact (Sterbenz) for every double in [0, 1].
  // Nearest quarter turn, 0..4, rounded by adding and taking away 1.5 * 2^52 (exact below 2^51;
  // rint's rounding, in the default mode): unlike rint, it vectorises without SSE4.1.
  const double quarters = (4 * x + 0x1.8p52) - 0x1.8p52;
  const double r = x - 0.25 * quarters;  // |r| <= 1/8
  const double r2 = r * r;
  const double s = r * (6.283185307179586 +
                        r2 * (-41.34170224039976 +
                              r2 * (81.60524927607506 +
                                    r2 * (-76.70585975306139 +
                                          r2 * (42.058693944897655 +
                                                r2 * (-15.09464257682299 +
                                                      r2 * (3.819952584848282 +
                                                            r2 * (-0.7181223017785006 +
                                                                  r2 * 0.10422916220813984))))))));
  const double c =
      1 +
      r2 * (-19.739208802178716 +
            r2 * (64.9393940226683 +
                  r2 * (-85.45681720669373 +
                        r2 * (60.24464137187666 +
                              r2 * (-26.4262567833744 +
                                    r2 * (7.903536371318469 + r2 * (-1.714390711088672 +
                                                                    r2 * 0.28200596845579123)))))));
  // Rotate by the quarter turns: q = 1 maps (sin, cos) to (cos, -sin), q = 2 negates both.
  const int q = static_cast<int>(quarters) & 3;
  const double sin_r = (q & 1) ? c : s, cos_r = (q & 1) ? -s : c;
  const double sign = (q & 2) ? -1.0 : 1.0;
  return {sign * sin_r, sign * cos_r};
}

}  // namespace metamc

#endif  // METAMC_MATH_SINCOS_TURNS_HPP
