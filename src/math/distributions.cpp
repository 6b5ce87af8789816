#include "metamc/math/distributions.hpp"

#include <cmath>
#include <unsupported/Eigen/SpecialFunctions>

#include "metamc/math/normal.hpp"
#include "metamc/math/root_find.hpp"

namespace metamc {

double normal_cdf(double x) {
  return 0.5 * Eigen::numext::erfc(-x / std::sqrt(2.0));
}

double normal_upper(double x) {
  return 0.5 * Eigen::numext::erfc(x / std::sqrt(2.0));
}

double normal_quantile(double p) {
  return standard_normal_quantile(p);
}

double chisq_upper(double x, double df) {
  if (x <= 0) return 1;
  return Eigen::numext::igammac(df / 2, x / 2);
}

double chisq_quantile(double p, double df) {
  if (p <= 0) return 0;
  // P(X <= q) is increasing in q; bracket from the mean outward.
  auto cdf_minus_p = [&](double q) { return Eigen::numext::igamma(df / 2, q / 2) - p; };
  double lower = 0, upper = df + 10 * std::sqrt(2 * df) + 10;
  while (cdf_minus_p(upper) < 0) lower = upper, upper *= 2;
  return find_root(cdf_minus_p, lower, upper);
}

double t_cdf(double x, double df) {
  // P(|T| > |x|) = I_{df/(df+x^2)}(df/2, 1/2)  (Abramowitz & Stegun 26.7.1 with 26.5.27)
  const double tail = 0.5 * Eigen::numext::betainc(df / 2, 0.5, df / (df + x * x));
  return x > 0 ? 1 - tail : tail;
}

double t_quantile(double p, double df) {
  if (p == 0.5) return 0;
  // Solve for the tail probability min(p, 1 - p) itself, which keeps full relative precision
  // far out in either tail.
  const double tail = p < 0.5 ? p : 1 - p;
  auto tail_minus_target = [&](double x) {
    return 0.5 * Eigen::numext::betainc(df / 2, 0.5, df / (df + x * x)) - tail;
  };
  double upper = 1;
  while (tail_minus_target(upper) > 0) upper *= 2;
  const double x = find_root(tail_minus_target, 0, upper);
  return p < 0.5 ? -x : x;
}

}  // namespace metamc
