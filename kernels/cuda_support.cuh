// What every kernel file of the CUDA backend shares: device arrays, timers, launch shapes,
// histogram counters, and the checks that name what failed. CUDA code: kernels/ only.
#ifndef METAMC_KERNELS_CUDA_SUPPORT_CUH
#define METAMC_KERNELS_CUDA_SUPPORT_CUH

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "cuda_check.hpp"
#include "metamc/mcmc/cuda_backend.hpp"
#include "metamc/mcmc/sinks/summary_sink.hpp"

namespace metamc {

constexpr int kThreadsPerBlock = 128;

// An owning device allocation.
template <class T>
class DeviceArray {
 public:
  explicit DeviceArray(std::size_t count) : count_(count) {
    if (count_ > 0) METAMC_CUDA_CHECK(cudaMalloc(&data_, count_ * sizeof(T)));
  }
  explicit DeviceArray(const std::vector<T>& host) : DeviceArray(host.size()) { upload(host); }
  DeviceArray(const DeviceArray&) = delete;
  DeviceArray& operator=(const DeviceArray&) = delete;
  ~DeviceArray() {
    if (data_) cudaFree(data_);  // no throwing from a destructor; errors surface on the next call
  }

  T* get() const { return data_; }
  std::size_t size() const { return count_; }
  void upload(const std::vector<T>& host) {
    if (count_ > 0)
      METAMC_CUDA_CHECK(cudaMemcpy(data_, host.data(), count_ * sizeof(T), cudaMemcpyHostToDevice));
  }
  void zero() {
    if (count_ > 0) METAMC_CUDA_CHECK(cudaMemset(data_, 0, count_ * sizeof(T)));
  }
  /// Elements [offset, offset + count) into `host`.
  void download(std::size_t offset, std::size_t count, T* host) const {
    if (count > 0)
      METAMC_CUDA_CHECK(
          cudaMemcpy(host, data_ + offset, count * sizeof(T), cudaMemcpyDeviceToHost));
  }
  std::vector<T> download() const {
    std::vector<T> host(count_);
    if (count_ > 0)
      METAMC_CUDA_CHECK(cudaMemcpy(host.data(), data_, count_ * sizeof(T), cudaMemcpyDeviceToHost));
    return host;
  }

 private:
  T* data_ = nullptr;
  std::size_t count_;
};

// Histogram counts into the block's shared memory. (Host/device because the sinks are; only
// kernels call it.)
struct SharedCounter {
  unsigned int* counts;
  __host__ __device__ void operator()(int quantity, int bin) const {
#ifdef __CUDA_ARCH__
    atomicAdd(&counts[quantity * kHistogramStride + bin], 1u);
#endif
  }
};

// Histogram counts straight into the group's global histogram (when shared memory is too small).
struct GlobalCounter {
  unsigned long long* counts;
  __host__ __device__ void operator()(int quantity, int bin) const {
#ifdef __CUDA_ARCH__
    atomicAdd(&counts[quantity * kHistogramStride + bin], 1ull);
#endif
  }
};

struct LaunchShape {
  int threads;           // chains per block
  int blocks_per_group;  // blocks per group
};

inline LaunchShape launch_shape(int chains) {
  const int threads = std::min(kThreadsPerBlock, (chains + 31) / 32 * 32);
  return {threads, (chains + threads - 1) / threads};
}

// Selects the device and checks that it is usable.
inline void use_device(int device) {
  const int count = cuda_device_count();
  if (count == 0)
    throw UnavailableError("no usable CUDA GPU (" + cuda_unavailable_reason() +
                           "); use --backend cpu");
  if (device < 0 || device >= count)
    throw UnavailableError("--device " + std::to_string(device) + ": this machine has " +
                           std::to_string(count) + " CUDA device(s), numbered from 0");
  METAMC_CUDA_CHECK(cudaSetDevice(device));
}

// Offsets of the segments of the record array: segment s covers [s chains, (s + 1) chains).
struct SegmentStart {
  long long chains;
  __host__ __device__ long long operator()(long long segment) const { return segment * chains; }
};

class EventTimer {
 public:
  EventTimer() {
    METAMC_CUDA_CHECK(cudaEventCreate(&start_));
    METAMC_CUDA_CHECK(cudaEventCreate(&stop_));
  }
  ~EventTimer() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  void start() { METAMC_CUDA_CHECK(cudaEventRecord(start_)); }
  double stop() {
    METAMC_CUDA_CHECK(cudaEventRecord(stop_));
    METAMC_CUDA_CHECK(cudaEventSynchronize(stop_));
    float ms = 0;
    METAMC_CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
    return ms / 1000.0;
  }

 private:
  cudaEvent_t start_{}, stop_{};
};

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Waits for a kernel just launched, so that a fault names the kernel rather than whichever call
// happens to meet the (sticky) error next.
inline void finish_kernel(const char* kernel) {
  cudaError_t status = cudaGetLastError();
  if (status == cudaSuccess) status = cudaDeviceSynchronize();
  if (status != cudaSuccess)
    throw CudaError(std::string("CUDA error: the kernel ") + kernel +
                    " failed: " + cudaGetErrorString(status));
}

// Refuses a run whose device arrays would not fit in the free memory of the device, with the
// option to change (`remedy`), before anything is allocated.
inline void require_free_memory(
    std::size_t needed, const std::string& what,
    const std::string& remedy = "use fewer chains or draws, or fewer groups per run") {
  std::size_t free_bytes = 0, total_bytes = 0;
  METAMC_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  if (needed > free_bytes / 10 * 9)
    throw UsageError(what + " need " + std::to_string(needed >> 20) +
                     " MiB of GPU memory, more than the " + std::to_string(free_bytes >> 20) +
                     " MiB free; " + remedy);
}

// Shared-memory histograms only when METAMC_CUDA_HISTOGRAMS=shared asks for them, they fit, and
// no bin can pass 2^32 counts in a block (unsigned 32-bit counters). Measured on an H200
// (gpu_throughput --quick, collapsed sampler), global atomics were faster at every k: 1.26 times
// at k = 3, 1.36 at k = 10 and 2.2 at k = 30 for 625 analyses x 128 chains. The shared path needs
// more registers (112 against 94: 4 resident blocks per SM, not 5) and, from k = 14, more shared
// memory than 4 blocks can have, while the global counts of 128 chains rarely collide.
inline bool use_shared_histograms(std::size_t shared_bytes, int device, int threads, int draws) {
  const char* forced = std::getenv("METAMC_CUDA_HISTOGRAMS");
  if (!forced || std::string(forced) != "shared") return false;
  int shared_limit = 0;
  METAMC_CUDA_CHECK(
      cudaDeviceGetAttribute(&shared_limit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
  const bool fits = shared_bytes <= static_cast<std::size_t>(shared_limit);
  const bool no_overflow = static_cast<double>(threads) * draws < 4294967296.0;
  return fits && no_overflow;
}

}  // namespace metamc

#endif  // METAMC_KERNELS_CUDA_SUPPORT_CUH
