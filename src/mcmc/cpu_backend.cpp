#include "metamc/mcmc/cpu_backend.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <type_traits>
#include <utility>

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

// HMC's chains side by side on one core (hmc_transition.hpp): the loops over them vectorise (two
// SSE2 registers of two doubles in the default x86-64 build). Which chains run side by side
// changes the speed only, never a draw.
constexpr int kLanes = 4;

// Runs chains first, ..., first + count - 1: kLanes side by side while there are as many, then
// one at a time; run<W>(chain) runs the W chains from `chain` on.
template <class Run>
void side_by_side(int first, int count, Run&& run) {
  int c = first;
  for (; c + kLanes <= first + count; c += kLanes) run(std::integral_constant<int, kLanes>{}, c);
  for (; c < first + count; ++c) run(std::integral_constant<int, 1>{}, c);
}

// The chains a task of keep_draws or keep_summaries runs (side by side where it can): HMC's
// kLanes while every thread still gets a task of that many, else one; the collapsed sampler one.
int chains_per_task(bool hmc, std::size_t jobs, const SamplerSettings& s) {
  const auto chains = jobs * static_cast<std::size_t>(s.chains);
  const auto threads = static_cast<std::size_t>(resolve_threads(s.threads));
  return hmc && chains >= kLanes * threads ? kLanes : 1;
}

// The warmed-up chains of every job, HMC's: they run in lockstep, every iteration a pool task per
// block of chains (side by side within it), then a task per group for the cross-chain
// adaptation.
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
    auto each_block = [&](auto&& per_block) {
      pool_.run(groups_.size() * blocks, [&](std::size_t task) {
        const std::size_t g = task / blocks, first = task % blocks * kChainsPerTask;
        const std::size_t end = std::min(chains, first + kChainsPerTask);
        per_block(*groups_[g], static_cast<int>(first), static_cast<int>(end - first));
      });
    };
    each_block([](auto& group, int first, int count) {
      for (int c = first; c < first + count; ++c) group.start(c);
    });
    std::vector<char> searching(groups_.size(), 1);
    while (std::find(searching.begin(), searching.end(), 1) != searching.end()) {
      each_block([](auto& group, int first, int count) {
        side_by_side(first, count, [&](auto lanes, int c) { group.template trial<lanes>(c); });
      });
      for (std::size_t g = 0; g < groups_.size(); ++g)
        if (searching[g] && groups_[g]->settle_step_size()) searching[g] = 0;
    }
    for (int t = 1; t <= s.warmup; ++t) {
      const auto iteration = static_cast<std::uint32_t>(t);
      each_block([&](auto& group, int first, int count) {
        side_by_side(first, count,
                     [&](auto lanes, int c) { group.template transition<lanes>(c, iteration); });
      });
      pool_.run(groups_.size(), [&](std::size_t g) { groups_[g]->adapt(iteration); });
      if (progress) progress->add(static_cast<double>(groups_.size() * chains));
    }
  }

  HmcGroupWarmup<Model>& group(std::size_t g) { return *groups_[g]; }

 private:
  static constexpr std::size_t kChainsPerTask = 16;  // a multiple of kLanes
  ThreadPool pool_;
  std::vector<std::unique_ptr<HmcGroupWarmup<Model>>> groups_;
};

// Runs the sampling iterations of the W chains from `first` of a warmed-up group side by side,
// on arrays of their own, chain first + w into sinks[w].
template <int W, class Model, class Sink>
void sample_hmc_chains(HmcGroupWarmup<Model>& group, const SamplingJob& job,
                       const SamplerSettings& s, int first, Sink* sinks) {
  const Model& model = hmc_model<Model>(job);
  const auto d = static_cast<std::size_t>(model.dim());
  const std::size_t block = d * W;
  std::vector<double> arrays(6 * block + W);
  double* a = arrays.data();
  const HmcChainView own{
      a, a + block, a + 6 * block, a + 2 * block, a + 3 * block, a + 4 * block, a + 5 * block, W};
  const HmcChainView warm = group.view(first);
  for (std::size_t j = 0; j < d; ++j) {
    for (std::size_t w = 0; w < W; ++w) {
      own.q[j * W + w] = warm.q[j * warm.stride + w];
      own.grad[j * W + w] = warm.grad[j * warm.stride + w];
    }
  }
  for (std::size_t w = 0; w < W; ++w) own.log_density[w] = warm.log_density[w];
  run_hmc_chains<W>(model, own, group.tuning(), chain_plan(s), job.question, group.stream(first),
                    sinks);
}

