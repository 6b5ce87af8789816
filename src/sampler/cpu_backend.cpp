#include "metamc/sampler/cpu_backend.hpp"

#include <algorithm>

#include "metamc/parallel_for.hpp"
#include "metamc/sampler/chain_summary.hpp"
#include "metamc/sampler/collapsed_sampler.hpp"
#include "metamc/sampler/draw_writer.hpp"

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
          g.accepted.data(),
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

constexpr int kChainsPerBlock = 64;  // the CPU's analogue of a CUDA block: one histogram each

}  // namespace

std::vector<GroupDraws> sample_on_cpu(const std::vector<SamplingJob>& jobs,
                                      const SamplerSettings& settings) {
  std::vector<GroupDraws> out;
  for (const auto& job : jobs)
    out.emplace_back(settings.chains, settings.draws, job.data.k, job.threshold.has_value());
  const ChainPlan plan{static_cast<std::uint32_t>(settings.warmup),
                       static_cast<std::uint32_t>(settings.draws)};
  const PhiloxKey key = seed_key(settings.seed);

  const auto chains = static_cast<std::size_t>(settings.chains);
  parallel_for(jobs.size() * chains, settings.threads, [&](std::size_t task) {
    const std::size_t group = task / chains;
    const int chain = static_cast<int>(task % chains);
    const SamplingJob& job = jobs[group];
    DrawWriter writer(arrays_of(out[group]), static_cast<std::uint32_t>(chain), plan.draws,
                      job.benefit == Benefit::lower, job.threshold ? &*job.threshold : nullptr);
    const ChainStream stream{key, job.stream_group, static_cast<std::uint32_t>(chain)};
    run_chain(job.data, job.proposal, plan, stream, writer);
  });
  return out;
}

std::vector<GroupSummary> summarise_on_cpu(const std::vector<SamplingJob>& jobs,
                                           const std::vector<GroupPlan>& plans,
                                           const SamplerSettings& settings) {
  const ChainPlan plan{static_cast<std::uint32_t>(settings.warmup),
                       static_cast<std::uint32_t>(settings.draws)};
  const PhiloxKey key = seed_key(settings.seed);
  const int blocks_per_group = (settings.chains + kChainsPerBlock - 1) / kChainsPerBlock;
  const double total_draws = 2.0 * settings.chains * (settings.draws / 2);

  // Each block of chains fills a partial summary; partials are added per group afterwards, in a
  // fixed order, so the result does not depend on the threads.
  std::vector<GroupSummary> partial;
  for (const auto& job : jobs)
    for (int b = 0; b < blocks_per_group; ++b)
      partial.emplace_back(settings.chains, settings.draws, job.data.k);
  parallel_for(partial.size(), settings.threads, [&](std::size_t task) {
    const std::size_t group = task / static_cast<std::size_t>(blocks_per_group);
    const int block = static_cast<int>(task % static_cast<std::size_t>(blocks_per_group));
    GroupSummary& out = partial[task];
    std::vector<double> record(RecordLayout::size());
    const int first = block * kChainsPerBlock;
    const int last = std::min(settings.chains, first + kChainsPerBlock);
    for (int chain = first; chain < last; ++chain) {
      SummarySink<BlockCounter> sink(plans[group].plan, plans[group].theta_bins.data(),
                                     record.data(), 1, BlockCounter{out.histogram.data()},
                                     plan.draws, total_draws);
      const ChainStream stream{key, jobs[group].stream_group, static_cast<std::uint32_t>(chain)};
      run_chain(jobs[group].data, jobs[group].proposal, plan, stream, sink);
      for (std::size_t f = 0; f < record.size(); ++f) out.totals[f] += record[f];
    }
  });

  std::vector<GroupSummary> out;
  for (std::size_t g = 0; g < jobs.size(); ++g) {
    GroupSummary total(settings.chains, settings.draws, jobs[g].data.k);
    for (int b = 0; b < blocks_per_group; ++b) {
      const GroupSummary& p =
          partial[g * static_cast<std::size_t>(blocks_per_group) + static_cast<std::size_t>(b)];
      for (std::size_t f = 0; f < total.totals.size(); ++f) total.totals[f] += p.totals[f];
      for (std::size_t h = 0; h < total.histogram.size(); ++h) total.histogram[h] += p.histogram[h];
    }
    out.push_back(std::move(total));
  }
  return out;
}

}  // namespace metamc
