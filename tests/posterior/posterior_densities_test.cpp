// The densities the posterior plot draws (posterior/posterior_densities.hpp): the exact ones
// integrate to the exact posterior's probabilities, and the kernel estimate from draws of a
// known distribution recovers its density.
#include "metamc/posterior/posterior_densities.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "metamc/posterior/exact_posterior.hpp"
#include "metamc/rng/philox.hpp"
#include "metamc/rng/random_variates.hpp"

namespace metamc {
namespace {

// Trapezoid integral of the curve from its start to x.
double integral_to(const DensityCurve& c, double x) {
  double s = 0;
  for (std::size_t j = 1; j < c.x.size() && c.x[j - 1] < x; ++j) {
    const double right = std::min(c.x[j], x);
    const double t = (right - c.x[j - 1]) / (c.x[j] - c.x[j - 1]);
    const double d_right = c.density[j - 1] + t * (c.density[j] - c.density[j - 1]);
    s += 0.5 * (right - c.x[j - 1]) * (c.density[j - 1] + d_right);
  }
  return s;
}

// The RRMM PFS hazard ratios of the bundled data (ICARIA-MM, IKEMA), k = 2.
TEST(PosteriorDensities, ExactDensitiesAgreeWithTheExactPosterior) {
  const double y[] = {-0.5175146119167874, -0.5447271754416722};
  const double s2[] = {0.1592677537898777 * 0.1592677537898777, 0.158 * 0.158};
  NormalNormalData d;
  d.k = 2;
  d.y = y;
  d.s2 = s2;
  d.tau_prior = make_tau_prior(TauPriorKind::half_normal, 0.5);
  const PosteriorDensities p = exact_densities(d);
  const BayesResult r = exact_posterior(d, {Benefit::lower, 0.95, std::nullopt});
  // Total mass within the grids (0.0005 left off each end of mu and theta_new, and above tau's
  // grid), and the CDF at the reported medians, to the trapezoid rule's accuracy on 241
  // points.
  const double tail = 0.0005;
  EXPECT_NEAR(integral_to(p.mu, p.mu.x.back()), 1 - 2 * tail, 5e-5);
  EXPECT_NEAR(tail + integral_to(p.mu, r.mu.median), 0.5, 5e-5);
  EXPECT_NEAR(tail + integral_to(p.mu, 0), r.p_benefit, 5e-5);
  EXPECT_NEAR(tail + integral_to(p.theta_new, r.pred_median), 0.5, 5e-5);
  EXPECT_NEAR(integral_to(p.tau, p.tau.x.back()), 1 - tail, 1e-4);
  EXPECT_NEAR(integral_to(p.tau, r.tau.median), 0.5, 2e-3);
  EXPECT_EQ(p.tau.x.front(), 0);
  EXPECT_TRUE(std::isfinite(p.tau.density.front()));
}

TEST(PosteriorDensities, KernelEstimateRecoversAStandardNormal) {
  std::vector<double> draws;
  for (std::uint32_t i = 0; i < 10000; ++i) {
    const NormalPair z = normal_pair(random_words(seed_key(7), 0, 0, i, 0));
    draws.push_back(z.first);
    draws.push_back(z.second);
  }
  const DensityCurve c = kernel_density(draws, 241);
  ASSERT_EQ(c.x.size(), 241u);
  for (std::size_t j = 0; j < c.x.size(); ++j)
    if (std::fabs(c.x[j]) < 2.5) {
      EXPECT_NEAR(c.density[j], std::exp(-0.5 * c.x[j] * c.x[j]) / std::sqrt(2 * M_PI), 0.02)
          << c.x[j];
    }
  EXPECT_NEAR(integral_to(c, c.x.back()), 0.999, 1e-3) << "the grid leaves 0.0005 off each end";
  EXPECT_TRUE(kernel_density({1.0, 1.0, 1.0}, 10).x.empty()) << "no spread, no density";
}

TEST(PosteriorDensities, HeavyTailsDoNotThinTheGridOverTheBulk) {
  // Cauchy draws: their range is thousands of scales wide, the bulk within a few.
  std::vector<double> draws;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const UniformPair u = uniform_pair(random_words(seed_key(5), 0, 0, i, 0));
    draws.push_back(std::tan(M_PI * (u.first - 0.5)));
  }
  const DensityCurve c = kernel_density(draws, 241);
  std::size_t in_bulk = 0;
  for (double x : c.x) in_bulk += std::fabs(x) <= 1;
  EXPECT_GE(in_bulk, 10u);
  // The binned estimate equals the direct kernel sum (same bandwidth) to the binning's accuracy.
  std::vector<double> sorted = draws;
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());
  double mean = 0, ss = 0;
  for (double v : sorted) mean += v / n;
  for (double v : sorted) ss += (v - mean) * (v - mean);
  const double iqr = sorted[static_cast<std::size_t>(0.75 * (n - 1))] -
                     sorted[static_cast<std::size_t>(0.25 * (n - 1))];
  const double h = 0.9 * std::min(std::sqrt(ss / (n - 1)), iqr / 1.34) * std::pow(n, -0.2);
  double peak = 0;
  for (std::size_t j = 0; j < c.x.size(); ++j) {
    double direct = 0;
    for (double v : sorted) direct += std::exp(-0.5 * std::pow((c.x[j] - v) / h, 2));
    direct /= n * h * std::sqrt(2 * M_PI);
    EXPECT_NEAR(c.density[j], direct, 1e-3 * 0.3183) << c.x[j];
    peak = std::max(peak, c.density[j]);
  }
  EXPECT_NEAR(peak, 1 / M_PI, 0.03) << "the Cauchy density's peak, 1 / pi";
}

TEST(PosteriorDensities, TauKeepsItsMassOnItsSupportByReflection) {
  // tau = |z| is half-normal: density 2 phi(tau), 0.798 at 0, where an estimate without
  // reflection would find half of it.
  GroupDraws draws(1, 20000, 0, false);
  for (std::uint32_t i = 0; i < 10000; ++i) {
    const NormalPair z = normal_pair(random_words(seed_key(11), 0, 0, i, 0));
    draws.tau[2 * i] = std::fabs(z.first);
    draws.tau[2 * i + 1] = std::fabs(z.second);
  }
  draws.mu = draws.theta_new = draws.tau;
  const PosteriorDensities p = draws_densities(draws);
  ASSERT_FALSE(p.tau.x.empty());
  EXPECT_EQ(p.tau.x.front(), 0);
  for (std::size_t j = 0; j < p.tau.x.size(); ++j) {
    const double x = p.tau.x[j];
    EXPECT_NEAR(p.tau.density[j], 2 * std::exp(-0.5 * x * x) / std::sqrt(2 * M_PI), 0.03) << x;
  }
}

}  // namespace
}  // namespace metamc
