#include "metamc/bayes/fit_groups.hpp"

#include <algorithm>
#include <deque>

#include "metamc/bayes/exact_posterior.hpp"
#include "metamc/bayes/group_model.hpp"
#include "metamc/bayes/mcmc_summary.hpp"
#include "metamc/bayes/streamed_summary.hpp"
#include "metamc/error.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/sampler/cpu_backend.hpp"
#include "metamc/sampler/cuda_backend.hpp"
#include "metamc/sampler/prepared_groups.hpp"
#include "metamc/stopwatch.hpp"

namespace metamc {
namespace {

constexpr double kDrawsMemoryBudget = 1.0 * (1ull << 30);  // bytes of draws held at once
// Beyond this many draws in a run (simulation studies, batches), summary mode is faster: it
// skips sorting every group's draws for the rank-based diagnostics.
constexpr double kDrawsPerRunForStreaming = 1.0 * (1ull << 26);
constexpr std::size_t kStreamedGroupsPerPass = 256;  // CPU summary mode, groups per pass

// Bytes of GroupDraws for one group.
double draws_bytes(const SamplerSettings& s, std::size_t k) {
  return 8.0 * s.chains * s.draws * (6.0 + static_cast<double>(k));
}

void fit_exact(const RunConfig& config, const std::vector<Group>& groups,
               std::vector<GroupResult>& results) {
  std::deque<GroupModel> models;
  for (const Group& g : groups) models.emplace_back(g, config.tau_prior, config.mu_prior);
  parallel_for(groups.size(), config.sampler.threads, [&](std::size_t i) {
    const Stopwatch stopwatch;
    const BayesQuestion question{groups[i].benefit, config.level, results[i].threshold};
    results[i].bayes = exact_posterior(models[i].data(), question);
    results[i].bayes.seconds = stopwatch.seconds();
  });
}

// CPU, full draws: group by group with the chains over all threads, then the summaries of a
// batch of groups in parallel, so that a group's time is its own.
void fit_cpu_draws(const RunConfig& config, const PreparedGroups& p,
                   std::vector<GroupResult>& results, std::vector<GroupDraws>& kept_draws) {
  const std::size_t n = p.jobs.size();
  const auto batch = static_cast<std::size_t>(resolve_threads(config.sampler.threads));
  for (std::size_t first = 0; first < n; first += batch) {
    const std::size_t last = std::min(n, first + batch);
    std::vector<GroupDraws> draws;
    std::vector<double> seconds;
    for (std::size_t i = first; i < last; ++i) {
      const Stopwatch stopwatch;
      draws.push_back(std::move(sample_on_cpu({p.jobs[i]}, config.sampler)[0]));
      seconds.push_back(stopwatch.seconds());
    }
    parallel_for(last - first, config.sampler.threads, [&](std::size_t j) {
      const Stopwatch stopwatch;
      const std::size_t i = first + j;
      results[i].bayes = summarise_draws(draws[j], p.models[i].data(), config.level);
      results[i].bayes.seconds = seconds[j] + stopwatch.seconds();
    });
    if (!config.draws_out.empty())
      for (auto& d : draws) kept_draws.push_back(std::move(d));
  }
}

// CPU, summary mode: passes of many groups, chains in blocks over all threads.
void fit_cpu_streamed(const RunConfig& config, const PreparedGroups& p,
                      std::vector<GroupResult>& results) {
  const std::size_t n = p.jobs.size();
  for (std::size_t first = 0; first < n; first += kStreamedGroupsPerPass) {
    const std::size_t last = std::min(n, first + kStreamedGroupsPerPass);
    const Stopwatch stopwatch;
    const std::vector<SamplingJob> jobs(p.jobs.begin() + first, p.jobs.begin() + last);
    const std::vector<GroupPlan> plans(p.plans.begin() + first, p.plans.begin() + last);
    const std::vector<GroupSummary> summaries = summarise_on_cpu(jobs, plans, config.sampler);
    parallel_for(last - first, config.sampler.threads, [&](std::size_t j) {
      results[first + j].bayes =
          summarise_streamed(summaries[j], plans[j], p.models[first + j].data(), config.level);
    });
    const double share = stopwatch.seconds() / static_cast<double>(last - first);
    for (std::size_t i = first; i < last; ++i) results[i].bayes.seconds = share;
  }
}

// GPU: every group in one launch; the run's time is shared evenly among the groups.
void fit_cuda(const RunConfig& config, const BackendChoice& choice, const PreparedGroups& p,
              std::vector<GroupResult>& results, std::vector<GroupDraws>& kept_draws) {
  const Stopwatch stopwatch;
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
  const double share = stopwatch.seconds() / static_cast<double>(std::max<std::size_t>(n, 1));
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
  std::vector<std::optional<double>> thresholds;
  for (const GroupResult& r : results) thresholds.push_back(r.threshold);
  const PreparedGroups p = prepare_groups(groups, config.tau_prior, config.mu_prior, thresholds,
                                          choice.streamed, config.sampler.threads);
  if (choice.backend == Backend::cuda) return fit_cuda(config, choice, p, results, kept_draws);
  if (choice.streamed) return fit_cpu_streamed(config, p, results);
  fit_cpu_draws(config, p, results, kept_draws);
}

}  // namespace metamc
