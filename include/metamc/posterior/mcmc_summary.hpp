// Posterior summaries and convergence diagnostics from a group's MCMC draws.
#ifndef METAMC_POSTERIOR_MCMC_SUMMARY_HPP
#define METAMC_POSTERIOR_MCMC_SUMMARY_HPP

#include "metamc/diagnostics/draws.hpp"
#include "metamc/mcmc/sinks/group_draws.hpp"
#include "metamc/posterior/posterior_summary.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// The median and central interval at `level` of x (R's type-7 quantiles): from `sorted`, every
/// draw in order, when not empty, else by selection.
ScalarSummary central(const DrawsView& x, double level, const SortedValues& sorted = {});

/// The chains' counts into the diagnostics: chains, draws per chain, mean acceptance, and for HMC
/// (step_size > 0) the step size, the divergences and the mean leapfrog steps per draw.
void add_chain_counts(const std::vector<ChainCounts>& counts, int draws, double step_size,
                      McmcDiagnostics& diag);

/// Means, sds, medians and central intervals (R's type-7 quantiles) of every quantity; the
/// probabilities as means of their Rao-Blackwellised conditional values, with the MCSE of
/// p_benefit from its ESS; rank-normalised R-hat and bulk/tail ESS, the worst of mu and tau.
/// The quantities are summarised on up to `threads` threads (0 = all cores); the result does not
/// depend on their number.
BayesResult summarise_draws(const GroupDraws& draws, const NormalNormalData& d, double level,
                            int threads = 1);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_MCMC_SUMMARY_HPP
