// The CUDA backend against the CPU backend; every test needs a GPU (gpu_required.hpp).
#include "metamc/mcmc/cuda_backend.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "gpu_required.hpp"
#include "metamc/error.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/exact_posterior.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "metamc/posterior/streamed_summary.hpp"
#include "metamc/simulate/simulated_group.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

// Histogram counts that differ between two summaries: a draw on a bin edge may round either way.
std::uint64_t moved_counts(const GroupSummary& a, const GroupSummary& b) {
  std::uint64_t moved = 0;
  for (std::size_t i = 0; i < a.histogram.size(); ++i)
    moved += a.histogram[i] > b.histogram[i] ? a.histogram[i] - b.histogram[i]
                                             : b.histogram[i] - a.histogram[i];
  return moved;
}

// The largest difference between two runs' draws of mu, tau and every theta_i.
double largest_difference(const GroupDraws& a, const GroupDraws& b) {
  double worst = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    worst = std::max({worst, std::fabs(a.mu[i] - b.mu[i]), std::fabs(a.tau[i] - b.tau[i])});
  for (std::size_t i = 0; i < a.theta.size(); ++i)
    worst = std::max(worst, std::fabs(a.theta[i] - b.theta[i]));
  EXPECT_EQ(a.control_risk.size(), b.control_risk.size());
  for (std::size_t i = 0; i < std::min(a.control_risk.size(), b.control_risk.size()); ++i)
    worst = std::max({worst, std::fabs(a.control_risk[i] - b.control_risk[i]),
                      std::fabs(a.risk_difference[i] - b.risk_difference[i])});
  return worst;
}

void expect_same_totals(const GroupSummary& gpu, const GroupSummary& cpu, std::size_t group) {
  for (std::size_t i = 0; i < cpu.totals.size(); ++i)
    EXPECT_NEAR(gpu.totals[i], cpu.totals[i], 1e-9 * (1 + std::fabs(cpu.totals[i])))
        << "group " << group << " field " << i;
}

// Groups prepared for sampling, every one with the threshold HR 0.8, with the normal model or
// all with `model`.
PreparedGroups prepare(const std::vector<Group>& groups, const char* tau_prior,
                       ModelKind model = ModelKind::normal) {
  const std::vector<std::optional<double>> thresholds(groups.size(), std::log(0.8));
  return prepare_groups(groups, parse_tau_prior(tau_prior), MuPrior{}, thresholds, true, 0, "",
                        std::vector<ModelKind>(groups.size(), model));
}

// METAMC_CUDA_HISTOGRAMS set for one test.
class ScopedHistograms {
 public:
  explicit ScopedHistograms(const char* where) { setenv("METAMC_CUDA_HISTOGRAMS", where, 1); }
  ~ScopedHistograms() { unsetenv("METAMC_CUDA_HISTOGRAMS"); }
  ScopedHistograms(const ScopedHistograms&) = delete;
  ScopedHistograms& operator=(const ScopedHistograms&) = delete;
};

SamplerSettings settings(int chains, int draws) {
  SamplerSettings s;
  s.chains = chains;
  s.warmup = 200;
  s.draws = draws;
  s.seed = 4242;
  return s;
}

// Summary mode on both backends: the same totals, histograms within 4 moved counts, and the
// histograms counted where `shared` says.
void expect_summaries_match(const PreparedGroups& f, const SamplerSettings& s, bool shared) {
  CudaTiming timing;
  const auto cpu = summarise_on_cpu(f.jobs, f.plans, s);
  const auto gpu = summarise_on_cuda(f.jobs, f.plans, s, 0, &timing);
  EXPECT_EQ(timing.shared_histograms, shared);
  for (std::size_t g = 0; g < cpu.size(); ++g) {
    expect_same_totals(gpu[g], cpu[g], g);
    EXPECT_LE(moved_counts(gpu[g], cpu[g]), 4u) << "group " << g;
  }
}

TEST(CudaBackend, DeviceSelection) {
  REQUIRE_GPU();
  EXPECT_FALSE(cuda_device_name(0).empty());
  EXPECT_THROW(cuda_device_name(cuda_device_count()), UnavailableError);
}

