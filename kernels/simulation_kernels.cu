// The simulation study's batches on the GPU (simulate/replicate_batch.hpp): one thread per
// replicate, running the host/device function the CPU's tests check. CUDA code: kernels/ only.
#include <cuda_runtime.h>

#include <chrono>
#include <string>

#include "cuda_support.cuh"
#include "metamc/simulate/replicate_batch.hpp"

namespace metamc {
namespace {

// Row `row` (replicate first + row % count of batch row / count) into out[row * kIntervalMethods
// ...]; on_host[row] = 1 when its quadrature needs more nodes than the thread's arrays hold. The
// batches sit in global memory: a warp's threads read the same batch (L1 serves them together).
// The scratch arrays are local memory, which the hardware interleaves across a warp's threads so
// that their j-th elements coalesce.
__global__ void __launch_bounds__(kThreadsPerBlock)
    fit_batch_replicates(const EffectBatch* __restrict__ batches, unsigned long long first,
                         long long count, long long rows, ReplicateOutcome* out,
                         unsigned char* on_host) {
  const long long row =
      static_cast<long long>(blockIdx.x) * kThreadsPerBlock + static_cast<long long>(threadIdx.x);
  if (row >= rows) return;
  EffectBatchScratch scratch;
  ReplicateOutcome o[kIntervalMethods];
  const bool to_host = fit_batch_replicate(
      batches[row / count],
      static_cast<std::uint32_t>(first + static_cast<unsigned long long>(row % count)), scratch, o);
  ReplicateOutcome* mine = out + row * kIntervalMethods;
  for (int m = 0; m < kIntervalMethods; ++m) mine[m] = o[m];
  on_host[row] = to_host ? 1 : 0;
}

// Refuses a launch whose arrays, with the local memory the driver reserves for the kernel's
// 19 KB per thread on every thread the device can hold at once (about 5 GB on an H100), would not
// fit in the device's free memory.
void require_room(int device, std::size_t arrays) {
  cudaFuncAttributes kernel{};
  METAMC_CUDA_CHECK(cudaFuncGetAttributes(&kernel, fit_batch_replicates));
  int threads_per_sm = 0, sms = 0;
  METAMC_CUDA_CHECK(
      cudaDeviceGetAttribute(&threads_per_sm, cudaDevAttrMaxThreadsPerMultiProcessor, device));
  METAMC_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
  const std::size_t local = kernel.localSizeBytes * static_cast<std::size_t>(threads_per_sm) *
                            static_cast<std::size_t>(sms);
  require_free_memory(arrays + local,
                      "the GPU simulation's outcomes and its threads' working arrays (" +
                          std::to_string(local >> 20) + " MiB)",
                      "use --backend cpu");
}

}  // namespace

BatchOutcomes fit_batch_on_cuda(const std::vector<EffectBatch>& batches, std::uint64_t first,
                                std::uint64_t last, int device, CudaBatchTiming* timing) {
  const std::uint64_t rows = batch_rows(batches.size(), first, last);
  BatchOutcomes result;
  if (rows == 0) return result;
  const auto start = std::chrono::steady_clock::now();
  use_device(device);
  const std::size_t outcomes = static_cast<std::size_t>(rows) * kIntervalMethods;
  require_room(device, outcomes * sizeof(ReplicateOutcome) + static_cast<std::size_t>(rows) +
                           batches.size() * sizeof(EffectBatch));
  const DeviceArray<EffectBatch> on_device(batches);
  DeviceArray<ReplicateOutcome> out(outcomes);
  DeviceArray<unsigned char> on_host(static_cast<std::size_t>(rows));
  EventTimer timer;
  timer.start();
  const auto blocks = static_cast<unsigned>((rows + kThreadsPerBlock - 1) / kThreadsPerBlock);
  fit_batch_replicates<<<blocks, kThreadsPerBlock>>>(
      on_device.get(), first, static_cast<long long>(last - first), static_cast<long long>(rows),
      out.get(), on_host.get());
  finish_kernel("fit_batch_replicates");
  const double kernel_seconds = timer.stop();

  result.outcomes = out.download();
  const std::vector<unsigned char> flags = on_host.download();
  for (std::uint64_t row = 0; row < rows; ++row)
    if (flags[static_cast<std::size_t>(row)]) result.bayes_on_host.push_back(row);
  if (timing) {
    timing->kernel_seconds += kernel_seconds;
    timing->total_seconds += seconds_since(start);
  }
  return result;
}

}  // namespace metamc
