// The binomial model's intervals of replicates: a replicate's result does not depend on the
// others fitted beside it (shards and tasks batch replicates differently), and the intervals
// agree with a long run of the same model (64 chains x 2,000 draws) within Monte Carlo error.
#include "metamc/simulate/sampled_intervals.hpp"

#include <gtest/gtest.h>

#include "metamc/data/effect_size.hpp"

namespace metamc {
namespace {

Group tables(const std::vector<TwoByTwo>& counts) {
  Group g;
  g.measure = Measure::OR;
  g.benefit = Benefit::lower;
  for (const TwoByTwo& t : counts) {
    const EffectSize e = effect_from_counts(Measure::OR, t);
    g.studies.push_back(Study{"", e.yi, std::sqrt(e.vi), e.continuity_corrected, 0, 0, t, {}});
  }
  return g;
}

BinomialFit short_fit() {
  BinomialFit f;
  f.tau_prior = make_tau_prior(TauPriorKind::half_normal, 0.5);
  f.sampler.chains = 16;
  f.sampler.warmup = 300;
  f.sampler.draws = 250;
  f.sampler.seed = 99;
  return f;
}

TEST(SampledIntervals, AReplicateDoesNotDependOnItsBatch) {
  const Group a = tables({{12, 100, 20, 100}, {30, 150, 41, 150}}),
              b = tables({{5, 60, 9, 58}, {14, 90, 13, 95}, {2, 40, 6, 41}});
  const BinomialFit fit = short_fit();
  const auto alone = sampled_intervals({b}, {7}, fit, 0.95);
  const auto batched = sampled_intervals({a, b, a}, {3, 7, 4}, fit, 0.95);
  ASSERT_TRUE(alone[0] && batched[1]);
  EXPECT_EQ(alone[0]->mu.lower, batched[1]->mu.lower);
  EXPECT_EQ(alone[0]->mu.upper, batched[1]->mu.upper);
  EXPECT_EQ(alone[0]->prediction.upper, batched[1]->prediction.upper);
  EXPECT_EQ(alone[0]->p_benefit, batched[1]->p_benefit);
  // Another stream, other chains.
  EXPECT_NE(batched[0]->mu.lower, batched[2]->mu.lower);
}

TEST(SampledIntervals, AgreeWithALongRunOfTheSameModel) {
  const Group g = tables({{12, 100, 20, 100}, {30, 150, 41, 150}, {7, 80, 15, 82}});
  BinomialFit long_fit = short_fit();
  long_fit.sampler.chains = 64;
  long_fit.sampler.warmup = 1000;
  long_fit.sampler.draws = 2000;
  const auto reference = sampled_intervals({g}, {0}, long_fit, 0.95);
  const auto short_run = sampled_intervals({g}, {1}, short_fit(), 0.95);
  ASSERT_TRUE(reference[0] && short_run[0]);
  // 4,000 draws: the 2.5% and 97.5% quantiles of mu within a few hundredths on the log-OR scale
  // (posterior sd about 0.2); P(benefit) within 5 of its binomial standard errors at ESS ~ 1,000.
  EXPECT_NEAR(short_run[0]->mu.lower, reference[0]->mu.lower, 0.06);
  EXPECT_NEAR(short_run[0]->mu.upper, reference[0]->mu.upper, 0.06);
  const double p = reference[0]->p_benefit;
  EXPECT_NEAR(short_run[0]->p_benefit, p, 5 * std::sqrt(p * (1 - p) / 1000) + 1e-3);
  EXPECT_GT(p, 0.9);  // the three trials favour the experimental arm
  EXPECT_LT(reference[0]->mu.lower, reference[0]->mu.upper);
  EXPECT_LE(reference[0]->prediction.lower, reference[0]->mu.lower);
}

}  // namespace
}  // namespace metamc
