// The collapsed sampler against the exact posterior (posterior/exact_posterior.hpp, itself checked
// against R in tests/posterior): posterior means within 5 Monte Carlo standard errors, quantiles
// within 4% of the posterior sd, on datasets with k = 2, tau near 0, and k = 13 with a heavy-tailed
// prior; and bit-identical draws whatever the number of threads.
#include "metamc/mcmc/collapsed/collapsed_sampler.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/group_model.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/exact_posterior.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

struct Case {
  const char* name;
  Group group;
  const char* tau_prior;
  const char* mu_prior;
  Benefit benefit;
};

std::vector<Case> cases() {
  return {
      {"NDMM PFS, k = 2", testing::isatuximab("NDMM", "PFS"), "halfnormal(0.5)", "flat",
       Benefit::lower},
      {"Hine 1989, tau near 0", testing::fixture("hine1989"), "halfnormal(0.5)", "flat",
       Benefit::lower},
      {"BCG, k = 13, half-Cauchy", testing::fixture("bcg"), "halfcauchy(0.5)", "flat",
       Benefit::lower},
      {"RRMM MRD, zero cell, normal mu prior", testing::isatuximab("RRMM", "MRD negativity"),
       "exponential(2)", "normal(0, 2)", Benefit::higher},
  };
}

SamplerSettings settings(int threads) {
  SamplerSettings s;
  s.chains = 32;
  s.warmup = 200;
  s.draws = 2000;
  s.seed = 20261121;
  s.threads = threads;
  return s;
}

TEST(CollapsedSampler, AgreesWithTheExactPosterior) {
  for (const Case& c : cases()) {
    const GroupModel model(c.group, parse_tau_prior(c.tau_prior), parse_mu_prior(c.mu_prior));
    const NormalNormalData& d = model.data();
    BayesQuestion question;
    question.benefit = c.benefit;
    question.threshold = std::log(0.8);
    const BayesResult exact = exact_posterior(d, question);

    const SamplingJob job = make_job(model, question_for(c.benefit, question.threshold), 0);
    const std::vector<GroupDraws> draws = sample_on_cpu({job}, settings(2));
    const BayesResult mcmc = summarise_draws(draws[0], d, 0.95);
    SCOPED_TRACE(c.name);

    const McmcDiagnostics& diag = *mcmc.diagnostics;
    EXPECT_LT(diag.rhat, 1.01);
    EXPECT_GT(diag.ess_bulk, 20000);  // of 64,000 draws: the independence sampler mixes fast
    EXPECT_GT(diag.acceptance, 0.95);
    std::printf("[ mcmc ] %s: acceptance %.4f, R-hat %.4f, ESS bulk %.0f tail %.0f\n", c.name,
                diag.acceptance, diag.rhat, diag.ess_bulk, diag.ess_tail);

    // Means within 5 MCSE.
    EXPECT_NEAR(*mcmc.mu.mean, *exact.mu.mean, 5 * *mcmc.mu.mcse);
    EXPECT_NEAR(mcmc.p_benefit, exact.p_benefit, 5 * *mcmc.p_benefit_mcse + 1e-12);

    // Quantiles within a small fraction of the posterior sd; the MC error of a 2.5% quantile
    // with ~60,000 effective draws is about 1% of the sd.
    const double mu_sd = *exact.mu.sd,
                 tau_sd = std::sqrt(*exact.tau2.mean - *exact.tau.mean * *exact.tau.mean);
    const double tol = 0.04;
    EXPECT_NEAR(mcmc.mu.median, exact.mu.median, tol * mu_sd);
    EXPECT_NEAR(mcmc.mu.ci.lower, exact.mu.ci.lower, tol * mu_sd);
    EXPECT_NEAR(mcmc.mu.ci.upper, exact.mu.ci.upper, tol * mu_sd);
    EXPECT_NEAR(mcmc.tau.median, exact.tau.median, tol * tau_sd);
    EXPECT_NEAR(mcmc.tau.ci.upper, exact.tau.ci.upper, tol * tau_sd);
    const double pred_sd = (exact.pred_interval.upper - exact.pred_interval.lower) / 3.92;
    EXPECT_NEAR(mcmc.pred_median, exact.pred_median, tol * pred_sd);
    EXPECT_NEAR(mcmc.pred_interval.upper, exact.pred_interval.upper, tol * pred_sd);
    for (std::size_t i = 0; i < exact.shrunken.size(); ++i) {
      const double sd = (exact.shrunken[i].ci.upper - exact.shrunken[i].ci.lower) / 3.92;
      EXPECT_NEAR(mcmc.shrunken[i].median, exact.shrunken[i].median, tol * sd) << "theta " << i;
      EXPECT_NEAR(mcmc.shrunken[i].ci.lower, exact.shrunken[i].ci.lower, tol * sd) << "theta " << i;
    }
    // Probabilities: the MCSE of the Rao-Blackwellised estimates is tiny; allow 5 MCSE of an
    // indicator-based estimate as an upper bound.
    EXPECT_NEAR(mcmc.p_pred_benefit, exact.p_pred_benefit, 5 * std::sqrt(0.25 / diag.ess_bulk));
    EXPECT_NEAR(*mcmc.p_threshold, *exact.p_threshold, 5 * std::sqrt(0.25 / diag.ess_bulk));
  }
}

