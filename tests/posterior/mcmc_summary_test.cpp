// summarise_draws against plain computations on the same draws (the sorted-draws type-7
// quantiles, means, the separate diagnostics), and its independence from the thread count.
#include "metamc/posterior/mcmc_summary.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/rhat.hpp"
#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/prior_parse.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

// Type 7 from a full sort: the reference for the selections of summarise_draws.
double sorted_type7(const double* values, std::size_t n, double p) {
  std::vector<double> v(values, values + n);
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(n) - 1) * p;
  const auto low = static_cast<std::size_t>(std::floor(h));
  return low + 1 < n ? v[low] + (h - static_cast<double>(low)) * (v[low + 1] - v[low]) : v[low];
}

struct Fit {
  GroupDraws draws;
  NormalNormalData data;
};

// BCG (k = 13), 8 chains of 5,000 draws: 40,000 draws per quantity, past the thresholds where
// the sorts and selections switch to their fast forms (2^15 draws).
class McmcSummary : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    prepared_ = new PreparedGroups(prepare_groups(
        {testing::fixture("bcg")}, parse_tau_prior("halfnormal(0.5)"), MuPrior{}, {}, false, 1));
    SamplerSettings s;
    s.chains = 8;
    s.draws = 5000;
    s.seed = 11;
    draws_ = new GroupDraws(sample_on_cpu(prepared_->jobs, s)[0]);
  }
  static void TearDownTestSuite() {
    delete draws_;
    delete prepared_;
  }
  static PreparedGroups* prepared_;
  static GroupDraws* draws_;
};
PreparedGroups* McmcSummary::prepared_ = nullptr;
GroupDraws* McmcSummary::draws_ = nullptr;

TEST_F(McmcSummary, QuantilesMeansAndDiagnosticsOfTheDraws) {
  const GroupDraws& g = *draws_;
  const double level = 0.95;
  const BayesResult r = summarise_draws(g, prepared_->jobs[0].data, level);
  const std::size_t n = g.size();
  // The interval's probabilities as a level in floating point gives them: (1 - 0.95) / 2 is
  // 0.025 + 2.2e-17, which moves the interpolation between two draws in its last bits.
  const double lower = (1 - level) / 2, upper = (1 + level) / 2;
  EXPECT_EQ(r.mu.median, sorted_type7(g.mu.data(), n, 0.5));
  EXPECT_EQ(r.mu.ci.lower, sorted_type7(g.mu.data(), n, lower));
  EXPECT_EQ(r.mu.ci.upper, sorted_type7(g.mu.data(), n, upper));
  EXPECT_EQ(r.tau.ci.upper, sorted_type7(g.tau.data(), n, upper));
  std::vector<double> tau2(g.tau.begin(), g.tau.end());
  for (double& t : tau2) t *= t;
  EXPECT_EQ(r.tau2.median, sorted_type7(tau2.data(), n, 0.5));
  double tau2_mean = 0;
  for (double t : tau2) tau2_mean += t;
  EXPECT_NEAR(*r.tau2.mean, tau2_mean / static_cast<double>(n), 1e-14 * tau2_mean / n);
  EXPECT_EQ(r.pred_interval.lower, sorted_type7(g.theta_new.data(), n, lower));
  EXPECT_EQ(r.pred_interval.upper, sorted_type7(g.theta_new.data(), n, upper));
  for (int i = 0; i < g.k; ++i) {
    EXPECT_EQ(r.shrunken[static_cast<std::size_t>(i)].median, sorted_type7(g.theta_of(i), n, 0.5));
    EXPECT_EQ(r.shrunken[static_cast<std::size_t>(i)].ci.upper,
              sorted_type7(g.theta_of(i), n, upper));
  }
  const Eigen::Map<const DrawsMatrix> mu(g.mu.data(), g.draws, g.chains),
      tau(g.tau.data(), g.draws, g.chains);
  const double rhat_worst = std::fmax(rhat(mu), rhat(tau));
  EXPECT_NEAR(r.diagnostics->rhat, rhat_worst, 1e-13 * rhat_worst);
  const double ess_worst = std::fmin(ess_bulk(mu), ess_bulk(tau));
  EXPECT_NEAR(r.diagnostics->ess_bulk, ess_worst, 1e-10 * ess_worst);
}

