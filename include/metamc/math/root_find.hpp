// Brent's method for a root of a continuous function on a bracketing interval.
//
// Brent (1973), "Algorithms for Minimization without Derivatives", ch. 4: inverse quadratic
// interpolation with a bisection safeguard; the same algorithm as R's uniroot().
#ifndef METAMC_MATH_ROOT_FIND_HPP
#define METAMC_MATH_ROOT_FIND_HPP

#include <cmath>
#include <limits>
#include <utility>

#include "metamc/error.hpp"

namespace metamc {

/// Returns x in [a, b] with f(x) = 0 to within `x_tolerance` (absolute) plus a few ulps.
/// Requires f(a) and f(b) of opposite signs (or one of them zero).
template <class F>
double find_root(F f, double a, double b, double x_tolerance = 0) {
  double fa = f(a);
  double fb = f(b);
  if (fa == 0) return a;
  if (fb == 0) return b;
  if ((fa > 0) == (fb > 0)) throw NumericalError("find_root: the interval does not bracket a root");
  double c = a, fc = fa, d = b - a, e = d;
  for (int iteration = 0; iteration < 200; ++iteration) {
    if ((fb > 0) == (fc > 0)) {
      c = a;
      fc = fa;
      d = e = b - a;
    }
    if (std::fabs(fc) < std::fabs(fb)) {
      a = b, b = c, c = a;
      fa = fb, fb = fc, fc = fa;
    }
    const double tol = 2 * std::numeric_limits<double>::epsilon() * std::fabs(b) + x_tolerance / 2;
    const double m = (c - b) / 2;
    if (std::fabs(m) <= tol || fb == 0) return b;
    if (std::fabs(e) >= tol && std::fabs(fa) > std::fabs(fb)) {
      // Interpolate: secant when only two points are distinct, else inverse quadratic.
      double p, q;
      const double s = fb / fa;
      if (a == c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const double qa = fa / fc, r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = std::fabs(p);
      if (2 * p < std::fmin(3 * m * q - std::fabs(tol * q), std::fabs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = e = m;
      }
    } else {
      d = e = m;
    }
    a = b;
    fa = fb;
    b += std::fabs(d) > tol ? d : (m > 0 ? tol : -tol);
    fb = f(b);
  }
  return b;
}

/// Doubles `upper` (starting from `upper` > lower) until f changes sign between lower and upper;
/// returns the bracket. Throws after `max_doublings`.
template <class F>
std::pair<double, double> bracket_upward(F f, double lower, double upper, int max_doublings = 200) {
  const bool sign_lower = f(lower) > 0;
  for (int i = 0; i < max_doublings; ++i) {
    if ((f(upper) > 0) != sign_lower) return {lower, upper};
    lower = upper;
    upper *= 2;
  }
  throw NumericalError("bracket_upward: no sign change found");
}

}  // namespace metamc

#endif  // METAMC_MATH_ROOT_FIND_HPP
