// The sampling kernels of every sampler, one thread per chain, the chains of a group in
// consecutive blocks, every group of a run in one launch, and their host drivers. A `Group` is
// what the blocks of one group read, with
//   plan, theta_bins                     the summary mode's plan (mcmc/sinks/summary_plan.hpp),
//   question                             the probabilities asked for,
//   run(chain, chain_plan, key, sink)    a __device__ member running one chain into a sink.
// Summary mode keeps nothing per draw: each chain writes one record (mcmc/sinks/summary_sink.hpp)
// and the block's histograms; cub::DeviceSegmentedReduce sums the records over each group's
// chains, and only those sums and the histograms leave the device. CUDA code: kernels/ only.
#ifndef METAMC_KERNELS_CHAIN_KERNELS_CUH
#define METAMC_KERNELS_CHAIN_KERNELS_CUH

#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <cub/device/device_segmented_reduce.cuh>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "cuda_support.cuh"
#include "metamc/mcmc/sinks/draw_writer.hpp"
#include "metamc/mcmc/sinks/summary_sink.hpp"

namespace metamc {

template <bool kSharedHistogram, class Group>
__global__ void summarise_chains(const Group* groups, const int* k, int chains,
                                 int blocks_per_group, ChainPlan plan, PhiloxKey key,
                                 double total_draws, int superchains, int histogram_quantities,
                                 double* records, unsigned long long* histograms) {
  extern __shared__ unsigned int shared_counts[];
  const int group = static_cast<int>(blockIdx.x) / blocks_per_group;
  const int block = static_cast<int>(blockIdx.x) % blocks_per_group;
  const Group& g = groups[group];
  const int quantities = kHistogramTheta + k[group];
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
    const int superchain = superchain_of(chain, chains, superchains);
    if constexpr (kSharedHistogram) {
      SummarySink<SharedCounter> sink(
          g.plan, g.theta_bins, record, static_cast<std::size_t>(chains),
          SharedCounter{shared_counts}, plan.draws, total_draws, superchain);
      g.run(chain, plan, key, sink);
    } else {
      SummarySink<GlobalCounter> sink(
          g.plan, g.theta_bins, record, static_cast<std::size_t>(chains),
          GlobalCounter{group_histogram}, plan.draws, total_draws, superchain);
      g.run(chain, plan, key, sink);
    }
  }
  if constexpr (kSharedHistogram) {
    __syncthreads();
    for (int i = threadIdx.x; i < quantities * kHistogramStride; i += blockDim.x)
      if (shared_counts[i] != 0)
        atomicAdd(&group_histogram[i], static_cast<unsigned long long>(shared_counts[i]));
  }
}

template <class Group>
__global__ void sample_chains(const Group* groups, const DrawArrays* arrays, int chains,
                              int blocks_per_group, ChainPlan plan, PhiloxKey key) {
  const int group = static_cast<int>(blockIdx.x) / blocks_per_group;
  const int block = static_cast<int>(blockIdx.x) % blocks_per_group;
  const int chain = block * static_cast<int>(blockDim.x) + static_cast<int>(threadIdx.x);
  if (chain >= chains) return;
  const Group& g = groups[group];
  DrawWriter writer(arrays[group], static_cast<std::uint32_t>(chain), plan.draws,
                    g.question.has_threshold);
  g.run(chain, plan, key, writer);
}

inline ChainPlan chain_plan(const SamplerSettings& settings) {
  return {static_cast<std::uint32_t>(settings.warmup), static_cast<std::uint32_t>(settings.draws)};
}

/// Summary mode for groups already on the device: k[g] studies in group g.
template <class Group>
std::vector<GroupSummary> summarise_groups(const Group* groups, const std::vector<int>& k,
                                           const SamplerSettings& settings, int device,
                                           double* kernel_seconds, bool* shared_histograms) {
  const int fields = RecordLayout::size();
  const int quantities = kHistogramTheta + *std::max_element(k.begin(), k.end());
  const std::size_t group_count = k.size();
  const LaunchShape shape = launch_shape(settings.chains);
  const std::size_t record_count = group_count * fields * static_cast<std::size_t>(settings.chains);
  const std::size_t histogram_count = group_count * quantities * kHistogramStride;
  require_free_memory(8 * (2 * record_count + histogram_count),
                      "the chains' summary records and histograms");
  const DeviceArray<int> device_k(k);
  DeviceArray<double> records(record_count);
  records.zero();  // fields a chain too short to split never writes stay 0, as on the CPU
  DeviceArray<unsigned long long> histograms(histogram_count);
  histograms.zero();

  const ChainPlan plan = chain_plan(settings);
  const double total_draws = 2.0 * settings.chains * (settings.draws / 2);
  const std::size_t shared_bytes =
      static_cast<std::size_t>(quantities) * kHistogramStride * sizeof(unsigned int);
  const bool shared = use_shared_histograms(shared_bytes, device, shape.threads, settings.draws);
  const dim3 grid(static_cast<unsigned>(group_count * shape.blocks_per_group));
  EventTimer timer;
  timer.start();
  if (shared) {
    METAMC_CUDA_CHECK(cudaFuncSetAttribute(summarise_chains<true, Group>,
                                           cudaFuncAttributeMaxDynamicSharedMemorySize,
                                           static_cast<int>(shared_bytes)));
    summarise_chains<true, Group><<<grid, shape.threads, shared_bytes>>>(
        groups, device_k.get(), settings.chains, shape.blocks_per_group, plan,
        seed_key(settings.seed), total_draws, settings.hmc.superchains, quantities, records.get(),
        histograms.get());
  } else {
    summarise_chains<false, Group><<<grid, shape.threads>>>(
        groups, device_k.get(), settings.chains, shape.blocks_per_group, plan,
        seed_key(settings.seed), total_draws, settings.hmc.superchains, quantities, records.get(),
        histograms.get());
  }
  finish_kernel(shared ? "summarise_chains<shared histograms>"
                       : "summarise_chains<global histograms>");
  *kernel_seconds = timer.stop();
  *shared_histograms = shared;

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

  // Each group's histograms straight into its summary: one copy, not a staging copy of all.
  static_assert(sizeof(unsigned long long) == sizeof(std::uint64_t));
  const std::vector<double> host_sums = sums.download();
  std::vector<GroupSummary> out;
  out.reserve(group_count);
  for (std::size_t g = 0; g < group_count; ++g) {
    GroupSummary s(settings.chains, settings.draws, k[g]);
    std::copy_n(host_sums.begin() + static_cast<std::ptrdiff_t>(g * fields), fields,
                s.totals.begin());
    histograms.download(g * quantities * kHistogramStride, s.histogram.size(),
                        reinterpret_cast<unsigned long long*>(s.histogram.data()));
    out.push_back(std::move(s));
  }
  return out;
}