// Every draw of every chain: sampler(group, first, count, sinks) runs chains first, ...,
// first + count - 1 into their DrawWriters, `per_task` chains a task.
template <class Sampler>
std::vector<GroupDraws> keep_draws(const std::vector<SamplingJob>& jobs, const SamplerSettings& s,
                                   int per_task, Progress* progress, Sampler&& sampler) {
  std::vector<GroupDraws> out;
  for (const auto& job : jobs)
    out.emplace_back(s.chains, s.draws, job.studies(), job.question.has_threshold,
                     job.model == ModelKind::binomial);
  const auto tasks_per_group = static_cast<std::size_t>((s.chains + per_task - 1) / per_task);
  parallel_for(jobs.size() * tasks_per_group, s.threads, [&](std::size_t task) {
    const std::size_t group = task / tasks_per_group;
    const int first = static_cast<int>(task % tasks_per_group) * per_task;
    const int count = std::min(per_task, s.chains - first);
    std::vector<DrawWriter> writers;
    for (int c = first; c < first + count; ++c)
      writers.emplace_back(arrays_of(out[group]), static_cast<std::uint32_t>(c),
                           static_cast<std::uint32_t>(s.draws), jobs[group].question.has_threshold);
    sampler(group, first, count, writers.data());
    if (progress)
      progress->add(count * (s.sampler == SamplerKind::hmc ? s.draws : s.warmup + s.draws));
  });
  return out;
}

// The streamed summaries of every chain, blocks of chains in passes (see kBlocksPerPass):
// sampler(group, first, count, sinks) runs chains first, ..., first + count - 1 into their
// SummarySinks. A task runs whole blocks, as many as `per_task` chains side by side need; each
// chain's record is added to its block's partial record in chain order, so the sums are those
// of one chain at a time.
template <class Sampler>
std::vector<GroupSummary> keep_summaries(const std::vector<SamplingJob>& jobs,
                                         const std::vector<GroupPlan>& plans,
                                         const SamplerSettings& s, int per_task, Progress* progress,
                                         Sampler&& sampler) {
  const int per_block = chains_per_block(s.draws, s.chains);
  const auto blocks_per_group = static_cast<std::size_t>((s.chains + per_block - 1) / per_block);
  const auto blocks_per_task = static_cast<std::size_t>((per_task + per_block - 1) / per_block);
  const std::size_t tasks_per_group = (blocks_per_group + blocks_per_task - 1) / blocks_per_task;
  const std::size_t tasks_per_pass = std::max<std::size_t>(1, kBlocksPerPass / blocks_per_task);
  const double total_draws = 2.0 * s.chains * (s.draws / 2);
  const std::size_t fields = RecordLayout::size();

  std::vector<GroupSummary> out;
  for (const auto& job : jobs) out.emplace_back(s.chains, s.draws, job.studies());
  std::vector<std::mutex> histogram_locks(jobs.size());
  std::vector<double> partial(tasks_per_pass * blocks_per_task * fields);
  // The blocks of task j of a group: [first, end).
  const auto blocks_of = [&](std::size_t j) {
    const std::size_t first = j * blocks_per_task;
    return std::make_pair(first, std::min(blocks_per_group, first + blocks_per_task));
  };
  const std::size_t tasks = jobs.size() * tasks_per_group;
  for (std::size_t first = 0; first < tasks; first += tasks_per_pass) {
    const std::size_t count = std::min(tasks_per_pass, tasks - first);
    std::fill(partial.begin(), partial.end(), 0.0);
    parallel_for(count, s.threads, [&](std::size_t j) {
      const std::size_t group = (first + j) / tasks_per_group;
      const auto [first_block, end_block] = blocks_of((first + j) % tasks_per_group);
      GroupSummary& summary = out[group];
      std::vector<std::uint64_t> histogram(summary.histogram.size(), 0);
      std::vector<double> records(static_cast<std::size_t>(per_task) * fields);
      double* totals = partial.data() + j * blocks_per_task * fields;
      const int begin = static_cast<int>(first_block) * per_block;
      const int end = std::min(s.chains, static_cast<int>(end_block) * per_block);
      // One allocation a task, not a chain: a run may have hundreds of thousands of chains.
      std::vector<SummarySink<BlockCounter>> sinks;
      sinks.reserve(static_cast<std::size_t>(per_task));
      for (int chain = begin; chain < end; chain += per_task) {
        const int n = std::min(per_task, end - chain);
        sinks.clear();
        for (int w = 0; w < n; ++w)
          sinks.emplace_back(plans[group].plan, plans[group].theta_bins.data(),
                             records.data() + static_cast<std::size_t>(w) * fields, 1,
                             BlockCounter{histogram.data()}, static_cast<std::uint32_t>(s.draws),
                             total_draws, superchain_of(chain + w, s.chains, s.hmc.superchains));
        sampler(group, chain, n, sinks.data());
        for (int w = 0; w < n; ++w) {
          const auto block = static_cast<std::size_t>((chain + w) / per_block) - first_block;
          const double* record = records.data() + static_cast<std::size_t>(w) * fields;
          for (std::size_t f = 0; f < fields; ++f) totals[block * fields + f] += record[f];
        }
        if (progress)
          progress->add(n * (s.sampler == SamplerKind::hmc ? s.draws : s.warmup + s.draws));
      }
      // Counts are integers: the order in which tasks add them does not matter.
      const std::lock_guard<std::mutex> lock(histogram_locks[group]);
      for (std::size_t h = 0; h < histogram.size(); ++h) summary.histogram[h] += histogram[h];
    });
    for (std::size_t j = 0; j < count; ++j) {
      const auto [first_block, end_block] = blocks_of((first + j) % tasks_per_group);
      std::vector<double>& totals = out[(first + j) / tasks_per_group].totals;
      for (std::size_t b = 0; b < end_block - first_block; ++b)
        for (std::size_t f = 0; f < fields; ++f)
          totals[f] += partial[(j * blocks_per_task + b) * fields + f];
    }
  }
  return out;
}

