// binomial_variate against the binomial distribution itself: each value takes one interval of
// the uniform as long as its probability, so over a fine grid of uniforms the share of each value
// equals its probability (the lgamma formula, checked against R's dbinom) within the grid's
// resolution; and the edges p = 0, p = 1 and n = 0.
#include "metamc/rng/binomial_variate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace metamc {
namespace {

double binomial_probability(long n, long x, double p) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(x + 1.0) - std::lgamma(n - x + 1.0) +
                  x * std::log(p) + (n - x) * std::log1p(-p));
}

TEST(BinomialVariate, InvertsTheDistributionFunction) {
  // dbinom(3, 10, 0.3) = 0.266827932 (R 4.2).
  EXPECT_NEAR(binomial_probability(10, 3, 0.3), 0.266827932, 1e-9);
  for (const auto& [n, p] : std::vector<std::pair<long, double>>{
           {1, 0.5}, {10, 0.3}, {40, 0.02}, {300, 0.45}, {5000, 0.9}}) {
    SCOPED_TRACE(std::to_string(n) + ", " + std::to_string(p));
    // Uniforms on a grid of 200,000 points: each value's share is its probability, within the
    // grid's resolution.
    const int grid = 200000;
    std::vector<double> share(static_cast<std::size_t>(n + 1), 0.0);
    for (int j = 0; j < grid; ++j) {
      const long x = binomial_variate(n, p, (j + 0.5) / grid);
      ASSERT_TRUE(x >= 0 && x <= n);
      share[static_cast<std::size_t>(x)] += 1.0 / grid;
    }
    for (long x = 0; x <= n; ++x)
      EXPECT_NEAR(share[static_cast<std::size_t>(x)], binomial_probability(n, x, p), 2.0 / grid)
          << x;
  }
}

TEST(BinomialVariate, Edges) {
  EXPECT_EQ(binomial_variate(10, 0.0, 0.5), 0);
  EXPECT_EQ(binomial_variate(10, 1.0, 0.5), 10);
  EXPECT_EQ(binomial_variate(0, 0.5, 0.5), 0);
  EXPECT_EQ(binomial_variate(10, 0.5, 1e-300), 5);  // the mode's own mass comes first
  EXPECT_EQ(binomial_variate(1, 0.3, 0.5), 0);      // the mode, 0, takes (0, 0.7]
  EXPECT_EQ(binomial_variate(1, 0.3, 0.99), 1);
}

}  // namespace
}  // namespace metamc
