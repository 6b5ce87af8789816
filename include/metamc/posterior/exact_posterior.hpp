// The exact posterior of the normal-normal model by one-dimensional quadrature over tau.
//
// mu and theta integrate out in closed form (models/normal_normal.hpp), so every reported
// quantity is an integral over u = log tau of a closed-form conditional: moments directly,
// quantiles of tau by root-finding on its CDF, and quantiles of mu, theta_new and theta_i by
// root-finding on normal mixtures (the approach of bayesmeta, Roever 2020, JSS 93(6), with
// composite Gauss-Legendre quadrature in place of the DIRECT grid). Used as `--method exact`
// and as the yardstick of the samplers.
#ifndef METAMC_POSTERIOR_EXACT_POSTERIOR_HPP
#define METAMC_POSTERIOR_EXACT_POSTERIOR_HPP

#include <optional>

#include "metamc/data/measure.hpp"
#include "metamc/posterior/posterior_summary.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// What every Bayesian fit is asked for besides the model.
struct BayesQuestion {
  Benefit benefit = Benefit::lower;  // favourable side of 0
  double level = 0.95;               // of every interval
  std::optional<double> threshold;   // on the analysis scale
};

BayesResult exact_posterior(const NormalNormalData& d, const BayesQuestion& question);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_EXACT_POSTERIOR_HPP
