// The CUDA backend: one thread per chain, the chains of a group in consecutive blocks, every
// group of a run in one launch (kernels/chain_kernels.cuh). The collapsed sampler's chain is
// run_chain() of include/metamc/mcmc/collapsed/collapsed_sampler.hpp, the same code the CPU runs;
// HMC's warmup and chains are in kernels/hmc_kernels.cu. Only the sinks differ from the CPU's, in
// how they count histogram entries (shared-memory atomics here).
#include <memory>
#include <string>
#include <vector>

#include "chain_kernels.cuh"
#include "cuda_support.cuh"
#include "hmc_kernels.cuh"
#include "metamc/mcmc/collapsed/collapsed_sampler.hpp"
#include "metamc/mcmc/cuda_backend.hpp"
#include "metamc/mcmc/jobs_by_model.hpp"

namespace metamc {
namespace {

// What the blocks of one group read for the collapsed sampler: the model, the proposal, the plan.
struct CollapsedGroup {
  NormalNormalData data;  // y and s2 point into device memory
  TauProposal proposal;
  SummaryPlan plan;
  const BinGrid* theta_bins;  // device memory, k grids
  std::uint32_t stream_group;
  ProbabilityQuestion question;

  template <class Sink>
  __device__ void run(int chain, const ChainPlan& chain_plan, PhiloxKey key, Sink& sink) const {
    run_chain(data, proposal, chain_plan, question,
              ChainStream{key, stream_group, static_cast<std::uint32_t>(chain)}, sink);
  }
};

// The groups' data in device memory.
class CollapsedGroups {
 public:
  CollapsedGroups(const std::vector<SamplingJob>& jobs, const std::vector<GroupPlan>* plans) {
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
    std::vector<CollapsedGroup> groups(jobs.size());
    for (std::size_t g = 0; g < jobs.size(); ++g) {
      CollapsedGroup& dg = groups[g];
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
    groups_ = std::make_unique<DeviceArray<CollapsedGroup>>(groups);
  }

  const CollapsedGroup* get() const { return groups_->get(); }

 private:
  std::unique_ptr<DeviceArray<double>> y_, s2_;
  std::unique_ptr<DeviceArray<BinGrid>> theta_bins_;
  std::unique_ptr<DeviceArray<CollapsedGroup>> groups_;
};

std::vector<int> studies_of(const std::vector<SamplingJob>& jobs) {
  std::vector<int> k;
  for (const auto& job : jobs) k.push_back(job.data.k);
  return k;
}

std::vector<char> thresholds_of(const std::vector<SamplingJob>& jobs) {
  std::vector<char> with;
  for (const auto& job : jobs) with.push_back(job.question.has_threshold ? 1 : 0);
  return with;
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
  use_device(device);
  CudaTiming t;
  std::vector<GroupSummary> out =
      by_model<GroupSummary>(jobs, settings, [&](const auto& part, const auto& s, ModelKind kind) {
        const std::vector<SamplingJob> part_jobs = select(jobs, part);
        const std::vector<GroupPlan> part_plans = select(plans, part);
        if (s.sampler == SamplerKind::hmc)
          return summarise_hmc_on_cuda(part_jobs, part_plans, s, device, kind, t);
        const CollapsedGroups groups(part_jobs, &part_plans);
        double kernel = 0;
        std::vector<GroupSummary> summaries = summarise_groups(
            groups.get(), studies_of(part_jobs), s, device, &kernel, &t.shared_histograms);
        t.kernel_seconds += kernel;
        return summaries;
      });
  t.total_seconds = seconds_since(start);
  if (timing) *timing = t;
  return out;
}

std::vector<GroupDraws> sample_on_cuda(const std::vector<SamplingJob>& jobs,
                                       const SamplerSettings& settings, int device,
                                       CudaTiming* timing) {
  if (jobs.empty()) return {};
  const auto start = std::chrono::steady_clock::now();
  use_device(device);
  CudaTiming t;
  std::vector<GroupDraws> out =
      by_model<GroupDraws>(jobs, settings, [&](const auto& part, const auto& s, ModelKind kind) {
        const std::vector<SamplingJob> part_jobs = select(jobs, part);
        if (s.sampler == SamplerKind::hmc) return sample_hmc_on_cuda(part_jobs, s, kind, t);
        const CollapsedGroups groups(part_jobs, nullptr);
        double kernel = 0;
        std::vector<GroupDraws> draws = sample_groups(groups.get(), studies_of(part_jobs),
                                                      thresholds_of(part_jobs), s, &kernel);
        t.kernel_seconds += kernel;
        return draws;
      });
  t.total_seconds = seconds_since(start);
  if (timing) *timing = t;
  return out;
}

}  // namespace metamc
