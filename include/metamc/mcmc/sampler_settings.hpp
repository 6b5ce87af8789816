// Which sampler runs, how many chains, for how long, and from which seed.
#ifndef METAMC_MCMC_SAMPLER_SETTINGS_HPP
#define METAMC_MCMC_SAMPLER_SETTINGS_HPP

#include <cstdint>

#include "metamc/mcmc/hmc/hmc_warmup.hpp"

namespace metamc {

/// collapsed: mcmc/collapsed/ (normal-normal model only); hmc: ChEES-HMC on the non-centred
/// model (mcmc/hmc/).
enum class SamplerKind { collapsed, hmc };

struct SamplerSettings {
  SamplerKind sampler = SamplerKind::collapsed;
  int chains = 64;         // per group
  int warmup = 1000;       // iterations per chain, discarded
  int draws = 1000;        // iterations per chain, kept
  std::uint64_t seed = 1;  // Philox key: the only source of randomness
  int threads = 0;         // CPU threads; 0 = all cores
  HmcSettings hmc;         // for SamplerKind::hmc
};

}  // namespace metamc

#endif  // METAMC_MCMC_SAMPLER_SETTINGS_HPP