TEST(CudaBackend, SameChainsAsTheCpu) {
  REQUIRE_GPU();
  const PreparedGroups f =
      prepare({testing::fixture("bcg"), testing::isatuximab("NDMM", "PFS")}, "halfcauchy(0.5)");
  const SamplerSettings s = settings(300, 400);  // 3 blocks, the last one partly idle
  const auto cpu = sample_on_cpu(f.jobs, s);
  const auto gpu = sample_on_cuda(f.jobs, s, 0);
  for (std::size_t g = 0; g < cpu.size(); ++g) {
    for (int c = 0; c < s.chains; ++c)
      EXPECT_EQ(gpu[g].counts[c].acceptance, cpu[g].counts[c].acceptance) << "chain " << c;
    double worst = 0;
    for (std::size_t i = 0; i < cpu[g].size(); ++i) {
      worst = std::max(worst, std::fabs(gpu[g].mu[i] - cpu[g].mu[i]));
      worst = std::max(worst, std::fabs(gpu[g].tau[i] - cpu[g].tau[i]));
      worst = std::max(worst, std::fabs(gpu[g].p_benefit[i] - cpu[g].p_benefit[i]));
    }
    for (std::size_t i = 0; i < cpu[g].theta.size(); ++i)
      worst = std::max(worst, std::fabs(gpu[g].theta[i] - cpu[g].theta[i]));
    EXPECT_LT(worst, 1e-9) << "group " << g;  // the same chains up to rounding
    std::printf("[ cuda ] group %zu: largest |GPU - CPU| over all draws %.2e\n", g, worst);
  }
}

TEST(CudaBackend, GlobalHistogramPathMatchesTheCpu) {
  REQUIRE_GPU();
  // The default path, even where METAMC_CUDA_HISTOGRAMS=shared is asked for: at k = 60 the
  // histograms do not fit in shared memory. 200 chains: the second block of each group is partly
  // idle.
  const ScopedHistograms forced("shared");
  const PreparedGroups f = prepare(
      {testing::fixture("bcg"), simulated_group(3, 1), simulated_group(60, 2)}, "halfnormal(0.5)");
  expect_summaries_match(f, settings(200, 500), false);
}

TEST(CudaBackend, SharedHistogramPathMatchesTheCpuBinByBin) {
  REQUIRE_GPU();
  // The shared-memory histograms, asked for (METAMC_CUDA_HISTOGRAMS=shared): 300 chains in three
  // blocks of 128, the last one partly idle at both barriers.
  const ScopedHistograms forced("shared");
  const PreparedGroups f =
      prepare({testing::fixture("bcg"), simulated_group(3, 1)}, "halfnormal(0.5)");
  expect_summaries_match(f, settings(300, 400), true);
}

TEST(CudaBackend, ChainsTooShortToSplitLeaveZeroedRecords) {
  REQUIRE_GPU();
  // One draw per chain: no half-chain moments are ever written; the CPU has zeros there, and so
  // must the GPU (not whatever cudaMalloc returned).
  const PreparedGroups f = prepare({simulated_group(3, 1)}, "halfnormal(0.5)");
  SamplerSettings s = settings(130, 1);
  const auto cpu = summarise_on_cpu(f.jobs, f.plans, s);
  const auto gpu = summarise_on_cuda(f.jobs, f.plans, s, 0);
  expect_same_totals(gpu[0], cpu[0], 0);
}

TEST(CudaBackend, RecordsBeyondTheFreeMemoryAreRefusedBeforeAllocation) {
  REQUIRE_GPU();
  // 5 groups x 2^24 chains x 279 fields x 8 bytes = 187 GB, more than any current GPU has.
  std::vector<Group> groups;
  for (std::uint32_t r = 0; r < 5; ++r) groups.push_back(simulated_group(3, r));
  const PreparedGroups f = prepare(groups, "halfnormal(0.5)");
  SamplerSettings s = settings(1 << 24, 10);
  try {
    summarise_on_cuda(f.jobs, f.plans, s, 0);
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("MiB of GPU memory, more than the"), std::string::npos)
        << e.what();
  }
}

