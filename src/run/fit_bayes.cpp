#include "metamc/run/fit_bayes.hpp"

#include <algorithm>
#include <deque>

#include "metamc/error.hpp"
#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/cuda_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/group_model.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/exact_posterior.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "metamc/posterior/posterior_densities.hpp"
#include "metamc/posterior/risk_difference.hpp"
#include "metamc/posterior/streamed_summary.hpp"
#include "metamc/stopwatch.hpp"
#include "metamc/system_memory.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

constexpr double kDrawsMemoryBudget = 1.0 * (1ull << 30);  // bytes of draws held at once
// Beyond this many draws in a run (simulation studies, batches), summary mode is faster: it
// skips sorting every group's draws for the rank-based diagnostics.
constexpr double kDrawsPerRunForStreaming = 1.0 * (1ull << 26);
constexpr double kStreamedBytesPerPass = 256.0 * (1 << 20);  // CPU summary mode, summaries held
constexpr double kUsableShare = 0.8;  // of the available memory, the most a run plans to use

// The studies a group's model keeps: the binomial model also keeps the tables no log ratio can
// use (no events in either arm).
std::size_t modelled_studies(const GroupResult& r) {
  return r.group.k() + (r.model == ModelKind::binomial ? r.group.uninformative.size() : 0);
}

// Bytes of one group's draws while they are summarised: the draws themselves (GroupDraws: six
// scalars per draw and, per study, its effect and for the binomial model its two arm risks) and
// the working copies of the rank-based diagnostics (split chains, normal scores, folded draws,
// sort keys: about ten copies of one quantity).
double draws_bytes(const SamplerSettings& s, const GroupResult& r) {
  const double per_study = r.model == ModelKind::binomial ? 3 : 1;
  return 8.0 * s.chains * s.draws *
         (6.0 + per_study * static_cast<double>(modelled_studies(r)) + 10.0);
}

// Bytes of one group's streamed summary (histograms of 1024 bins for mu, log tau, theta_new and
// every theta_i, and the summed chain record).
double summary_bytes(std::size_t studies) {
  return 8.0 * ((3.0 + static_cast<double>(studies)) * kHistogramStride + RecordLayout::size());
}

std::size_t largest_k(const std::vector<GroupResult>& results) {
  std::size_t k = 0;
  for (const GroupResult& r : results) k = std::max(k, modelled_studies(r));
  return k;
}

[[noreturn]] void too_big(double needed, double available, const std::string& what,
                          const std::string& remedy) {
  throw UsageError("this run would need about " + format_bytes(needed) + " of memory (" + what +
                   "), but about " + format_bytes(available) + " are available; " + remedy);
}

// What the user can change when a group's posterior defeats the numerics.
std::string prior_advice(const RunConfig& config) {
  return "with " + to_string(config.tau_prior) + " and " + to_string(config.mu_prior) +
         ", choose a prior on the scale of the data (--tau-prior, --mu-prior) or rescale the data";
}

void fit_exact(const RunConfig& config, const std::vector<Group>& groups,
               std::vector<GroupResult>& results, Progress* progress) {
  std::deque<GroupModel> models;
  for (const Group& g : groups) models.emplace_back(g, config.tau_prior, config.mu_prior);
  if (progress) progress->stage("exact posteriors", static_cast<double>(groups.size()));
  parallel_for(groups.size(), config.sampler.threads, [&](std::size_t i) {
    const Stopwatch stopwatch;
    const BayesQuestion question{groups[i].benefit, config.level, results[i].threshold};
    results[i].bayes =
        with_context<UsageError>("group " + describe(groups[i].key), prior_advice(config),
                                 [&] { return exact_posterior(models[i].data(), question); });
    results[i].bayes.seconds = stopwatch.seconds();
    if (progress) progress->add(1);
  });
}

