// Estimators of the between-study variance tau^2 of the random-effects model
// y_i ~ N(mu, v_i + tau^2), and the Q-profile confidence interval.
//
// The estimators themselves are host/device code on plain arrays (tau2_solvers.hpp); these are
// their faces for Eigen arrays, and the Q-profile interval (Viechtbauer 2007, Stat Med 26:37).
#ifndef METAMC_FREQUENTIST_TAU2_ESTIMATORS_HPP
#define METAMC_FREQUENTIST_TAU2_ESTIMATORS_HPP

#include <Eigen/Core>

#include "metamc/interval.hpp"

namespace metamc {

/// The estimators of tau2_solvers.hpp on Eigen arrays: generalized_q, trace_p, trace_pp, and DL,
/// REML and PM, the last two throwing NumericalError where the solvers fail.
double generalized_q(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double tau2);
double trace_p(const Eigen::ArrayXd& w);
double trace_pp(const Eigen::ArrayXd& w);
double tau2_dersimonian_laird(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v);
double tau2_reml(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v);
double tau2_paule_mandel(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v);

/// Q-profile interval for tau2 (Viechtbauer 2007): the tau2 values where generalized_q equals
/// the chi-squared(k - 1) quantiles at (1 + level) / 2 and (1 - level) / 2; bounds that would be
/// negative are 0. Needs k >= 2.
Interval q_profile_interval(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double level);

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_TAU2_ESTIMATORS_HPP
