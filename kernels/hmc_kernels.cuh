// HMC on the GPU (kernels/hmc_kernels.cu), for the backend's entry points in cuda_backend.cu:
// the lockstep warmup with cross-chain adaptation by warp sums, then the chains' sampling through
// kernels/chain_kernels.cuh, for jobs of one model. The device is selected by the caller; the
// timings add to `timing`.
#ifndef METAMC_KERNELS_HMC_KERNELS_CUH
#define METAMC_KERNELS_HMC_KERNELS_CUH

#include <vector>

#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/cuda_backend.hpp"

namespace metamc {

std::vector<GroupSummary> summarise_hmc_on_cuda(const std::vector<SamplingJob>& jobs,
                                                const std::vector<GroupPlan>& plans,
                                                const SamplerSettings& settings, int device,
                                                ModelKind model, CudaTiming& timing);

std::vector<GroupDraws> sample_hmc_on_cuda(const std::vector<SamplingJob>& jobs,
                                           const SamplerSettings& settings, ModelKind model,
                                           CudaTiming& timing);

}  // namespace metamc

#endif  // METAMC_KERNELS_HMC_KERNELS_CUH
