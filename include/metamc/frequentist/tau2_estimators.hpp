// Estimators of the between-study variance tau^2 of the random-effects model
// y_i ~ N(mu, v_i + tau^2), and the Q-profile confidence interval.
//
// They follow metafor's rma.uni() (Viechtbauer 2005, J Educ Behav Stat 30:261; Viechtbauer 2007,
// Stat Med 26:37) but solve each estimating equation to full double precision.
#ifndef METAMC_FREQUENTIST_TAU2_ESTIMATORS_HPP
#define METAMC_FREQUENTIST_TAU2_ESTIMATORS_HPP

#include <Eigen/Core>

#include "metamc/interval.hpp"

namespace metamc {

/// Generalised Q statistic sum_i w_i (y_i - mu_w)^2 with w_i = 1 / (v_i + tau2); decreasing in
/// tau2. At tau2 = 0 it is Cochran's Q.
double generalized_q(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double tau2);

/// Traces of P = W - w w' / sum(w), W = diag(w), the projection of the intercept-only model:
///   tr P    = sum_i w_i (S - w_i) / S,
///   tr(P P) = [sum_i w_i^2 (S - w_i)^2 + sum_i w_i^2 sum_{j != i} w_j^2] / S^2,   S = sum w.
/// Written as sums of non-negative terms, with S - w_i and the sums over j != i accumulated
/// from the other terms, not by subtraction: with one dominant weight (a very precise study) the
/// textbook forms S - sum w^2 / S cancel catastrophically.
double trace_p(const Eigen::ArrayXd& w);
double trace_pp(const Eigen::ArrayXd& w);

/// DerSimonian & Laird (1986): max(0, (Q - (k - 1)) / (sum w - sum w^2 / sum w)), w = 1/v.
double tau2_dersimonian_laird(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v);

/// Restricted maximum likelihood by Fisher scoring from the Hedges estimator, with step halving
/// at the boundary and metafor's check that tau2 = 0 is not a better maximum.
double tau2_reml(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v);

/// Paule & Mandel (1982): the root of generalized_q(tau2) = k - 1, or 0 when Q < k - 1.
double tau2_paule_mandel(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v);

/// Q-profile interval for tau2 (Viechtbauer 2007): the tau2 values where generalized_q equals
/// the chi-squared(k - 1) quantiles at (1 + level) / 2 and (1 - level) / 2; bounds that would be
/// negative are 0. Needs k >= 2.
Interval q_profile_interval(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, double level);

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_TAU2_ESTIMATORS_HPP
