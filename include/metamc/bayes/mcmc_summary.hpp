// Posterior summaries and convergence diagnostics from a group's MCMC draws.
#ifndef METAMC_BAYES_MCMC_SUMMARY_HPP
#define METAMC_BAYES_MCMC_SUMMARY_HPP

#include "metamc/bayes/posterior_summary.hpp"
#include "metamc/sampler/group_draws.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// Means, sds, medians and central intervals (R's type-7 quantiles) of every quantity; the
/// probabilities as means of their Rao-Blackwellised conditional values, with the MCSE of
/// p_benefit from its ESS; rank-normalised R-hat and bulk/tail ESS, the worst of mu and tau.
BayesResult summarise_draws(const GroupDraws& draws, const NormalNormalData& d, double level);

}  // namespace metamc

#endif  // METAMC_BAYES_MCMC_SUMMARY_HPP
