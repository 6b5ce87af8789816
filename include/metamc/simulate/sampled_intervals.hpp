// The Bayesian binomial-normal model's intervals for replicates of a count design, by HMC
// (mcmc/cpu_backend.hpp): what a simulation study needs of each replicate that the normal model's
// exact quadrature (posterior/exact_intervals.hpp) cannot give.
#ifndef METAMC_SIMULATE_SAMPLED_INTERVALS_HPP
#define METAMC_SIMULATE_SAMPLED_INTERVALS_HPP

#include <cstdint>
#include <optional>
#include <vector>

#include "metamc/data/study.hpp"
#include "metamc/interval.hpp"
#include "metamc/mcmc/sampler_settings.hpp"
#include "models/binomial_normal.hpp"
#include "models/priors.hpp"

namespace metamc {

struct SampledIntervals {
  Interval mu;           // central credible interval of mu (R's type-7 quantiles of the draws)
  Interval prediction;   // central interval of a new trial's effect theta_new
  double p_benefit = 0;  // the share of draws of mu on the favourable side
  double divergences = 0;
};

struct BinomialFit {
  TauPrior tau_prior;
  MuPrior mu_prior;
  BaselinePrior baseline;
  SamplerSettings sampler;  // chains, warmup, draws and the key (seed); run on one thread
};

/// Fits the binomial-normal model to each group of `replicates` (2x2 tables on every study,
/// measure OR or RR), the chains of replicate j on the streams of group coordinate streams[j]:
/// each result depends on its replicate and stream alone, not on the others in the batch. A
/// replicate whose model cannot be set up gets std::nullopt.
std::vector<std::optional<SampledIntervals>> sampled_intervals(
    const std::vector<Group>& replicates, const std::vector<std::uint32_t>& streams,
    const BinomialFit& fit, double level);

}  // namespace metamc

#endif  // METAMC_SIMULATE_SAMPLED_INTERVALS_HPP
