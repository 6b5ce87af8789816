// sin and cos of a fraction of a turn against the x87 long double sin and cos (64-bit mantissa,
// 11 more bits than the double result), on every kind of argument the Box-Muller transform gives
// it.
#include "metamc/math/sincos_turns.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "math/ulps.hpp"

namespace metamc {
namespace {

constexpr long double kTwoPi = 6.283185307179586476925286766559005768L;

using testing::ulps;

// sin and cos of 2 pi x in long double. The angle is reduced first by the exact x = q / 4 + r
// (then sin(a + q pi / 2) = sin a cos(q pi / 2) + cos a sin(q pi / 2)): without it, 2 pi x near
// a multiple of pi carries the long double's error in pi, 1e-19, far above an ulp of a tiny sine.
struct Reference {
  long double sin, cos;
};
Reference reference(double x) {
  const double q = std::round(4 * x);
  const long double a = kTwoPi * static_cast<long double>(x - q / 4);
  static const int kSinQuarter[4] = {0, 1, 0, -1}, kCosQuarter[4] = {1, 0, -1, 0};
  const int i = static_cast<int>(q) % 4;
  return {std::sin(a) * kCosQuarter[i] + std::cos(a) * kSinQuarter[i],
          std::cos(a) * kCosQuarter[i] - std::sin(a) * kSinQuarter[i]};
}

TEST(SincosTurns, WithinTwoUnitsInTheLastPlace) {
  std::vector<double> xs;
  // Every eighth-turn boundary's neighbours, where the reduction changes quadrant or the
  // result is near 0; tiny and nearly whole turns; and random odd multiples of 2^-53 (the
  // uniforms' values).
  for (int j = 0; j <= 8; ++j) {
    const double x = j / 8.0;
    xs.insert(xs.end(), {std::nextafter(x, 0.0), std::nextafter(x, 1.0)});
    for (int steps = 1; steps < 1000; steps *= 3)
      xs.insert(xs.end(), {x - steps * 1.1102230246251565e-16, x + steps * 1.1102230246251565e-16});
  }
  for (double tiny : {1.1102230246251565e-16, 1e-12, 3e-7}) xs.insert(xs.end(), {tiny, 1 - tiny});
  std::uint64_t state = 0x9e3779b97f4a7c15u;
  for (int i = 0; i < 200000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    xs.push_back((static_cast<double>(state >> 12) + 0.5) / 4503599627370496.0);
  }
  double worst_sin = 0, worst_cos = 0;
  for (const double x : xs) {
    if (!(x > 0 && x < 1)) continue;
    const SinCos t = sincos_turns(x);
    const Reference r = reference(x);
    worst_sin = std::fmax(worst_sin, ulps(t.sin, r.sin));
    worst_cos = std::fmax(worst_cos, ulps(t.cos, r.cos));
    EXPECT_LE(t.sin * t.sin + t.cos * t.cos, 1 + 4.5e-16) << x;
  }
  EXPECT_LE(worst_sin, 2) << "sin";
  EXPECT_LE(worst_cos, 2) << "cos";
}

TEST(SincosTurns, QuarterTurnsAreExact) {
  EXPECT_EQ(sincos_turns(0).sin, 0);
  EXPECT_EQ(sincos_turns(0).cos, 1);
  EXPECT_EQ(sincos_turns(0.25).sin, 1);
  EXPECT_EQ(sincos_turns(0.25).cos, 0);
  EXPECT_EQ(sincos_turns(0.5).cos, -1);
  EXPECT_EQ(sincos_turns(0.75).sin, -1);
  EXPECT_EQ(sincos_turns(1).cos, 1);
}

}  // namespace
}  // namespace metamc
