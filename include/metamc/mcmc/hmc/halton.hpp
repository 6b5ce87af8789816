// The jitter of HMC trajectory lengths: the van der Corput sequence in base 2 (the first
// coordinate of the Halton sequence), as TensorFlow Probability's ChEES and SNAPER kernels use it.
// Every chain of a group takes the same jitter at an iteration, so chains that run in lockstep
// (a GPU warp, a CPU loop over chains) take the same number of leapfrog steps.
#ifndef METAMC_MCMC_HMC_HALTON_HPP
#define METAMC_MCMC_HMC_HALTON_HPP

#include <cstdint>

#include "metamc/host_device.hpp"

namespace metamc {

/// The (i + 1)-th van der Corput number in base 2, in (0, 1): the bits of i + 1 mirrored about
/// the binary point (1 -> 0.5, 2 -> 0.25, 3 -> 0.75, 4 -> 0.125, ...).
METAMC_HD inline double van_der_corput(std::uint32_t i) {
  std::uint32_t n = i + 1;
  double value = 0, place = 0.5;
  while (n > 0) {
    if (n & 1u) value += place;
    place *= 0.5;
    n >>= 1;
  }
  return value;
}

}  // namespace metamc

#endif  // METAMC_MCMC_HMC_HALTON_HPP
