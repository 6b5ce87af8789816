// ChEES-HMC on the non-centred normal-normal model against the exact posterior
// (posterior/exact_posterior.hpp, itself checked against an independent R quadrature to 1e-9):
// every isatuximab group and six real datasets, k = 1 to 37, and BCG under every other kind of
// prior on tau and a normal prior on mu: means, sds, 2.5/50/97.5% quantiles of mu and tau and
// P(benefit) within 5 Monte Carlo standard errors (posterior's MCSEs: diagnostics/mcse.hpp), at
// most a few divergences (noted), and draws that do not depend on the threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/mcse.hpp"
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
  std::string name;
  Group group;
  const char* tau_prior;
  const char* mu_prior = "flat";
};

SamplerSettings hmc(int threads, int chains = 64) {
  SamplerSettings s;
  s.sampler = SamplerKind::hmc;
  s.chains = chains;
  s.warmup = 1000;
  s.draws = 1000;
  s.seed = 20261130;
  s.threads = threads;
  return s;
}

std::vector<Case> cases() {
  std::vector<Case> out;
  StudyReaderOptions by;
  by.by = {"setting", "outcome", "subgroup"};
  std::vector<std::string> warnings;
  for (const Group& g :
       read_groups(read_csv(testing::source_dir() + "/data/isatuximab.csv"), by, warnings))
    out.push_back({describe(g.key), g, "halfnormal(0.5)"});
  out.push_back({"BCG (k = 13), half-Cauchy", testing::fixture("bcg"), "halfcauchy(0.5)"});
  out.push_back({"Hine 1989 (k = 6, tau near 0)", testing::fixture("hine1989"), "halfnormal(0.5)"});
  out.push_back({"Hackshaw 1998 (k = 37)", testing::fixture("hackshaw1998"), "halfnormal(0.5)"});
  out.push_back({"Normand 1999 (k = 9, MD)", testing::fixture("normand1999"), "halfnormal(20)"});
  out.push_back({"Li 2007 (k = 22)", testing::fixture("li2007"), "halfnormal(0.5)"});
  out.push_back({"Niel-Weise 2007 (k = 17)", testing::fixture("nielweise2007"), "halft(3, 0.5)"});
  // The other priors, each with its own map from z to tau (a logistic one onto uniform's bounds)
  // and Jacobian: models/tau_transform.hpp.
  const Group bcg = testing::fixture("bcg");
  out.push_back({"BCG, tau ~ uniform(0, 2)", bcg, "uniform(0, 2)"});
  out.push_back({"BCG, tau ~ exponential(2)", bcg, "exponential(2)"});
  out.push_back({"BCG, log(tau^2) ~ normal(-2.56, 1.74)", bcg, "lognormal(-2.56, 1.74)"});
  out.push_back({"BCG, tau^2 ~ invgamma(1, 0.1)", bcg, "invgamma(1, 0.1)"});
  out.push_back({"BCG, mu ~ normal(0, 0.5)", bcg, "halfnormal(0.5)", "normal(0, 0.5)"});
  return out;
}

TEST(HmcSampler, AgreesWithTheExactPosteriorWithinFiveMcse) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    const GroupModel model(c.group, parse_tau_prior(c.tau_prior), parse_mu_prior(c.mu_prior));
    BayesQuestion question;
    question.benefit = c.group.benefit;
    const BayesResult exact = exact_posterior(model.data(), question);
    const SamplingJob job = make_job(model, question_for(c.group.benefit, std::nullopt), 0);
    const GroupDraws draws = sample_on_cpu({job}, hmc(2))[0];
    const BayesResult mcmc = summarise_draws(draws, model.data(), 0.95);
    const McmcDiagnostics& d = *mcmc.diagnostics;
    const Eigen::Map<const DrawsMatrix> mu(draws.mu.data(), draws.draws, draws.chains);
    const Eigen::Map<const DrawsMatrix> tau(draws.tau.data(), draws.draws, draws.chains);

    // The non-centred form has an inverse funnel where precise studies meet a large tau: a
    // handful of the 64,000 transitions diverge on a few of these groups. They are reported
    // (posterior_notes.hpp) and, as the comparisons below show, bias nothing measurable.
    EXPECT_LE(d.divergences, 10);
    if (d.divergences > 0) {
      EXPECT_NE(std::find_if(mcmc.notes.begin(), mcmc.notes.end(),
                             [](const std::string& n) {
                               return n.find("transitions diverged") != std::string::npos;
                             }),
                mcmc.notes.end());
    }
    EXPECT_LT(d.rhat, 1.01);
    EXPECT_LT(*d.nested_rhat, 1.01);
    EXPECT_GT(d.ess_bulk, 10000);
    auto within = [&](const char* what, double value, double reference, double mcse) {
      EXPECT_LE(std::fabs(value - reference), 5 * mcse)
          << what << ": " << value << " vs exact " << reference << " (MCSE " << mcse << ")";
    };
    if (exact.mu.mean) within("mean of mu", *mcmc.mu.mean, *exact.mu.mean, *mcmc.mu.mcse);
    if (exact.mu.sd) within("sd of mu", *mcmc.mu.sd, *exact.mu.sd, mcse_sd(mu));
    within("median of mu", mcmc.mu.median, exact.mu.median, mcse_quantile(mu, 0.5));
    within("2.5% of mu", mcmc.mu.ci.lower, exact.mu.ci.lower, mcse_quantile(mu, 0.025));
    within("97.5% of mu", mcmc.mu.ci.upper, exact.mu.ci.upper, mcse_quantile(mu, 0.975));
    if (exact.tau.mean) within("mean of tau", *mcmc.tau.mean, *exact.tau.mean, mcse_mean(tau));
    // The reports give no sd of tau; the exact one is sqrt(E tau^2 - (E tau)^2).
    if (exact.tau.mean && exact.tau2.mean) {
      const double sd = std::sqrt((tau.array() - tau.mean()).square().sum() /
                                  static_cast<double>(tau.size() - 1));
      within("sd of tau", sd, std::sqrt(*exact.tau2.mean - *exact.tau.mean * *exact.tau.mean),
             mcse_sd(tau));
    }
    within("median of tau", mcmc.tau.median, exact.tau.median, mcse_quantile(tau, 0.5));
    within("2.5% of tau", mcmc.tau.ci.lower, exact.tau.ci.lower, mcse_quantile(tau, 0.025));
    within("97.5% of tau", mcmc.tau.ci.upper, exact.tau.ci.upper, mcse_quantile(tau, 0.975));
    within("P(benefit)", mcmc.p_benefit, exact.p_benefit, *mcmc.p_benefit_mcse + 1e-12);
    std::printf(
        "[ hmc ] %-58s step %.3f, %5.1f steps, accept %.3f, %2.0f divergent, R-hat %.4f, nested "
        "%.4f, ESS %5.0f\n",
        c.name.c_str(), *d.step_size, *d.leapfrog_steps, d.acceptance, d.divergences, d.rhat,
        *d.nested_rhat, d.ess_bulk);
  }
}