TEST(CollapsedSampler, DrawsDoNotDependOnTheNumberOfThreads) {
  const Case c = cases()[2];
  const GroupModel model(c.group, parse_tau_prior(c.tau_prior), MuPrior{});
  const SamplingJob job = make_job(model, question_for(c.benefit, std::nullopt), 0);
  SamplingJob second = job;
  second.stream_group = 1;
  const auto one = sample_on_cpu({job, second}, settings(1));
  const auto two = sample_on_cpu({job, second}, settings(2));
  const auto five = sample_on_cpu({job, second}, settings(5));
  for (std::size_t g = 0; g < 2; ++g) {
    EXPECT_EQ(one[g].mu, two[g].mu);
    EXPECT_EQ(one[g].tau, two[g].tau);
    EXPECT_EQ(one[g].theta, two[g].theta);
    EXPECT_EQ(one[g].p_benefit, two[g].p_benefit);
    EXPECT_EQ(one[g].mu, five[g].mu);
    EXPECT_EQ(one[g].theta_new, five[g].theta_new);
  }
  // Different groups of the stream get different draws.
  EXPECT_NE(one[0].mu, one[1].mu);
}

TEST(CollapsedSampler, EveryStudyTakesTheNormalOfItsOwnSlot) {
  // draw_effects draws the studies' normals in blocks of 16: k = 37 spans three blocks and ends
  // on a study alone in its pair. Study i's theta must use the normal of slot 2 + i / 2 (first of
  // the pair for even i), as the one-at-a-time formula gives it, bit for bit, and come once.
  constexpr int k = 37;
  std::vector<double> y(k), s2(k);
  for (int i = 0; i < k; ++i) {
    y[i] = 0.1 * i - 1.5;
    s2[i] = 0.02 + 0.01 * (i % 5);
  }
  NormalNormalData d;
  d.k = k;
  d.y = y.data();
  d.s2 = s2.data();
  ChainState state;
  state.tau = 0.3;
  state.u = std::log(state.tau);
  state.mu = {-0.2, 0.01, 0};
  const ChainStream stream{seed_key(20261207), 3, 5};
  constexpr std::uint32_t kIteration = 42;
  std::vector<double> theta(k, std::nan(""));
  std::vector<int> times(k, 0);
  const Draw draw = draw_effects(d, stream, kIteration, state, [&](int i, double value) {
    theta.at(static_cast<std::size_t>(i)) = value;
    ++times.at(static_cast<std::size_t>(i));
  });
  for (int i = 0; i < k; ++i) {
    const NormalPair z =
        normal_pair(stream.words(kIteration, static_cast<std::uint32_t>(2 + i / 2)));
    const NormalMoments a = theta_given_mu_tau(y[i], s2[i], draw.mu, 0.3 * 0.3);
    EXPECT_EQ(theta[i], a.mean + std::sqrt(a.var) * (i % 2 == 0 ? z.first : z.second))
        << "study " << i;
    EXPECT_EQ(times[i], 1) << "study " << i;
  }
  const NormalPair z = normal_pair(stream.words(kIteration, 1));
  EXPECT_EQ(draw.mu, -0.2 + std::sqrt(0.01) * z.first);
  EXPECT_EQ(draw.theta_new, draw.mu + 0.3 * z.second);
}

TEST(CollapsedSampler, SeedChangesTheDraws) {
  const Case c = cases()[0];
  const GroupModel model(c.group, parse_tau_prior(c.tau_prior), MuPrior{});
  const SamplingJob job = make_job(model, question_for(c.benefit, std::nullopt), 0);
  SamplerSettings other = settings(2);
  other.seed += 1;
  EXPECT_NE(sample_on_cpu({job}, settings(2))[0].mu, sample_on_cpu({job}, other)[0].mu);
}

}  // namespace
}  // namespace metamc
