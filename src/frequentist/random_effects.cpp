#include "metamc/frequentist/random_effects.hpp"

#include <cmath>

#include "metamc/frequentist/tau2_estimators.hpp"
#include "metamc/math/distributions.hpp"

namespace metamc {

const char* to_string(Tau2Method m) {
  switch (m) {
    case Tau2Method::DL:
      return "DL";
    case Tau2Method::REML:
      return "REML";
    case Tau2Method::PM:
      return "PM";
  }
  return "?";
}

namespace {

double estimate_tau2(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, Tau2Method method) {
  switch (method) {
    case Tau2Method::DL:
      return tau2_dersimonian_laird(y, v);
    case Tau2Method::REML:
      return tau2_reml(y, v);
    case Tau2Method::PM:
      return tau2_paule_mandel(y, v);
  }
  return 0;
}

}  // namespace

CriticalValues critical_values(int k, double level) {
  const double alpha = 1 - level;
  CriticalValues c;
  c.z = normal_quantile(1 - alpha / 2);
  if (k >= 2) c.t_hksj = t_quantile(1 - alpha / 2, k - 1);
  if (k >= 3) c.t_prediction = t_quantile(1 - alpha / 2, k - 2);
  return c;
}

FrequentistFit fit_pooled(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, Tau2Method method,
                          const CriticalValues& c) {
  FrequentistFit fit;
  fit.method = method;
  fit.k = static_cast<int>(y.size());
  fit.df = fit.k - 1;
  fit.tau2 = estimate_tau2(y, v, method);
  const PooledEstimate e = pooled_estimate(y.data(), v.data(), fit.k, fit.tau2, c);
  fit.mu = e.mu;
  fit.se = e.se;
  fit.ci = e.ci;
  fit.p = 2 * normal_upper(std::fabs(fit.mu / fit.se));
  if (e.has_hksj) fit.hksj_ci = e.hksj_ci;
  if (e.has_pi) fit.pi = e.prediction;
  return fit;
}

FrequentistFit fit_frequentist(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, Tau2Method method,
                               double level) {
  const int k = static_cast<int>(y.size());
  FrequentistFit fit = fit_pooled(y, v, method, critical_values(k, level));
  const Eigen::ArrayXd w = (v + fit.tau2).inverse();
  const double total = w.sum();
  for (double wi : w) fit.weights.push_back(100 * wi / total);
  if (k < 2) return fit;
  fit.tau2_ci = q_profile_interval(y, v, level);
  const Eigen::ArrayXd w_fixed = v.inverse();
  fit.Q = std::fmax(0.0, generalized_q(y, v, 0));
  fit.Q_p = chisq_upper(fit.Q, fit.df);
  // metafor's "typical" sampling variance vt = (k - 1) / tr(P) for I^2 and H^2.
  const double vt = fit.df / trace_p(w_fixed);
  fit.I2 = 100 * fit.tau2 / (vt + fit.tau2);
  fit.H2 = fit.tau2 / vt + 1;
  return fit;
}

}  // namespace metamc
