// Batches of effect-size replicates: fit_batch_replicate (effect_replicate.hpp) over a range of
// replicates of one scenario, on the GPU (one thread per replicate, a block 128 of them, one
// launch up to kBatchReplicates: kernels/simulation_kernels.cu; builds without nvcc link
// kernels/cuda_unavailable.cpp) or, replicate by replicate, on the host. The outcomes come back to
// the host, which tallies them as it tallies the CPU's (performance_tally.hpp).
#ifndef METAMC_SIMULATE_REPLICATE_BATCH_HPP
#define METAMC_SIMULATE_REPLICATE_BATCH_HPP

#include <cstdint>
#include <functional>
#include <vector>

#include "metamc/simulate/effect_replicate.hpp"

namespace metamc {

/// The most replicates of one batch, so that the outcomes on the device and the host stay
/// bounded (2^18 x 7 outcomes: 88 MB).
constexpr std::uint64_t kBatchReplicates = 1u << 18;

struct BatchOutcomes {
  std::vector<ReplicateOutcome> outcomes;  // kIntervalMethods per replicate, in replicate order
  // Replicates whose quadrature needs more than kBatchMaxNodes nodes: their Bayes outcome is left
  // to the host (exact_intervals); every other outcome is there.
  std::vector<std::uint64_t> bayes_on_host;
};

/// Runs replicates [first, last) of a batch, at most kBatchReplicates of them.
using BatchRunner =
    std::function<BatchOutcomes(const EffectBatch&, std::uint64_t first, std::uint64_t last)>;

/// On the host, one replicate after another: what the kernel does, for the tests of the batches'
/// tallies without a GPU.
BatchOutcomes fit_batch_on_host(const EffectBatch& batch, std::uint64_t first, std::uint64_t last);

struct CudaBatchTiming {
  double kernel_seconds = 0;  // the kernels alone (CUDA events)
  double total_seconds = 0;   // with the device's selection, allocations and copies
};

/// On GPU `device`: fit_batch_replicate's outcomes up to the device's rounding (its FMA
/// contraction and libm). UnavailableError without a usable GPU; CudaError when the kernel fails.
/// Adds its times to `timing` when given.
BatchOutcomes fit_batch_on_cuda(const EffectBatch& batch, std::uint64_t first, std::uint64_t last,
                                int device, CudaBatchTiming* timing = nullptr);

}  // namespace metamc

#endif  // METAMC_SIMULATE_REPLICATE_BATCH_HPP