// CPU, full draws: group by group with the chains over all threads, then the summaries of a
// batch of groups in parallel, so that a group's time is its own. A batch holds at most one
// group per thread and at most the budget of draws (but always one group).
void fit_cpu_draws(const RunConfig& config, const BackendChoice& choice, const PreparedGroups& p,
                   const std::vector<Group>& groups, std::vector<GroupResult>& results,
                   DrawsConsumer* consumer, Progress* progress) {
  const std::size_t n = p.jobs.size();
  const auto threads = static_cast<std::size_t>(resolve_threads(config.sampler.threads));
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first + 1;
    double bytes = draws_bytes(config.sampler, results[first]);
    while (last < n && last - first < threads &&
           bytes + draws_bytes(config.sampler, results[last]) <= choice.draws_budget)
      bytes += draws_bytes(config.sampler, results[last++]);
    std::vector<GroupDraws> draws;
    std::vector<double> seconds;
    for (std::size_t i = first; i < last; ++i) {
      const Stopwatch stopwatch;
      draws.push_back(std::move(sample_on_cpu({p.jobs[i]}, config.sampler, progress)[0]));
      seconds.push_back(stopwatch.seconds());
    }
    // The threads a batch leaves over summarise the quantities of its groups.
    const int inner = static_cast<int>(std::max<std::size_t>(1, threads / (last - first)));
    parallel_for(last - first, config.sampler.threads, [&](std::size_t j) {
      const Stopwatch stopwatch;
      const std::size_t i = first + j;
      results[i].bayes = summarise_draws(draws[j], p.models[i].data(), config.level, inner);
      if (config.wants_densities() && results[i].model != ModelKind::normal)
        results[i].bayes.densities = draws_densities(draws[j]);
      results[i].bayes.seconds = seconds[j] + stopwatch.seconds();
    });
    if (consumer)
      for (std::size_t j = 0; j < draws.size(); ++j) consumer->consume(groups[first + j], draws[j]);
    first = last;
  }
}

// CPU, summary mode: passes of as many groups as keep their summaries within a budget, chains in
// blocks over all threads.
void fit_cpu_streamed(const RunConfig& config, const PreparedGroups& p,
                      std::vector<GroupResult>& results, Progress* progress) {
  const std::size_t n = p.jobs.size();
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first + 1;
    double bytes = summary_bytes(modelled_studies(results[first]));
    while (last < n &&
           bytes + summary_bytes(modelled_studies(results[last])) <= kStreamedBytesPerPass)
      bytes += summary_bytes(modelled_studies(results[last++]));
    const Stopwatch stopwatch;
    const std::vector<SamplingJob> jobs(p.jobs.begin() + first, p.jobs.begin() + last);
    const std::vector<GroupPlan> plans(p.plans.begin() + first, p.plans.begin() + last);
    const std::vector<GroupSummary> summaries =
        summarise_on_cpu(jobs, plans, config.sampler, progress);
    parallel_for(last - first, config.sampler.threads, [&](std::size_t j) {
      GroupResult& r = results[first + j];
      r.bayes = summarise_streamed(summaries[j], plans[j], p.models[first + j].data(), config.level,
                                   r.model);
      if (config.wants_densities() && r.model != ModelKind::normal)
        r.bayes.densities = streamed_densities(summaries[j], plans[j]);
    });
    const double share = stopwatch.seconds() / static_cast<double>(last - first);
    for (std::size_t i = first; i < last; ++i) results[i].bayes.seconds = share;
    first = last;
  }
}

