// Brent's method for a root of a continuous function on a bracketing interval.
//
// Brent (1973), "Algorithms for Minimization without Derivatives", ch. 4: inverse quadratic
// interpolation with a bisection safeguard; the same algorithm as R's uniroot().
//
// solve_bracketed and widen_upward are host/device code that report failure by their result (the
// simulation kernels have no exceptions); find_root and bracket_upward throw instead.
#ifndef METAMC_MATH_ROOT_FIND_HPP
#define METAMC_MATH_ROOT_FIND_HPP

#include <cfloat>
#include <cmath>
#include <utility>

#include "metamc/error.hpp"
#include "metamc/host_device.hpp"

namespace metamc {

/// Sets `root` to x in [a, b] with f(x) = 0 to within `x_tolerance` (absolute) plus a few ulps;
/// false when f(a) and f(b) have the same sign (neither zero).
template <class F>
METAMC_HD bool solve_bracketed(F f, double a, double b, double x_tolerance, double& root) {
  double fa = f(a);
  double fb = f(b);
  if (fa == 0) return root = a, true;
  if (fb == 0) return root = b, true;
  if ((fa > 0) == (fb > 0)) return false;
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
    const double tol = 2 * DBL_EPSILON * std::fabs(b) + x_tolerance / 2;
    const double m = (c - b) / 2;
    if (std::fabs(m) <= tol || fb == 0) return root = b, true;
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
  return root = b, true;
}

/// Doubles `upper` (starting from `upper` > lower), moving `lower` up behind it, until f changes
/// sign between them; false after `max_doublings`.
template <class F>
METAMC_HD bool widen_upward(F f, double& lower, double& upper, int max_doublings = 200) {
  const bool sign_lower = f(lower) > 0;
  for (int i = 0; i < max_doublings; ++i) {
    if ((f(upper) > 0) != sign_lower) return true;
    lower = upper;
    upper *= 2;
  }
  return false;
}

/// solve_bracketed's root; NumericalError when [a, b] does not bracket one.
template <class F>
double find_root(F f, double a, double b, double x_tolerance = 0) {
  double root = 0;
  if (!solve_bracketed(f, a, b, x_tolerance, root))
    throw NumericalError("find_root: the interval does not bracket a root");
  return root;
}

/// widen_upward's bracket; NumericalError after `max_doublings`.
template <class F>
std::pair<double, double> bracket_upward(F f, double lower, double upper, int max_doublings = 200) {
  if (!widen_upward(f, lower, upper, max_doublings))
    throw NumericalError("bracket_upward: no sign change found");
  return {lower, upper};
}

}  // namespace metamc

#endif  // METAMC_MATH_ROOT_FIND_HPP
