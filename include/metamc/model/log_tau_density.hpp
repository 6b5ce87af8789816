// The one-dimensional posterior of u = log tau that every model with normal effects reduces to
// once its linear parameters are integrated out: the normal-normal model (models/normal_normal.hpp)
// and the meta-regression (model/regression_given_tau.hpp). The range search, the exact
// quadrature and the collapsed sampler's proposal see a model through this alone.
#ifndef METAMC_MODEL_LOG_TAU_DENSITY_HPP
#define METAMC_MODEL_LOG_TAU_DENSITY_HPP

#include <functional>

#include "metamc/model/log_tau_search.hpp"
#include "models/normal_normal.hpp"
#include "models/priors.hpp"

namespace metamc {

struct LogTauDensity {
  std::function<double(double)> at;  // log p(u | y) up to a constant
  TauPrior prior;                    // its support and scale
  double data_log_scale = 0;         // log of a typical s_i: where the data put tau
  double likelihood_decay = 0;       // p(y | tau) ~ tau^-L as tau grows: L
};

/// The normal-normal model's: L = k - 1 under a flat prior on mu (integrating mu out takes one),
/// k under a normal one. `d`'s arrays must outlive the result.
LogTauDensity log_tau_density(const NormalNormalData& d);

/// median_log_sd of log_tau_search.hpp with its own scratch space.
double median_log_sd(const double* s2, int k);

}  // namespace metamc

#endif  // METAMC_MODEL_LOG_TAU_DENSITY_HPP
