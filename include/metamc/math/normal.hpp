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

/// Phi(z) and the density phi(z) from one exponential: Hart's double-precision algorithm 5666
/// (Hart et al. 1968, "Computer Approximations"), as given by West (2005), "Better approximations
/// to cumulative normal functions", Wilmott Magazine: a rational function times exp(-z^2 / 2)
/// below |z| = 5 sqrt 2, a continued fraction beyond. Absolute error below 2.3e-16 (checked
/// against erfc); half the cost of erfc and exp apart, for the normal mixtures' quantiles.
METAMC_HD inline double standard_normal_cdf_and_density(double z, double& density) {
  const double a = std::fabs(z);
  const double e = std::exp(-0.5 * a * a);
  density = 0.39894228040143267794 * e;
  double lower_tail;  // Phi(-|z|)
  if (a < 7.07106781186547) {
    double n = 3.52624965998911e-02 * a + 0.700383064443688;
    n = n * a + 6.37396220353165;
    n = n * a + 33.912866078383;
    n = n * a + 112.079291497871;
    n = n * a + 221.213596169931;
    n = n * a + 220.206867912376;
    double d = 8.83883476483184e-02 * a + 1.75566716318264;
    d = d * a + 16.064177579207;
    d = d * a + 86.7807322029461;
    d = d * a + 296.564248779674;
    d = d * a + 637.333633378831;
    d = d * a + 793.826512519948;
    d = d * a + 440.413735824752;
    lower_tail = e * n / d;
  } else {
    double b = a + 0.65;
    b = a + 4 / b;
    b = a + 3 / b;
    b = a + 2 / b;
    b = a + 1 / b;
    lower_tail = e / b / 2.506628274631000502;
  }
  return z > 0 ? 1 - lower_tail : lower_tail;
}

/// P(X < cut) for X ~ N(mean, sd^2) when lower values are favourable, else P(X > cut).
METAMC_HD inline double favourable_side(bool lower_is_better, double mean, double sd, double cut) {
  const double z = (cut - mean) / sd;
  return standard_normal_cdf(lower_is_better ? z : -z);
}

/// Phi^-1(p) for 0 < p < 1 by Wichura (1988), Algorithm AS 241 (PPND16), Applied Statistics
/// 37(3):477-484: rational approximations accurate to about 1e-16, the algorithm of R's qnorm. No
/// special function beyond log and sqrt: cheap on a GPU, and for the rank normalisation of every
/// draw. Host/device code.
// c[0] + c[1] r + ... + c[7] r^7 by Horner's rule.
METAMC_HD inline double polynomial7(const double* c, double r) {
  double value = c[7];
  for (int i = 6; i >= 0; --i) value = value * r + c[i];
  return value;
}

METAMC_HD inline double standard_normal_quantile(double p) {
  // Coefficients from low to high degree, as in R's qnorm.c.
  const double a[8] = {3.387132872796366608,  133.14166789178437745, 1971.5909503065514427,
                       13731.693765509461125, 45921.953931549871457, 67265.770927008700853,
                       33430.575583588128105, 2509.0809287301226727};
  const double b[8] = {1.,
                       42.313330701600911252,
                       687.1870074920579083,
                       5394.1960214247511077,
                       21213.794301586595867,
                       39307.89580009271061,
                       28729.085735721942674,
                       5226.495278852545925};
  const double c[8] = {1.42343711074968357734,   4.6303378461565452959,   5.7694972214606914055,
                       3.64784832476320460504,   1.27045825245236838258,  0.24178072517745061177,
                       0.0227238449892691845833, 7.7454501427834140764e-4};
  const double d[8] = {1.,
                       2.05319162663775882187,
                       1.6763848301838038494,
                       0.68976733498510000455,
                       0.14810397642748007459,
                       0.0151986665636164571966,
                       5.475938084995344946e-4,
                       1.05075007164441684324e-9};
  const double e[8] = {6.6579046435011037772,     5.4637849111641143699,
                       1.7848265399172913358,     0.29656057182850489123,
                       0.026532189526576123093,   0.0012426609473880784386,
                       2.71155556874348757815e-5, 2.01033439929228813265e-7};
  const double f[8] = {1.,
                       0.59983220655588793769,
                       0.13692988092273580531,
                       0.0148753612908506148525,
                       7.868691311456132591e-4,
                       1.8463183175100546818e-5,
                       1.4215117583164458887e-7,
                       2.04426310338993978564e-15};
  const double q = p - 0.5;
  if (q * q <= 0.180625) {  // |q| <= 0.425: the central region
    const double r = 0.180625 - q * q;
    return q * polynomial7(a, r) / polynomial7(b, r);
  }
  double r = std::sqrt(-std::log(q < 0 ? p : 1 - p));
  const double value = r <= 5 ? polynomial7(c, r - 1.6) / polynomial7(d, r - 1.6)
                              : polynomial7(e, r - 5) / polynomial7(f, r - 5);
  return q < 0 ? -value : value;
}

}  // namespace metamc

#endif  // METAMC_MATH_NORMAL_HPP
