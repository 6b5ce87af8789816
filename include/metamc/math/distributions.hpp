// Distribution functions for the frequentist engine and the reports (host only).
//
// Built on the Cephes-derived special functions of Eigen's SpecialFunctions module (erfc,
// ndtri, incomplete gamma and beta); quantiles without a closed form are found with Brent's
// method to full double precision.
#ifndef METAMC_MATH_DISTRIBUTIONS_HPP
#define METAMC_MATH_DISTRIBUTIONS_HPP

namespace metamc {

/// Standard normal CDF, accurate in both tails.
double normal_cdf(double x);
/// Standard normal upper tail 1 - Phi(x), without cancellation.
double normal_upper(double x);
/// Standard normal quantile Phi^-1(p), 0 < p < 1.
double normal_quantile(double p);

/// Upper tail P(X > x) of the chi-squared distribution with `df` degrees of freedom.
double chisq_upper(double x, double df);
/// Quantile of the chi-squared distribution: P(X <= q) = p.
double chisq_quantile(double p, double df);

/// CDF of Student's t with `df` degrees of freedom.
double t_cdf(double x, double df);
/// Quantile of Student's t: P(T <= q) = p.
double t_quantile(double p, double df);

}  // namespace metamc

#endif  // METAMC_MATH_DISTRIBUTIONS_HPP