// GPU: every group in one launch; the run's time is shared evenly among the groups.
void fit_cuda(const RunConfig& config, const BackendChoice& choice, const PreparedGroups& p,
              const std::vector<Group>& groups, std::vector<GroupResult>& results,
              DrawsConsumer* consumer, Progress* progress) {
  const Stopwatch stopwatch;
  const std::size_t n = p.jobs.size();
  if (choice.streamed) {
    const std::vector<GroupSummary> summaries =
        summarise_on_cuda(p.jobs, p.plans, config.sampler, choice.device);
    parallel_for(n, config.sampler.threads, [&](std::size_t i) {
      results[i].bayes = summarise_streamed(summaries[i], p.plans[i], p.models[i].data(),
                                            config.level, results[i].model);
      if (config.wants_densities() && results[i].model != ModelKind::normal)
        results[i].bayes.densities = streamed_densities(summaries[i], p.plans[i]);
    });
  } else {
    std::vector<GroupDraws> draws = sample_on_cuda(p.jobs, config.sampler, choice.device);
    const auto threads = static_cast<std::size_t>(resolve_threads(config.sampler.threads));
    const int inner =
        static_cast<int>(std::max<std::size_t>(1, threads / std::max<std::size_t>(n, 1)));
    parallel_for(n, config.sampler.threads, [&](std::size_t i) {
      results[i].bayes = summarise_draws(draws[i], p.models[i].data(), config.level, inner);
      if (config.wants_densities() && results[i].model != ModelKind::normal)
        results[i].bayes.densities = draws_densities(draws[i]);
    });
    if (consumer)
      for (std::size_t i = 0; i < n; ++i) consumer->consume(groups[i], draws[i]);
  }
  if (progress)
    progress->add(static_cast<double>(n) * config.sampler.chains *
                  (config.sampler.warmup + config.sampler.draws));
  const double share = stopwatch.seconds() / static_cast<double>(std::max<std::size_t>(n, 1));
  for (auto& r : results) r.bayes.seconds = share;
}

void fit_model(const RunConfig& config, const BackendChoice& choice,
               const std::vector<Group>& groups, std::vector<GroupResult>& results,
               DrawsConsumer* consumer, Progress* progress) {
  if (config.method == BayesMethod::exact) return fit_exact(config, groups, results, progress);
  std::vector<std::optional<double>> thresholds;
  std::vector<ModelKind> kinds;
  for (const GroupResult& r : results) {
    thresholds.push_back(r.threshold);
    kinds.push_back(r.model);
  }
  PreparedGroups p =
      prepare_groups(groups, config.tau_prior, config.mu_prior, thresholds, choice.streamed,
                     config.sampler.threads, prior_advice(config), kinds, config.baseline_prior);
  // A group's random numbers follow its place in the whole run, not in this shard's share.
  for (std::size_t i = 0; i < results.size(); ++i) p.jobs[i].stream_group = results[i].stream_group;
  if (progress)
    progress->stage("sampling",
                    static_cast<double>(groups.size()) * config.sampler.chains *
                        (config.sampler.warmup + config.sampler.draws),
                    "chain iterations");
  if (choice.backend == Backend::cuda)
    return fit_cuda(config, choice, p, groups, results, consumer, progress);
  if (choice.streamed) return fit_cpu_streamed(config, p, results, progress);
  fit_cpu_draws(config, choice, p, groups, results, consumer, progress);
}

// The normal model's plots draw its exact marginal densities, whichever way it was fitted.
void attach_exact_densities(const RunConfig& config, const std::vector<Group>& groups,
                            std::vector<GroupResult>& results) {
  parallel_for(groups.size(), config.sampler.threads, [&](std::size_t i) {
    if (results[i].model != ModelKind::normal) return;
    const GroupModel model(groups[i], config.tau_prior, config.mu_prior);
    try {
      results[i].bayes.densities = exact_densities(model.data());
    } catch (const NumericalError&) {
      // No density to draw: the plot says so.
    }
  });
}

}  // namespace

