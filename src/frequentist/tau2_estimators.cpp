#include "metamc/frequentist/tau2_estimators.hpp"

#include <cmath>

#include "metamc/error.hpp"
#include "metamc/math/distributions.hpp"
#include "metamc/math/root_find.hpp"

namespace metamc {
namespace {

// Weighted mean with weights 1 / (v + tau2).
double weighted_mean(const Eigen::ArrayXd& y, const Eigen::ArrayXd& w) {
  return (w * y).sum() / w.sum();
}

// Restricted log-likelihood up to a constant: -1/2 [sum log(v + tau2) + log sum w + Q(tau2)].
double restricted_log_likelihood(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double tau2) {
  const Eigen::ArrayXd w = (v + tau2).inverse();
  return -0.5 * ((v + tau2).log().sum() + std::log(w.sum()) + generalized_q(y, v, tau2));
}

}  // namespace

double generalized_q(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double tau2) {
  const Eigen::ArrayXd w = (v + tau2).inverse();
  const double mu = weighted_mean(y, w);
  return (w * (y - mu).square()).sum();  // two passes: no cancellation
}

namespace {

// out[i] = sum over j != i of x[j], from prefix and suffix sums (no subtraction).
Eigen::ArrayXd sums_of_others(const Eigen::ArrayXd& x) {
  const Eigen::Index n = x.size();
  Eigen::ArrayXd out(n);
  double prefix = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    out[i] = prefix;
    prefix += x[i];
  }
  double suffix = 0;
  for (Eigen::Index i = n - 1; i >= 0; --i) {
    out[i] += suffix;
    suffix += x[i];
  }
  return out;
}

}  // namespace

double trace_p(const Eigen::ArrayXd& w) {
  return (w * sums_of_others(w)).sum() / w.sum();
}

double trace_pp(const Eigen::ArrayXd& w) {
  const double s = w.sum();
  const Eigen::ArrayXd w2 = w.square();
  return ((w2 * sums_of_others(w).square()).sum() + (w2 * sums_of_others(w2)).sum()) / (s * s);
}

double tau2_dersimonian_laird(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v) {
  const auto k = static_cast<double>(y.size());
  if (k < 2) return 0;
  return std::fmax(0.0, (generalized_q(y, v, 0) - (k - 1)) / trace_p(v.inverse()));
}

double tau2_reml(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v) {
  const auto k = static_cast<double>(y.size());
  if (k < 2) return 0;
  // Hedges (1983) start, as in metafor: sample variance of y minus the mean sampling variance.
  const double y_bar = y.mean();
  double tau2 = std::fmax(0.0, (y - y_bar).square().sum() / (k - 1) - v.mean());
  const double scale = v.mean();
  bool converged = false;
  for (int iteration = 0; iteration < 10000 && !converged; ++iteration) {
    // Fisher scoring step (y'PPy - tr P) / tr(PP) with P = W - w w' / sum w.
    const Eigen::ArrayXd w = (v + tau2).inverse();
    const double mu = (w * y).sum() / w.sum();
    const double ypp_y = (w.square() * (y - mu).square()).sum();
    double step = (ypp_y - trace_p(w)) / trace_pp(w);
    if (!std::isfinite(step))
      throw NumericalError("REML: Fisher scoring produced a non-finite step");
    while (tau2 + step < 0) step /= 2;
    tau2 += step;
    converged = std::fabs(step) <= 1e-12 * std::fmax(tau2, scale);
  }
  if (!converged) throw NumericalError("REML: Fisher scoring did not converge");
  // metafor's ll0check: a local maximum worse than the boundary gives way to tau2 = 0.
  if (tau2 > 0 && restricted_log_likelihood(y, v, 0) > restricted_log_likelihood(y, v, tau2))
    tau2 = 0;
  return tau2;
}

double tau2_paule_mandel(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v) {
  const auto k = static_cast<double>(y.size());
  if (k < 2) return 0;
  auto excess = [&](double tau2) { return generalized_q(y, v, tau2) - (k - 1); };
  if (excess(0) <= 0) return 0;
  const auto [lower, upper] = bracket_upward(excess, 0, v.mean());
  return find_root(excess, lower, upper);
}

Interval q_profile_interval(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double level) {
  const auto df = static_cast<double>(y.size() - 1);
  if (df < 1) throw NumericalError("Q-profile interval needs at least two studies");
  auto bound = [&](double critical) {
    auto excess = [&](double tau2) { return generalized_q(y, v, tau2) - critical; };
    if (excess(0) <= 0) return 0.0;
    const auto [lower, upper] = bracket_upward(excess, 0, v.mean());
    return find_root(excess, lower, upper);
  };
  const double alpha = 1 - level;
  return {bound(chisq_quantile(1 - alpha / 2, df)), bound(chisq_quantile(alpha / 2, df))};
}

}  // namespace metamc
