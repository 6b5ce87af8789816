// Simulation-based calibration of a sampler (Talts, Betancourt, Simpson, Vehtari & Gelman 2018,
// arXiv:1804.06788): draw a truth from the prior and data from the truth, fit, and rank the true
// value among posterior draws; a correct sampler gives uniform ranks. The normal-normal model
// here: mu ~ N(0, 1), tau ~ half-normal(0.5), theta_i ~ N(mu, tau^2), y_i ~ N(theta_i, s_i^2);
// and the binomial-normal model (models/binomial_normal.hpp) on 2x2 tables.
#ifndef METAMC_SIMULATE_CALIBRATION_HPP
#define METAMC_SIMULATE_CALIBRATION_HPP

#include <cstdint>
#include <vector>

#include "metamc/data/effect_size.hpp"
#include "models/binomial_normal.hpp"

namespace metamc {

/// One replicate's truth and data, from Philox key 424242 at group coordinate `replicate`.
struct CalibrationReplicate {
  double mu = 0, tau = 0, theta1 = 0;  // theta1: the first study's true effect
  std::vector<double> y;
};

CalibrationReplicate simulate_replicate(std::uint32_t replicate, const std::vector<double>& se);

/// One replicate of the binomial-normal model: mu ~ N(0, mu_sd^2), tau ~ half-normal(tau_scale),
/// theta_i ~ N(mu, tau^2), alpha_i ~ N(baseline), `patients` per arm, events binomial. For risk
/// ratios the model's likelihood is zero where a risk exceeds 1, so its effective prior is the
/// one above restricted to risks at most 1: replicates are drawn from that restriction by
/// rejection (a whole replicate drawn again until every risk is at most 1). Philox key 424243,
/// group coordinate `replicate`.
struct CountReplicate {
  double mu = 0, tau = 0, theta1 = 0;
  std::vector<TwoByTwo> tables;
};

CountReplicate simulate_count_replicate(std::uint32_t replicate, int k, int patients,
                                        bool risk_ratio, const BaselinePrior& baseline,
                                        double mu_sd, double tau_scale);

/// P-value of the chi-squared test that ranks in {0..draws} are uniform, in `bins` equal bins
/// ((draws + 1) must be a multiple of bins).
double rank_uniformity_p_value(const std::vector<int>& ranks, int draws, int bins);

}  // namespace metamc

#endif  // METAMC_SIMULATE_CALIBRATION_HPP
