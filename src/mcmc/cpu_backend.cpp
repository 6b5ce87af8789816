#include "metamc/mcmc/cpu_backend.hpp"

#include <algorithm>
#include <memory>
#include <mutex>

#include "metamc/mcmc/collapsed/collapsed_sampler.hpp"
#include "metamc/mcmc/hmc/hmc_transition.hpp"
#include "metamc/mcmc/hmc/hmc_warmup.hpp"
#include "metamc/mcmc/jobs_by_model.hpp"
#include "metamc/mcmc/sinks/draw_writer.hpp"
#include "metamc/mcmc/sinks/summary_sink.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/thread_pool.hpp"

namespace metamc {
namespace {

DrawArrays arrays_of(GroupDraws& g) {
  return {g.mu.data(),
          g.tau.data(),
          g.theta_new.data(),
          g.p_benefit.data(),
          g.p_pred_benefit.data(),
          g.p_threshold.data(),
          g.theta.data(),
          g.counts.data(),
          g.size(),
          g.has_arm_risks() ? g.control_risk.data() : nullptr,
          g.has_arm_risks() ? g.risk_difference.data() : nullptr};
}

// Counts into the histogram of one block of chains.
struct BlockCounter {
  std::uint64_t* histogram;
  void operator()(int quantity, int bin) const {
    ++histogram[static_cast<std::size_t>(quantity) * kHistogramStride +
                static_cast<std::size_t>(bin)];
  }
};

// The CPU's analogue of a CUDA block: chains that count into one histogram and sum into one
// partial record. Some 65,000 draws a block, so that clearing and merging a block's histogram
// costs little next to running its chains, but at least 16 blocks when there are 16 chains, so
// that one group's chains spread over the threads. The blocks depend on the chains and draws
// only, never on the threads: the sums come out the same on any number of them.
int chains_per_block(int draws, int chains) {
  return std::max(1, std::min(65536 / std::max(draws, 1), chains / 16));
}

// Blocks run at once: their partial records are summed in block order after each pass, so the
// totals do not depend on the threads, and memory does not grow with the number of chains.
constexpr std::size_t kBlocksPerPass = 256;

ChainPlan chain_plan(const SamplerSettings& settings) {
  return {static_cast<std::uint32_t>(settings.warmup), static_cast<std::uint32_t>(settings.draws)};
}

// The warmed-up chains of every job, HMC's: they run in lockstep, every iteration a pool task per
// block of chains, then a task per group for the cross-chain adaptation.
template <class Model>
class HmcWarmups {
 public:
  HmcWarmups(const std::vector<SamplingJob>& jobs, const SamplerSettings& s, Progress* progress)
      : pool_(s.threads) {
    const PhiloxKey key = seed_key(s.seed);
    for (const SamplingJob& job : jobs)
      groups_.push_back(std::make_unique<HmcGroupWarmup<Model>>(
          hmc_model<Model>(job), s.hmc, s.chains, s.warmup, key, job.stream_group));
    const auto chains = static_cast<std::size_t>(s.chains);
    const std::size_t blocks = (chains + kChainsPerTask - 1) / kChainsPerTask;
    auto each_chain = [&](auto&& per_chain) {
      pool_.run(groups_.size() * blocks, [&](std::size_t task) {
        const std::size_t g = task / blocks, first = task % blocks * kChainsPerTask;
        for (std::size_t c = first; c < std::min(chains, first + kChainsPerTask); ++c)
          per_chain(*groups_[g], static_cast<int>(c));
      });
    };
    each_chain([](auto& group, int c) { group.start(c); });
    std::vector<char> searching(groups_.size(), 1);
    while (std::find(searching.begin(), searching.end(), 1) != searching.end()) {
      each_chain([](auto& group, int c) { group.trial(c); });
      for (std::size_t g = 0; g < groups_.size(); ++g)
        if (searching[g] && groups_[g]->settle_step_size()) searching[g] = 0;
    }
    for (int t = 1; t <= s.warmup; ++t) {
      const auto iteration = static_cast<std::uint32_t>(t);
      each_chain([&](auto& group, int c) { group.transition(c, iteration); });
      pool_.run(groups_.size(), [&](std::size_t g) { groups_[g]->adapt(iteration); });
      if (progress) progress->add(static_cast<double>(groups_.size() * chains));
    }
  }

