#include "metamc/simulate/calibration.hpp"

#include <cmath>

#include "metamc/math/distributions.hpp"
#include "metamc/rng/random_variates.hpp"

namespace metamc {

CalibrationReplicate simulate_replicate(std::uint32_t replicate, const std::vector<double>& se) {
  const PhiloxKey key = seed_key(424242);
  const NormalPair a = normal_pair(random_words(key, replicate, 0, 0, 0));
  CalibrationReplicate r;
  r.mu = a.first;
  r.tau = 0.5 * std::fabs(a.second);
  for (std::size_t i = 0; i < se.size(); ++i) {
    const NormalPair b =
        normal_pair(random_words(key, replicate, 0, 0, static_cast<std::uint32_t>(1 + i)));
    const double theta = r.mu + r.tau * b.first;
    if (i == 0) r.theta1 = theta;
    r.y.push_back(theta + se[i] * b.second);
  }
  return r;
}

double rank_uniformity_p_value(const std::vector<int>& ranks, int draws, int bins) {
  std::vector<int> counts(static_cast<std::size_t>(bins), 0);
  for (int r : ranks) ++counts[static_cast<std::size_t>(r * bins / (draws + 1))];
  const double expected = static_cast<double>(ranks.size()) / bins;
  double x2 = 0;
  for (int c : counts) x2 += (c - expected) * (c - expected) / expected;
  return chisq_upper(x2, bins - 1);
}

}  // namespace metamc
