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

CountReplicate simulate_count_replicate(std::uint32_t replicate, int k, int patients,
                                        bool risk_ratio, const BaselinePrior& baseline,
                                        double mu_sd, double tau_scale) {
  const PhiloxKey key = seed_key(424243);
  for (std::uint32_t attempt = 0;; ++attempt) {
    // Words at (group replicate, chain attempt, iteration study + 1, slot).
    const auto normals = [&](std::uint32_t at, std::uint32_t slot) {
      return normal_pair(random_words(key, replicate, attempt, at, slot));
    };
    const NormalPair a = normals(0, 0);
    CountReplicate r;
    r.mu = mu_sd * a.first;
    r.tau = tau_scale * std::fabs(a.second);
    std::vector<double> risks;
    bool within = true;
    for (int i = 0; i < k; ++i) {
      const auto study = static_cast<std::uint32_t>(1 + i);
      const NormalPair b = normals(study, 0);
      const double theta = r.mu + r.tau * b.first;
      const double alpha = baseline.mean + baseline.sd * b.second;
      if (i == 0) r.theta1 = theta;
      const double treated =
          risk_ratio ? std::exp(alpha + theta) : 1 / (1 + std::exp(-alpha - theta));
      const double control = risk_ratio ? std::exp(alpha) : 1 / (1 + std::exp(-alpha));
      within = within && treated <= 1 && control <= 1;
      risks.insert(risks.end(), {treated, control});
    }
    if (!within) continue;
    for (int i = 0; i < k; ++i) {
      long events[] = {0, 0};
      for (std::uint32_t arm = 0; arm < 2; ++arm)
        for (int p = 0; p < patients; p += 2) {
          const UniformPair u = uniform_pair(random_words(
              key, replicate, attempt, static_cast<std::uint32_t>(1 + i),
              1 + arm * static_cast<std::uint32_t>(patients) + static_cast<std::uint32_t>(p)));
          const double risk = risks[static_cast<std::size_t>(2 * i) + arm];
          events[arm] += (u.first < risk) + (p + 1 < patients && u.second < risk);
        }
      r.tables.push_back({events[0], patients, events[1], patients});
    }
    return r;
  }
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