TEST(HmcSampler, DrawsDoNotDependOnTheNumberOfThreads) {
  const GroupModel a(testing::fixture("bcg"), parse_tau_prior("halfnormal(0.5)"), MuPrior{});
  const GroupModel b(testing::isatuximab("RRMM", "OS"), parse_tau_prior("halfnormal(0.5)"),
                     MuPrior{});
  const std::vector<SamplingJob> jobs = {make_job(a, question_for(Benefit::lower, -0.2), 0),
                                         make_job(b, question_for(Benefit::lower, {}), 1)};
  SamplerSettings s = hmc(1, 70);  // 70 chains: the last task of 16 chains is partly filled
  s.warmup = 150;
  s.draws = 100;
  const auto one = sample_on_cpu(jobs, s);
  s.threads = 2;
  const auto two = sample_on_cpu(jobs, s);
  s.threads = 5;
  const auto five = sample_on_cpu(jobs, s);
  // 40 threads: fewer than 4 chains a thread, so the CPU samples them one at a time, not 4 side
  // by side (cpu_backend.cpp; the warmup runs 4 side by side either way, hmc_warmup_test.cpp
  // compares it with one at a time): the same draws.
  s.threads = 40;
  const auto forty = sample_on_cpu(jobs, s);
  for (std::size_t g = 0; g < jobs.size(); ++g) {
    EXPECT_EQ(one[g].mu, forty[g].mu);
    EXPECT_EQ(one[g].theta, forty[g].theta);
    for (std::size_t c = 0; c < one[g].counts.size(); ++c) {
      EXPECT_EQ(one[g].counts[c].acceptance, forty[g].counts[c].acceptance);
      EXPECT_EQ(one[g].counts[c].leapfrog_steps, forty[g].counts[c].leapfrog_steps);
    }
    EXPECT_EQ(one[g].mu, two[g].mu);
    EXPECT_EQ(one[g].tau, five[g].tau);
    EXPECT_EQ(one[g].theta, five[g].theta);
    EXPECT_EQ(one[g].p_threshold, two[g].p_threshold);
    EXPECT_EQ(one[g].step_size, five[g].step_size);
  }
  EXPECT_NE(one[0].step_size, one[1].step_size);
}

TEST(HmcSampler, StreamedSummariesMatchTheDraws) {
  // Summary mode runs the same chains: sums agree with the draws' to rounding.
  const GroupModel model(testing::fixture("bcg"), parse_tau_prior("halfnormal(0.5)"), MuPrior{});
  const PreparedGroups p = prepare_groups(
      {testing::fixture("bcg")}, parse_tau_prior("halfnormal(0.5)"), MuPrior{}, {}, true, 2);
  SamplerSettings s = hmc(2, 32);
  s.warmup = 200;
  s.draws = 200;
  const GroupDraws draws = sample_on_cpu(p.jobs, s)[0];
  const GroupSummary summary = summarise_on_cpu(p.jobs, p.plans, s)[0];
  double sum_tau = 0;
  for (double t : draws.tau) sum_tau += t;
  EXPECT_NEAR(summary.totals[RecordLayout::plain(kSumTau)], sum_tau, 1e-9 * sum_tau);
  double steps = 0;
  for (const ChainCounts& c : draws.counts) steps += c.leapfrog_steps;
  EXPECT_EQ(summary.totals[RecordLayout::plain(kSumLeapfrogSteps)], steps);
  EXPECT_EQ(summary.step_size, draws.step_size);
  // Sampling one chain at a time (16 threads for 32 chains) rather than 4 side by side: the same
  // sums.
  s.threads = 16;
  EXPECT_EQ(summarise_on_cpu(p.jobs, p.plans, s)[0].totals, summary.totals);
}

}  // namespace
}  // namespace metamc
