// The CUDA backend: one thread per chain, the chains of a group in consecutive blocks, every
// group of a run in one launch; warmup and sampling in one kernel. The chain itself is
// run_chain() of include/metamc/mcmc/collapsed/collapsed_sampler.hpp, the same code the CPU runs;
// only the sinks differ in how they count histogram entries (shared-memory atomics here).
//
// Summary mode keeps nothing per draw: each chain writes one record (mcmc/sinks/summary_sink.hpp)
// and the block's histograms; cub::DeviceSegmentedReduce sums the records over each group's chains,
// and only those sums and the histograms leave the device.
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <cub/device/device_segmented_reduce.cuh>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "cuda_check.hpp"
#include "metamc/mcmc/collapsed/collapsed_sampler.hpp"
#include "metamc/mcmc/cuda_backend.hpp"
#include "metamc/mcmc/sinks/draw_writer.hpp"
#include "metamc/mcmc/sinks/summary_sink.hpp"

namespace metamc {
namespace {

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

// What the blocks of one group read: the model, the proposal, the plan.
struct DeviceGroup {
  NormalNormalData data;  // y and s2 point into device memory
  TauProposal proposal;
  SummaryPlan plan;
  const BinGrid* theta_bins;  // device memory, k grids
  std::uint32_t stream_group;
  ProbabilityQuestion question;
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

LaunchShape launch_shape(int chains) {
  const int threads = std::min(kThreadsPerBlock, (chains + 31) / 32 * 32);
  return {threads, (chains + threads - 1) / threads};
}

template <bool kSharedHistogram>
__global__ void summarise_chains(const DeviceGroup* groups, int chains, int blocks_per_group,
                                 ChainPlan plan, PhiloxKey key, double total_draws,
                                 int histogram_quantities, double* records,
                                 unsigned long long* histograms) {
  extern __shared__ unsigned int shared_counts[];
  const int group = static_cast<int>(blockIdx.x) / blocks_per_group;
  const int block = static_cast<int>(blockIdx.x) % blocks_per_group;
  const DeviceGroup& g = groups[group];
  const int quantities = kHistogramTheta + g.data.k;
  unsigned long long* group_histogram =
      histograms + static_cast<std::size_t>(group) * histogram_quantities * kHistogramStride;
  if constexpr (kSharedHistogram) {
    for (int i = threadIdx.x; i < quantities * kHistogramStride; i += blockDim.x)
      shared_counts[i] = 0;
    __syncthreads();
  }
  const int chain = block * static_cast<int>(blockDim.x) + static_cast<int>(threadIdx.x);
  if (chain < chains) {
    double* record =
        records + static_cast<std::size_t>(group) * RecordLayout::size() * chains + chain;
    const ChainStream stream{key, g.stream_group, static_cast<std::uint32_t>(chain)};
    if constexpr (kSharedHistogram) {
      SummarySink<SharedCounter> sink(g.plan, g.theta_bins, record,
                                      static_cast<std::size_t>(chains),
                                      SharedCounter{shared_counts}, plan.draws, total_draws);
      run_chain(g.data, g.proposal, plan, g.question, stream, sink);
    } else {
      SummarySink<GlobalCounter> sink(g.plan, g.theta_bins, record,
                                      static_cast<std::size_t>(chains),
                                      GlobalCounter{group_histogram}, plan.draws, total_draws);
      run_chain(g.data, g.proposal, plan, g.question, stream, sink);
    }
  }
  if constexpr (kSharedHistogram) {
    __syncthreads();
    for (int i = threadIdx.x; i < quantities * kHistogramStride; i += blockDim.x)
      if (shared_counts[i] != 0)
        atomicAdd(&group_histogram[i], static_cast<unsigned long long>(shared_counts[i]));
  }
}

__global__ void sample_chains(const DeviceGroup* groups, const DrawArrays* arrays, int chains,
                              int blocks_per_group, ChainPlan plan, PhiloxKey key) {
  const int group = static_cast<int>(blockIdx.x) / blocks_per_group;
  const int block = static_cast<int>(blockIdx.x) % blocks_per_group;
  const int chain = block * static_cast<int>(blockDim.x) + static_cast<int>(threadIdx.x);
  if (chain >= chains) return;
  const DeviceGroup& g = groups[group];
  DrawWriter writer(arrays[group], static_cast<std::uint32_t>(chain), plan.draws,
                    g.question.has_threshold);
  run_chain(g.data, g.proposal, plan, g.question,
            ChainStream{key, g.stream_group, static_cast<std::uint32_t>(chain)}, writer);
}

// Selects the device and checks that it is usable.
void use_device(int device) {
  const int count = cuda_device_count();
  if (count == 0)
    throw UnavailableError("no usable CUDA GPU (" + cuda_unavailable_reason() +
                           "); use --backend cpu");
  if (device < 0 || device >= count)
    throw UnavailableError("--device " + std::to_string(device) + ": this machine has " +
                           std::to_string(count) + " CUDA device(s), numbered from 0");
  METAMC_CUDA_CHECK(cudaSetDevice(device));
}

// Selects the device and checks that it is usable, for the collapsed sampler.
void use_device(int device, const SamplerSettings& settings) {
  if (settings.sampler != SamplerKind::collapsed)
    throw UnavailableError(
        "the CUDA backend runs the collapsed sampler only so far; use --backend cpu");
  use_device(device);
}

// The groups' data in device memory.
class DeviceGroups {
 public:
  DeviceGroups(const std::vector<SamplingJob>& jobs, const std::vector<GroupPlan>* plans) {
    std::vector<double> y, s2;
    std::vector<BinGrid> theta_bins;
    std::vector<std::size_t> study_offset;
    for (std::size_t g = 0; g < jobs.size(); ++g) {
      study_offset.push_back(y.size());
      const NormalNormalData& d = jobs[g].data;
      y.insert(y.end(), d.y, d.y + d.k);
      s2.insert(s2.end(), d.s2, d.s2 + d.k);
      if (plans)
        theta_bins.insert(theta_bins.end(), (*plans)[g].theta_bins.begin(),
                          (*plans)[g].theta_bins.end());
    }
    y_ = std::make_unique<DeviceArray<double>>(y);
    s2_ = std::make_unique<DeviceArray<double>>(s2);
    theta_bins_ = std::make_unique<DeviceArray<BinGrid>>(theta_bins);
    std::vector<DeviceGroup> groups(jobs.size());
    for (std::size_t g = 0; g < jobs.size(); ++g) {
      DeviceGroup& dg = groups[g];
      dg.data = jobs[g].data;
      dg.data.y = y_->get() + study_offset[g];
      dg.data.s2 = s2_->get() + study_offset[g];
      dg.proposal = jobs[g].proposal;
      if (plans) {
        dg.plan = (*plans)[g].plan;
        dg.theta_bins = theta_bins_->get() + study_offset[g];
      }
      dg.stream_group = jobs[g].stream_group;
      dg.question = jobs[g].question;
    }
    groups_ = std::make_unique<DeviceArray<DeviceGroup>>(groups);
  }

