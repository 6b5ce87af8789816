// The simulation study's batches on the GPU (simulate/replicate_batch.hpp): one thread per
// replicate, running the host/device function the CPU's tests check. CUDA code: kernels/ only.
#include <cuda_runtime.h>

#include <chrono>
#include <string>

#include "cuda_support.cuh"
#include "metamc/simulate/replicate_batch.hpp"

namespace metamc {
namespace {

// Replicate first + i into out[i * kIntervalMethods ...]; on_host[i] = 1 when its quadrature
// needs more nodes than the thread's arrays hold. The batch, by value, lives in the constant
// bank, which serves a warp reading the same trial's standard error in one broadcast; the
// scratch arrays are local memory, which the hardware interleaves across a warp's threads so
// that their j-th elements coalesce.
__global__ void __launch_bounds__(kThreadsPerBlock)
    fit_batch_replicates(const EffectBatch batch, unsigned long long first, int count,
                         ReplicateOutcome* out, unsigned char* on_host) {
  const int i = static_cast<int>(blockIdx.x) * kThreadsPerBlock + static_cast<int>(threadIdx.x);
  if (i >= count) return;
  EffectBatchScratch scratch;
  ReplicateOutcome o[kIntervalMethods];
  const bool to_host = fit_batch_replicate(
      batch, static_cast<std::uint32_t>(first + static_cast<unsigned long long>(i)), scratch, o);
  ReplicateOutcome* mine = out + static_cast<long long>(i) * kIntervalMethods;
  for (int m = 0; m < kIntervalMethods; ++m) mine[m] = o[m];
  on_host[i] = to_host ? 1 : 0;
}

}  // namespace

BatchOutcomes fit_batch_on_cuda(const EffectBatch& batch, std::uint64_t first, std::uint64_t last,
                                int device, CudaBatchTiming* timing) {
  if (last < first || last - first > kBatchReplicates)
    throw UsageError("fit_batch_on_cuda: at most " + std::to_string(kBatchReplicates) +
                     " replicates per call");
  BatchOutcomes result;
  const int count = static_cast<int>(last - first);
  if (count == 0) return result;
  const auto start = std::chrono::steady_clock::now();
  use_device(device);
  const std::size_t outcomes = static_cast<std::size_t>(count) * kIntervalMethods;
  require_free_memory(outcomes * sizeof(ReplicateOutcome) + static_cast<std::size_t>(count),
                      "the replicates' outcomes");
  DeviceArray<ReplicateOutcome> out(outcomes);
  DeviceArray<unsigned char> on_host(static_cast<std::size_t>(count));
  EventTimer timer;
  timer.start();
  fit_batch_replicates<<<(count + kThreadsPerBlock - 1) / kThreadsPerBlock, kThreadsPerBlock>>>(
      batch, first, count, out.get(), on_host.get());
  finish_kernel("fit_batch_replicates");
  const double kernel_seconds = timer.stop();

  result.outcomes = out.download();
  const std::vector<unsigned char> flags = on_host.download();
  for (int i = 0; i < count; ++i)
    if (flags[static_cast<std::size_t>(i)]) result.bayes_on_host.push_back(first + i);
  if (timing) {
    timing->kernel_seconds += kernel_seconds;
    timing->total_seconds += seconds_since(start);
  }
  return result;
}

}  // namespace metamc