TEST(CudaBackend, PosteriorSummariesAgreeWithTheCpuWithinMonteCarloError) {
  REQUIRE_GPU();
  const PreparedGroups f = prepare({testing::isatuximab("RRMM", "OS")}, "halfnormal(0.5)");
  const SamplerSettings s = settings(1024, 1000);
  const BayesResult cpu = summarise_draws(sample_on_cpu(f.jobs, s)[0], f.jobs[0].data, 0.95);
  const BayesResult gpu = summarise_streamed(summarise_on_cuda(f.jobs, f.plans, s, 0)[0],
                                             f.plans[0], f.jobs[0].data, 0.95, ModelKind::normal);
  EXPECT_NEAR(*gpu.mu.mean, *cpu.mu.mean, 5 * *cpu.mu.mcse);
  EXPECT_NEAR(gpu.p_benefit, cpu.p_benefit, 5 * *cpu.p_benefit_mcse + 1e-12);
  EXPECT_NEAR(gpu.mu.ci.upper, cpu.mu.ci.upper, 0.02 * *cpu.mu.sd);
  EXPECT_NEAR(gpu.tau.median, cpu.tau.median, 0.02 * *cpu.tau.mean);
  EXPECT_LT(gpu.diagnostics->rhat, 1.01);
  EXPECT_NEAR(gpu.diagnostics->ess_bulk, cpu.diagnostics->ess_bulk,
              0.05 * cpu.diagnostics->ess_bulk);
}

TEST(CudaBackend, ManyGroupsInOneLaunch) {
  REQUIRE_GPU();
  // 2000 groups of 200 chains: two blocks per group, the second partly idle.
  std::vector<Group> groups;
  for (std::uint32_t r = 0; r < 2000; ++r) groups.push_back(simulated_group(5, 100 + r));
  const PreparedGroups f = prepare(groups, "halfnormal(0.5)");
  const SamplerSettings s = settings(200, 200);
  const auto gpu = summarise_on_cuda(f.jobs, f.plans, s, 0);
  ASSERT_EQ(gpu.size(), 2000u);
  for (std::size_t g : {std::size_t{0}, std::size_t{777}, std::size_t{1999}}) {
    const auto cpu = summarise_on_cpu({f.jobs[g]}, {f.plans[g]}, s)[0];
    expect_same_totals(gpu[g], cpu, g);
    EXPECT_LE(moved_counts(gpu[g], cpu), 4u) << "group " << g;
  }
}

SamplerSettings hmc(int chains, int warmup, int draws) {
  SamplerSettings s = settings(chains, draws);
  s.sampler = SamplerKind::hmc;
  s.warmup = warmup;
  return s;
}

TEST(CudaBackend, HmcRunsTheCpusChainsOnAShortRun) {
  REQUIRE_GPU();
  // 19 warmup iterations (step size only, no metric windows) and 30 draws, 150 chains: the GPU's
  // block sums differ from the CPU's loop in rounding alone, too little to move a short run.
  const PreparedGroups f =
      prepare({testing::fixture("bcg"), testing::isatuximab("NDMM", "PFS")}, "halfnormal(0.5)");
  const SamplerSettings s = hmc(150, 19, 30);
  const auto cpu = sample_on_cpu(f.jobs, s);
  const auto gpu = sample_on_cuda(f.jobs, s, 0);
  for (std::size_t g = 0; g < cpu.size(); ++g) {
    EXPECT_NEAR(gpu[g].step_size, cpu[g].step_size, 1e-9 * cpu[g].step_size) << "group " << g;
    const double worst = largest_difference(gpu[g], cpu[g]);
    EXPECT_LT(worst, 1e-6) << "group " << g;
    std::printf("[ cuda ] HMC group %zu: largest |GPU - CPU| over all draws %.2e\n", g, worst);
  }
}

