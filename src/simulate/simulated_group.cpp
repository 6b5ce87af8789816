#include "metamc/simulate/simulated_group.hpp"

#include <cmath>
#include <string>

#include "metamc/data/effect_size.hpp"
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
    g.studies.push_back(Study{"study " + std::to_string(i + 1),
                              mu + tau * z.first + se * z.second,
                              se,
                              false,
                              0,
                              0,
                              std::nullopt,
                              {}});
  }
  return g;
}

Group simulated_count_group(int k, std::uint32_t seed, int patients, double mu, double tau) {
  Group g;
  g.measure = Measure::OR;
  g.key = {{"replicate", std::to_string(seed)}};
  const PhiloxKey key = seed_key(10);
  for (int i = 0; i < k; ++i) {
    const auto study = static_cast<std::uint32_t>(i);
    const NormalPair z = normal_pair(random_words(key, seed, 0, study, 0));
    const double alpha = -1.5 + 0.5 * z.first, theta = mu + tau * z.second;
    const double risk[] = {1 / (1 + std::exp(-(alpha + theta))), 1 / (1 + std::exp(-alpha))};
    long events[] = {0, 0};
    for (std::uint32_t arm = 0; arm < 2; ++arm)
      for (int p = 0; p < patients; p += 2) {
        const UniformPair u = uniform_pair(
            random_words(key, seed, 1 + arm, study, static_cast<std::uint32_t>(p / 2)));
        events[arm] += (u.first < risk[arm]) + (p + 1 < patients && u.second < risk[arm]);
      }
    const TwoByTwo t{events[0], patients, events[1], patients};
    const EffectSize e = effect_from_counts(g.measure, t);
    Study s{"study " + std::to_string(i + 1),
            e.yi,
            std::sqrt(e.vi),
            e.continuity_corrected,
            0,
            0,
            t,
            {}};
    (is_uninformative(t) ? g.uninformative : g.studies).push_back(s);
  }
  return g;
}

}  // namespace metamc
