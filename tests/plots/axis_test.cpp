// Ticks at readable values, the map to pixels and clamping (plots/axis.hpp).
#include "metamc/plots/axis.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace metamc {
namespace {

std::vector<std::string> labels(const Axis& a) {
  std::vector<std::string> l;
  for (const AxisTick& t : a.ticks) l.push_back(t.label);
  return l;
}

TEST(Axis, RatioAxesTickAtPowersOfTwoOverNarrowSpans) {
  const Axis a = make_axis(std::log(0.3), std::log(1.2), true, 100, 420);
  EXPECT_EQ(labels(a), (std::vector<std::string>{"0.25", "0.5", "1", "2"}));
  EXPECT_DOUBLE_EQ(a.lower, std::log(0.25));
  EXPECT_DOUBLE_EQ(a.upper, std::log(2.0));
  EXPECT_DOUBLE_EQ(a.px(std::log(0.25)), 100);
  EXPECT_DOUBLE_EQ(a.px(std::log(2.0)), 420);
  // Log scale: 0.5 and 1 split the span in thirds.
  EXPECT_NEAR(a.px(0), 100 + 2 * 320.0 / 3, 1e-9);
}

TEST(Axis, AnEndJustBeyondATickDoesNotAddAnother) {
  // The Bayesian prediction interval of NDMM PFS ends at 0.2499: the axis runs just past 0.25.
  const Axis a = make_axis(std::log(0.2499), std::log(1.68), true, 0, 1);
  EXPECT_EQ(labels(a), (std::vector<std::string>{"0.25", "0.5", "1", "2"}));
  EXPECT_DOUBLE_EQ(a.lower, std::log(0.2499));
  EXPECT_EQ(labels(make_axis(std::log(0.2), std::log(1.68), true, 0, 1)),
            (std::vector<std::string>{"0.125", "0.25", "0.5", "1", "2"}));
}

TEST(Axis, RatioAxesUseOneTwoFivePerDecadeThenDecades) {
  EXPECT_EQ(labels(make_axis(std::log(0.03), std::log(4.0), true, 0, 1)),
            (std::vector<std::string>{"0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5"}));
  EXPECT_EQ(labels(make_axis(std::log(0.003), std::log(40.0), true, 0, 1)),
            (std::vector<std::string>{"0.001", "0.01", "0.1", "1", "10", "100"}));
}

TEST(Axis, LinearAxesStepByOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_EQ(labels(make_axis(-0.3, 1.7, false, 0, 1)),
            (std::vector<std::string>{"-0.5", "0", "0.5", "1", "1.5", "2"}));
  EXPECT_EQ(labels(make_axis(0, 0.7, false, 0, 1)),
            (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8"}));
  // A single value is widened by 0.5 on either side.
  EXPECT_EQ(labels(make_axis(2, 2, false, 0, 1)),
            (std::vector<std::string>{"1.4", "1.6", "1.8", "2", "2.2", "2.4", "2.6"}));
}

TEST(Axis, ClampKeepsValuesOnTheAxis) {
  const Axis a = make_axis(0, 1, false, 10, 20);
  EXPECT_EQ(a.clamp(-3), 0);
  EXPECT_EQ(a.clamp(7), 1);
  EXPECT_EQ(a.clamp(0.25), 0.25);
  EXPECT_TRUE(a.inside(1));
  EXPECT_FALSE(a.inside(1.0001));
}

}  // namespace
}  // namespace metamc
