// The CUDA backend, seen from the host: plain C++ types only (the implementation, with every
// CUDA call, is kernels/cuda_backend.cu; builds without nvcc link src/sampler/cuda_unavailable.cpp
// instead). One thread runs one chain with the same host/device functions as the CPU backend; one
// launch runs every chain of every group.
#ifndef METAMC_SAMPLER_CUDA_BACKEND_HPP
#define METAMC_SAMPLER_CUDA_BACKEND_HPP

#include <string>
#include <vector>

#include "metamc/sampler/cpu_backend.hpp"

namespace metamc {

/// Number of usable CUDA devices: 0 when built without CUDA, without a driver or without a GPU.
int cuda_device_count();

/// "NVIDIA H100 80GB HBM3 (compute 9.0)"; UnavailableError when the device is not usable.
std::string cuda_device_name(int device);

/// Wall times of a GPU run, for the benchmarks.
struct CudaTiming {
  double kernel_seconds = 0;  // the sampling kernel alone (CUDA events)
  double total_seconds = 0;   // uploads, kernel, reductions and downloads
};

/// Summary mode on GPU `device`: the same records and histograms as summarise_on_cpu (up to
/// floating-point rounding), reduced over chains on the device. UnavailableError without a GPU.
std::vector<GroupSummary> summarise_on_cuda(const std::vector<SamplingJob>& jobs,
                                            const std::vector<GroupPlan>& plans,
                                            const SamplerSettings& settings, int device,
                                            CudaTiming* timing = nullptr);

/// Full draws on GPU `device`, as sample_on_cpu (for --draws-out and the parity tests).
std::vector<GroupDraws> sample_on_cuda(const std::vector<SamplingJob>& jobs,
                                       const SamplerSettings& settings, int device,
                                       CudaTiming* timing = nullptr);

}  // namespace metamc

#endif  // METAMC_SAMPLER_CUDA_BACKEND_HPP
