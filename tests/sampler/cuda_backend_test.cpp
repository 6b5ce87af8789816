// The CUDA backend against the CPU backend. Every test needs a GPU and reports itself as skipped
// without one (and in builds without nvcc, where the backend reports no device).
#include "metamc/sampler/cuda_backend.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "metamc/bayes/mcmc_summary.hpp"
#include "metamc/bayes/prior_parse.hpp"
#include "metamc/bayes/streamed_summary.hpp"
#include "metamc/data/simulated_group.hpp"
#include "metamc/error.hpp"
#include "metamc/sampler/prepared_groups.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

#define REQUIRE_GPU() \
  if (cuda_device_count() == 0) GTEST_SKIP() << "no usable CUDA GPU: GPU test skipped"

// Groups prepared for sampling, every one with the threshold HR 0.8.
PreparedGroups prepare(const std::vector<Group>& groups, const char* tau_prior) {
  const std::vector<std::optional<double>> thresholds(groups.size(), std::log(0.8));
  return prepare_groups(groups, parse_tau_prior(tau_prior), MuPrior{}, thresholds, true, 0);
}

SamplerSettings settings(int chains, int draws) {
  SamplerSettings s;
  s.chains = chains;
  s.warmup = 200;
  s.draws = draws;
  s.seed = 4242;
  return s;
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
    EXPECT_EQ(gpu[g].accepted, cpu[g].accepted);
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

TEST(CudaBackend, StreamedSummariesMatchTheCpu) {
  REQUIRE_GPU();
  // k = 60: the histograms do not fit in shared memory and go to global memory.
  const PreparedGroups f = prepare(
      {testing::fixture("bcg"), simulated_group(3, 1), simulated_group(60, 2)}, "halfnormal(0.5)");
  const SamplerSettings s = settings(256, 500);
  const auto cpu = summarise_on_cpu(f.jobs, f.plans, s);
  const auto gpu = summarise_on_cuda(f.jobs, f.plans, s, 0);
  for (std::size_t g = 0; g < cpu.size(); ++g) {
    for (std::size_t i = 0; i < cpu[g].totals.size(); ++i)
      EXPECT_NEAR(gpu[g].totals[i], cpu[g].totals[i], 1e-9 * (1 + std::fabs(cpu[g].totals[i])))
          << "group " << g << " field " << i;
    std::uint64_t moved = 0;
    for (std::size_t i = 0; i < cpu[g].histogram.size(); ++i)
      moved += gpu[g].histogram[i] > cpu[g].histogram[i]
                   ? gpu[g].histogram[i] - cpu[g].histogram[i]
                   : cpu[g].histogram[i] - gpu[g].histogram[i];
    EXPECT_LE(moved, 4u) << "group " << g;  // a draw on a bin edge may round either way
  }
}

TEST(CudaBackend, PosteriorSummariesAgreeWithTheCpuWithinMonteCarloError) {
  REQUIRE_GPU();
  const PreparedGroups f = prepare({testing::isatuximab("RRMM", "OS")}, "halfnormal(0.5)");
  const SamplerSettings s = settings(1024, 1000);
  const BayesResult cpu = summarise_draws(sample_on_cpu(f.jobs, s)[0], f.jobs[0].data, 0.95);
  const BayesResult gpu = summarise_streamed(summarise_on_cuda(f.jobs, f.plans, s, 0)[0],
                                             f.plans[0], f.jobs[0].data, 0.95);
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
  std::vector<Group> groups;
  for (std::uint32_t r = 0; r < 2000; ++r) groups.push_back(simulated_group(5, 100 + r));
  const PreparedGroups f = prepare(groups, "halfnormal(0.5)");
  const SamplerSettings s = settings(64, 200);
  const auto gpu = summarise_on_cuda(f.jobs, f.plans, s, 0);
  ASSERT_EQ(gpu.size(), 2000u);
  for (std::size_t g : {std::size_t{0}, std::size_t{777}, std::size_t{1999}}) {
    const auto cpu = summarise_on_cpu({f.jobs[g]}, {f.plans[g]}, s)[0];
    for (std::size_t i = 0; i < cpu.totals.size(); ++i)
      EXPECT_NEAR(gpu[g].totals[i], cpu.totals[i], 1e-9 * (1 + std::fabs(cpu.totals[i]))) << g;
  }
}

TEST(CudaBackend, NoGpuMeansUnavailable) {
  if (cuda_device_count() > 0) GTEST_SKIP() << "a GPU is present";
  const PreparedGroups f = prepare({simulated_group(3, 1)}, "halfnormal(0.5)");
  EXPECT_THROW(summarise_on_cuda(f.jobs, f.plans, settings(8, 20), 0), UnavailableError);
}

}  // namespace
}  // namespace metamc
