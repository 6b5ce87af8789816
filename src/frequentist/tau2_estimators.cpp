#include "metamc/frequentist/tau2_estimators.hpp"

#include <cmath>

#include "metamc/error.hpp"
#include "metamc/frequentist/tau2_solvers.hpp"
#include "metamc/math/distributions.hpp"

namespace metamc {
namespace {

int size_of(const Eigen::ArrayXd& x) {
  return static_cast<int>(x.size());
}

// The solvers' scratch space for k studies.
Eigen::ArrayXd workspace(const Eigen::ArrayXd& y) {
  return Eigen::ArrayXd(tau2_workspace(size_of(y)));
}

}  // namespace

double generalized_q(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double tau2) {
  return generalized_q(y.data(), v.data(), size_of(y), tau2);
}

double trace_p(const Eigen::ArrayXd& w) {
  Eigen::ArrayXd work = workspace(w);
  return trace_p(w.data(), size_of(w), work.data());
}

double trace_pp(const Eigen::ArrayXd& w) {
  Eigen::ArrayXd work = workspace(w);
  return trace_pp(w.data(), size_of(w), work.data());
}

double tau2_dersimonian_laird(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v) {
  Eigen::ArrayXd work = workspace(y);
  return tau2_dersimonian_laird(y.data(), v.data(), size_of(y), work.data());
}

double tau2_reml(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v) {
  Eigen::ArrayXd work = workspace(y);
  const double tau2 = tau2_reml(y.data(), v.data(), size_of(y), work.data());
  if (std::isnan(tau2))
    throw NumericalError("REML: Fisher scoring did not converge (or took a non-finite step)");
  return tau2;
}

double tau2_paule_mandel(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v) {
  const double tau2 = tau2_paule_mandel(y.data(), v.data(), size_of(y));
  if (std::isnan(tau2)) throw NumericalError("PM: no bracket of the root of Q(tau2) = k - 1");
  return tau2;
}

Interval q_profile_interval(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double level) {
  const int k = size_of(y);
  if (k < 2) throw NumericalError("Q-profile interval needs at least two studies");
  auto bound = [&](double critical) {
    const double tau2 = generalized_q_root(y.data(), v.data(), k, critical);
    if (std::isnan(tau2)) throw NumericalError("Q-profile: no bracket of the root of Q(tau2)");
    return tau2;
  };
  const double alpha = 1 - level;
  const double df = k - 1;
  return {bound(chisq_quantile(1 - alpha / 2, df)), bound(chisq_quantile(alpha / 2, df))};
}

}  // namespace metamc
