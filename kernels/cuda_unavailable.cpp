// The CUDA backend of a build without nvcc: there is never a usable device.
#include "metamc/error.hpp"
#include "metamc/mcmc/cuda_backend.hpp"
#include "metamc/simulate/replicate_batch.hpp"

namespace metamc {
namespace {

[[noreturn]] void unavailable() {
  throw UnavailableError(
      "this metamc was built without the CUDA backend (no nvcc at configure time); rebuild with "
      "nvcc on the PATH or use --backend cpu");
}

}  // namespace

int cuda_device_count() {
  return 0;
}

std::string cuda_unavailable_reason() {
  return "this metamc was built without the CUDA backend";
}

std::string cuda_device_name(int) {
  unavailable();
}

std::vector<GroupSummary> summarise_on_cuda(const std::vector<SamplingJob>& jobs,
                                            const std::vector<GroupPlan>&, const SamplerSettings&,
                                            int, CudaTiming*) {
  if (jobs.empty()) return {};
  unavailable();
}

std::vector<GroupDraws> sample_on_cuda(const std::vector<SamplingJob>& jobs, const SamplerSettings&,
                                       int, CudaTiming*) {
  if (jobs.empty()) return {};
  unavailable();
}

BatchOutcomes fit_batch_on_cuda(const std::vector<EffectBatch>& batches, std::uint64_t first,
                                std::uint64_t last, int, CudaBatchTiming*) {
  if (batch_rows(batches.size(), first, last) == 0) return {};
  unavailable();
}

}  // namespace metamc