TEST_F(McmcSummary, SameResultOnAnyNumberOfThreads) {
  const BayesResult one = summarise_draws(*draws_, prepared_->jobs[0].data, 0.95, 1);
  const BayesResult three = summarise_draws(*draws_, prepared_->jobs[0].data, 0.95, 3);
  EXPECT_EQ(one.mu.mean, three.mu.mean);
  EXPECT_EQ(one.mu.sd, three.mu.sd);
  EXPECT_EQ(one.mu.mcse, three.mu.mcse);
  EXPECT_EQ(one.tau.ci.upper, three.tau.ci.upper);
  EXPECT_EQ(one.pred_interval.lower, three.pred_interval.lower);
  EXPECT_EQ(one.p_benefit_mcse, three.p_benefit_mcse);
  EXPECT_EQ(one.diagnostics->rhat, three.diagnostics->rhat);
  EXPECT_EQ(one.diagnostics->ess_tail, three.diagnostics->ess_tail);
  ASSERT_EQ(one.shrunken.size(), three.shrunken.size());
  for (std::size_t i = 0; i < one.shrunken.size(); ++i)
    EXPECT_EQ(one.shrunken[i].ci.lower, three.shrunken[i].ci.lower);
  EXPECT_EQ(one.notes, three.notes);
}

// The binomial model reports each study's control-arm risk and risk difference. On Li 2007 the
// two largest trials (ISIS-4: 2216 / 29011 against 2103 / 29039; MAGIC: 475 / 3113 against
// 472 / 3100) pin both down: the posterior medians lie within three binomial standard errors of
// the observed risks and differences. The summaries are those of the draws themselves.
TEST(McmcSummaryOfCounts, ArmRisksOfTheLargestTrialsAreTheirObservedRisks) {
  const PreparedGroups p =
      prepare_groups({testing::fixture("li2007")}, parse_tau_prior("halfnormal(0.5)"), MuPrior{},
                     {}, false, 1, "", {ModelKind::binomial});
  SamplerSettings s;
  s.sampler = SamplerKind::hmc;
  s.chains = 16;
  s.warmup = 400;
  s.draws = 250;
  s.seed = 5;
  const GroupDraws g = sample_on_cpu(p.jobs, s)[0];
  const BayesResult r = summarise_draws(g, p.jobs[0].data, 0.95);
  ASSERT_EQ(r.control_risks.size(), 22u);
  ASSERT_EQ(r.risk_differences.size(), 22u);
  struct Trial {
    int index;
    double treated_events, treated, control_events, control;
  };
  for (const Trial& t : {Trial{13, 2216, 29011, 2103, 29039}, Trial{17, 475, 3113, 472, 3100}}) {
    const double pt = t.treated_events / t.treated, pc = t.control_events / t.control;
    const double se_control = std::sqrt(pc * (1 - pc) / t.control);
    const double se_difference = std::sqrt(se_control * se_control + pt * (1 - pt) / t.treated);
    const auto at = static_cast<std::size_t>(t.index);
    EXPECT_NEAR(r.control_risks[at].median, pc, 3 * se_control) << t.index;
    EXPECT_NEAR(r.risk_differences[at].median, pt - pc, 3 * se_difference) << t.index;
    EXPECT_EQ(r.control_risks[at].median, sorted_type7(g.control_risk_of(t.index), g.size(), 0.5));
    EXPECT_EQ(r.risk_differences[at].ci.upper,
              sorted_type7(g.risk_difference_of(t.index), g.size(), (1 + 0.95) / 2));
  }
}

}  // namespace
}  // namespace metamc
