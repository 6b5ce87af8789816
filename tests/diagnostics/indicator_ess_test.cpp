// The indicator ESS from bits against ess_basic of the 0/1 matrix itself (checked against the R
// package posterior in diagnostics_test.cpp): the same estimator, the autocovariances summed in
// integers rather than in doubles, so equal up to rounding.
#include "metamc/diagnostics/indicator_ess.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "metamc/diagnostics/ess.hpp"

namespace metamc {
namespace {

// Chains of 0/1 that stay where they are with probability `stay` (else draw afresh with
// P(1) = p): autocorrelated for stay near 1, as an indicator of a slowly mixing chain.
DrawsMatrix sticky_indicators(Eigen::Index rows, Eigen::Index cols, double p, double stay,
                              unsigned seed) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> uniform(0, 1);
  DrawsMatrix x(rows, cols);
  for (Eigen::Index j = 0; j < cols; ++j) {
    double state = uniform(engine) < p;
    for (Eigen::Index i = 0; i < rows; ++i) {
      if (uniform(engine) >= stay) state = uniform(engine) < p;
      x(i, j) = state;
    }
  }
  return x;
}

// The positions of the ones, then those of the zeros.
double ess_from_bits(const DrawsMatrix& x) {
  std::vector<std::uint32_t> order;
  for (double value : {1.0, 0.0})
    for (Eigen::Index i = 0; i < x.size(); ++i)
      if (x.data()[i] == value) order.push_back(static_cast<std::uint32_t>(i));
  const auto ones = static_cast<std::size_t>(x.sum());
  return indicator_ess(order.data(), ones, x.rows(), x.cols());
}

TEST(IndicatorEss, EqualsTheEssOfTheIndicatorMatrix) {
  // Chain lengths on and off a multiple of 64 (the bits' words); mostly 0 and mostly 1 (the bits
  // of the ones, of the zeros); independent draws (Geyer's sequence ends at once), autocorrelated
  // ones (tens of lags, shifts across words) and sticky ones (more lags than the bits serve: the
  // matrix's FFT).
  struct Case {
    Eigen::Index rows, cols;
    double p, stay;
  };
  // One chain (no variance between chain means) and chains shorter than a word too.
  for (const Case& c : {Case{5000, 4, 0.05, 0}, Case{4099, 8, 0.95, 0}, Case{3001, 4, 0.3, 0.9},
                        Case{640, 2, 0.5, 0.97}, Case{2000, 4, 0.1, 0.999}, Case{3000, 1, 0.2, 0},
                        Case{40, 6, 0.5, 0.5}}) {
    const DrawsMatrix x = sticky_indicators(c.rows, c.cols, c.p, c.stay, 7);
    ASSERT_GT(x.sum(), 0);                              // neither constant (no ESS) ...
    ASSERT_LT(x.sum(), static_cast<double>(x.size()));  // ... nor all ones
    const double want = ess_basic(x);
    EXPECT_NEAR(ess_from_bits(x), want, 1e-12 * want)
        << c.rows << " x " << c.cols << ", p " << c.p << ", stay " << c.stay;
  }
}

TEST(IndicatorEss, ConstantOrTooShortIndicatorsHaveNone) {
  const std::uint32_t all[] = {0, 1, 2, 3, 4, 5};
  EXPECT_TRUE(std::isnan(indicator_ess(all, 0, 3, 2)));  // all 0
  EXPECT_TRUE(std::isnan(indicator_ess(all, 6, 3, 2)));  // all 1
  EXPECT_TRUE(std::isnan(indicator_ess(all, 1, 2, 3)));  // 2 draws a chain
}

}  // namespace
}  // namespace metamc