BackendChoice choose_backend(const RunConfig& config, const std::vector<GroupResult>& results,
                             const std::vector<GroupResult>& whole_run) {
  BackendChoice choice;
  if (config.method == BayesMethod::exact) return choice;  // quadrature: the CPU, no draws
  const bool want_cuda = config.backend == Backend::cuda || (config.backend == Backend::automatic &&
                                                             cuda_device_count() > config.device);
  const double available = available_memory_bytes();
  const double usable = kUsableShare * available;
  choice.draws_budget = std::min(kDrawsMemoryBudget, 0.25 * available);
  const bool draws_out = !config.draws_out.empty();
  const SamplerSettings& s = config.sampler;
  const std::string draws_remedy = "use fewer --chains or --draws";

  double all_bytes = 0, largest_bytes = 0;
  for (const GroupResult& r : results) all_bytes += draws_bytes(s, r);
  // The mode follows the whole run's groups, so that a shard summarises as the unsharded run does.
  for (const GroupResult& r : whole_run) largest_bytes = std::max(largest_bytes, draws_bytes(s, r));
  const std::string per_draw =
      std::to_string(s.chains) + " chains x " + std::to_string(s.draws) +
      " draws x (16 + k) values x 8 bytes (16 + 3k for the binomial model)";

  if (want_cuda) {
    choice.backend = Backend::cuda;
    choice.device = config.device;
    choice.device_name = cuda_device_name(config.device);  // UnavailableError without a GPU
    choice.streamed = !draws_out;
    // The GPU hands back every group's draws at once, or every group's summary.
    if (draws_out && all_bytes > usable)
      too_big(all_bytes, available,
              "every group's draws come back from the GPU at once: " + per_draw, draws_remedy);
    double summaries = 0;
    for (const GroupResult& r : results) summaries += summary_bytes(modelled_studies(r));
    if (!draws_out && summaries > usable)
      too_big(summaries, available, "a histogram of 1024 bins per group and quantity",
              "analyse fewer groups per run");
    return choice;
  }

  const double all_draws = static_cast<double>(whole_run.size()) * s.chains * s.draws;
  choice.streamed = !draws_out && (config.streamed || largest_bytes > choice.draws_budget ||
                                   all_draws > kDrawsPerRunForStreaming);
  if (draws_out && largest_bytes > usable)
    too_big(largest_bytes, available,
            "--draws-out keeps one group's draws and their diagnostics in memory: " + per_draw +
                " for the largest group, k = " + std::to_string(largest_k(results)),
            draws_remedy);
  if (choice.streamed) {
    // Summaries of one pass, and one histogram buffer per thread.
    double summaries = 0;
    for (const GroupResult& r : results) summaries += summary_bytes(modelled_studies(r));
    const double largest = summary_bytes(largest_k(results));
    const double bytes = std::min(summaries, std::max(kStreamedBytesPerPass, largest)) +
                         resolve_threads(s.threads) * largest;
    if (bytes > usable)
      too_big(bytes, available,
              "summary mode keeps a histogram of 1024 bins for each of the k = " +
                  std::to_string(largest_k(results)) + " studies' effects, per thread",
              "use fewer --threads, or split the group");
  }
  return choice;
}

void fit_bayes(const RunConfig& config, const BackendChoice& choice,
               const std::vector<Group>& groups, std::vector<GroupResult>& results,
               DrawsConsumer* consumer, Progress* progress) {
  fit_model(config, choice, groups, results, consumer, progress);
  // Prior sensitivity: every group again under each other prior, a batch per prior. Its chains
  // take the main fit's random numbers (the same stream groups): common random numbers, so that
  // the differences between priors are not blurred by Monte Carlo noise. The GPU hands back
  // summaries only: --draws-out writes the main fit's draws alone.
  BackendChoice other = choice;
  if (other.backend == Backend::cuda) other.streamed = true;
  for (const TauPrior& prior : config.other_tau_priors) {
    RunConfig under = config;
    under.tau_prior = prior;
    std::vector<GroupResult> fits = results;
    fit_model(under, other, groups, fits, nullptr, progress);
    if (config.wants_densities()) attach_exact_densities(under, groups, fits);
    for (std::size_t i = 0; i < results.size(); ++i)
      results[i].sensitivity.push_back({prior, std::move(fits[i].bayes)});
  }
  if (config.wants_densities()) attach_exact_densities(config, groups, results);
  for (GroupResult& r : results) {
    r.bayes.risk_difference = risk_difference_of(r.group, r.bayes);
    if (r.model == ModelKind::binomial && r.bayes.control_risks.empty())
      r.bayes.notes.push_back(
          "summary mode keeps no draws: the studies' control-arm risks and risk differences are "
          "not reported (they are when the draws are kept, e.g. with --draws-out)");
  }
}

}  // namespace metamc
