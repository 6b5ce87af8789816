// Simulation-based calibration of ChEES-HMC (Talts et al. 2018; simulate/calibration.hpp): the
// same design as the collapsed sampler's test (tests/mcmc/collapsed/sbc_test.cpp). 1000
// replicates of mu ~ N(0, 1), tau ~ half-normal(0.5), k = 3 studies; each fitted with the same
// priors by 49 chains (warmed up together, in lockstep, as always), the last draw of each chain
// ranking the truth among 49 draws (10 bins of 5 ranks). Uniform ranks for the sampler; the same
// two negative controls (a wrong tau prior, mu draws narrowed by 20%) must be rejected.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/group_model.hpp"
#include "metamc/simulate/calibration.hpp"
#include "sbc_ranks.hpp"

namespace metamc {
namespace {

constexpr int kChains = 49;  // ranks 0..49
constexpr int kBins = 10;
const std::vector<double> kSe = {0.2, 0.3, 0.4};

using Ranks = testing::SbcRanks;

Ranks sbc(int replicates, double tau_prior_scale) {
  std::vector<CalibrationReplicate> truths;
  std::vector<Group> groups;
  for (int rep = 0; rep < replicates; ++rep) {
    truths.push_back(simulate_replicate(static_cast<std::uint32_t>(rep), kSe));
    Group g;
    for (std::size_t i = 0; i < kSe.size(); ++i)
      g.studies.push_back(Study{"s", truths.back().y[i], kSe[i], false, 0, 0, std::nullopt, {}});
    groups.push_back(g);
  }
  const PreparedGroups p =
      prepare_groups(groups, make_tau_prior(TauPriorKind::half_normal, tau_prior_scale),
                     MuPrior{true, 0, 1}, {}, false, 0);
  SamplerSettings s;
  s.sampler = SamplerKind::hmc;
  s.chains = kChains;
  s.warmup = 100;
  s.draws = 3;
  s.seed = 7;
  const std::vector<GroupDraws> draws = sample_on_cpu(p.jobs, s);
  Ranks ranks;
  for (int rep = 0; rep < replicates; ++rep) {
    const GroupDraws& d = draws[static_cast<std::size_t>(rep)];
    const CalibrationReplicate& truth = truths[static_cast<std::size_t>(rep)];
    const double* y = truth.y.data();
    double centre = 0, weight = 0;  // where the overconfident variant narrows mu towards
    for (std::size_t i = 0; i < kSe.size(); ++i) {
      centre += y[i] / (kSe[i] * kSe[i]);
      weight += 1 / (kSe[i] * kSe[i]);
    }
    centre /= weight;
    ranks.add(d, truth.mu, truth.tau, truth.theta1, centre);
  }
  return ranks;
}

double p_value(const std::vector<int>& ranks) {
  return rank_uniformity_p_value(ranks, kChains, kBins);
}

TEST(HmcCalibration, RanksAreUniformForTheSamplerAndNotForTheNegativeControls) {
  const Ranks r = sbc(1000, 0.5);
  const double p_mu = p_value(r.mu), p_tau = p_value(r.tau), p_theta = p_value(r.theta1);
  std::printf("[ sbc ] HMC chi-squared p-values: mu %.3f, tau %.3f, theta_1 %.3f\n", p_mu, p_tau,
              p_theta);
  // Three tests at 0.001 each (fixed seeds: the outcome is deterministic).
  EXPECT_GT(p_mu, 0.001);
  EXPECT_GT(p_tau, 0.001);
  EXPECT_GT(p_theta, 0.001);
  // The overconfident sampler: the same draws of mu, narrowed by 20%.
  EXPECT_LT(p_value(r.mu_narrowed), 1e-6);
  // The sampler of the wrong posterior: fitted with tau ~ half-normal(0.25).
  EXPECT_LT(p_value(sbc(1000, 0.25).tau), 1e-6);
}

}  // namespace
}  // namespace metamc
