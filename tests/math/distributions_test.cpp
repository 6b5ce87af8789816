// Distribution functions against R 4.2.2 (qnorm, pnorm, qt, pt, qchisq, pchisq), printed with
// sprintf("%.17g").
#include "metamc/math/distributions.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <unsupported/Eigen/SpecialFunctions>

#include "metamc/math/normal.hpp"

namespace metamc {
namespace {

void expect_rel(double got, double want, double tolerance = 1e-13) {
  EXPECT_NEAR(got, want, tolerance * std::fabs(want));
}

TEST(Distributions, Normal) {
  expect_rel(normal_quantile(0.975), 1.9599639845400536);
  expect_rel(normal_quantile(1e-10), -6.3613409024040557);
  expect_rel(normal_quantile(0.5 + 0.985 / 2), 2.4323790585844427);
  expect_rel(normal_cdf(-8), 6.2209605742717849e-16, 1e-12);
  expect_rel(normal_cdf(1.3), 0.9031995154143897);
  expect_rel(normal_upper(8), 6.2209605742717849e-16, 1e-12);
}

TEST(Distributions, HostDeviceNormalQuantileMatchesR) {
  // qnorm in R 4.2.2 (sprintf("%.17g")), in each region of AS 241; the same algorithm as R, so
  // the values agree to the last bit or two. Also against Eigen's ndtri on a grid.
  EXPECT_NEAR(standard_normal_quantile(0.975), 1.9599639845400536, 2e-15);
  EXPECT_NEAR(standard_normal_quantile(1e-10), -6.3613409024040557, 1e-13);
  EXPECT_NEAR(standard_normal_quantile(0.5 + 0.985 / 2), 2.4323790585844427, 2e-15);
  EXPECT_NEAR(standard_normal_quantile(1e-300), -37.047096299361201, 1e-13);
  EXPECT_NEAR(standard_normal_quantile(1e-20), -9.2623400897984052, 1e-14);
  EXPECT_NEAR(standard_normal_quantile(0.02425), -1.9729610513118845, 2e-15);
  EXPECT_NEAR(standard_normal_quantile(0.3), -0.52440051270804067, 1e-15);
  EXPECT_NEAR(standard_normal_quantile(0.9999999), 5.1993375822906618, 1e-14);
  EXPECT_EQ(standard_normal_quantile(0.5), 0);
  for (double p = 1e-12; p < 1; p = p < 0.01 ? p * 3 : p + 0.01)
    EXPECT_NEAR(standard_normal_quantile(p), Eigen::numext::ndtri(p),
                1e-14 * std::max(1.0, std::fabs(normal_quantile(p))))
        << p;
}

TEST(Distributions, StudentT) {
  expect_rel(t_quantile(0.975, 1), 12.706204736174694);
  expect_rel(t_quantile(0.975, 2), 4.3026527297494619);
  expect_rel(t_quantile(0.995, 3), 5.8409093097333544);
  expect_rel(t_quantile(0.975, 30), 2.0422724563012378);
  expect_rel(t_quantile(1e-8, 5), -62.404506110967276, 1e-11);
  expect_rel(t_cdf(-2.5, 4), 0.033383272405994063);
  EXPECT_EQ(t_quantile(0.5, 7), 0);
}

TEST(Distributions, ChiSquared) {
  expect_rel(chisq_quantile(0.025, 1), 0.00098206911717525617, 1e-11);
  expect_rel(chisq_quantile(0.975, 12), 23.336664158645334);
  expect_rel(chisq_quantile(0.5, 3), 2.3659738843753377);
  expect_rel(chisq_upper(30, 5), 1.4748581038443054e-05, 1e-12);
  expect_rel(chisq_upper(0.01, 2), 0.99501247919268221);
  EXPECT_EQ(chisq_upper(0, 3), 1);
}

}  // namespace
}  // namespace metamc
