// How many chains to run, for how long, and from which seed.
#ifndef METAMC_MCMC_SAMPLER_SETTINGS_HPP
#define METAMC_MCMC_SAMPLER_SETTINGS_HPP

#include <cstdint>

namespace metamc {

struct SamplerSettings {
  int chains = 64;         // per group
  int warmup = 1000;       // iterations per chain, discarded
  int draws = 1000;        // iterations per chain, kept
  std::uint64_t seed = 1;  // Philox key: the only source of randomness
  int threads = 0;         // CPU threads; 0 = all cores
};

}  // namespace metamc

#endif  // METAMC_MCMC_SAMPLER_SETTINGS_HPP
