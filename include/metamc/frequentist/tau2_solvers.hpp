// The tau^2 estimators of the random-effects model y_i ~ N(mu, v_i + tau^2) on plain arrays, as
// host/device code: `metamc fit` (frequentist/tau2_estimators.hpp wraps them for Eigen arrays)
// and every replicate of `metamc simulate`, on the CPU and in the CUDA kernels, run these.
//
// They follow metafor's rma.uni() (Viechtbauer 2005, J Educ Behav Stat 30:261) but solve each
// estimating equation to full double precision. A solver that fails returns NaN (no exceptions
// in device code); `work` is scratch space of tau2_workspace(k) doubles.
#ifndef METAMC_FREQUENTIST_TAU2_SOLVERS_HPP
#define METAMC_FREQUENTIST_TAU2_SOLVERS_HPP

#include <cfloat>
#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/math/root_find.hpp"

namespace metamc {

METAMC_HD constexpr int tau2_workspace(int k) {
  return 3 * k;
}

/// Generalised Q statistic sum_i w_i (y_i - mu_w)^2 with w_i = 1 / (v_i + tau2), in two passes
/// (no cancellation); decreasing in tau2. At tau2 = 0 it is Cochran's Q.
METAMC_HD inline double generalized_q(const double* y, const double* v, int k, double tau2) {
  double sum_w = 0, sum_wy = 0;
  for (int i = 0; i < k; ++i) {
    const double w = 1 / (v[i] + tau2);
    sum_w += w;
    sum_wy += w * y[i];
  }
  const double mu = sum_wy / sum_w;
  double q = 0;
  for (int i = 0; i < k; ++i) {
    const double r = y[i] - mu;
    q += r * r / (v[i] + tau2);
  }
  return q;
}

/// out[i] = sum over j != i of x[j], from prefix and suffix sums (no subtraction).
METAMC_HD inline void sums_of_others(const double* x, int k, double* out) {
  double prefix = 0;
  for (int i = 0; i < k; ++i) {
    out[i] = prefix;
    prefix += x[i];
  }
  double suffix = 0;
  for (int i = k - 1; i >= 0; --i) {
    out[i] += suffix;
    suffix += x[i];
  }
}

/// Traces of P = W - w w' / sum(w), W = diag(w), the projection of the intercept-only model:
///   tr P    = sum_i w_i (S - w_i) / S,
///   tr(P P) = [sum_i w_i^2 (S - w_i)^2 + sum_i w_i^2 sum_{j != i} w_j^2] / S^2,   S = sum w.
/// Written as sums of non-negative terms, with S - w_i and the sums over j != i accumulated
/// from the other terms, not by subtraction: with one dominant weight (a very precise study) the
/// textbook forms S - sum w^2 / S cancel catastrophically. `work`: k doubles (tr P), 2k (tr PP).
METAMC_HD inline double trace_p(const double* w, int k, double* work) {
  sums_of_others(w, k, work);
  double s = 0, t = 0;
  for (int i = 0; i < k; ++i) {
    s += w[i];
    t += w[i] * work[i];
  }
  return t / s;
}

METAMC_HD inline double trace_pp(const double* w, int k, double* work) {
  double* others = work;
  double* squares = work + k;
  sums_of_others(w, k, others);
  double s = 0, t = 0;
  for (int i = 0; i < k; ++i) {
    s += w[i];
    squares[i] = w[i] * w[i];
    t += squares[i] * others[i] * others[i];
  }
  sums_of_others(squares, k, others);
  for (int i = 0; i < k; ++i) t += squares[i] * others[i];
  return t / (s * s);
}

/// Restricted log-likelihood up to a constant: -1/2 [sum log(v + tau2) + log sum w + Q(tau2)].
METAMC_HD inline double restricted_log_likelihood(const double* y, const double* v, int k,
                                                  double tau2) {
  double log_v = 0, sum_w = 0;
  for (int i = 0; i < k; ++i) {
    log_v += std::log(v[i] + tau2);
    sum_w += 1 / (v[i] + tau2);
  }
  return -0.5 * (log_v + std::log(sum_w) + generalized_q(y, v, k, tau2));
}

/// DerSimonian & Laird (1986): max(0, (Q - (k - 1)) / (sum w - sum w^2 / sum w)), w = 1/v.
METAMC_HD inline double tau2_dersimonian_laird(const double* y, const double* v, int k,
                                               double* work) {
  if (k < 2) return 0;
  double* w = work;
  for (int i = 0; i < k; ++i) w[i] = 1 / v[i];
  return std::fmax(0.0, (generalized_q(y, v, k, 0) - (k - 1)) / trace_p(w, k, work + k));
}

/// Restricted maximum likelihood by Fisher scoring from the Hedges estimator, with step halving
/// at the boundary and metafor's check that tau2 = 0 is not a better maximum. NaN when scoring
/// takes a non-finite step or does not converge.
METAMC_HD inline double tau2_reml(const double* y, const double* v, int k, double* work) {
  if (k < 2) return 0;
  // Hedges (1983) start, as in metafor: sample variance of y minus the mean sampling variance.
  double sum_y = 0, sum_v = 0;
  for (int i = 0; i < k; ++i) {
    sum_y += y[i];
    sum_v += v[i];
  }
  const double y_bar = sum_y / k, scale = sum_v / k;
  double squares = 0;
  for (int i = 0; i < k; ++i) squares += (y[i] - y_bar) * (y[i] - y_bar);
  double tau2 = std::fmax(0.0, squares / (k - 1) - scale);
  double* w = work;
  bool converged = false;
  for (int iteration = 0; iteration < 10000 && !converged; ++iteration) {
    // Fisher scoring step (y'PPy - tr P) / tr(PP) with P = W - w w' / sum w.
    double sum_w = 0, sum_wy = 0;
    for (int i = 0; i < k; ++i) {
      w[i] = 1 / (v[i] + tau2);
      sum_w += w[i];
      sum_wy += w[i] * y[i];
    }
    const double mu = sum_wy / sum_w;
    double ypp_y = 0;
    for (int i = 0; i < k; ++i) ypp_y += w[i] * w[i] * (y[i] - mu) * (y[i] - mu);
    double step = (ypp_y - trace_p(w, k, work + k)) / trace_pp(w, k, work + k);
    if (!std::isfinite(step)) return NAN;
    while (tau2 + step < 0) step /= 2;
    tau2 += step;
    converged = std::fabs(step) <= 1e-12 * std::fmax(tau2, scale);
  }
  if (!converged) return NAN;
  // metafor's ll0check: a local maximum worse than the boundary gives way to tau2 = 0.
  if (tau2 > 0 && restricted_log_likelihood(y, v, k, 0) > restricted_log_likelihood(y, v, k, tau2))
    tau2 = 0;
  return tau2;
}

/// The root in tau2 of generalized_q(tau2) = target, or 0 when generalized_q(0) <= target: Brent
/// on a bracket doubled upward from the mean sampling variance. NaN when no bracket is found.
METAMC_HD inline double generalized_q_root(const double* y, const double* v, int k, double target) {
  const auto excess = [=](double tau2) { return generalized_q(y, v, k, tau2) - target; };
  if (excess(0) <= 0) return 0;
  double sum_v = 0;
  for (int i = 0; i < k; ++i) sum_v += v[i];
  double lower = 0, upper = sum_v / k, root = NAN;
  if (!widen_upward(excess, lower, upper) || !solve_bracketed(excess, lower, upper, 0, root))
    return NAN;
  return root;
}

/// Paule & Mandel (1982): the root of generalized_q(tau2) = k - 1, or 0 when Q < k - 1.
METAMC_HD inline double tau2_paule_mandel(const double* y, const double* v, int k) {
  if (k < 2) return 0;
  return generalized_q_root(y, v, k, k - 1);
}

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_TAU2_SOLVERS_HPP
