// The meta-regression's samplers against its exact posterior (posterior/exact_meta_regression.hpp,
// itself equal to an independent R quadrature to 1e-13): on four cases of
// tests/reference/bayes_meta_regression_reference.R, every coefficient's mean, sd and median and
// tau's mean and median within 5 Monte Carlo standard errors, and P(coefficient < 0), for the
// collapsed sampler and for HMC; the draws depend on the seed alone; and with an intercept only the
// collapsed sampler draws what the normal-normal model's draws.
#include "metamc/mcmc/meta_regression_sampler.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "bayes_regression_cases.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/mcse.hpp"
#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/group_model.hpp"
#include "metamc/posterior/exact_meta_regression.hpp"
#include "metamc/posterior/regression_draws_summary.hpp"

namespace metamc {
namespace {

using ConstMap = Eigen::Map<const DrawsMatrix>;

SamplerSettings settings(SamplerKind sampler) {
  SamplerSettings s;
  s.sampler = sampler;
  s.chains = 16;
  s.warmup = 500;
  s.draws = 1000;
  s.seed = 20261201;
  return s;
}

// Mean, sd and median of `x` against the exact posterior within 5 MCSE.
void expect_agreement(const ConstMap& x, const ScalarSummary& exact, const std::string& what) {
  SCOPED_TRACE(what);
  const double mean = x.mean();
  const double sd = std::sqrt((x.array() - mean).square().sum() / (x.size() - 1.0));
  EXPECT_NEAR(mean, *exact.mean, 5 * mcse_mean(x)) << "mean";
  if (exact.sd) {
    EXPECT_NEAR(sd, *exact.sd, 5 * mcse_sd(x)) << "sd";
  }
  const std::vector<double> median = quantiles(x, {0.5});
  EXPECT_NEAR(median[0], exact.median, 5 * mcse_quantile(x, 0.5)) << "median";
}

class MetaRegressionSampler : public ::testing::TestWithParam<SamplerKind> {};

TEST_P(MetaRegressionSampler, AgreesWithTheExactPosterior) {
  for (const testing::RegressionCase& c : testing::regression_cases()) {
    if (c.id != "bcg_alloc" && c.id != "bcg_ablat_year_alloc" &&
        c.id != "raudenbush_weeks_setting_tester" && c.id != "isatuximab_subgroups_ndmm")
      continue;
    SCOPED_TRACE(c.id);
    const BayesRegression exact = exact_meta_regression(c.model, c.names, 0.95);
    const RegressionDraws draws = sample_meta_regression(c.model, settings(GetParam()), 7);
    for (int j = 0; j < draws.p; ++j)
      expect_agreement(ConstMap(draws.beta_of(j), draws.draws, draws.chains),
                       exact.coefficients[static_cast<std::size_t>(j)].posterior,
                       c.names[static_cast<std::size_t>(j)]);
    ScalarSummary tau = exact.tau;
    tau.sd.reset();
    expect_agreement(ConstMap(draws.tau.data(), draws.draws, draws.chains), tau, "tau");
    const BayesRegression summary = summarise_regression_draws(draws, c.model, c.names, 0.95);
    // P(beta_j < 0): within 5 binomial standard errors at the worst ESS (the collapsed
    // sampler's are Rao-Blackwellised, so tighter still).
    for (std::size_t j = 0; j < exact.coefficients.size(); ++j) {
      const double p = exact.coefficients[j].p_negative;
      EXPECT_NEAR(summary.coefficients[j].p_negative, p,
                  5 * std::sqrt(p * (1 - p) / summary.diagnostics->ess_bulk) + 1e-12)
          << c.names[j];
    }
    EXPECT_LT(summary.diagnostics->rhat, 1.01);
    EXPECT_GT(summary.diagnostics->ess_bulk, 2000);
    if (GetParam() == SamplerKind::hmc) {
      EXPECT_EQ(summary.diagnostics->divergences, 0);
    }
  }
}

TEST_P(MetaRegressionSampler, DependsOnTheSeedAlone) {
  const testing::RegressionCase c = testing::regression_case(
      "bcg", "tests/fixtures/bcg_alloc.csv", "ablat", "", "halfnormal(0.5)", "flat", "flat");
  SamplerSettings s = settings(GetParam());
  s.chains = 4;
  s.draws = 100;
  s.threads = 1;
  const RegressionDraws one = sample_meta_regression(c.model, s, 3);
  s.threads = 2;
  EXPECT_EQ(sample_meta_regression(c.model, s, 3).beta, one.beta);
  EXPECT_NE(sample_meta_regression(c.model, s, 4).beta, one.beta);
}

// With an intercept only, the collapsed sampler of the meta-regression is the normal-normal
// model's collapsed sampler: the same proposal, random numbers and draws of mu and tau, to
// rounding (the two integrate mu out by different arithmetic).
TEST(MetaRegressionCollapsedSampler, WithAnInterceptOnlyDrawsWhatTheNormalModelDraws) {
  const testing::RegressionCase c = testing::regression_case(
      "bcg", "tests/fixtures/bcg_alloc.csv", "", "", "halfnormal(0.5)", "flat", "flat");
  const Group g = testing::fixture("bcg_alloc");
  const GroupModel model(g, c.model.tau_prior, c.model.intercept_prior);
  SamplerSettings s = settings(SamplerKind::collapsed);
  s.chains = 4;
  s.draws = 200;
  const std::uint32_t stream_group = 11;
  const GroupDraws normal =
      sample_on_cpu({make_job(model, question_for(Benefit::lower, std::nullopt), stream_group)}, s)
          .at(0);
  const RegressionDraws regression = sample_meta_regression(c.model, s, stream_group);
  ASSERT_EQ(normal.mu.size(), regression.tau.size());
  for (std::size_t n = 0; n < normal.mu.size(); ++n) {
    ASSERT_NEAR(regression.tau[n], normal.tau[n], 1e-12) << n;
    ASSERT_NEAR(regression.beta[n], normal.mu[n], 1e-12) << n;
  }
}

INSTANTIATE_TEST_SUITE_P(Samplers, MetaRegressionSampler,
                         ::testing::Values(SamplerKind::collapsed, SamplerKind::hmc),
                         [](const auto& sampler) {
                           return sampler.param == SamplerKind::hmc ? "hmc" : "collapsed";
                         });

}  // namespace
}  // namespace metamc