TEST(CudaBackend, HmcRunsTheCpusChainsThroughTheMetricWindows) {
  REQUIRE_GPU();
  // 60 warmup iterations: 9 of step size alone, a slow window of 45 whose cross-chain variances
  // (the GPU's block reductions, the CPU's loop) give the metric, 6 more; then 10 draws.
  const PreparedGroups f = prepare({testing::fixture("bcg")}, "halfnormal(0.5)");
  const SamplerSettings s = hmc(150, 60, 10);
  const auto cpu = sample_on_cpu(f.jobs, s);
  const auto gpu = sample_on_cuda(f.jobs, s, 0);
  EXPECT_NEAR(gpu[0].step_size, cpu[0].step_size, 1e-9 * cpu[0].step_size);
  const double worst = largest_difference(gpu[0], cpu[0]);
  EXPECT_LT(worst, 1e-6);
  std::printf("[ cuda ] HMC through the metric windows: largest |GPU - CPU| %.2e\n", worst);
}

TEST(CudaBackend, HmcPosteriorAgreesWithTheExactPosterior) {
  REQUIRE_GPU();
  // Summary mode, 4096 chains of the full warmup: mean of mu and P(benefit) within 5 MCSE.
  const PreparedGroups f = prepare({testing::fixture("bcg")}, "halfnormal(0.5)");
  const SamplerSettings s = hmc(4096, 1000, 200);
  CudaTiming timing;
  const GroupSummary summary = summarise_on_cuda(f.jobs, f.plans, s, 0, &timing)[0];
  const BayesResult gpu =
      summarise_streamed(summary, f.plans[0], f.jobs[0].data, 0.95, ModelKind::normal);
  BayesQuestion question;
  question.threshold = std::log(0.8);
  const BayesResult exact = exact_posterior(f.jobs[0].data, question);
  EXPECT_NEAR(*gpu.mu.mean, *exact.mu.mean, 5 * *gpu.mu.mcse);
  EXPECT_NEAR(gpu.p_benefit, exact.p_benefit, 5 * *gpu.p_benefit_mcse + 1e-12);
  EXPECT_LT(gpu.diagnostics->rhat, 1.01);
  // Nested R-hat from the superchains' sums of chain means and variances (summary mode).
  ASSERT_TRUE(gpu.diagnostics->nested_rhat.has_value());
  EXPECT_LT(*gpu.diagnostics->nested_rhat, 1.01);
  EXPECT_GT(*gpu.diagnostics->step_size, 0);
  std::printf("[ cuda ] HMC 4096 chains: step %.3f, %.1f steps, %.0f divergent, %.3f s\n",
              *gpu.diagnostics->step_size, *gpu.diagnostics->leapfrog_steps,
              gpu.diagnostics->divergences, timing.total_seconds);
}

TEST(CudaBackend, HmcManyGroupsInOneLaunch) {
  REQUIRE_GPU();
  std::vector<Group> groups;
  for (std::uint32_t r = 0; r < 500; ++r) groups.push_back(simulated_group(5, 100 + r));
  const PreparedGroups f = prepare(groups, "halfnormal(0.5)");
  const auto gpu = summarise_on_cuda(f.jobs, f.plans, hmc(200, 300, 200), 0);
  ASSERT_EQ(gpu.size(), 500u);
  for (std::size_t g : {std::size_t{0}, std::size_t{250}, std::size_t{499}}) {
    const BayesResult r =
        summarise_streamed(gpu[g], f.plans[g], f.jobs[g].data, 0.95, ModelKind::normal);
    EXPECT_LT(r.diagnostics->rhat, 1.02) << g;
    EXPECT_GT(gpu[g].step_size, 0) << g;
  }
}