// HMC over jobs of one model: warmup in lockstep, then the chains sample, side by side, through
// keep (keep_draws or keep_summaries, called with the chains per task and the sampler); the
// adapted step sizes recorded.
template <class Model, class Keep>
auto run_hmc(const std::vector<SamplingJob>& jobs, const SamplerSettings& settings,
             Progress* progress, Keep&& keep) {
  HmcWarmups<Model> warm(jobs, settings, progress);
  auto out = keep(chains_per_task(true, jobs.size(), settings), [&](std::size_t g, int first,
                                                                    int count, auto* sinks) {
    side_by_side(first, count, [&](auto lanes, int c) {
      sample_hmc_chains<lanes>(warm.group(g), jobs[g], settings, c, sinks + (c - first));
    });
  });
  for (std::size_t g = 0; g < jobs.size(); ++g) {
    out[g].step_size = warm.group(g).tuning().step_size;
    out[g].superchains = std::min(settings.hmc.superchains, settings.chains);
  }
  return out;
}

// Runs jobs of one model with the sampler the settings name (HMC for the binomial model): keep
// (keep_draws or keep_summaries over the jobs) runs the chains through the sampler it is given.
template <class Keep>
auto run_jobs(const std::vector<SamplingJob>& jobs, const SamplerSettings& settings, ModelKind kind,
              Progress* progress, Keep&& keep) {
  if (kind == ModelKind::binomial)
    return run_hmc<BinomialNormalModel>(jobs, settings, progress, keep);
  if (settings.sampler == SamplerKind::hmc)
    return run_hmc<NoncentredNormalModel>(jobs, settings, progress, keep);
  const PhiloxKey key = seed_key(settings.seed);
  return keep(chains_per_task(false, jobs.size(), settings),
              [&](std::size_t g, int first, int count, auto* sinks) {
                const SamplingJob& job = jobs[g];
                for (int c = first; c < first + count; ++c) {
                  const ChainStream stream{key, job.stream_group, static_cast<std::uint32_t>(c)};
                  run_chain(job.data, job.proposal, chain_plan(settings), job.question, stream,
                            sinks[c - first]);
                }
              });
}

}  // namespace

std::vector<GroupDraws> sample_on_cpu(const std::vector<SamplingJob>& all_jobs,
                                      const SamplerSettings& all_settings, Progress* progress) {
  return by_model<GroupDraws>(
      all_jobs, all_settings, [&](const auto& part, const auto& settings, ModelKind kind) {
        const std::vector<SamplingJob> jobs = select(all_jobs, part);
        return run_jobs(jobs, settings, kind, progress, [&](int per_task, auto&& sampler) {
          return keep_draws(jobs, settings, per_task, progress, sampler);
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
        return run_jobs(jobs, settings, kind, progress, [&](int per_task, auto&& sampler) {
          return keep_summaries(jobs, plans, settings, per_task, progress, sampler);
        });
      });
}

}  // namespace metamc
