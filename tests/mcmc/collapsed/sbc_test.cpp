// Simulation-based calibration of the collapsed sampler (Talts, Betancourt, Simpson, Vehtari &
// Gelman 2018, arXiv:1804.06788).
//
// 1000 times: draw (mu, tau, theta) from the prior mu ~ N(0, 1), tau ~ half-normal(0.5), then
// k = 3 effects y_i ~ N(theta_i, s_i^2); fit with the same priors; take the rank of each true
// value among L = 99 posterior draws (99 chains, one draw each after warmup). For a correct
// sampler the ranks are uniform on {0..99}: a chi-squared test on 20 bins of 5 ranks. Two
// negative controls show that the test has power: fitting with a wrong tau prior (a biased
// sampler of the true posterior) and narrowing the mu draws by 20% (an overconfident sampler).
#include <gtest/gtest.h>

#include <cmath>

#include "metamc/mcmc/collapsed/collapsed_sampler.hpp"
#include "metamc/simulate/calibration.hpp"

namespace metamc {
namespace {

constexpr int kReplications = 1000;
constexpr int kDraws = 99;  // ranks 0..99
constexpr int kBins = 20;
constexpr int kStudies = 3;
const double kSe[kStudies] = {0.2, 0.3, 0.4};

struct Ranks {
  std::vector<int> mu, tau, theta1;
};

struct Fit {
  double tau_prior_scale = 0.5;  // the fit's prior; the data always come from 0.5
  double mu_narrowing = 1.0;     // 1 = the sampler's own draws
};

// Records the draws of one chain (one draw per chain here).
struct LastDraw {
  double mu = 0, tau = 0, theta1 = 0;
  void theta(std::uint32_t, int i, double v) {
    if (i == 0) theta1 = v;
  }
  void record(std::uint32_t, const ReportedDraw& d) { mu = d.mu, tau = d.tau; }
  void finish(const ChainCounts&) {}
};

Ranks sbc(const Fit& fit) {
  Ranks ranks;
  const std::vector<double> se(kSe, kSe + kStudies);
  double s2[kStudies];
  for (int i = 0; i < kStudies; ++i) s2[i] = kSe[i] * kSe[i];
  for (int rep = 0; rep < kReplications; ++rep) {
    const auto r = static_cast<std::uint32_t>(rep);
    const CalibrationReplicate truth = simulate_replicate(r, se);
    NormalNormalData d;
    d.k = kStudies;
    d.y = truth.y.data();
    d.s2 = s2;
    d.mu_prior = MuPrior{true, 0, 1};
    d.tau_prior = make_tau_prior(TauPriorKind::half_normal, fit.tau_prior_scale);
    const TauProposal q = build_tau_proposal(d);

    int below_mu = 0, below_tau = 0, below_theta = 0;
    const PhiloxKey key = seed_key(7);
    for (int c = 0; c < kDraws; ++c) {
      LastDraw last;
      run_chain(d, q, ChainPlan{10, 1}, ProbabilityQuestion{},
                ChainStream{key, r, static_cast<std::uint32_t>(c)}, last);
      // The overconfident variant narrows each mu draw around the precision-weighted mean of y.
      const double* y = truth.y.data();
      const double centre =
          (y[0] / s2[0] + y[1] / s2[1] + y[2] / s2[2]) / (1 / s2[0] + 1 / s2[1] + 1 / s2[2]);
      const double mu_draw = centre + fit.mu_narrowing * (last.mu - centre);
      below_mu += mu_draw < truth.mu;
      below_tau += last.tau < truth.tau;
      below_theta += last.theta1 < truth.theta1;
    }
    ranks.mu.push_back(below_mu);
    ranks.tau.push_back(below_tau);
    ranks.theta1.push_back(below_theta);
  }
  return ranks;
}

double uniformity_p_value(const std::vector<int>& ranks) {
  return rank_uniformity_p_value(ranks, kDraws, kBins);
}

TEST(SimulationBasedCalibration, RanksAreUniformForTheSampler) {
  const Ranks r = sbc(Fit{});
  const double p_mu = uniformity_p_value(r.mu), p_tau = uniformity_p_value(r.tau),
               p_theta = uniformity_p_value(r.theta1);
  std::printf("[ sbc ] chi-squared p-values: mu %.3f, tau %.3f, theta_1 %.3f\n", p_mu, p_tau,
              p_theta);
  // Three tests at 0.001 each (fixed seeds: the outcome is deterministic).
  EXPECT_GT(p_mu, 0.001);
  EXPECT_GT(p_tau, 0.001);
  EXPECT_GT(p_theta, 0.001);
}

TEST(SimulationBasedCalibration, DetectsASamplerWithTheWrongTauPrior) {
  const Ranks r = sbc(Fit{0.25, 1.0});
  EXPECT_LT(uniformity_p_value(r.tau), 1e-6);
}

TEST(SimulationBasedCalibration, DetectsAnOverconfidentSampler) {
  const Ranks r = sbc(Fit{0.5, 0.8});
  EXPECT_LT(uniformity_p_value(r.mu), 1e-6);
}

}  // namespace
}  // namespace metamc