TEST(CudaBackend, BinomialHmcRunsTheCpusChainsOnAShortRun) {
  REQUIRE_GPU();
  // The binomial model on risk ratios (BCG) and odds ratios with a table of no events in either
  // arm (Niel-Weise 2007): the same chains as the CPU up to rounding.
  PreparedGroups f = prepare({testing::fixture("bcg"), testing::fixture("nielweise2007")},
                             "halfnormal(0.5)", ModelKind::binomial);
  const SamplerSettings s = hmc(150, 19, 30);
  const auto cpu = sample_on_cpu(f.jobs, s);
  const auto gpu = sample_on_cuda(f.jobs, s, 0);
  ASSERT_EQ(gpu[1].k, 18);  // the double-zero table is in the model
  ASSERT_EQ(gpu[1].control_risk.size(), gpu[1].theta.size());  // each table's arm risks too
  for (std::size_t g = 0; g < cpu.size(); ++g) {
    EXPECT_NEAR(gpu[g].step_size, cpu[g].step_size, 1e-9 * cpu[g].step_size) << "group " << g;
    const double worst = largest_difference(gpu[g], cpu[g]);
    EXPECT_LT(worst, 1e-6) << "group " << g;
    std::printf("[ cuda ] binomial group %zu: largest |GPU - CPU| over all draws %.2e\n", g, worst);
  }
}

TEST(CudaBackend, BinomialSummariesAgreeWithTheCpuWithinMonteCarloError) {
  REQUIRE_GPU();
  // Summary mode on the GPU, 4096 chains, against every draw of 256 CPU chains: the binomial
  // model of the isatuximab MRD-negativity tables of RRMM (a zero cell).
  PreparedGroups f = prepare({testing::isatuximab("RRMM", "MRD negativity")}, "halfnormal(0.5)",
                             ModelKind::binomial);
  CudaTiming timing;
  const GroupSummary summary =
      summarise_on_cuda(f.jobs, f.plans, hmc(4096, 1000, 250), 0, &timing)[0];
  const BayesResult gpu =
      summarise_streamed(summary, f.plans[0], f.jobs[0].data, 0.95, ModelKind::binomial);
  const BayesResult cpu =
      summarise_draws(sample_on_cpu(f.jobs, hmc(256, 1000, 1000))[0], f.jobs[0].data, 0.95);
  const double mcse = std::hypot(*gpu.mu.mcse, *cpu.mu.mcse);
  EXPECT_NEAR(*gpu.mu.mean, *cpu.mu.mean, 5 * mcse);
  EXPECT_NEAR(gpu.p_benefit, cpu.p_benefit,
              5 * std::hypot(*gpu.p_benefit_mcse, *cpu.p_benefit_mcse) + 1e-12);
  EXPECT_NEAR(gpu.tau.median, cpu.tau.median, 0.05 * *cpu.tau.mean);
  EXPECT_LT(gpu.diagnostics->rhat, 1.01);
  std::printf(
      "[ cuda ] binomial 4096 chains: mu %.4f (CPU %.4f), step %.4f, %.1f steps, %.0f "
      "divergent, %.3f s\n",
      *gpu.mu.mean, *cpu.mu.mean, *gpu.diagnostics->step_size, *gpu.diagnostics->leapfrog_steps,
      gpu.diagnostics->divergences, timing.total_seconds);
}

TEST(CudaBackend, NoJobsNeedNoGpu) {
  // Runs everywhere: an empty job list is no launch (a grid of 0 blocks is a CUDA error).
  EXPECT_TRUE(summarise_on_cuda({}, {}, settings(8, 20), 0).empty());
  EXPECT_TRUE(sample_on_cuda({}, settings(8, 20), 0).empty());
}

TEST(CudaBackend, NoGpuMeansUnavailableAndSaysWhy) {
  if (cuda_device_count() > 0) GTEST_SKIP() << "a GPU is present";
  const PreparedGroups f = prepare({simulated_group(3, 1)}, "halfnormal(0.5)");
  EXPECT_FALSE(cuda_unavailable_reason().empty());
  try {
    summarise_on_cuda(f.jobs, f.plans, settings(8, 20), 0);
    FAIL() << "no error";
  } catch (const UnavailableError& e) {
    // The CUDA runtime's own words (e.g. "CUDA driver version is insufficient ..."), or the
    // build without a CUDA backend.
    const std::string what = e.what();
    EXPECT_NE(what.find(cuda_unavailable_reason()), std::string::npos) << what;
    EXPECT_NE(what.find("--backend cpu"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace metamc
