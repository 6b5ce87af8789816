#include "metamc/simulate/simulated_group.hpp"

#include <string>

#include "metamc/rng/random_variates.hpp"

namespace metamc {

Group simulated_group(int k, std::uint32_t seed, double mu, double tau) {
  Group g;
  g.measure = Measure::GEN;
  g.key = {{"replicate", std::to_string(seed)}};
  const PhiloxKey key = seed_key(9);
  for (int i = 0; i < k; ++i) {
    const auto study = static_cast<std::uint32_t>(i);
    const Philox4x32 w = random_words(key, seed, 0, study, 0);
    const double se = 0.1 + 0.4 * uniform_open(w.v[0], w.v[1]);
    const NormalPair z = normal_pair(random_words(key, seed, 0, study, 1));
    g.studies.push_back(
        Study{"study " + std::to_string(i + 1), mu + tau * z.first + se * z.second, se, false, 0});
  }
  return g;
}

}  // namespace metamc
