// e^x and e^x - 1 against the x87 long double exp and expm1 (64-bit mantissa, 11 more bits than
// the double result): random arguments over the whole finite range, every binade of |x|, the
// ends of the range reduction's intervals (x near (j + 1/2) ln 2, where k changes and, for
// e^x - 1 at j = 0 and -1, the terms nearly cancel), the overflow and underflow thresholds, and
// the values outside them.
#include "metamc/math/exponential.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "math/ulps.hpp"

namespace metamc {
namespace {

using testing::ulps;

std::vector<double> arguments() {
  std::vector<double> xs = {0.0, -0.0, 709.782712893384, -708.3964185322641, -745.1332191019411};
  std::uint64_t state = 0x9e3779b97f4a7c15u;
  const auto next = [&] {
    state = state * 6364136223846793005u + 1442695040888963407u;
    return static_cast<double>(state >> 11) / 9007199254740992.0;  // uniform on [0, 1)
  };
  for (int i = 0; i < 500000; ++i) xs.push_back(-745 + 1454.78 * next());
  for (int i = 0; i < 500000; ++i) xs.push_back(-2 + 4 * next());
  // Every binade of |x| from 2^-1074 (the results 1 and x) to 2^9 (the ends of the range).
  for (int e = -1074; e <= 9; ++e)
    for (int i = 0; i < 100; ++i) {
      const double x = std::ldexp(1 + next(), e);
      if (x < 709.78) xs.push_back(x);
      if (x < 745.13) xs.push_back(-x);
    }
  // Where the nearest k changes, x = (j + 1/2) ln 2, and its 1000 neighbours on each side.
  for (int j = -1075; j <= 1023; ++j) {
    double below = (j + 0.5) * 0.6931471805599453, above = below;
    for (int i = 0; i < (j >= -3 && j <= 3 ? 1000 : 20); ++i) {
      below = std::nextafter(below, -HUGE_VAL);
      above = std::nextafter(above, HUGE_VAL);
      for (double x : {below, above})
        if (x > -745.13 && x < 709.78) xs.push_back(x);
    }
  }
  return xs;
}

// The largest error over arguments(), each within one ulp (the first failure stops the loop).
template <class Function, class Reference>
double worst_ulps(Function function, Reference reference) {
  double worst = 0;
  for (const double x : arguments()) {
    const double error = ulps(function(x), reference(static_cast<long double>(x)));
    if (!(error <= 1.0)) {
      ADD_FAILURE() << error << " ulps at x = " << std::hexfloat << x;
      return error;
    }
    worst = std::fmax(worst, error);
  }
  return worst;
}

TEST(Exponential, WithinOneUnitInTheLastPlace) {
  const double worst = worst_ulps([](double x) { return exponential(x); },
                                  [](long double x) { return std::exp(x); });
  EXPECT_GT(worst, 0.5);  // the reference is not the function itself: some round the other way
  EXPECT_EQ(exponential(0.0), 1.0);
  EXPECT_EQ(exponential(1.0), static_cast<double>(std::exp(1.0L)));
}

TEST(Exponential, MinusOneWithinOneUnitInTheLastPlace) {
  const double worst = worst_ulps([](double x) { return exponential_minus_one(x); },
                                  [](long double x) { return std::expm1(x); });
  EXPECT_GT(worst, 0.5);
  EXPECT_EQ(exponential_minus_one(0.0), 0.0);
  EXPECT_FALSE(std::signbit(exponential_minus_one(0.0)));
  EXPECT_TRUE(std::signbit(exponential_minus_one(-0.0)));  // as glibc's expm1
  EXPECT_EQ(exponential_minus_one(0x1p-1074), 0x1p-1074);  // e^x - 1 = x below 2^-53
  EXPECT_EQ(exponential_minus_one(-1e-300), -1e-300);
}

TEST(Exponential, OverflowsUnderflowsAndPassesNaNOnAsTheStandardLibraryDoes) {
  const double largest = 709.782712893384;  // the largest x with a finite e^x
  EXPECT_TRUE(std::isfinite(exponential(largest)));
  EXPECT_TRUE(std::isfinite(exponential_minus_one(largest)));
  for (double x : {std::nextafter(largest, HUGE_VAL), 710.0, 1e300, HUGE_VAL}) {
    EXPECT_EQ(exponential(x), HUGE_VAL) << x;
    EXPECT_EQ(exponential_minus_one(x), HUGE_VAL) << x;
  }
  // The smallest subnormal, 2^-1074, is the last nonzero e^x; e^x - 1 rounds to -1 from -37.5.
  EXPECT_EQ(exponential(-745.1332191019411), 0x1p-1074);
  for (double x : {-745.14, -746.0, -1e300, -HUGE_VAL}) {
    EXPECT_EQ(exponential(x), 0.0) << x;
    EXPECT_EQ(exponential_minus_one(x), -1.0) << x;
  }
  EXPECT_EQ(exponential_minus_one(-37.5), -1.0);
  EXPECT_GT(exponential_minus_one(-37.0), -1.0);
  EXPECT_TRUE(std::isnan(exponential(std::nan(""))));
  EXPECT_TRUE(std::isnan(exponential_minus_one(std::nan(""))));
}

}  // namespace
}  // namespace metamc
