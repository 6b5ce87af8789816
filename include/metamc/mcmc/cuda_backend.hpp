// The CUDA backend, seen from the host: plain C++ types only (the implementation, with every
// CUDA call, is kernels/cuda_backend.cu; builds without nvcc link kernels/cuda_unavailable.cpp
// instead). One thread runs one chain with the same host/device functions as the CPU backend; one
// launch runs every chain of every group.
#ifndef METAMC_MCMC_CUDA_BACKEND_HPP
#define METAMC_MCMC_CUDA_BACKEND_HPP

#include <string>
#include <vector>

#include "metamc/mcmc/cpu_backend.hpp"

namespace metamc {

/// Number of usable CUDA devices: 0 when built without CUDA, without a driver or without a GPU.
int cuda_device_count();

/// Why no CUDA device is usable, in the CUDA runtime's words ("CUDA driver version is
/// insufficient for CUDA runtime version", "no CUDA-capable device is detected", ...), or that
/// the build has no CUDA backend; "" when a device is usable.
std::string cuda_unavailable_reason();

/// "NVIDIA H100 80GB HBM3 (compute 9.0)"; UnavailableError when the device is not usable.
std::string cuda_device_name(int device);

/// Wall times of a GPU run and the path it took, for the benchmarks and tests.
struct CudaTiming {
  double kernel_seconds = 0;       // the kernels alone (CUDA events), HMC's warmup included
  double warmup_seconds = 0;       // HMC: the warmup's kernels (CUDA events)
  double total_seconds = 0;        // uploads, kernel, reductions and downloads
  bool shared_histograms = false;  // summary mode counted its histograms in shared memory
};

/// Summary mode on GPU `device`: the same records and histograms as summarise_on_cpu (up to
/// floating-point rounding), reduced over chains on the device. Histograms are counted with
/// global atomics, the faster path on an H200; METAMC_CUDA_HISTOGRAMS=shared counts them in shared
/// memory where they fit (for measurements and its test). UnavailableError
/// without a GPU; UsageError when the chains' records would not fit in the GPU's free memory;
/// CudaError naming the kernel when one fails. No jobs: no summaries, and no GPU needed.
std::vector<GroupSummary> summarise_on_cuda(const std::vector<SamplingJob>& jobs,
                                            const std::vector<GroupPlan>& plans,
                                            const SamplerSettings& settings, int device,
                                            CudaTiming* timing = nullptr);

/// Full draws on GPU `device`, as sample_on_cpu (for --draws-out and the parity tests); the same
/// errors as summarise_on_cuda.
std::vector<GroupDraws> sample_on_cuda(const std::vector<SamplingJob>& jobs,
                                       const SamplerSettings& settings, int device,
                                       CudaTiming* timing = nullptr);

}  // namespace metamc

#endif  // METAMC_MCMC_CUDA_BACKEND_HPP
