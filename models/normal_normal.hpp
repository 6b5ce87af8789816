// The normal-normal hierarchical model (NNHM) of random-effects meta-analysis:
//
//   y_i | theta_i ~ N(theta_i, s_i^2),   theta_i | mu, tau ~ N(mu, tau^2),   i = 1..k,
//   mu ~ flat or N(m, s^2),   tau ~ any prior (priors.hpp).
//
// theta and mu integrate out in closed form (Roever 2020, JSS 93(6), section 2; bayesmeta), which
// leaves a one-dimensional posterior of tau:
//
//   v_i = s_i^2 + tau^2,  W = sum 1/v_i,  muhat = (sum y_i / v_i) / W,  V = 1 / W,
//   log p(y | tau) = -1/2 [ sum log v_i + log W + sum (y_i - muhat)^2 / v_i ] + const,
//
// where a normal prior on mu enters as one more "study" (m, s^2) whose variance does not grow
// with tau^2. Given tau: mu ~ N(muhat, V); given mu and tau, with the shrinkage factor
// B_i = s_i^2 / v_i, theta_i ~ N(y_i + B_i (mu - y_i), B_i tau^2); a new trial's effect
// theta_new ~ N(mu, tau^2). Host/device code: the CPU backend, the exact quadrature and the CUDA
// kernels all use these functions.
#ifndef METAMC_MODELS_NORMAL_NORMAL_HPP
#define METAMC_MODELS_NORMAL_NORMAL_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/math/normal.hpp"
#include "models/priors.hpp"
#include "models/reported_draw.hpp"

namespace metamc {

/// One meta-analysis as seen by the model; the arrays live in host or device memory.
struct NormalNormalData {
  int k = 0;
  const double* y = nullptr;   // effects on the analysis scale
  const double* s2 = nullptr;  // their sampling variances
  MuPrior mu_prior;
  TauPrior tau_prior;
};

/// What integrating mu out at a given tau gives.
struct MuGivenTau {
  double mean;            // muhat(tau)
  double var;             // V(tau)
  double log_likelihood;  // log p(y | tau) up to a constant
};

METAMC_HD inline MuGivenTau integrate_mu(const NormalNormalData& d, double tau2) {
  // The weights w_i = 1 / v_i of the first kKeptWeights studies are kept for the second pass:
  // divisions are most of this function's cost, and the sampler calls it every iteration.
  constexpr int kKeptWeights = 16;
  double kept[kKeptWeights];
  double sum_w = 0, sum_wy = 0, log_v = 0, product = 1;
  for (int i = 0; i < d.k; ++i) {
    const double v = d.s2[i] + tau2;
    const double w = 1 / v;
    if (i < kKeptWeights) kept[i] = w;
    sum_w += w;
    sum_wy += d.y[i] * w;
    product *= v;
    if ((i & 7) == 7) {  // one logarithm per eight studies, and no overflow of the product
      log_v += std::log(product);
      product = 1;
    }
  }
  log_v += std::log(product);
  double prior_w = 0;
  if (d.mu_prior.normal) {
    prior_w = 1 / (d.mu_prior.sd * d.mu_prior.sd);
    sum_w += prior_w;
    sum_wy += d.mu_prior.mean * prior_w;
  }
  const double mean = sum_wy / sum_w;
  double q = 0;  // second pass: no cancellation
  for (int i = 0; i < d.k; ++i) {
    const double r = d.y[i] - mean;
    q += r * r * (i < kKeptWeights ? kept[i] : 1 / (d.s2[i] + tau2));
  }
  if (d.mu_prior.normal) {
    const double r = d.mu_prior.mean - mean;
    q += r * r * prior_w;
  }
  return {mean, 1 / sum_w, -0.5 * (log_v + std::log(sum_w) + q)};
}

/// log p(u | y) up to a constant for u = log tau: log prior(tau) + u + log p(y | tau). The +u is
/// the Jacobian of tau = exp(u). Also returns mu's conditional at that tau.
struct LogTauPosterior {
  double log_density;
  MuGivenTau mu;
  double tau;  // exp(u), or the tau given with it
};

/// The same with tau given beside u = log tau: at a bound of the prior's support, exp(u) may
/// round to the other side of it.
METAMC_HD inline LogTauPosterior log_tau_posterior_at(const NormalNormalData& d, double u,
                                                      double tau) {
  const MuGivenTau mu = integrate_mu(d, tau * tau);
  return {tau_prior_log_density(d.tau_prior, tau) + u + mu.log_likelihood, mu, tau};
}

METAMC_HD inline LogTauPosterior log_tau_posterior(const NormalNormalData& d, double u) {
  return log_tau_posterior_at(d, u, std::exp(u));
}

/// Conditional of a study's true effect: mean and variance of theta_i given mu and tau.
struct NormalMoments {
  double mean, var;
};

METAMC_HD inline NormalMoments theta_given_mu_tau(double y, double s2, double mu, double tau2) {
  const double shrinkage = s2 / (s2 + tau2);  // B_i: 1 when tau = 0 (full pooling)
  return {y + shrinkage * (mu - y), shrinkage * tau2};
}

/// theta_i given tau alone (mu integrated out): mean y + B (muhat - y), variance B tau^2 + B^2 V.
METAMC_HD inline NormalMoments theta_given_tau(double y, double s2, const MuGivenTau& mu,
                                               double tau2) {
  const double shrinkage = s2 / (s2 + tau2);
  return {y + shrinkage * (mu.mean - y), shrinkage * tau2 + shrinkage * shrinkage * mu.var};
}

/// A draw of (mu, tau, theta_new) reported with the probabilities conditional on its tau, from
/// mu | tau, y ~ N(muhat, V) and theta_new | tau, y ~ N(muhat, V + tau^2).
METAMC_HD inline ReportedDraw report_draw(double mu, double tau, double log_tau, double theta_new,
                                          const MuGivenTau& given_tau,
                                          const ProbabilityQuestion& question) {
  const double sd_mu = std::sqrt(given_tau.var);
  const bool lower = question.lower_is_better;
  ReportedDraw r;
  r.mu = mu;
  r.tau = tau;
  r.log_tau = log_tau;
  r.theta_new = theta_new;
  r.p_benefit = favourable_side(lower, given_tau.mean, sd_mu, 0);
  r.p_pred_benefit =
      favourable_side(lower, given_tau.mean, std::sqrt(given_tau.var + tau * tau), 0);
  r.p_threshold = question.has_threshold
                      ? favourable_side(lower, given_tau.mean, sd_mu, question.threshold)
                      : 0;
  return r;
}

}  // namespace metamc

#endif  // METAMC_MODELS_NORMAL_NORMAL_HPP
