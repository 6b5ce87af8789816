// Stan's windowed adaptation (Stan Reference Manual, "Automatic parameter tuning"): for 1000
// warmup iterations an initial buffer of 75, slow windows of 25, 50, 100, 200 and 500 (the last
// stretched to the terminal buffer), and a terminal buffer of 50 - the windows CmdStan prints.
#include "metamc/mcmc/adapt/warmup_schedule.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace metamc {
namespace {

TEST(WarmupSchedule, StansWindowsForAThousandIterations) {
  const WarmupSchedule s(1000);
  EXPECT_EQ(s.window_ends(), (std::vector<int>{100, 150, 250, 450, 950}));
  EXPECT_FALSE(s.in_window(75));  // the initial buffer adapts the step size alone
  EXPECT_TRUE(s.in_window(76));
  EXPECT_TRUE(s.in_window(950));
  EXPECT_FALSE(s.in_window(951));  // the terminal buffer
  EXPECT_TRUE(s.window_ends(450));
  EXPECT_FALSE(s.window_ends(451));
}

TEST(WarmupSchedule, ShortWarmupsSplitFifteenSeventyFiveTen) {
  // Below 150 iterations: 15% initial, 75% one window, 10% terminal.
  const WarmupSchedule s(100);
  EXPECT_EQ(s.window_ends(), (std::vector<int>{90}));
  EXPECT_FALSE(s.in_window(15));
  EXPECT_TRUE(s.in_window(16));
  // Below 20 there is no metric adaptation at all.
  const WarmupSchedule none(19);
  EXPECT_TRUE(none.window_ends().empty());
  EXPECT_FALSE(none.in_window(10));
}

TEST(WarmupSchedule, StretchesTheLastWindowToTheTerminalBuffer) {
  // 2000 iterations: 25, 50, 100, 200, 400 and then 1100 (800 would leave less than twice itself).
  EXPECT_EQ(WarmupSchedule(2000).window_ends(), (std::vector<int>{100, 150, 250, 450, 850, 1950}));
}

}  // namespace
}  // namespace metamc
