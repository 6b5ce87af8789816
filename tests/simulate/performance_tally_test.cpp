// PerformanceTally on outcomes whose figures are known by hand: coverage and its Monte Carlo
// standard error sqrt(c (1 - c) / n), widths, the prediction-interval coverage only when every
// replicate had one, the Bayes-only and frequentist-only rates; and tallies of parts added in any
// order equal the tally of the whole, to the last bit.
#include "metamc/simulate/performance_tally.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace metamc {
namespace {

ReplicateOutcome outcome(bool covered, double width, std::optional<double> pi = std::nullopt) {
  ReplicateOutcome o;
  o.fitted = true;
  o.covered = covered;
  o.width = width;
  o.has_pi = pi.has_value();
  o.pi_coverage = pi.value_or(0);
  return o;
}

TEST(PerformanceTally, FiguresOfOutcomesKnownByHand) {
  PerformanceTally t;
  t.add(outcome(true, 1.0, 0.9));
  t.add(outcome(true, 2.0, 0.8));
  t.add(outcome(false, 4.0, 0.5));
  ReplicateOutcome last = outcome(true, 3.0, 0.6);
  last.tau2_zero = last.significant = true;
  t.add(last);
  t.add(ReplicateOutcome{});  // no interval: not counted
  const MethodPerformance p = t.performance(IntervalMethod::DL);
  EXPECT_EQ(p.replicates, 4);
  EXPECT_EQ(*p.coverage, 0.75);
  EXPECT_DOUBLE_EQ(*p.coverage_mcse, std::sqrt(0.75 * 0.25 / 4));
  EXPECT_EQ(*p.width_mean, 2.5);
  EXPECT_NEAR(*p.width_median, 2.5, 2.5 * std::ldexp(1.0, -11));
  EXPECT_DOUBLE_EQ(*p.pi_coverage, 0.7);
  EXPECT_EQ(*p.tau2_zero_share, 0.25);
  EXPECT_EQ(*p.significant_rate, 0.25);
  EXPECT_FALSE(p.p_benefit_095_rate);
  // One replicate without a prediction interval: no PI coverage at all.
  t.add(outcome(true, 1.0));
  EXPECT_FALSE(t.performance(IntervalMethod::DL).pi_coverage);
}

TEST(PerformanceTally, BayesHasTheRateOfProbableBenefitNotTauZero) {
  PerformanceTally t;
  for (const double p_benefit : {0.99, 0.96, 0.95, 0.5}) {
    ReplicateOutcome o = outcome(true, 1.0, 0.9);
    o.has_p_benefit = true;
    o.p_benefit = p_benefit;
    t.add(o);
  }
  const MethodPerformance p = t.performance(IntervalMethod::Bayes);
  EXPECT_EQ(*p.p_benefit_095_rate, 0.5);  // strictly above 0.95
  EXPECT_FALSE(p.tau2_zero_share);
  EXPECT_FALSE(PerformanceTally().performance(IntervalMethod::DL).coverage);
}

TEST(PerformanceTally, PartsAddUpToTheWholeInAnyOrder) {
  std::mt19937_64 random(8);
  std::lognormal_distribution<double> width(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  PerformanceTally whole, parts[4];
  for (int r = 0; r < 4000; ++r) {
    const ReplicateOutcome o = outcome(u(random) < 0.9, width(random), u(random));
    whole.add(o);
    parts[(r * 7) % 4].add(o);
  }
  PerformanceTally merged;
  for (const int i : {2, 0, 3, 1}) merged.add(parts[i]);
  const MethodPerformance a = whole.performance(IntervalMethod::REML),
                          b = merged.performance(IntervalMethod::REML);
  EXPECT_EQ(a.width_mean, b.width_mean);
  EXPECT_EQ(a.width_median, b.width_median);
  EXPECT_EQ(a.pi_coverage, b.pi_coverage);
  EXPECT_EQ(a.coverage, b.coverage);
}

TEST(PerformanceTally, MethodsAreNamedAsInTheOutput) {
  EXPECT_STREQ(to_string(IntervalMethod::REML_HKSJ), "REML-HKSJ");
  for (int m = 0; m < kIntervalMethods; ++m)
    EXPECT_EQ(interval_method_named(to_string(static_cast<IntervalMethod>(m))),
              static_cast<IntervalMethod>(m));
  EXPECT_FALSE(interval_method_named("HKSJ"));
}

}  // namespace
}  // namespace metamc