/// Every draw of groups already on the device: k[g] studies, with_threshold[g], and each study's
/// arm risks where the groups' model reports them.
template <class Group>
std::vector<GroupDraws> sample_groups(const Group* groups, const std::vector<int>& k,
                                      const std::vector<char>& with_threshold,
                                      const SamplerSettings& settings, double* kernel_seconds,
                                      bool arm_risks = false) {
  const std::size_t per_group = static_cast<std::size_t>(settings.chains) * settings.draws;
  std::size_t studies = 0;
  for (int n : k) studies += static_cast<std::size_t>(n);
  const std::size_t risks = arm_risks ? studies * per_group : 0;
  require_free_memory(sizeof(double) * (per_group * (6 * k.size() + studies) + 2 * risks),
                      "keeping every draw (--draws-out) would");
  DeviceArray<double> scalars(6 * k.size() * per_group), theta(studies * per_group);
  DeviceArray<double> control_risk(risks), risk_difference(risks);
  DeviceArray<ChainCounts> counts(k.size() * settings.chains);
  std::vector<DrawArrays> arrays;
  std::size_t theta_offset = 0;
  for (std::size_t g = 0; g < k.size(); ++g) {
    double* base = scalars.get() + 6 * g * per_group;
    arrays.push_back({base, base + per_group, base + 2 * per_group, base + 3 * per_group,
                      base + 4 * per_group, base + 5 * per_group, theta.get() + theta_offset,
                      counts.get() + g * settings.chains, per_group,
                      arm_risks ? control_risk.get() + theta_offset : nullptr,
                      arm_risks ? risk_difference.get() + theta_offset : nullptr});
    theta_offset += static_cast<std::size_t>(k[g]) * per_group;
  }
  const DeviceArray<DrawArrays> device_arrays(arrays);

  const LaunchShape shape = launch_shape(settings.chains);
  EventTimer timer;
  timer.start();
  sample_chains<Group><<<static_cast<unsigned>(k.size() * shape.blocks_per_group), shape.threads>>>(
      groups, device_arrays.get(), settings.chains, shape.blocks_per_group, chain_plan(settings),
      seed_key(settings.seed));
  finish_kernel("sample_chains");
  *kernel_seconds = timer.stop();

  const std::vector<double> host_scalars = scalars.download();
  const std::vector<double> host_theta = theta.download();
  const std::vector<ChainCounts> host_counts = counts.download();
  std::vector<GroupDraws> out;
  theta_offset = 0;
  for (std::size_t g = 0; g < k.size(); ++g) {
    GroupDraws d(settings.chains, settings.draws, k[g], with_threshold[g] != 0, arm_risks);
    const double* base = host_scalars.data() + 6 * g * per_group;
    std::copy_n(base, per_group, d.mu.begin());
    std::copy_n(base + per_group, per_group, d.tau.begin());
    std::copy_n(base + 2 * per_group, per_group, d.theta_new.begin());
    std::copy_n(base + 3 * per_group, per_group, d.p_benefit.begin());
    std::copy_n(base + 4 * per_group, per_group, d.p_pred_benefit.begin());
    if (!d.p_threshold.empty()) std::copy_n(base + 5 * per_group, per_group, d.p_threshold.begin());
    const std::size_t studies_g = static_cast<std::size_t>(k[g]);
    std::copy_n(host_theta.begin() + static_cast<std::ptrdiff_t>(theta_offset),
                studies_g * per_group, d.theta.begin());
    control_risk.download(theta_offset, d.control_risk.size(), d.control_risk.data());
    risk_difference.download(theta_offset, d.risk_difference.size(), d.risk_difference.data());
    theta_offset += studies_g * per_group;
    std::copy_n(host_counts.begin() + static_cast<std::ptrdiff_t>(g * settings.chains),
                settings.chains, d.counts.begin());
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace metamc

#endif  // METAMC_KERNELS_CHAIN_KERNELS_CUH
