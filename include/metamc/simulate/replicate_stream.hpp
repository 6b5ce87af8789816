// The random numbers of one replicate of a simulation study, and the effects of an effect-size
// design drawn from them: host/device code, so that a replicate's data depend only on the seed
// and its coordinates, not on the thread, the shard or the backend that draws them.
#ifndef METAMC_SIMULATE_REPLICATE_STREAM_HPP
#define METAMC_SIMULATE_REPLICATE_STREAM_HPP

#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/rng/philox.hpp"
#include "metamc/rng/random_variates.hpp"

namespace metamc {

/// Philox with the study's key at counter (group, scenario, replicate, slot).
struct ReplicateStream {
  PhiloxKey key;
  std::uint32_t group = 0, scenario = 0, replicate = 0;
};

/// The slots of a replicate's counter: trial i's normals at i, its arms' uniforms beyond.
constexpr std::uint32_t kArmSlots = 1u << 16;

METAMC_HD inline Philox4x32 replicate_words(const ReplicateStream& s, std::uint32_t slot) {
  return random_words(s.key, s.group, s.scenario, s.replicate, slot);
}

/// Trial i's effect y_i = mu + tau z_1 + se z_2: its true effect and its sampling error from one
/// pair of normals at slot i.
METAMC_HD inline double draw_effect(const ReplicateStream& s, int i, double mu, double tau,
                                    double se) {
  const NormalPair z = normal_pair(replicate_words(s, static_cast<std::uint32_t>(i)));
  return mu + tau * z.first + se * z.second;
}

}  // namespace metamc

#endif  // METAMC_SIMULATE_REPLICATE_STREAM_HPP
