// ChEES trajectory-length adaptation (Hoffman, Radul & Sountsov 2021) with TensorFlow
// Probability's optimiser: its first steps by hand, the bounds, and what a non-finite gradient
// does.
#include "metamc/mcmc/adapt/chees.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace metamc {
namespace {

TEST(ChEES, StepsAreNormalisedByTheRunningSecondMoment) {
  ChEES c;
  c.restart(1.0);
  // n = 1: vhat = g^2, so log T moves by 0.025 whatever the gradient's size.
  c.update(5.0, 0.1, 1000);
  EXPECT_NEAR(c.log_length, 0.025, 1e-15);
  EXPECT_NEAR(c.log_length_bar, 0.025, 1e-15);
  // n = 2: v = 0.95 * 0.05 * 25 + 0.05 * 25, vhat = v / (1 - 0.95^2) = 25: back by 0.025;
  // log Tbar = 2^-1/2 * 0 + (1 - 2^-1/2) * 0.025.
  c.update(-5.0, 0.1, 1000);
  EXPECT_NEAR(c.log_length, 0.0, 1e-15);
  EXPECT_NEAR(c.log_length_bar, 0.007322330470336311, 1e-15);
  // Gradients of the same size keep vhat at 25: 20 more steps of +0.025.
  for (int n = 0; n < 20; ++n) c.update(5.0, 0.1, 1000);
  EXPECT_NEAR(c.log_length, 0.5, 1e-13);
}

TEST(ChEES, LengthStaysWithinOneStepAndMaxStepsSteps) {
  ChEES c;
  c.restart(1.0);
  c.update(-1.0, 2.0, 1000);  // below one step of 2: raised to it
  EXPECT_DOUBLE_EQ(c.length(), 2.0);
  c.restart(1.0);
  c.update(1.0, 0.001, 10);  // above 10 steps of 0.001: lowered to them
  EXPECT_NEAR(c.length(), 0.01, 1e-15);
}

TEST(ChEES, NonFiniteGradientIsNoInformation) {
  ChEES c;
  c.restart(0.5);
  c.update(std::numeric_limits<double>::quiet_NaN(), 0.1, 1000);
  c.update(std::numeric_limits<double>::infinity(), 0.1, 1000);
  EXPECT_EQ(c.count, 0);
  EXPECT_DOUBLE_EQ(c.length(), 0.5);
  EXPECT_DOUBLE_EQ(c.final_length(), 0.5);
}

}  // namespace
}  // namespace metamc
