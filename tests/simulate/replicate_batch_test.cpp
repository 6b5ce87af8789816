// Batches of effect-size replicates (what the GPU runs, one thread per replicate) against the
// CPU's coverage study, replicate by replicate: fit_batch_on_host runs the kernel's per-thread
// function, fit_batch_replicate, on the host, so that the tallies must agree to the last bit.
// The GPU itself is compared with fit_batch_on_host in tests/simulate/cuda_batch_test.cpp.
#include "metamc/simulate/replicate_batch.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "metamc/error.hpp"
#include "metamc/simulate/coverage_study.hpp"
#include "same_performance.hpp"

namespace metamc {
namespace {

void expect_same_figures(const ScenarioTally& a, const ScenarioTally& b) {
  for (int m = 0; m < kIntervalMethods; ++m) {
    const auto method = static_cast<IntervalMethod>(m);
    testing::expect_same_performance(a.methods[static_cast<std::size_t>(m)].performance(method),
                                     b.methods[static_cast<std::size_t>(m)].performance(method));
  }
}

struct Case {
  std::vector<double> se;
  Benefit benefit;
  TauPrior prior;
};

std::vector<Case> cases() {
  return {{{0.1, 0.3}, Benefit::lower, make_tau_prior(TauPriorKind::half_normal, 0.5)},
          {{0.12, 0.2, 0.35}, Benefit::higher, make_tau_prior(TauPriorKind::half_cauchy, 1)},
          {{0.1, 0.12, 0.15, 0.2, 0.22, 0.25, 0.3, 0.33, 0.4, 0.5},
           Benefit::lower,
           make_tau_prior(TauPriorKind::uniform, 0, 4)}};
}

const std::vector<Scenario> kScenarios = {{0, 0}, {0.3, -0.2}};

TEST(ReplicateBatch, TalliesOfBatchesEqualTheCpuStudyToTheLastBit) {
  for (const Case& c : cases()) {
    SCOPED_TRACE("k = " + std::to_string(c.se.size()));
    CoverageSettings settings;
    settings.seed = 11;
    settings.tau_prior = c.prior;
    settings.threads = 2;
    const StudyDesign design = normal_design(c.se, c.benefit);
    const ReplicateRange range{100, 1300};  // a shard's range: replicate indices from 100
    const auto cpu = coverage_tallies(design, kScenarios, settings, 3, range);
    settings.batches = fit_batch_on_host;
    const auto batched = coverage_tallies(design, kScenarios, settings, 3, range);
    ASSERT_EQ(batched.size(), cpu.size());
    for (std::size_t s = 0; s < cpu.size(); ++s) {
      EXPECT_EQ(cpu[s].methods[0].fitted, 1200u);
      expect_same_figures(batched[s], cpu[s]);
    }
  }
}

TEST(ReplicateBatch, BayesianFitsLeftToTheHostAreFittedThere) {
  // A runner that leaves every third replicate's Bayesian fit to the host, as the kernel does for
  // one whose quadrature needs more than kBatchMaxNodes nodes.
  std::size_t left = 0;
  const BatchRunner leave_some = [&](const std::vector<EffectBatch>& b, std::uint64_t first,
                                     std::uint64_t last) {
    BatchOutcomes o = fit_batch_on_host(b, first, last);
    for (std::uint64_t row = 0; row < b.size() * (last - first); row += 3) {
      o.outcomes[row * kIntervalMethods + static_cast<int>(IntervalMethod::Bayes)] = {};
      o.bayes_on_host.push_back(row);
      ++left;
    }
    return o;
  };
  const Case c = cases()[1];
  CoverageSettings settings;
  settings.replicates = 600;
  settings.tau_prior = c.prior;
  const StudyDesign design = normal_design(c.se, c.benefit);
  const auto cpu = coverage_tallies(design, kScenarios, settings, 0, {0, 600});
  settings.batches = leave_some;
  const auto batched = coverage_tallies(design, kScenarios, settings, 0, {0, 600});
  EXPECT_EQ(left, 400u);
  for (std::size_t s = 0; s < cpu.size(); ++s) expect_same_figures(batched[s], cpu[s]);
}

// Several designs in the same runs (what `simulate --backend cuda` does with a study's groups):
// each design's tallies as when it runs alone, also when a run holds only some of the scenarios.
TEST(ReplicateBatch, DesignsTogetherAsAlone) {
  CoverageSettings settings;
  settings.seed = 3;
  settings.batches = fit_batch_on_host;
  std::vector<StudyDesign> designs;
  for (const Case& c : cases()) designs.push_back(normal_design(c.se, c.benefit));
  const std::vector<Scenario> three = {{0, 0}, {0.2, 0.1}, {0.4, -0.3}};
  std::vector<BatchedDesign> together;
  for (std::size_t d = 0; d < designs.size(); ++d)
    together.push_back({&designs[d], d == 1 ? &three : &kScenarios, static_cast<std::uint32_t>(d)});
  const ReplicateRange range{0, 500};
  const auto all = batched_tallies(together, settings, range);
  ASSERT_EQ(all.size(), 3u);
  ASSERT_EQ(all[1].size(), 3u);
  // Runs of at most 70 rows: the 7 scenarios in runs of 7 replicates each, then of 10 scenarios
  // at most, and of one scenario when a run holds fewer rows than there are scenarios.
  for (const std::uint64_t most : {70u, 45u, 3u}) {
    SCOPED_TRACE("at most " + std::to_string(most) + " rows");
    std::size_t runs = 0;
    CoverageSettings small = settings;
    small.batch_replicates = most;
    small.batches = [&](const std::vector<EffectBatch>& b, std::uint64_t first,
                        std::uint64_t last) {
      ++runs;
      EXPECT_LE(b.size() * (last - first), most);
      return fit_batch_on_host(b, first, last);
    };
    const auto in_runs = batched_tallies(together, small, range);
    EXPECT_GE(runs, (500u * 7 + most - 1) / most);  // 7 scenarios of 500 replicates
    for (std::size_t d = 0; d < designs.size(); ++d)
      for (std::size_t s = 0; s < all[d].size(); ++s) expect_same_figures(in_runs[d][s], all[d][s]);
  }
  for (std::size_t d = 0; d < designs.size(); ++d) {
    SCOPED_TRACE("design " + std::to_string(d));
    const auto alone = coverage_tallies(designs[d], *together[d].scenarios, settings,
                                        static_cast<std::uint32_t>(d), range);
    ASSERT_EQ(alone.size(), all[d].size());
    for (std::size_t s = 0; s < alone.size(); ++s) {
      EXPECT_EQ(all[d][s].scenario.tau, alone[s].scenario.tau);
      expect_same_figures(all[d][s], alone[s]);
    }
  }
}

// A design of more than kBatchMaxTrials trials runs on the CPU's threads even with batches set;
// given to the batches directly, it is refused, as are runs of more than kBatchReplicates rows.
TEST(ReplicateBatch, DesignsBeyondTheBatchLimitRunOnTheCpu) {
  CoverageSettings settings;
  const StudyDesign design =
      normal_design(std::vector<double>(kBatchMaxTrials + 1, 0.2), Benefit::lower);
  const auto cpu = coverage_tallies(design, kScenarios, settings, 0, {0, 20});
  settings.batches = [](const std::vector<EffectBatch>& b, std::uint64_t first,
                        std::uint64_t last) {
    ADD_FAILURE() << "a design of " << b.front().k << " trials in a batch";
    return fit_batch_on_host(b, first, last);
  };
  EXPECT_FALSE(runs_in_batches(design, settings));
  const auto batched = coverage_tallies(design, kScenarios, settings, 0, {0, 20});
  for (std::size_t s = 0; s < cpu.size(); ++s) expect_same_figures(batched[s], cpu[s]);
  EXPECT_THROW(batched_tallies({{&design, &kScenarios, 0}}, settings, {0, 20}), UsageError);
  EXPECT_THROW(fit_batch_on_host({EffectBatch{}}, 0, kBatchReplicates + 1), UsageError);
  EXPECT_THROW(fit_batch_on_host(std::vector<EffectBatch>(3), 0, kBatchReplicates / 2), UsageError);
}

}  // namespace
}  // namespace metamc