  HmcGroupWarmup<Model>& group(std::size_t g) { return *groups_[g]; }

 private:
  static constexpr std::size_t kChainsPerTask = 16;
  ThreadPool pool_;
  std::vector<std::unique_ptr<HmcGroupWarmup<Model>>> groups_;
};

// Runs the sampling iterations of chain c of a warmed-up group with `sink`, on arrays of its own.
template <class Model, class Sink>
void sample_hmc_chain(HmcGroupWarmup<Model>& group, const SamplingJob& job,
                      const SamplerSettings& s, int c, Sink& sink) {
  const Model& model = hmc_model<Model>(job);
  const auto d = static_cast<std::size_t>(model.dim());
  std::vector<double> arrays(6 * d + 1);
  const HmcChainView own{
      arrays.data(),         arrays.data() + d,     arrays.data() + 6 * d, arrays.data() + 2 * d,
      arrays.data() + 3 * d, arrays.data() + 4 * d, arrays.data() + 5 * d, 1};
  const HmcChainView warm = group.view(c);
  for (std::size_t j = 0; j < d; ++j) {
    own.q[j] = warm.q[j * warm.stride];
    own.grad[j] = warm.grad[j * warm.stride];
  }
  *own.log_density = *warm.log_density;
  run_hmc_chain(model, own, group.tuning(), chain_plan(s), job.question, group.stream(c), sink);
}

// Every draw of every chain: sampler(group, chain, sink) runs one chain into its DrawWriter.
template <class Sampler>
std::vector<GroupDraws> keep_draws(const std::vector<SamplingJob>& jobs, const SamplerSettings& s,
                                   Progress* progress, Sampler&& sampler) {
  std::vector<GroupDraws> out;
  for (const auto& job : jobs)
    out.emplace_back(s.chains, s.draws, job.studies(), job.question.has_threshold,
                     job.model == ModelKind::binomial);
  const auto chains = static_cast<std::size_t>(s.chains);
  parallel_for(jobs.size() * chains, s.threads, [&](std::size_t task) {
    const std::size_t group = task / chains;
    const int chain = static_cast<int>(task % chains);
    DrawWriter writer(arrays_of(out[group]), static_cast<std::uint32_t>(chain),
                      static_cast<std::uint32_t>(s.draws), jobs[group].question.has_threshold);
    sampler(group, chain, writer);
    if (progress) progress->add(s.sampler == SamplerKind::hmc ? s.draws : s.warmup + s.draws);
  });
  return out;
}

// The streamed summaries of every chain, blocks of chains in passes (see kBlocksPerPass):
// sampler(group, chain, sink) runs one chain into its SummarySink.
template <class Sampler>
std::vector<GroupSummary> keep_summaries(const std::vector<SamplingJob>& jobs,
                                         const std::vector<GroupPlan>& plans,
                                         const SamplerSettings& s, Progress* progress,
                                         Sampler&& sampler) {
  const int per_block = chains_per_block(s.draws, s.chains);
  const auto blocks_per_group = static_cast<std::size_t>((s.chains + per_block - 1) / per_block);
  const double total_draws = 2.0 * s.chains * (s.draws / 2);
  const std::size_t fields = RecordLayout::size();

  std::vector<GroupSummary> out;
  for (const auto& job : jobs) out.emplace_back(s.chains, s.draws, job.studies());
  std::vector<std::mutex> histogram_locks(jobs.size());
  std::vector<double> partial(kBlocksPerPass * fields);
  const std::size_t blocks = jobs.size() * blocks_per_group;
  for (std::size_t first = 0; first < blocks; first += kBlocksPerPass) {
    const std::size_t count = std::min(kBlocksPerPass, blocks - first);
    std::fill(partial.begin(), partial.end(), 0.0);
    parallel_for(count, s.threads, [&](std::size_t j) {
      const std::size_t group = (first + j) / blocks_per_group;
      const int block = static_cast<int>((first + j) % blocks_per_group);
      GroupSummary& summary = out[group];
      std::vector<std::uint64_t> histogram(summary.histogram.size(), 0);
      std::vector<double> record(fields);
      double* totals = partial.data() + j * fields;
      const int begin = block * per_block;
      const int end = std::min(s.chains, begin + per_block);
      for (int chain = begin; chain < end; ++chain) {
        SummarySink<BlockCounter> sink(plans[group].plan, plans[group].theta_bins.data(),
                                       record.data(), 1, BlockCounter{histogram.data()},
                                       static_cast<std::uint32_t>(s.draws), total_draws,
                                       superchain_of(chain, s.chains, s.hmc.superchains));
        sampler(group, chain, sink);
        for (std::size_t f = 0; f < fields; ++f) totals[f] += record[f];
        if (progress) progress->add(s.sampler == SamplerKind::hmc ? s.draws : s.warmup + s.draws);
      }
      // Counts are integers: the order in which blocks add them does not matter.
      const std::lock_guard<std::mutex> lock(histogram_locks[group]);
      for (std::size_t h = 0; h < histogram.size(); ++h) summary.histogram[h] += histogram[h];
    });
    for (std::size_t j = 0; j < count; ++j) {
      std::vector<double>& totals = out[(first + j) / blocks_per_group].totals;
      for (std::size_t f = 0; f < fields; ++f) totals[f] += partial[j * fields + f];
    }
  }
  return out;
}

// HMC over jobs of one model: warmup in lockstep, then run(warm, group, chain) samples each chain
// through keep (keep_draws or keep_summaries); the adapted step sizes recorded.
template <class Model, class Keep>
auto run_hmc(const std::vector<SamplingJob>& jobs, const SamplerSettings& settings,
             Progress* progress, Keep&& keep) {
  HmcWarmups<Model> warm(jobs, settings, progress);
  auto out = keep([&](std::size_t g, int c, auto& sink) {
    sample_hmc_chain(warm.group(g), jobs[g], settings, c, sink);
  });
  for (std::size_t g = 0; g < jobs.size(); ++g) {
    out[g].step_size = warm.group(g).tuning().step_size;
    out[g].superchains = std::min(settings.hmc.superchains, settings.chains);
  }
  return out;
}

// Runs jobs of one model with the sampler the settings name (HMC for the binomial model): keep
// (keep_draws or keep_summaries over the jobs) runs each chain through the sampler it is given.
template <class Keep>
auto run_jobs(const std::vector<SamplingJob>& jobs, const SamplerSettings& settings, ModelKind kind,
              Progress* progress, Keep&& keep) {
  if (kind == ModelKind::binomial)
    return run_hmc<BinomialNormalModel>(jobs, settings, progress, keep);
  if (settings.sampler == SamplerKind::hmc)
    return run_hmc<NoncentredNormalModel>(jobs, settings, progress, keep);
  const PhiloxKey key = seed_key(settings.seed);
  return keep([&](std::size_t g, int c, auto& sink) {
    const SamplingJob& job = jobs[g];
    const ChainStream stream{key, job.stream_group, static_cast<std::uint32_t>(c)};
    run_chain(job.data, job.proposal, chain_plan(settings), job.question, stream, sink);
  });
}

}  // namespace

std::vector<GroupDraws> sample_on_cpu(const std::vector<SamplingJob>& all_jobs,
                                      const SamplerSettings& all_settings, Progress* progress) {
  return by_model<GroupDraws>(
      all_jobs, all_settings, [&](const auto& part, const auto& settings, ModelKind kind) {
        const std::vector<SamplingJob> jobs = select(all_jobs, part);
        return run_jobs(jobs, settings, kind, progress, [&](auto&& sampler) {
          return keep_draws(jobs, settings, progress, sampler);
        });
      });
}

std::vector<GroupSummary> summarise_on_cpu(const std::vector<SamplingJob>& all_jobs,
                                           const std::vector<GroupPlan>& all_plans,
                                           const SamplerSettings& all_settings,
                                           Progress* progress) {
  return by_model<GroupSummary>(
      all_jobs, all_settings, [&](const auto& part, const auto& settings, ModelKind kind) {
        const std::vector<SamplingJob> jobs = select(all_jobs, part);
        const std::vector<GroupPlan> plans = select(all_plans, part);
        return run_jobs(jobs, settings, kind, progress, [&](auto&& sampler) {
          return keep_summaries(jobs, plans, settings, progress, sampler);
        });
      });
}

}  // namespace metamc
