// Summary mode (the streamed summaries of mcmc/sinks/summary_sink.hpp, as the CUDA backend computes
// them) against the full-draw summaries of the very same chains: sums agree to rounding, quantiles
// to the histogram's resolution, and the streamed diagnostics (normal scores from the plug-in CDF)
// closely follow the rank-normalised ones.
#include <gtest/gtest.h>

#include <cmath>

#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "metamc/posterior/streamed_summary.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

struct Both {
  BayesResult full, streamed;
  GroupPlan plan;
};

Both run_both(const Group& g, const char* tau_prior, int chains, int draws,
              SamplerKind sampler = SamplerKind::collapsed) {
  const PreparedGroups p =
      prepare_groups({g}, parse_tau_prior(tau_prior), MuPrior{}, {std::log(0.8)}, true, 0);
  const NormalNormalData& d = p.jobs[0].data;
  SamplerSettings s;
  s.chains = chains;
  s.draws = draws;
  s.warmup = 100;
  s.seed = 99;
  s.sampler = sampler;
  if (sampler == SamplerKind::hmc) s.warmup = 400;  // long enough for the metric's windows
  Both out;
  out.plan = p.plans[0];
  out.full = summarise_draws(sample_on_cpu(p.jobs, s)[0], d, 0.95);
  out.streamed = summarise_streamed(summarise_on_cpu(p.jobs, p.plans, s)[0], out.plan, d, 0.95,
                                    ModelKind::normal);
  return out;
}

void expect_same_chains(const Both& b) {
  const BayesResult &f = b.full, &s = b.streamed;
  // Sums of the same draws.
  EXPECT_NEAR(*s.mu.mean, *f.mu.mean, 1e-12);
  EXPECT_NEAR(*s.mu.sd, *f.mu.sd, 1e-12);
  EXPECT_NEAR(*s.tau.mean, *f.tau.mean, 1e-12);
  EXPECT_NEAR(*s.tau2.mean, *f.tau2.mean, 1e-12);
  EXPECT_NEAR(s.p_benefit, f.p_benefit, 1e-12);
  EXPECT_NEAR(s.p_pred_benefit, f.p_pred_benefit, 1e-12);
  EXPECT_NEAR(*s.p_threshold, *f.p_threshold, 1e-12);
  EXPECT_EQ(s.diagnostics->acceptance, f.diagnostics->acceptance);
  // Quantiles within one bin.
  const double mu_bin = b.plan.plan.mu_bins.width, pred_bin = b.plan.plan.pred_bins.width;
  EXPECT_NEAR(s.mu.median, f.mu.median, mu_bin);
  EXPECT_NEAR(s.mu.ci.lower, f.mu.ci.lower, mu_bin);
  EXPECT_NEAR(s.mu.ci.upper, f.mu.ci.upper, mu_bin);
  EXPECT_NEAR(s.pred_interval.lower, f.pred_interval.lower, pred_bin);
  EXPECT_NEAR(s.pred_interval.upper, f.pred_interval.upper, pred_bin);
  const double log_tau_bin = b.plan.plan.log_tau_bins.width;
  EXPECT_NEAR(std::log(s.tau.median), std::log(f.tau.median), log_tau_bin);
  EXPECT_NEAR(std::log(s.tau.ci.upper), std::log(f.tau.ci.upper), log_tau_bin);
  for (std::size_t i = 0; i < f.shrunken.size(); ++i) {
    const double bin = b.plan.theta_bins[i].width;
    EXPECT_NEAR(*s.shrunken[i].mean, *f.shrunken[i].mean, bin / 2) << i;
    EXPECT_NEAR(s.shrunken[i].ci.lower, f.shrunken[i].ci.lower, bin) << i;
    EXPECT_NEAR(s.shrunken[i].ci.upper, f.shrunken[i].ci.upper, bin) << i;
  }
  // Diagnostics: plug-in normal scores against pooled ranks.
  EXPECT_NEAR(s.diagnostics->rhat, f.diagnostics->rhat, 2e-3);
  EXPECT_NEAR(s.diagnostics->ess_bulk, f.diagnostics->ess_bulk, 0.05 * f.diagnostics->ess_bulk);
  EXPECT_NEAR(s.diagnostics->ess_tail, f.diagnostics->ess_tail, 0.05 * f.diagnostics->ess_tail);
  EXPECT_NEAR(*s.mu.mcse, *f.mu.mcse, 0.05 * *f.mu.mcse);
  std::printf("[ summary ] R-hat %.5f / %.5f, ESS bulk %.0f / %.0f, tail %.0f / %.0f\n",
              s.diagnostics->rhat, f.diagnostics->rhat, s.diagnostics->ess_bulk,
              f.diagnostics->ess_bulk, s.diagnostics->ess_tail, f.diagnostics->ess_tail);
}

TEST(SummaryMode, MatchesFullDrawsOnKEqualsTwo) {
  expect_same_chains(run_both(testing::isatuximab("NDMM", "PFS"), "halfnormal(0.5)", 64, 1000));
}

TEST(SummaryMode, MatchesFullDrawsOnThirteenTrialsWithOddChainLength) {
  expect_same_chains(run_both(testing::fixture("bcg"), "halfcauchy(0.5)", 37, 801));
}

TEST(SummaryMode, MatchesFullDrawsNearTauZero) {
  expect_same_chains(run_both(testing::fixture("hine1989"), "halfnormal(0.5)", 100, 500));
}

TEST(SummaryMode, HasNestedRhatOfHmcFromTheChainsMoments) {
  // Each chain streams its mean and variance of mu and tau into its superchain's slots: nested
  // R-hat from those sums is the one from the draws, to rounding. 70 chains: superchains of 8
  // and 9.
  const Both b = run_both(testing::fixture("bcg"), "halfcauchy(0.5)", 70, 301, SamplerKind::hmc);
  const McmcDiagnostics &f = *b.full.diagnostics, &s = *b.streamed.diagnostics;
  ASSERT_TRUE(f.nested_rhat.has_value());
  ASSERT_TRUE(s.nested_rhat.has_value());
  EXPECT_GT(*f.nested_rhat, 1.0);
  EXPECT_NEAR(*s.nested_rhat, *f.nested_rhat, 1e-10);
  EXPECT_EQ(s.step_size, f.step_size);
  EXPECT_EQ(s.divergences, f.divergences);
  EXPECT_NEAR(*b.streamed.mu.mean, *b.full.mu.mean, 1e-12);
}

TEST(SummaryMode, HasNoNestedRhatForTheCollapsedSampler) {
  // Its chains start apart, from the tau proposal: there are no superchains to compare.
  const Both b = run_both(testing::fixture("bcg"), "halfnormal(0.5)", 64, 200);
  EXPECT_FALSE(b.full.diagnostics->nested_rhat.has_value());
  EXPECT_FALSE(b.streamed.diagnostics->nested_rhat.has_value());
}

}  // namespace
}  // namespace metamc
