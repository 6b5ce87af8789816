// The streamed summary of all chains of one group (summary mode of either backend).
#ifndef METAMC_MCMC_SINKS_GROUP_SUMMARY_HPP
#define METAMC_MCMC_SINKS_GROUP_SUMMARY_HPP

#include <cstdint>
#include <vector>

#include "metamc/mcmc/sinks/summary_sink.hpp"

namespace metamc {

struct GroupSummary {
  int chains = 0, draws = 0, k = 0;
  std::vector<double> totals;            // chain records (RecordLayout) summed over the chains
  std::vector<std::uint64_t> histogram;  // (kHistogramTheta + k) x kHistogramStride counts
  double step_size = 0;                  // HMC: the adapted step size (0 for the collapsed sampler)
  int superchains = 0;                   // HMC: chains started in this many superchains

  GroupSummary() = default;
  GroupSummary(int chains_, int draws_, int k_)
      : chains(chains_),
        draws(draws_),
        k(k_),
        totals(RecordLayout::size(), 0.0),
        histogram(static_cast<std::size_t>(kHistogramTheta + k_) * kHistogramStride, 0) {}
};

/// The plan of a group with the grids of its k shrunken effects.
struct GroupPlan {
  SummaryPlan plan;
  std::vector<BinGrid> theta_bins;
};

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_GROUP_SUMMARY_HPP
