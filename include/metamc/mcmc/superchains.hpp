// Superchains: HMC starts a group's chains in a few groups of chains, every chain of one at the
// same dispersed point and the groups apart, so that nested R-hat (diagnostics/nested_rhat.hpp)
// can tell whether the chains have forgotten where they started (Margossian et al. 2025). The
// warmup that places the chains and the summaries that judge them share this layout.
// Host/device code.
#ifndef METAMC_MCMC_SUPERCHAINS_HPP
#define METAMC_MCMC_SUPERCHAINS_HPP

#include "metamc/host_device.hpp"

namespace metamc {

constexpr int kDefaultSuperchains = 8;

/// The superchain of chain c among `chains` split into `superchains` nearly equal runs.
METAMC_HD inline int superchain_of(int chain, int chains, int superchains) {
  const int k = superchains < chains ? superchains : chains;
  return static_cast<int>(static_cast<long long>(chain) * k / chains);
}

}  // namespace metamc

#endif  // METAMC_MCMC_SUPERCHAINS_HPP
