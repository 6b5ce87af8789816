// Prior distributions of the heterogeneity tau and of the overall effect mu.
//
// The log densities are host/device functions: the sampler evaluates them on every iteration,
// on the CPU or in a CUDA kernel. Normalising constants (lgamma, ...) are computed once on the
// host by make_tau_prior() and stored with the parameters.
#ifndef METAMC_MODELS_PRIORS_HPP
#define METAMC_MODELS_PRIORS_HPP

#include <cmath>

#include "metamc/host_device.hpp"

namespace metamc {

enum class TauPriorKind {
  half_normal,         // tau ~ N+(0, a^2)
  half_cauchy,         // tau ~ Cauchy+(0, a)
  half_t,              // tau ~ t+(df = a, scale b)
  uniform,             // tau ~ U(a, b)
  exponential,         // tau ~ Exp(rate a)
  lognormal_tau2,      // log tau^2 ~ N(a, b^2): Turner et al. (2015) empirical priors
  inverse_gamma_tau2,  // tau^2 ~ InvGamma(shape a, scale b)
};

struct TauPrior {
  TauPriorKind kind = TauPriorKind::half_normal;
  double a = 0.5;
  double b = 0;
  double log_norm = 0;  // log normalising constant of the density of tau (make_tau_prior)
};

/// Builds a prior with its normalising constant; the parameters must be valid (see prior_parse).
TauPrior make_tau_prior(TauPriorKind kind, double a, double b = 0);

/// log p(tau), the density of tau itself (not of tau^2), at tau >= 0; -infinity off the support.
METAMC_HD inline double tau_prior_log_density(const TauPrior& p, double tau) {
  const double minus_infinity = -HUGE_VAL;  // numeric_limits is host-only in device code
  switch (p.kind) {
    case TauPriorKind::half_normal:
      return p.log_norm - 0.5 * (tau / p.a) * (tau / p.a);
    case TauPriorKind::half_cauchy:
      return p.log_norm - std::log1p((tau / p.a) * (tau / p.a));
    case TauPriorKind::half_t:
      return p.log_norm - 0.5 * (p.a + 1) * std::log1p((tau / p.b) * (tau / p.b) / p.a);
    case TauPriorKind::uniform:
      return tau >= p.a && tau <= p.b ? p.log_norm : minus_infinity;
    case TauPriorKind::exponential:
      return p.log_norm - p.a * tau;
    case TauPriorKind::lognormal_tau2: {
      if (tau <= 0) return minus_infinity;
      // p(tau) = 2 tau LN(tau^2; a, b)  =>  log p = c - log tau - (2 log tau - a)^2 / (2 b^2)
      const double log_tau = std::log(tau);
      const double z = (2 * log_tau - p.a) / p.b;
      return p.log_norm - log_tau - 0.5 * z * z;
    }
    case TauPriorKind::inverse_gamma_tau2:
      // p(tau) = 2 tau IG(tau^2; a, b)  =>  log p = c - (2a + 1) log tau - b / tau^2
      if (tau <= 0) return minus_infinity;
      return p.log_norm - (2 * p.a + 1) * std::log(tau) - p.b / (tau * tau);
  }
  return minus_infinity;
}

/// d/dtau log p(tau) inside the support, for gradient-based samplers (the derivative of
/// tau_prior_log_density; 0 for the uniform prior, whose edges the samplers' transform keeps out
/// of reach: models/tau_transform.hpp).
METAMC_HD inline double tau_prior_log_density_derivative(const TauPrior& p, double tau) {
  switch (p.kind) {
    case TauPriorKind::half_normal:
      return -tau / (p.a * p.a);
    case TauPriorKind::half_cauchy:
      return -2 * tau / (p.a * p.a + tau * tau);
    case TauPriorKind::half_t:
      return -(p.a + 1) * tau / (p.a * p.b * p.b + tau * tau);
    case TauPriorKind::uniform:
      return 0;
    case TauPriorKind::exponential:
      return -p.a;
    case TauPriorKind::lognormal_tau2:
      return -(1 + 2 * (2 * std::log(tau) - p.a) / (p.b * p.b)) / tau;
    case TauPriorKind::inverse_gamma_tau2:
      return -(2 * p.a + 1) / tau + 2 * p.b / (tau * tau * tau);
  }
  return 0;
}

/// Exponent t of the prior's polynomial tail p(tau) ~ tau^-t, or +infinity for lighter tails.
/// Decides which posterior moments exist (see tau_moment_exists).
double tau_prior_tail_exponent(const TauPrior& p);

/// log of a typical tau under the prior (its scale): where the posterior lies when the prior
/// dominates the data. Centres the search for the posterior of log tau.
METAMC_HD inline double tau_prior_log_scale(const TauPrior& p) {
  switch (p.kind) {
    case TauPriorKind::half_normal:
    case TauPriorKind::half_cauchy:
      return std::log(p.a);
    case TauPriorKind::half_t:
      return std::log(p.b);
    case TauPriorKind::uniform:
      return std::log(0.5 * (p.a + p.b));
    case TauPriorKind::exponential:
      return -std::log(p.a);
    case TauPriorKind::lognormal_tau2:
      return p.a / 2;
    case TauPriorKind::inverse_gamma_tau2:
      return 0.5 * std::log(p.b / (p.a + 1));  // the mode of tau^2
  }
  return 0;
}

/// Support of the prior: [lower, upper], upper possibly +infinity.
METAMC_HD inline double tau_prior_lower(const TauPrior& p) {
  return p.kind == TauPriorKind::uniform ? p.a : 0;
}

METAMC_HD inline double tau_prior_upper(const TauPrior& p) {
  return p.kind == TauPriorKind::uniform ? p.b : HUGE_VAL;
}

struct MuPrior {
  bool normal = false;  // false: flat (improper) prior
  double mean = 0;
  double sd = 0;
};

/// log p(mu) up to a constant (0 under the flat prior), and its derivative.
METAMC_HD inline double mu_prior_log_density(const MuPrior& p, double mu) {
  if (!p.normal) return 0;
  const double z = (mu - p.mean) / p.sd;
  return -0.5 * z * z;
}

METAMC_HD inline double mu_prior_log_density_derivative(const MuPrior& p, double mu) {
  return p.normal ? -(mu - p.mean) / (p.sd * p.sd) : 0;
}

}  // namespace metamc

#endif  // METAMC_MODELS_PRIORS_HPP
