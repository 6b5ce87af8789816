// The simulation's batches on the GPU against the same function on the host
// (fit_batch_on_host, which tests/simulate/replicate_batch_test.cpp checks against the CPU's
// coverage study to the last bit), replicate by replicate and as whole studies. The device
// contracts to FMA and has its own libm, so that numbers agree to rounding, not to the bit:
// frequentist widths to 1e-10 and the quadrature's to 1e-8 relative (exact_intervals' own
// accuracy against R), while the yes/no outcomes (covered, significant, tau^2 = 0, ...) may differ
// only where a bound lies within rounding of the truth: at most one in 10^5 here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

#include "gpu_required.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/posterior/exact_intervals.hpp"
#include "metamc/rng/philox.hpp"
#include "metamc/simulate/coverage_study.hpp"
#include "metamc/simulate/replicate_batch.hpp"

namespace metamc {
namespace {

EffectBatch batch_of(const std::vector<double>& se, const TauPrior& prior, double tau, double mu) {
  EffectBatch b;
  b.k = static_cast<int>(se.size());
  for (int i = 0; i < b.k; ++i) {
    b.se[i] = se[static_cast<std::size_t>(i)];
    b.v[i] = b.se[i] * b.se[i];
  }
  b.truth = {mu, tau, true};
  b.critical = critical_values(b.k, 0.95);
  b.tau_prior = prior;
  b.level = 0.95;
  b.rule = panel_rule();
  b.stream = {seed_key(5), 2, 1, 0};
  return b;
}

bool near(double a, double b, double relative) {
  return std::fabs(a - b) <= relative * std::max(1.0, std::fabs(b));
}

TEST(CudaBatch, EveryReplicateAsOnTheHost) {
  REQUIRE_GPU();
  // k = 2, 3 and 10, and 64 (the most a batch takes: the longest arrays); half-normal,
  // half-Cauchy and uniform priors (the last with the support's bounds in the range search).
  std::vector<double> sixty_four;
  for (int i = 0; i < kBatchMaxTrials; ++i) sixty_four.push_back(0.1 + 0.005 * i);
  const std::vector<std::pair<std::vector<double>, TauPrior>> cases = {
      {{0.1, 0.3}, make_tau_prior(TauPriorKind::half_normal, 0.5)},
      {{0.12, 0.2, 0.35}, make_tau_prior(TauPriorKind::half_cauchy, 1)},
      {{0.1, 0.12, 0.15, 0.2, 0.22, 0.25, 0.3, 0.33, 0.4, 0.5},
       make_tau_prior(TauPriorKind::uniform, 0, 4)},
      {sixty_four, make_tau_prior(TauPriorKind::half_normal, 0.5)}};
  for (const auto& [se, prior] : cases) {
    SCOPED_TRACE("k = " + std::to_string(se.size()));
    const EffectBatch b = batch_of(se, prior, 0.3, -0.1);
    const std::uint64_t first = 1000, last = 21000;
    const BatchOutcomes gpu = fit_batch_on_cuda({b}, first, last, 0);
    const BatchOutcomes host = fit_batch_on_host({b}, first, last);
    ASSERT_EQ(gpu.outcomes.size(), host.outcomes.size());
    EXPECT_EQ(gpu.bayes_on_host, host.bayes_on_host);
    int flips = 0, fitted = 0;
    for (std::size_t j = 0; j < host.outcomes.size(); ++j) {
      const ReplicateOutcome &g = gpu.outcomes[j], &h = host.outcomes[j];
      const bool bayes = j % kIntervalMethods == static_cast<std::size_t>(IntervalMethod::Bayes);
      const double tolerance = bayes ? 1e-8 : 1e-10;
      ASSERT_EQ(g.fitted, h.fitted) << "outcome " << j;
      ASSERT_EQ(g.has_pi, h.has_pi) << "outcome " << j;
      ASSERT_EQ(g.has_p_benefit, h.has_p_benefit) << "outcome " << j;
      if (!h.fitted) continue;
      ++fitted;
      EXPECT_TRUE(near(g.width, h.width, tolerance))
          << "outcome " << j << ": " << g.width << " against " << h.width;
      if (h.has_pi) {
        EXPECT_TRUE(near(g.pi_coverage, h.pi_coverage, tolerance)) << "outcome " << j;
      }
      if (h.has_p_benefit) {
        EXPECT_TRUE(near(g.p_benefit, h.p_benefit, tolerance)) << "outcome " << j;
      }
      flips += (g.covered != h.covered) + (g.significant != h.significant) +
               (g.tau2_zero != h.tau2_zero);
    }
    EXPECT_GT(fitted, 20000 * 6);  // all but the Bayesian fits the range search gives up on
    EXPECT_LE(flips, 1);
  }
}

TEST(CudaBatch, StudyOverMoreThanOneLaunchAsOnTheCpu) {
  REQUIRE_GPU();
  // kBatchReplicates + 5,000 replicates of one scenario: two launches, the second partial.
  const std::uint64_t replicates = kBatchReplicates + 5000;
  const StudyDesign design = normal_design({0.1, 0.2, 0.3}, Benefit::lower);
  const std::vector<Scenario> scenario = {{0.2, 0}};
  CoverageSettings settings;
  const auto cpu = coverage_tallies(design, scenario, settings, 0, {0, replicates});
  settings.batches = [](const std::vector<EffectBatch>& b, std::uint64_t first,
                        std::uint64_t last) { return fit_batch_on_cuda(b, first, last, 0); };
  const auto gpu = coverage_tallies(design, scenario, settings, 0, {0, replicates});
  for (int m = 0; m < kIntervalMethods; ++m) {
    const auto method = static_cast<IntervalMethod>(m);
    SCOPED_TRACE(to_string(method));
    const PerformanceTally &g = gpu[0].methods[static_cast<std::size_t>(m)],
                           &c = cpu[0].methods[static_cast<std::size_t>(m)];
    EXPECT_EQ(g.fitted, c.fitted);
    EXPECT_EQ(g.fitted, replicates);
    EXPECT_LE(std::max(g.covered, c.covered) - std::min(g.covered, c.covered), 1u);
    EXPECT_LE(std::max(g.significant, c.significant) - std::min(g.significant, c.significant), 1u);
    EXPECT_LE(
        std::max(g.p_benefit_095, c.p_benefit_095) - std::min(g.p_benefit_095, c.p_benefit_095),
        1u);
    const double width = c.width_sum.value() / static_cast<double>(c.fitted);
    EXPECT_NEAR(g.width_sum.value() / static_cast<double>(g.fitted), width, 1e-8 * width);
  }
}

// Many scenarios of several designs in one launch, as `simulate --backend cuda` runs a study:
// the rows land in their scenarios' tallies as on the CPU.
TEST(CudaBatch, ScenariosOfSeveralDesignsInOneLaunch) {
  REQUIRE_GPU();
  std::vector<StudyDesign> designs = {normal_design({0.1, 0.3}, Benefit::lower),
                                      normal_design({0.12, 0.2, 0.35}, Benefit::higher),
                                      normal_design({0.15, 0.15, 0.2, 0.3, 0.5}, Benefit::lower)};
  const std::vector<Scenario> scenarios = {{0, 0}, {0.1, 0.2}, {0.2, 0}, {0.4, -0.3}};
  std::vector<BatchedDesign> together;
  for (std::size_t d = 0; d < designs.size(); ++d)
    together.push_back({&designs[d], &scenarios, static_cast<std::uint32_t>(d)});
  CoverageSettings settings;
  int launches = 0;
  settings.batches = [&](const std::vector<EffectBatch>& b, std::uint64_t first,
                         std::uint64_t last) {
    ++launches;
    return fit_batch_on_cuda(b, first, last, 0);
  };
  const auto gpu = batched_tallies(together, settings, {0, 4000});
  EXPECT_EQ(launches, 1);
  for (std::size_t d = 0; d < designs.size(); ++d) {
    const auto cpu = coverage_tallies(designs[d], scenarios, CoverageSettings{},
                                      static_cast<std::uint32_t>(d), {0, 4000});
    for (std::size_t s = 0; s < scenarios.size(); ++s)
      for (int m = 0; m < kIntervalMethods; ++m) {
        SCOPED_TRACE("design " + std::to_string(d) + ", scenario " + std::to_string(s) + ", " +
                     to_string(static_cast<IntervalMethod>(m)));
        const PerformanceTally &g = gpu[d][s].methods[static_cast<std::size_t>(m)],
                               &c = cpu[s].methods[static_cast<std::size_t>(m)];
        const auto apart = [](std::uint64_t a, std::uint64_t b) { return a > b ? a - b : b - a; };
        EXPECT_EQ(g.fitted, c.fitted);
        EXPECT_LE(apart(g.covered, c.covered), 1u);
        EXPECT_LE(apart(g.significant, c.significant), 1u);
        EXPECT_LE(apart(g.tau2_zero, c.tau2_zero), 1u);
      }
  }
}

}  // namespace
}  // namespace metamc
