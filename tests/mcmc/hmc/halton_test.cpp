// The van der Corput sequence in base 2 (the Halton sequence's first coordinate) and the jittered
// number of leapfrog steps it gives.
#include "metamc/mcmc/hmc/halton.hpp"

#include <gtest/gtest.h>

#include "metamc/mcmc/hmc/hmc_transition.hpp"

namespace metamc {
namespace {

TEST(Halton, VanDerCorputMirrorsTheBits) {
  const double expected[] = {0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875, 0.0625};
  for (std::uint32_t i = 0; i < 8; ++i) EXPECT_DOUBLE_EQ(van_der_corput(i), expected[i]) << i;
  // Every number of the first 2^10 lies in (0, 1), and the first 2^10 - 1 are the multiples of
  // 2^-10 in (0, 1), each once: low discrepancy.
  std::vector<int> seen(1024, 0);
  for (std::uint32_t i = 0; i < 1023; ++i) {
    const double u = van_der_corput(i);
    ASSERT_GT(u, 0);
    ASSERT_LT(u, 1);
    ++seen[static_cast<std::size_t>(u * 1024)];
  }
  for (std::size_t j = 1; j < 1024; ++j) EXPECT_EQ(seen[j], 1) << j;
}

TEST(Halton, JitteredStepsAreTheLengthsShareOverTheStepSize) {
  // ceil(u T / eps) with T = 1, eps = 0.1: u = 0.5 -> 5, 0.25 -> 3 (2.5 up), 0.75 -> 8.
  EXPECT_EQ(jittered_steps(1.0, 0.1, 1000, 0), 5);
  EXPECT_EQ(jittered_steps(1.0, 0.1, 1000, 1), 3);
  EXPECT_EQ(jittered_steps(1.0, 0.1, 1000, 2), 8);
  EXPECT_EQ(jittered_steps(1e-9, 0.1, 1000, 0), 1);    // at least one step
  EXPECT_EQ(jittered_steps(1e9, 0.1, 1000, 0), 1000);  // at most max_steps
}

}  // namespace
}  // namespace metamc
