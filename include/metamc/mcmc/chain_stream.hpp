// Where a chain's random numbers come from: Philox4x32-10 with the seed as key and the counter
// (iteration, slot, chain, group), so that a chain's numbers depend on nothing but the seed and
// these coordinates, whichever backend, thread or order runs it. Every sampler documents which
// slots of an iteration it uses. Host/device code.
#ifndef METAMC_MCMC_CHAIN_STREAM_HPP
#define METAMC_MCMC_CHAIN_STREAM_HPP

#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/rng/philox.hpp"

namespace metamc {

struct ChainStream {
  PhiloxKey key;
  std::uint32_t group;
  std::uint32_t chain;

  /// The four random words of (iteration, slot).
  METAMC_HD Philox4x32 words(std::uint32_t iteration, std::uint32_t slot) const {
    return random_words(key, group, chain, iteration, slot);
  }

  /// The stream of the chain w places after this one (chains side by side are consecutive).
  METAMC_HD ChainStream lane(int w) const {
    return {key, group, chain + static_cast<std::uint32_t>(w)};
  }
};

/// How long a chain runs.
struct ChainPlan {
  std::uint32_t warmup = 1000;
  std::uint32_t draws = 1000;
};

}  // namespace metamc

#endif  // METAMC_MCMC_CHAIN_STREAM_HPP
