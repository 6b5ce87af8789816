#include "metamc/bayes/fit_groups.hpp"

#include <algorithm>
#include <chrono>
#include <deque>

#include "metamc/bayes/exact_posterior.hpp"
#include "metamc/bayes/group_model.hpp"
#include "metamc/bayes/mcmc_summary.hpp"
#include "metamc/bayes/streamed_summary.hpp"
#include "metamc/error.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/sampler/cpu_backend.hpp"
#include "metamc/sampler/cuda_backend.hpp"

namespace metamc {
namespace {

constexpr double kDrawsMemoryBudget = 1.0 * (1ull << 30);  // bytes of draws held at once
// Beyond this many draws in a run (simulation studies, batches), summary mode is faster: it
// skips sorting every group's draws for the rank-based diagnostics.
constexpr double kDrawsPerRunForStreaming = 1.0 * (1ull << 26);
constexpr std::size_t kStreamedGroupsPerPass = 256;  // CPU summary mode, groups per pass

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Bytes of GroupDraws for one group.
double draws_bytes(const SamplerSettings& s, std::size_t k) {
  return 8.0 * s.chains * s.draws * (6.0 + static_cast<double>(k));
}

// The models, proposals and (in summary mode) plans of all groups, built in parallel.
struct Prepared {
  std::deque<GroupModel> models;
  std::vector<SamplingJob> jobs;
  std::vector<GroupPlan> plans;
};

void prepare(const RunConfig& config, const std::vector<Group>& groups,
             const std::vector<GroupResult>& results, bool with_plans, Prepared& p) {
  for (const Group& g : groups) p.models.emplace_back(g, config.tau_prior, config.mu_prior);
  p.jobs.resize(groups.size());
  if (with_plans) p.plans.resize(groups.size());
  parallel_for(groups.size(), config.sampler.threads, [&](std::size_t i) {
    const NormalNormalData& d = p.models[i].data();
    const auto& threshold = results[i].threshold;
    p.jobs[i] = SamplingJob{d, build_tau_proposal(d), groups[i].benefit, threshold,
                            static_cast<std::uint32_t>(i)};
    if (with_plans) {
      p.plans[i].theta_bins.resize(static_cast<std::size_t>(d.k));
      p.plans[i].plan =
          build_summary_plan(d, p.jobs[i].proposal, groups[i].benefit == Benefit::lower,
                             threshold ? &*threshold : nullptr, p.plans[i].theta_bins.data());
    }
  });
}

void fit_exact(const RunConfig& config, const std::vector<Group>& groups,
               std::vector<GroupResult>& results) {
  std::deque<GroupModel> models;
  for (const Group& g : groups) models.emplace_back(g, config.tau_prior, config.mu_prior);
  parallel_for(groups.size(), config.sampler.threads, [&](std::size_t i) {
    const auto start = std::chrono::steady_clock::now();
    const BayesQuestion question{groups[i].benefit, config.level, results[i].threshold};
    results[i].bayes = exact_posterior(models[i].data(), question);
    results[i].bayes.seconds = seconds_since(start);
  });
}

// CPU, full draws: group by group with the chains over all threads, then the summaries of a
// batch of groups in parallel, so that a group's time is its own.
void fit_cpu_draws(const RunConfig& config, const Prepared& p, std::vector<GroupResult>& results,
                   std::vector<GroupDraws>& kept_draws) {
  const std::size_t n = p.jobs.size();
  const auto batch = static_cast<std::size_t>(resolve_threads(config.sampler.threads));
  for (std::size_t first = 0; first < n; first += batch) {
    const std::size_t last = std::min(n, first + batch);
    std::vector<GroupDraws> draws;
    std::vector<double> seconds;
    for (std::size_t i = first; i < last; ++i) {
      const auto start = std::chrono::steady_clock::now();
      draws.push_back(std::move(sample_on_cpu({p.jobs[i]}, config.sampler)[0]));
      seconds.push_back(seconds_since(start));
    }
    parallel_for(last - first, config.sampler.threads, [&](std::size_t j) {
      const auto start = std::chrono::steady_clock::now();
      const std::size_t i = first + j;
      results[i].bayes = summarise_draws(draws[j], p.models[i].data(), config.level);
      results[i].bayes.seconds = seconds[j] + seconds_since(start);
    });
    if (!config.draws_out.empty())
      for (auto& d : draws) kept_draws.push_back(std::move(d));
  }
}

// CPU, summary mode: passes of many groups, chains in blocks over all threads.
void fit_cpu_streamed(const RunConfig& config, const Prepared& p,
                      std::vector<GroupResult>& results) {
  const std::size_t n = p.jobs.size();
  for (std::size_t first = 0; first < n; first += kStreamedGroupsPerPass) {
    const std::size_t last = std::min(n, first + kStreamedGroupsPerPass);
    const auto start = std::chrono::steady_clock::now();
    const std::vector<SamplingJob> jobs(p.jobs.begin() + first, p.jobs.begin() + last);
    const std::vector<GroupPlan> plans(p.plans.begin() + first, p.plans.begin() + last);
    const std::vector<GroupSummary> summaries = summarise_on_cpu(jobs, plans, config.sampler);
    parallel_for(last - first, config.sampler.threads, [&](std::size_t j) {
      results[first + j].bayes =
          summarise_streamed(summaries[j], plans[j], p.models[first + j].data(), config.level);
    });
    const double share = seconds_since(start) / static_cast<double>(last - first);
    for (std::size_t i = first; i < last; ++i) results[i].bayes.seconds = share;
  }
}

// GPU: every group in one launch; the run's time is shared evenly among the groups.
void fit_cuda(const RunConfig& config, const BackendChoice& choice, const Prepared& p,
              std::vector<GroupResult>& results, std::vector<GroupDraws>& kept_draws) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = p.jobs.size();
  if (choice.streamed) {
    const std::vector<GroupSummary> summaries =
        summarise_on_cuda(p.jobs, p.plans, config.sampler, choice.device);
    parallel_for(n, config.sampler.threads, [&](std::size_t i) {
      results[i].bayes =
          summarise_streamed(summaries[i], p.plans[i], p.models[i].data(), config.level);
    });
  } else {
    std::vector<GroupDraws> draws = sample_on_cuda(p.jobs, config.sampler, choice.device);
    parallel_for(n, config.sampler.threads, [&](std::size_t i) {
      results[i].bayes = summarise_draws(draws[i], p.models[i].data(), config.level);
    });
    if (!config.draws_out.empty()) kept_draws = std::move(draws);
  }
  const double share = seconds_since(start) / static_cast<double>(std::max<std::size_t>(n, 1));
  for (auto& r : results) r.bayes.seconds = share;
}

}  // namespace

