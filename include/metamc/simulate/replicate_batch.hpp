// Batches of effect-size replicates: fit_batch_replicate (effect_replicate.hpp) over a range of
// replicates of many scenarios (of many designs) at once, on the GPU (one thread per replicate, a
// block 128 of them, one launch up to kBatchReplicates: kernels/simulation_kernels.cu; builds
// without nvcc link kernels/cuda_unavailable.cpp) or, replicate by replicate, on the host. The
// outcomes come back to the host, which tallies them as it tallies the CPU's
// (performance_tally.hpp).
#ifndef METAMC_SIMULATE_REPLICATE_BATCH_HPP
#define METAMC_SIMULATE_REPLICATE_BATCH_HPP

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "metamc/error.hpp"
#include "metamc/simulate/effect_replicate.hpp"

namespace metamc {

/// The most replicates of one run of batches (scenarios times replicates), so that the outcomes
/// on the device and the host stay bounded (2^18 x 7 outcomes: 88 MB).
constexpr std::uint64_t kBatchReplicates = 1u << 18;

/// The outcomes of replicates [first, last) of each of n batches: row b (last - first) + i is
/// replicate first + i of batch b.
struct BatchOutcomes {
  std::vector<ReplicateOutcome> outcomes;  // kIntervalMethods per row, in row order
  // Rows whose quadrature needs more than kBatchMaxNodes nodes: their Bayes outcome is left to
  // the host (exact_intervals); every other outcome is there.
  std::vector<std::uint64_t> bayes_on_host;
};

/// Runs replicates [first, last) of every batch, at most kBatchReplicates rows in all.
using BatchRunner = std::function<BatchOutcomes(const std::vector<EffectBatch>&,
                                                std::uint64_t first, std::uint64_t last)>;

/// On the host, one row after another: what the kernel does, for the tests of the batches'
/// tallies without a GPU. UsageError for more than kBatchReplicates rows.
BatchOutcomes fit_batch_on_host(const std::vector<EffectBatch>& batches, std::uint64_t first,
                                std::uint64_t last);

struct CudaBatchTiming {
  double kernel_seconds = 0;  // the kernels alone (CUDA events)
  double total_seconds = 0;   // with the device's selection, allocations and copies
};

/// On GPU `device`, in one launch: fit_batch_replicate's outcomes up to the device's rounding
/// (its FMA contraction and libm). UnavailableError without a usable GPU; UsageError for more than
/// kBatchReplicates rows; CudaError when the kernel fails. Adds its times to `timing` when given.
BatchOutcomes fit_batch_on_cuda(const std::vector<EffectBatch>& batches, std::uint64_t first,
                                std::uint64_t last, int device, CudaBatchTiming* timing = nullptr);

/// The rows of n batches of replicates [first, last), checked against kBatchReplicates
/// (UsageError). Inline: the CUDA library, linked after the core, calls it too.
inline std::uint64_t batch_rows(std::size_t batches, std::uint64_t first, std::uint64_t last) {
  const std::uint64_t count = last >= first ? last - first : 0;
  if (last < first || (count > 0 && batches > kBatchReplicates / count))
    throw UsageError("a run of batches holds at most " + std::to_string(kBatchReplicates) +
                     " replicates");
  return batches * count;
}

}  // namespace metamc

#endif  // METAMC_SIMULATE_REPLICATE_BATCH_HPP
