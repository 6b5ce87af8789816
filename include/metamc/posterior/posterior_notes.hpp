// Notes a reader of a Bayesian fit needs besides its numbers: when the prior rather than the
// data decides the posterior of tau, and when the MCMC diagnostics cannot be taken at face value.
#ifndef METAMC_POSTERIOR_POSTERIOR_NOTES_HPP
#define METAMC_POSTERIOR_POSTERIOR_NOTES_HPP

#include "metamc/posterior/posterior_summary.hpp"
#include "models/model_kind.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// Adds to r.notes:
///  - k = 1 under a flat prior on mu: the posterior of tau is its prior;
///  - mass piled against the upper bound of a uniform prior (the posterior density of log tau at
///    the bound at least 1% of its maximum): the bound, not the data, decides;
///  - an upper credible limit of tau more than 20 times the spread of the data (the largest of
///    the standard errors and the range of the effects): the prior's tail decides it, as with an
///    almost flat prior and k <= 2;
///  - an ESS more than 10% above the number of draws (antithetic draws, or the cap N log10 N of
///    the estimator on very short chains); the table never shows an ESS above the draws;
///  - divergent HMC transitions, with what the group's model allows instead (the collapsed sampler
///    for the normal model; the binomial model has HMC only); an R-hat or nested R-hat of 1.01
///    or more;
///  - fewer than 50 draws per chain, too few for split R-hat and ESS.
/// d: the normal-normal model of the group's effects (for the binomial model, of their normal
/// approximation), on which the notes about tau are judged.
void add_posterior_notes(const NormalNormalData& d, ModelKind model, BayesResult& r);

/// Draws per chain below which split R-hat and the ESS are not to be trusted.
constexpr int kFewDrawsPerChain = 50;

}  // namespace metamc

#endif  // METAMC_POSTERIOR_POSTERIOR_NOTES_HPP
