// The standard normal distribution function and its inverse as host/device code.
#ifndef METAMC_MATH_NORMAL_HPP
#define METAMC_MATH_NORMAL_HPP

#include <cmath>

#include "metamc/host_device.hpp"

namespace metamc {

/// Phi(x) = erfc(-x / sqrt 2) / 2, accurate in both tails.
METAMC_HD inline double standard_normal_cdf(double x) {
  return 0.5 * std::erfc(-x * 0.70710678118654752440);
}

/// P(X < cut) for X ~ N(mean, sd^2) when lower values are favourable, else P(X > cut).
METAMC_HD inline double favourable_side(bool lower_is_better, double mean, double sd, double cut) {
  const double z = (cut - mean) / sd;
  return standard_normal_cdf(lower_is_better ? z : -z);
}

/// Phi^-1(p) for 0 < p < 1: Acklam's rational approximation (relative error below 1.2e-9),
/// refined by one step of Halley's method on Phi(x) - p, which brings it to full double
/// precision. Host/device code for the normal scores of the streamed diagnostics.
METAMC_HD inline double standard_normal_quantile(double p) {
  const double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                       1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  const double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                       6.680131188771972e+01, -1.328068155288572e+01};
  const double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                       -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  const double d[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                       3.754408661907416e+00};
  const double low = 0.02425;
  double x;
  if (p < low || p > 1 - low) {
    const double q = std::sqrt(-2 * std::log(p < low ? p : 1 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 1 - low) x = -x;
  } else {
    const double q = p - 0.5, r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // Halley step: e = Phi(x) - p, u = e / phi(x); x -= u / (1 + x u / 2).
  const double e = 0.5 * std::erfc(-x * 0.70710678118654752440) - p;
  const double u = e * 2.5066282746310002 * std::exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}

}  // namespace metamc

#endif  // METAMC_MATH_NORMAL_HPP