  const DeviceGroup* get() const { return groups_->get(); }

 private:
  std::unique_ptr<DeviceArray<double>> y_, s2_;
  std::unique_ptr<DeviceArray<BinGrid>> theta_bins_;
  std::unique_ptr<DeviceArray<DeviceGroup>> groups_;
};

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

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Waits for a kernel just launched, so that a fault names the kernel rather than whichever call
// happens to meet the (sticky) error next.
void finish_kernel(const char* kernel) {
  cudaError_t status = cudaGetLastError();
  if (status == cudaSuccess) status = cudaDeviceSynchronize();
  if (status != cudaSuccess)
    throw CudaError(std::string("CUDA error: the kernel ") + kernel +
                    " failed: " + cudaGetErrorString(status));
}

// Refuses a run whose device arrays would not fit in the free memory of the device, with the
// option to change, before anything is allocated.
void require_free_memory(std::size_t needed, const std::string& what) {
  std::size_t free_bytes = 0, total_bytes = 0;
  METAMC_CUDA_CHECK(cudaMemGetInfo(&free_bytes, &total_bytes));
  if (needed > free_bytes / 10 * 9)
    throw UsageError(what + " need " + std::to_string(needed >> 20) +
                     " MiB of GPU memory, more than "
                     "the " +
                     std::to_string(free_bytes >> 20) +
                     " MiB free; use fewer chains or "
                     "draws, or fewer groups per run");
}

// Shared-memory histograms: when they fit in a block's shared memory and no bin can pass 2^32
// counts in a block (unsigned 32-bit counters); METAMC_CUDA_HISTOGRAMS=shared|global overrides.
bool use_shared_histograms(std::size_t shared_bytes, int device, int threads, int draws) {
  int shared_limit = 0;
  METAMC_CUDA_CHECK(
      cudaDeviceGetAttribute(&shared_limit, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
  const bool fits = shared_bytes <= static_cast<std::size_t>(shared_limit);
  const bool no_overflow = static_cast<double>(threads) * draws < 4294967296.0;
  const char* forced = std::getenv("METAMC_CUDA_HISTOGRAMS");
  if (forced && std::string(forced) == "global") return false;
  if (forced && std::string(forced) == "shared" && fits) return true;
  return fits && no_overflow;
}

}  // namespace

int cuda_device_count() {
  int count = 0;
  if (cudaGetDeviceCount(&count) != cudaSuccess) {
    cudaGetLastError();  // clear the error (e.g. no driver): "no GPU" is a normal state
    return 0;
  }
  return count;
}

std::string cuda_unavailable_reason() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();
    return std::string(cudaGetErrorString(status)) + " (" + cudaGetErrorName(status) + ")";
  }
  return count > 0 ? "" : "no CUDA device";
}

std::string cuda_device_name(int device) {
  use_device(device);
  cudaDeviceProp properties{};
  METAMC_CUDA_CHECK(cudaGetDeviceProperties(&properties, device));
  return std::string(properties.name) + " (compute " + std::to_string(properties.major) + "." +
         std::to_string(properties.minor) + ")";
}

std::vector<GroupSummary> summarise_on_cuda(const std::vector<SamplingJob>& jobs,
                                            const std::vector<GroupPlan>& plans,
                                            const SamplerSettings& settings, int device,
                                            CudaTiming* timing) {
  if (jobs.empty()) return {};
  const auto start = std::chrono::steady_clock::now();
  use_device(device, settings);
  const int fields = RecordLayout::size();
  int max_k = 0;
  for (const auto& job : jobs) max_k = std::max(max_k, job.data.k);
  const int quantities = kHistogramTheta + max_k;
  const std::size_t group_count = jobs.size();
  const LaunchShape shape = launch_shape(settings.chains);
  const std::size_t record_count = group_count * fields * static_cast<std::size_t>(settings.chains);
  const std::size_t histogram_count = group_count * quantities * kHistogramStride;
  require_free_memory(8 * (2 * record_count + histogram_count),
                      "the chains' summary records and histograms");

  const DeviceGroups groups(jobs, &plans);
  DeviceArray<double> records(record_count);
  records.zero();  // fields a chain too short to split never writes stay 0, as on the CPU
  DeviceArray<unsigned long long> histograms(histogram_count);
  histograms.zero();

  const ChainPlan plan{static_cast<std::uint32_t>(settings.warmup),
                       static_cast<std::uint32_t>(settings.draws)};
  const double total_draws = 2.0 * settings.chains * (settings.draws / 2);
  const std::size_t shared_bytes =
      static_cast<std::size_t>(quantities) * kHistogramStride * sizeof(unsigned int);
  const bool shared = use_shared_histograms(shared_bytes, device, shape.threads, settings.draws);
  const dim3 grid(static_cast<unsigned>(group_count * shape.blocks_per_group));

  EventTimer timer;
  timer.start();
  if (shared) {
    METAMC_CUDA_CHECK(cudaFuncSetAttribute(summarise_chains<true>,
                                           cudaFuncAttributeMaxDynamicSharedMemorySize,
                                           static_cast<int>(shared_bytes)));
    summarise_chains<true><<<grid, shape.threads, shared_bytes>>>(
        groups.get(), settings.chains, shape.blocks_per_group, plan, seed_key(settings.seed),
        total_draws, quantities, records.get(), histograms.get());
  } else {
    summarise_chains<false><<<grid, shape.threads>>>(
        groups.get(), settings.chains, shape.blocks_per_group, plan, seed_key(settings.seed),
        total_draws, quantities, records.get(), histograms.get());
  }
  finish_kernel(shared ? "summarise_chains<shared histograms>"
                       : "summarise_chains<global histograms>");
  const double kernel_seconds = timer.stop();

  // Sum every (group, field) segment of chains.
  DeviceArray<double> sums(group_count * fields);
  const auto begin = thrust::make_transform_iterator(thrust::counting_iterator<long long>(0),
                                                     SegmentStart{settings.chains});
  const auto end = thrust::make_transform_iterator(thrust::counting_iterator<long long>(1),
                                                   SegmentStart{settings.chains});
  const auto segments = static_cast<std::int64_t>(group_count * fields);
  std::size_t temp_bytes = 0;
  METAMC_CUDA_CHECK(cub::DeviceSegmentedReduce::Sum(nullptr, temp_bytes, records.get(), sums.get(),
                                                    segments, begin, end));
  DeviceArray<unsigned char> temp(
      std::max<std::size_t>(temp_bytes, 1));  // null would mean a size query
  METAMC_CUDA_CHECK(cub::DeviceSegmentedReduce::Sum(temp.get(), temp_bytes, records.get(),
                                                    sums.get(), segments, begin, end));
  METAMC_CUDA_CHECK(cudaDeviceSynchronize());

  const std::vector<double> host_sums = sums.download();
  const std::vector<unsigned long long> host_histograms = histograms.download();
  std::vector<GroupSummary> out;
  for (std::size_t g = 0; g < group_count; ++g) {
    GroupSummary s(settings.chains, settings.draws, jobs[g].data.k);
    std::copy_n(host_sums.begin() + static_cast<std::ptrdiff_t>(g * fields), fields,
                s.totals.begin());
    const auto first =
        host_histograms.begin() + static_cast<std::ptrdiff_t>(g * quantities * kHistogramStride);
    std::copy_n(first, s.histogram.size(), s.histogram.begin());
    out.push_back(std::move(s));
  }
  if (timing) *timing = {kernel_seconds, seconds_since(start), shared};
  return out;
}

std::vector<GroupDraws> sample_on_cuda(const std::vector<SamplingJob>& jobs,
                                       const SamplerSettings& settings, int device,
                                       CudaTiming* timing) {
  if (jobs.empty()) return {};
  const auto start = std::chrono::steady_clock::now();
  use_device(device, settings);
  const std::size_t per_group = static_cast<std::size_t>(settings.chains) * settings.draws;
  std::size_t studies = 0;
  for (const auto& job : jobs) studies += static_cast<std::size_t>(job.data.k);
  require_free_memory(sizeof(double) * per_group * (6 * jobs.size() + studies),
                      "keeping every draw (--draws-out) would");
  const DeviceGroups groups(jobs, nullptr);

  DeviceArray<double> scalars(6 * jobs.size() * per_group), theta(studies * per_group);
  DeviceArray<ChainCounts> counts(jobs.size() * settings.chains);
  std::vector<DrawArrays> arrays;
  std::size_t theta_offset = 0;
  for (std::size_t g = 0; g < jobs.size(); ++g) {
    double* base = scalars.get() + 6 * g * per_group;
    arrays.push_back({base, base + per_group, base + 2 * per_group, base + 3 * per_group,
                      base + 4 * per_group, base + 5 * per_group, theta.get() + theta_offset,
                      counts.get() + g * settings.chains, per_group});
    theta_offset += static_cast<std::size_t>(jobs[g].data.k) * per_group;
  }
  const DeviceArray<DrawArrays> device_arrays(arrays);

  const LaunchShape shape = launch_shape(settings.chains);
  const ChainPlan plan{static_cast<std::uint32_t>(settings.warmup),
                       static_cast<std::uint32_t>(settings.draws)};
  EventTimer timer;
  timer.start();
  sample_chains<<<static_cast<unsigned>(jobs.size() * shape.blocks_per_group), shape.threads>>>(
      groups.get(), device_arrays.get(), settings.chains, shape.blocks_per_group, plan,
      seed_key(settings.seed));
  finish_kernel("sample_chains");
  const double kernel_seconds = timer.stop();

  const std::vector<double> host_scalars = scalars.download();
  const std::vector<double> host_theta = theta.download();
  const std::vector<ChainCounts> host_counts = counts.download();
  std::vector<GroupDraws> out;
  theta_offset = 0;
  for (std::size_t g = 0; g < jobs.size(); ++g) {
    GroupDraws d(settings.chains, settings.draws, jobs[g].data.k, jobs[g].question.has_threshold);
    const double* base = host_scalars.data() + 6 * g * per_group;
    std::copy_n(base, per_group, d.mu.begin());
    std::copy_n(base + per_group, per_group, d.tau.begin());
    std::copy_n(base + 2 * per_group, per_group, d.theta_new.begin());
    std::copy_n(base + 3 * per_group, per_group, d.p_benefit.begin());
    std::copy_n(base + 4 * per_group, per_group, d.p_pred_benefit.begin());
    if (!d.p_threshold.empty()) std::copy_n(base + 5 * per_group, per_group, d.p_threshold.begin());
    const std::size_t k = static_cast<std::size_t>(jobs[g].data.k);
    std::copy_n(host_theta.begin() + static_cast<std::ptrdiff_t>(theta_offset), k * per_group,
                d.theta.begin());
    theta_offset += k * per_group;
    std::copy_n(host_counts.begin() + static_cast<std::ptrdiff_t>(g * settings.chains),
                settings.chains, d.counts.begin());
    out.push_back(std::move(d));
  }
  if (timing) *timing = {kernel_seconds, seconds_since(start), false};
  return out;
}

}  // namespace metamc
