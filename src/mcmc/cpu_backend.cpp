#include "metamc/mcmc/cpu_backend.hpp"

#include <algorithm>
#include <mutex>

#include "metamc/mcmc/collapsed/collapsed_sampler.hpp"
#include "metamc/mcmc/sinks/draw_writer.hpp"
#include "metamc/mcmc/sinks/summary_sink.hpp"
#include "metamc/parallel_for.hpp"

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
          g.size()};
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
// partial record. Short chains come in larger blocks, so that clearing and merging a block's
// histogram costs little next to running its chains.
int chains_per_block(int draws) {
  return 64 * std::max(1, 1000 / std::max(draws, 1));
}

// Blocks run at once: their partial records are summed in block order after each pass, so the
// totals do not depend on the threads, and memory does not grow with the number of chains.
constexpr std::size_t kBlocksPerPass = 256;

ChainPlan chain_plan(const SamplerSettings& settings) {
  return {static_cast<std::uint32_t>(settings.warmup), static_cast<std::uint32_t>(settings.draws)};
}

}  // namespace

std::vector<GroupDraws> sample_on_cpu(const std::vector<SamplingJob>& jobs,
                                      const SamplerSettings& settings, Progress* progress) {
  std::vector<GroupDraws> out;
  for (const auto& job : jobs)
    out.emplace_back(settings.chains, settings.draws, job.data.k, job.question.has_threshold);
  const ChainPlan plan = chain_plan(settings);
  const PhiloxKey key = seed_key(settings.seed);

  const auto chains = static_cast<std::size_t>(settings.chains);
  parallel_for(jobs.size() * chains, settings.threads, [&](std::size_t task) {
    const std::size_t group = task / chains;
    const int chain = static_cast<int>(task % chains);
    const SamplingJob& job = jobs[group];
    DrawWriter writer(arrays_of(out[group]), static_cast<std::uint32_t>(chain), plan.draws,
                      job.question.has_threshold);
    const ChainStream stream{key, job.stream_group, static_cast<std::uint32_t>(chain)};
    run_chain(job.data, job.proposal, plan, job.question, stream, writer);
    if (progress) progress->add(1);
  });
  return out;
}

std::vector<GroupSummary> summarise_on_cpu(const std::vector<SamplingJob>& jobs,
                                           const std::vector<GroupPlan>& plans,
                                           const SamplerSettings& settings, Progress* progress) {
  const ChainPlan plan = chain_plan(settings);
  const PhiloxKey key = seed_key(settings.seed);
  const int per_block = chains_per_block(settings.draws);
  const auto blocks_per_group =
      static_cast<std::size_t>((settings.chains + per_block - 1) / per_block);
  const double total_draws = 2.0 * settings.chains * (settings.draws / 2);
  const std::size_t fields = RecordLayout::size();

  std::vector<GroupSummary> out;
  for (const auto& job : jobs) out.emplace_back(settings.chains, settings.draws, job.data.k);
  std::vector<std::mutex> histogram_locks(jobs.size());
  std::vector<double> partial(kBlocksPerPass * fields);
  const std::size_t blocks = jobs.size() * blocks_per_group;
  for (std::size_t first = 0; first < blocks; first += kBlocksPerPass) {
    const std::size_t count = std::min(kBlocksPerPass, blocks - first);
    std::fill(partial.begin(), partial.end(), 0.0);
    parallel_for(count, settings.threads, [&](std::size_t j) {
      const std::size_t group = (first + j) / blocks_per_group;
      const int block = static_cast<int>((first + j) % blocks_per_group);
      GroupSummary& summary = out[group];
      std::vector<std::uint64_t> histogram(summary.histogram.size(), 0);
      std::vector<double> record(fields);
      double* totals = partial.data() + j * fields;
      const int begin = block * per_block;
      const int end = std::min(settings.chains, begin + per_block);
      for (int chain = begin; chain < end; ++chain) {
        SummarySink<BlockCounter> sink(plans[group].plan, plans[group].theta_bins.data(),
                                       record.data(), 1, BlockCounter{histogram.data()}, plan.draws,
                                       total_draws);
        const ChainStream stream{key, jobs[group].stream_group, static_cast<std::uint32_t>(chain)};
        run_chain(jobs[group].data, jobs[group].proposal, plan, jobs[group].question, stream, sink);
        for (std::size_t f = 0; f < fields; ++f) totals[f] += record[f];
        if (progress) progress->add(1);
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

}  // namespace metamc
