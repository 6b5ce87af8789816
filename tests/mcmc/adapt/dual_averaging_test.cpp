// Dual averaging of the step size (Hoffman & Gelman 2014, section 3.2.1, Stan's constants): its
// first updates against the published recursion evaluated by hand (Python), and that it finds the
// step size whose acceptance is the target on a known acceptance curve.
#include "metamc/mcmc/adapt/dual_averaging.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace metamc {
namespace {

TEST(DualAveraging, FirstUpdatesFollowTheRecursion) {
  DualAveraging d;
  d.restart(1.0);  // mu = log(10)
  d.update(0.3);
  // Hbar_1 = 0.5 / 11; log eps_1 = log 10 - 1 / 0.05 * Hbar_1; epsbar_1 = eps_1.
  EXPECT_NEAR(d.log_step, 1.3934941839031367, 1e-14);
  EXPECT_NEAR(d.step(), 4.02890321529133, 1e-13);
  EXPECT_NEAR(d.log_step_bar, d.log_step, 1e-15);
  d.update(0.95);
  // Hbar_2 = (11/12) Hbar_1 - 0.15 / 12; log epsbar_2 = 2^-0.75 log eps_2 + (1 - 2^-0.75) log
  // epsbar_1.
  EXPECT_NEAR(d.log_step, 1.4776271816097402, 1e-14);
  EXPECT_NEAR(d.final_step(), 4.235578691040456, 1e-13);
}

TEST(DualAveraging, FindsTheStepSizeWhoseAcceptanceIsTheTarget) {
  // Acceptance exp(-eps): the target 0.8 is met at eps = -log 0.8 = 0.223. After a warmup's
  // worth of updates from far on either side, the averaged step accepts within 0.01 of it.
  for (const double start : {0.01, 1.0, 50.0}) {
    DualAveraging d;
    d.restart(start);
    for (int t = 0; t < 1000; ++t) d.update(std::exp(-d.step()));
    EXPECT_NEAR(std::exp(-d.final_step()), 0.8, 0.01) << "from " << start;
    EXPECT_NEAR(d.final_step(), -std::log(0.8), 0.02) << "from " << start;
  }
}

TEST(DualAveraging, RestartForgetsThePast) {
  DualAveraging d;
  d.restart(1.0);
  for (int t = 0; t < 50; ++t) d.update(0.1);
  d.restart(0.25);
  EXPECT_DOUBLE_EQ(d.step(), 0.25);
  EXPECT_DOUBLE_EQ(d.mu, std::log(2.5));
  EXPECT_EQ(d.count, 0);
  EXPECT_EQ(d.h_bar, 0);
}

}  // namespace
}  // namespace metamc
