// What a chain counts over its draws besides the draws themselves, for the diagnostics.
#ifndef METAMC_MCMC_SINKS_CHAIN_COUNTS_HPP
#define METAMC_MCMC_SINKS_CHAIN_COUNTS_HPP

namespace metamc {

struct ChainCounts {
  double acceptance = 0;      // sum over the draws of the acceptance (a probability, or 0/1)
  double divergences = 0;     // HMC transitions whose energy error passed the divergence bound
  double leapfrog_steps = 0;  // HMC leapfrog steps, i.e. gradient evaluations
};

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_CHAIN_COUNTS_HPP