BackendChoice choose_backend(const RunConfig& config, const std::vector<Group>& groups) {
  BackendChoice choice;
  const bool want_cuda = config.backend == Backend::cuda || (config.backend == Backend::automatic &&
                                                             cuda_device_count() > config.device);
  if (want_cuda) {
    choice.backend = Backend::cuda;
    choice.device = config.device;
    choice.device_name = cuda_device_name(config.device);  // UnavailableError without a GPU
    choice.streamed = config.draws_out.empty();
    return choice;
  }
  double batch_bytes = 0, all_bytes = 0;
  const double all_draws =
      static_cast<double>(groups.size()) * config.sampler.chains * config.sampler.draws;
  const auto batch = static_cast<std::size_t>(resolve_threads(config.sampler.threads));
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const double bytes = draws_bytes(config.sampler, groups[i].k());
    all_bytes += bytes;
    if (i < batch) batch_bytes += bytes;
  }
  if (!config.draws_out.empty() && all_bytes > 8 * kDrawsMemoryBudget)
    throw UsageError("--draws-out would keep " +
                     std::to_string(static_cast<long long>(all_bytes / (1 << 20))) +
                     " MiB of draws in memory; use fewer chains or draws");
  choice.streamed =
      config.draws_out.empty() &&
      (config.streamed || batch_bytes > kDrawsMemoryBudget || all_draws > kDrawsPerRunForStreaming);
  return choice;
}

void fit_bayes(const RunConfig& config, const BackendChoice& choice,
               const std::vector<Group>& groups, std::vector<GroupResult>& results,
               std::vector<GroupDraws>& kept_draws) {
  if (config.method == BayesMethod::exact) return fit_exact(config, groups, results);
  Prepared p;
  prepare(config, groups, results, choice.streamed, p);
  if (choice.backend == Backend::cuda) return fit_cuda(config, choice, p, results, kept_draws);
  if (choice.streamed) return fit_cpu_streamed(config, p, results);
  fit_cpu_draws(config, p, results, kept_draws);
}

}  // namespace metamc
