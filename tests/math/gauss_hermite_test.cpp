#include "metamc/math/gauss_hermite.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace metamc {
namespace {

// Abramowitz & Stegun (1964) table 25.10, n = 7, for the weight exp(-x^2): the probabilists'
// nodes are sqrt(2) x, the weights over sqrt(pi).
TEST(GaussHermite, SevenPointRuleIsAbramowitzAndStegunsTable) {
  const double x[] = {0, 0.816287882859, 1.673551628767, 2.651961356835};
  const double w[] = {0.810264617557, 0.425607252610, 0.054515582819, 0.000971781245};
  const QuadratureRule rule = gauss_hermite(7);
  ASSERT_EQ(rule.nodes.size(), 7u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(rule.nodes[3 + i], std::sqrt(2.0) * x[i], 1e-11);
    EXPECT_NEAR(rule.nodes[3 - i], -std::sqrt(2.0) * x[i], 1e-11);
    EXPECT_NEAR(rule.weights[3 + i], w[i] / std::sqrt(M_PI), 1e-12);
    EXPECT_NEAR(rule.weights[3 - i], w[i] / std::sqrt(M_PI), 1e-12);
  }
}

// E Z^(2m) = (2m - 1)!! and odd moments 0, exactly up to degree 2n - 1; at degree 2n the rule
// falls short by E He_n(Z)^2 = n!, He_n the monic Hermite polynomial its nodes are the roots of.
TEST(GaussHermite, NormalMomentsExactUpToDegreeTwoNMinusOne) {
  for (int n : {1, 2, 5, 21}) {
    const QuadratureRule rule = gauss_hermite(n);
    double double_factorial = 1;
    for (int degree = 0; degree <= 2 * n; ++degree) {
      double moment = 0, scale = 0;  // the nodes' rounding, raised to degree 2n, scales with this
      for (std::size_t q = 0; q < rule.nodes.size(); ++q) {
        moment += rule.weights[q] * std::pow(rule.nodes[q], degree);
        scale += rule.weights[q] * std::pow(std::fabs(rule.nodes[q]), degree);
      }
      const double exact = degree % 2 ? 0 : double_factorial;
      if (degree < 2 * n)
        EXPECT_NEAR(moment, exact, 1e-9 * scale) << "n " << n << " degree " << degree;
      else
        EXPECT_NEAR(exact - moment, std::tgamma(n + 1), 1e-9 * scale) << "n " << n;
      if (degree % 2) double_factorial *= degree;
    }
  }
}

}  // namespace
}  // namespace metamc
