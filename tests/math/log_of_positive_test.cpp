// The logarithm of the Box-Muller transform against the x87 long double logarithm (64-bit
// mantissa, 11 more bits than the double result), on the uniforms it is given and on every
// binade of the doubles it accepts.
#include "metamc/math/log_of_positive.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "math/ulps.hpp"
#include "metamc/rng/random_variates.hpp"

namespace metamc {
namespace {

using testing::ulps;

double worst_ulps(const std::vector<double>& xs) {
  double worst = 0;
  for (const double x : xs) {
    const double error = ulps(log_of_positive(x), std::log(static_cast<long double>(x)));
    EXPECT_LE(error, 1.0) << "x = " << std::hexfloat << x;
    worst = std::fmax(worst, error);
  }
  return worst;
}

TEST(LogOfPositive, WithinOneUnitInTheLastPlaceOnTheUniforms) {
  // The uniforms uniform_open gives: the smallest, those next to 1 (tiny logarithms), and random
  // ones, with the range reduction's boundaries sqrt(1/2) and 1 and their neighbours.
  std::vector<double> xs = {uniform_open(0, 0),
                            uniform_open(0, 64),
                            uniform_open(~0u, ~0u),
                            uniform_open(~0u, ~0u - 64),
                            0.5,
                            1.0};
  for (double boundary : {0.7071067811865476, 1.0, 0.5}) {
    double below = boundary, above = boundary;
    for (int i = 0; i < 100; ++i) {
      below = std::nextafter(below, 0.0);
      above = std::nextafter(above, 2.0);
      xs.insert(xs.end(), {below, above});
    }
  }
  std::uint64_t state = 0x9e3779b97f4a7c15u;
  for (int i = 0; i < 1000000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    xs.push_back(
        uniform_open(static_cast<std::uint32_t>(state >> 32), static_cast<std::uint32_t>(state)));
  }
  const double worst = worst_ulps(xs);
  EXPECT_GT(worst, 0.5);  // the reference is not the function itself: some results round the
                          // other way
  EXPECT_EQ(log_of_positive(1.0), 0.0);
}

TEST(LogOfPositive, WithinOneUnitInTheLastPlaceOnEveryBinade) {
  // From the smallest normal double to the largest finite one: every exponent, with random
  // significands and the binade's ends.
  std::vector<double> xs = {2.2250738585072014e-308, 1.7976931348623157e308};
  std::uint64_t state = 0x2545f4914f6cdd1du;
  for (int e = -1022; e <= 1023; ++e) {
    xs.insert(xs.end(), {std::ldexp(1.0, e), std::ldexp(1.9999999999999998, e)});
    for (int i = 0; i < 200; ++i) {
      state = state * 6364136223846793005u + 1442695040888963407u;
      const double significand = 1 + static_cast<double>(state >> 12) / 4503599627370496.0;
      xs.push_back(std::ldexp(significand, e));
    }
  }
  worst_ulps(xs);
  EXPECT_EQ(log_of_positive(2.0), static_cast<double>(std::log(2.0L)));
}

}  // namespace
}  // namespace metamc
