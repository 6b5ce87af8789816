// ExactSum against known answers: the test vectors of CPython's math.fsum (Lib/test/
// test_math.py, testFsum, checked with Python 3.11's math.fsum), including the ties that need
// the half-even correction; and the same value whatever the order and grouping of the terms.
#include "metamc/math/exact_sum.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace metamc {
namespace {

double exact_sum(const std::vector<double>& terms) {
  ExactSum s;
  for (double x : terms) s.add(x);
  return s.value();
}

TEST(ExactSum, EqualsCPythonsFsumOnItsTestVectors) {
  const double p53 = std::ldexp(1.0, 53);
  EXPECT_EQ(exact_sum({}), 0.0);
  EXPECT_EQ(exact_sum({1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50}), 1e-100);
  EXPECT_EQ(exact_sum({p53, -0.5, -std::ldexp(1.0, -54)}), p53 - 1.0);
  EXPECT_EQ(exact_sum({p53, 1.0, std::ldexp(1.0, -100)}), p53 + 2.0);
  EXPECT_EQ(exact_sum({p53 + 10.0, 1.0, std::ldexp(1.0, -100)}), p53 + 12.0);
  EXPECT_EQ(exact_sum({p53 - 4.0, 0.5, std::ldexp(1.0, -54)}), p53 - 3.0);
  EXPECT_EQ(exact_sum({1e16, 1., 1e-16}), 10000000000000002.0);
  const double a = 1e16 - 2., b = 1. - std::ldexp(1.0, -53);
  EXPECT_EQ(exact_sum({a, b, -a, -b}), 0.0);
  std::vector<double> harmonic, alternating, wide;
  for (int n = 1; n <= 1000; ++n) {
    harmonic.push_back(1. / n);
    alternating.push_back((n % 2 ? -1. : 1.) / n);
  }
  EXPECT_EQ(exact_sum(harmonic), 0x1.df11f45f4e61ap+2);  // the naive sum ends in ...618p+2
  EXPECT_EQ(exact_sum(alternating), -0x1.62a2af1bd3624p-1);
  // Partials spread over the whole exponent range.
  for (int n = -1074; n < 972; n += 2)
    wide.push_back(std::ldexp(1.0, n) - std::ldexp(1.0, n + 50) + std::ldexp(1.0, n + 52));
  wide.push_back(-std::ldexp(1.0, 1022));
  EXPECT_EQ(exact_sum(wide), 0x1.5555555555555p+970);
}

TEST(ExactSum, DoesNotDependOnTheOrderOrTheSplit) {
  std::mt19937_64 random(3);
  std::lognormal_distribution<double> width(0.0, 2.0);
  std::vector<double> terms(5000);
  for (double& x : terms) x = width(random);
  const double expected = exact_sum(terms);
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(terms.begin(), terms.end(), random);
    EXPECT_EQ(exact_sum(terms), expected);
    // Split into shards, each summed alone, then merged (also through its written partials).
    const std::size_t cut1 = 1 + random() % 2000, cut2 = cut1 + random() % 2000;
    ExactSum parts[3], merged;
    for (std::size_t i = 0; i < terms.size(); ++i)
      parts[i < cut1 ? 0 : i < cut2 ? 1 : 2].add(terms[i]);
    merged.add(parts[2]);
    merged.add(ExactSum::from_partials(parts[0].partials()));
    merged.add(parts[1]);
    EXPECT_EQ(merged.value(), expected);
  }
  // The state stays small: non-overlapping partials of one binade each at most.
  ExactSum s;
  for (double x : terms) s.add(x);
  EXPECT_LE(s.partials().size(), 40u);
}

TEST(ExactSum, RefusesInfiniteTerms) {
  ExactSum s;
  EXPECT_THROW(s.add(INFINITY), std::invalid_argument);
  EXPECT_THROW(s.add(std::nan("")), std::invalid_argument);
}

}  // namespace
}  // namespace metamc
