// The adaptation's parts besides dual averaging and ChEES: Stan's step-size search across chains
// and the metric from a slow window's sums.
#include "metamc/mcmc/adapt/hmc_adaptation.hpp"

#include <gtest/gtest.h>

namespace metamc {
namespace {

TEST(HmcAdaptation, SearchDoublesUntilAcceptanceFallsBelowTheTarget) {
  HmcAdaptation a;  // step size 1
  EXPECT_FALSE(a.settle(0.95, 0.8));
  EXPECT_DOUBLE_EQ(a.step_size, 2);
  EXPECT_FALSE(a.settle(0.9, 0.8));
  EXPECT_DOUBLE_EQ(a.step_size, 4);
  EXPECT_TRUE(a.settle(0.5, 0.8));  // crossed: back to the last size above the target
  EXPECT_DOUBLE_EQ(a.step_size, 2);
  EXPECT_FALSE(a.searching);
  EXPECT_DOUBLE_EQ(a.step.step(), 2);  // dual averaging starts there
}

TEST(HmcAdaptation, SearchHalvesUntilAcceptanceRisesAboveTheTarget) {
  HmcAdaptation a;
  EXPECT_FALSE(a.settle(0.3, 0.8));
  EXPECT_DOUBLE_EQ(a.step_size, 0.5);
  EXPECT_FALSE(a.settle(0.6, 0.8));
  EXPECT_DOUBLE_EQ(a.step_size, 0.25);
  EXPECT_TRUE(a.settle(0.85, 0.8));  // the first size above the target is kept
  EXPECT_DOUBLE_EQ(a.step_size, 0.25);
}

TEST(HmcAdaptation, MetricIsTheWindowsTotalVariance) {
  // One coordinate over 4 iterations of 100 chains: cross-chain variance 2 every time, cross-chain
  // means 0, 1, 2, 3 (variance 1.25 about 1.5): total 3.25, shrunk by 5 / (400 + 5) towards
  // 1e-3 times the previous metric (1), as Stan regularises.
  const double window_sum[3] = {8, 6, 14};
  double inv_metric[1] = {1};
  metric_from_window(window_sum, 4, 100, 1, inv_metric);
  EXPECT_NEAR(inv_metric[0], 400.0 / 405 * 3.25 + 5.0 / 405 * 1e-3, 1e-15);
  // Fewer than two iterations: no estimate, the metric stays.
  double kept[1] = {0.7};
  metric_from_window(window_sum, 1, 100, 1, kept);
  EXPECT_DOUBLE_EQ(kept[0], 0.7);
}

}  // namespace
}  // namespace metamc
