// ChEES-HMC on the GPU. The warmup runs in lockstep as on the CPU (mcmc/hmc/hmc_warmup.hpp):
// per iteration one kernel moves every chain of every group (one thread per chain, the same
// hmc_transition as the CPU), then one block per group sums the chains' terms of the cross-chain
// statistics (mcmc/adapt/hmc_adaptation.hpp) and updates the group's adaptation. Sampling then
// runs every chain from its warmed-up state in one launch (kernels/chain_kernels.cuh). The chains'
// arrays live in device memory as structure of arrays, a group's chains side by side, so that a
// warp reads neighbouring chains from neighbouring addresses.
#include <memory>
#include <vector>

#include "chain_kernels.cuh"
#include "cuda_support.cuh"
#include "hmc_kernels.cuh"
#include "metamc/mcmc/adapt/hmc_adaptation.hpp"
#include "metamc/mcmc/adapt/warmup_schedule.hpp"
#include "metamc/mcmc/hmc/hmc_transition.hpp"
#include "metamc/mcmc/hmc/hmc_warmup.hpp"

namespace metamc {
namespace {

constexpr int kReduceThreads = 256;  // threads of the per-group reduction blocks (a power of 2)

// What the blocks of one group read and write for HMC.
struct HmcGroup {
  NoncentredNormalModel model;  // arrays in device memory
  SummaryPlan plan;
  const BinGrid* theta_bins;  // device memory, k grids
  std::uint32_t stream_group;
  ProbabilityQuestion question;
  int dim, chains, max_steps;
  double* arrays;      // (6 dim + 1) x chains: q, grad, momentum, q_new, grad_new, q_start; log p
  double* accept;      // chains: the last transition's acceptance probability
  double* inv_metric;  // dim
  double* window_sum;  // 3 dim: the metric window's sums
  double* means;       // 2 dim: scratch of the ChEES means
  HmcAdaptation* adaptation;
  double* window_count;

  __device__ HmcChainView view(int c) const {
    const std::size_t block = static_cast<std::size_t>(dim) * chains;
    double* base = arrays + c;
    return {base,
            base + block,
            base + 6 * block,
            base + 2 * block,
            base + 3 * block,
            base + 4 * block,
            base + 5 * block,
            static_cast<std::size_t>(chains)};
  }

  __device__ ChainStream stream(PhiloxKey key, int c) const {
    return {key, stream_group, static_cast<std::uint32_t>(c)};
  }

  template <class Sink>
  __device__ void run(int chain, const ChainPlan& chain_plan, PhiloxKey key, Sink& sink) const {
    const HmcAdaptation& a = *adaptation;
    const HmcTuning tuning{a.step_size, a.final_length > 0 ? a.final_length : a.length.length(),
                           max_steps, inv_metric};
    run_hmc_chain(model, view(chain), tuning, chain_plan, question, stream(key, chain), sink);
  }
};

// The group and chain of a thread of a one-thread-per-chain launch; chain < 0: idle.
struct ChainIndex {
  int group, chain;
};

__device__ ChainIndex chain_index(int chains, int blocks_per_group) {
  const int group = static_cast<int>(blockIdx.x) / blocks_per_group;
  const int block = static_cast<int>(blockIdx.x) % blocks_per_group;
  const int chain = block * static_cast<int>(blockDim.x) + static_cast<int>(threadIdx.x);
  return {group, chain < chains ? chain : -1};
}

__global__ void hmc_start(const HmcGroup* groups, int chains, int blocks_per_group, PhiloxKey key,
                          int superchains) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  if (at.chain < 0) return;
  const HmcGroup& g = groups[at.group];
  start_chain(g.model, g.view(at.chain), key, g.stream_group,
              superchain_of(at.chain, chains, superchains));
}

// A one-step trajectory at the group's step size, for the groups still searching for it.
__global__ void hmc_trial(const HmcGroup* groups, int chains, int blocks_per_group, PhiloxKey key) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  if (at.chain < 0) return;
  const HmcGroup& g = groups[at.group];
  if (!g.adaptation->searching) return;
  double ignored = 0;
  const HmcStep one{g.adaptation->step_size, 1, g.inv_metric};
  g.accept[at.chain] =
      hmc_trajectory(g.model, g.view(at.chain), one, g.stream(key, at.chain), 0, ignored)
          .accept_prob;
}

__global__ void hmc_transitions(const HmcGroup* groups, int chains, int blocks_per_group,
                                PhiloxKey key, std::uint32_t iteration) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  if (at.chain < 0) return;
  const HmcGroup& g = groups[at.group];
  g.accept[at.chain] = hmc_transition(g.model, g.view(at.chain),
                                      g.adaptation->step_at(iteration, g.inv_metric, g.max_steps),
                                      g.stream(key, at.chain), iteration)
                           .accept_prob;
}

// The sum of `value` over the block's threads (blockDim.x a power of 2), returned to all.
__device__ double block_sum(double value, double* scratch) {
  scratch[threadIdx.x] = value;
  __syncthreads();
  for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) scratch[threadIdx.x] += scratch[threadIdx.x + s];
    __syncthreads();
  }
  const double total = scratch[0];
  __syncthreads();
  return total;
}

__device__ double harmonic_acceptance(const HmcGroup& g, double* scratch) {
  double inverse = 0;
  for (int c = threadIdx.x; c < g.chains; c += blockDim.x)
    inverse += inverse_acceptance(g.accept[c]);
  return g.chains / block_sum(inverse, scratch);
}

// One block per group: the step-size search's decision; counts the groups still searching.
__global__ void hmc_settle(const HmcGroup* groups, double target, int* searching) {
  __shared__ double scratch[kReduceThreads];
  const HmcGroup& g = groups[blockIdx.x];
  if (!g.adaptation->searching) return;  // the same for every thread of the block
  const double harmonic = harmonic_acceptance(g, scratch);
  if (threadIdx.x == 0 && !g.adaptation->settle(harmonic, target)) atomicAdd(searching, 1);
}

// One block per group: the cross-chain adaptation after iteration t's transitions.
__global__ void hmc_adapt(const HmcGroup* groups, std::uint32_t t, bool in_window, bool window_ends,
                          bool last) {
  __shared__ double scratch[kReduceThreads];
  const HmcGroup& g = groups[blockIdx.x];
  const int d = g.dim;
  const double harmonic = harmonic_acceptance(g, scratch);

  // ChEES, first pass: the mean start and the acceptance-weighted mean proposal.
  double weight = 0;
  for (int c = threadIdx.x; c < g.chains; c += blockDim.x) weight += g.accept[c];
  weight = block_sum(weight, scratch);
  for (int j = 0; j < d; ++j) {
    double start = 0, proposal = 0;
    for (int c = threadIdx.x; c < g.chains; c += blockDim.x) {
      const HmcChainView v = g.view(c);
      start += v.q_start[j * v.stride];
      proposal += g.accept[c] * v.q_new[j * v.stride];
    }
    start = block_sum(start, scratch);
    proposal = block_sum(proposal, scratch);
    if (threadIdx.x == 0) {
      g.means[j] = start / g.chains;
      g.means[d + j] = weight > 1e-20 ? proposal / weight : 0;
    }
  }
  __syncthreads();
  // ChEES, second pass: sum a_c g_c.
  double terms = 0;
  const double jitter = van_der_corput(t);
  for (int c = threadIdx.x; c < g.chains; c += blockDim.x)
    terms += chees_term(g.view(c), d, g.accept[c], g.means, g.means + d, g.inv_metric, jitter);
  terms = block_sum(terms, scratch);

  // The metric window: the cross-chain mean and variance of every coordinate.
  if (in_window) {
    for (int j = 0; j < d; ++j) {
      double sum = 0;
      for (int c = threadIdx.x; c < g.chains; c += blockDim.x) sum += g.view(c).q[j * g.chains];
      const double mean = block_sum(sum, scratch) / g.chains;
      double squares = 0;
      for (int c = threadIdx.x; c < g.chains; c += blockDim.x) {
        const double x = g.view(c).q[j * g.chains] - mean;
        squares += x * x;
      }
      const double variance = block_sum(squares, scratch) / (g.chains > 1 ? g.chains - 1 : 1);
      if (threadIdx.x == 0) {
        g.window_sum[j] += variance;
        g.window_sum[d + j] += mean;
        g.window_sum[2 * d + j] += mean * mean;
      }
    }
  }
  if (threadIdx.x != 0) return;
  if (in_window) *g.window_count += 1;
  if (window_ends) {
    metric_from_window(g.window_sum, *g.window_count, g.chains, d, g.inv_metric);
    for (int j = 0; j < 3 * d; ++j) g.window_sum[j] = 0;
    *g.window_count = 0;
  }
  const double gradient = weight > 1e-20 ? g.adaptation->length.length() * terms / weight : 0;
  g.adaptation->update(harmonic, gradient, g.max_steps, window_ends, last);
}

// Every group's model, chains and adaptation in device memory, warmed up by the constructor.
class HmcGroups {
 public:
  HmcGroups(const std::vector<SamplingJob>& jobs, const std::vector<GroupPlan>* plans,
            const SamplerSettings& settings)
      : chains_(settings.chains) {
    std::vector<double> y, precision, s2, inv_metric;
    std::vector<BinGrid> theta_bins;
    std::vector<std::size_t> study_offset, array_offset, dim_offset;
    std::size_t arrays = 0, dims = 0;
    for (const SamplingJob& job : jobs) {
      const NoncentredNormalModel& m = job.noncentred;
      study_offset.push_back(y.size());
      array_offset.push_back(arrays);
      dim_offset.push_back(dims);
      y.insert(y.end(), m.y, m.y + m.k);
      precision.insert(precision.end(), m.precision, m.precision + m.k);
      s2.insert(s2.end(), m.s2, m.s2 + m.k);
      for (int j = 0; j < m.dim(); ++j)
        inv_metric.push_back(m.coordinate_scale(j) * m.coordinate_scale(j));
      arrays += (6 * static_cast<std::size_t>(m.dim()) + 1) * static_cast<std::size_t>(chains_);
      dims += static_cast<std::size_t>(m.dim());
    }
    if (plans)
      for (const GroupPlan& p : *plans)
        theta_bins.insert(theta_bins.end(), p.theta_bins.begin(), p.theta_bins.end());
    require_free_memory(8 * (arrays + jobs.size() * static_cast<std::size_t>(chains_) + 6 * dims),
                        "HMC's chains");
    y_ = std::make_unique<DeviceArray<double>>(y);
    precision_ = std::make_unique<DeviceArray<double>>(precision);
    s2_ = std::make_unique<DeviceArray<double>>(s2);
    theta_bins_ = std::make_unique<DeviceArray<BinGrid>>(theta_bins);
    arrays_ = std::make_unique<DeviceArray<double>>(arrays);
    accept_ = std::make_unique<DeviceArray<double>>(jobs.size() * chains_);
    inv_metric_ = std::make_unique<DeviceArray<double>>(inv_metric);
    window_ = std::make_unique<DeviceArray<double>>(5 * dims + jobs.size());
    window_->zero();
    HmcAdaptation start;
    start.step.target = settings.hmc.target_acceptance;
    adaptations_ = std::make_unique<DeviceArray<HmcAdaptation>>(
        std::vector<HmcAdaptation>(jobs.size(), start));

    std::vector<HmcGroup> groups(jobs.size());
    for (std::size_t g = 0; g < jobs.size(); ++g) {
      HmcGroup& dg = groups[g];
      dg.model = jobs[g].noncentred;
      dg.model.y = y_->get() + study_offset[g];
      dg.model.precision = precision_->get() + study_offset[g];
      dg.model.s2 = s2_->get() + study_offset[g];
      if (plans) {
        dg.plan = (*plans)[g].plan;
        dg.theta_bins = theta_bins_->get() + study_offset[g];
      }
      dg.stream_group = jobs[g].stream_group;
      dg.question = jobs[g].question;
      dg.dim = dg.model.dim();
      dg.chains = chains_;
      dg.max_steps = settings.hmc.max_steps;
      dg.arrays = arrays_->get() + array_offset[g];
      dg.accept = accept_->get() + g * chains_;
      dg.inv_metric = inv_metric_->get() + dim_offset[g];
      dg.window_sum = window_->get() + 3 * dim_offset[g];
      dg.means = window_->get() + 3 * dims + 2 * dim_offset[g];
      dg.window_count = window_->get() + 5 * dims + g;
      dg.adaptation = adaptations_->get() + g;
      k_.push_back(jobs[g].noncentred.k);
      with_threshold_.push_back(jobs[g].question.has_threshold ? 1 : 0);
    }
    groups_ = std::make_unique<DeviceArray<HmcGroup>>(groups);
    warm_up(settings);
  }

  const HmcGroup* get() const { return groups_->get(); }
  const std::vector<int>& studies() const { return k_; }
  const std::vector<char>& with_threshold() const { return with_threshold_; }

  /// Fills in each group's adapted step size and superchains.
  template <class Result>
  void describe(std::vector<Result>& results, const SamplerSettings& settings) const {
    const std::vector<HmcAdaptation> adapted = adaptations_->download();
    for (std::size_t g = 0; g < results.size(); ++g) {
      results[g].step_size = adapted[g].step_size;
      results[g].superchains = std::min(settings.hmc.superchains, settings.chains);
    }
  }

  double warmup_seconds() const { return warmup_seconds_; }

 private:
  void warm_up(const SamplerSettings& settings) {
    EventTimer timer;
    timer.start();
    const LaunchShape shape = launch_shape(chains_);
    const auto groups = static_cast<unsigned>(k_.size());
    const dim3 grid(groups * static_cast<unsigned>(shape.blocks_per_group));
    const PhiloxKey key = seed_key(settings.seed);
    hmc_start<<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, key,
                                       settings.hmc.superchains);
    finish_kernel("hmc_start");
    DeviceArray<int> searching(1);
    for (int round = 0; round <= 100; ++round) {
      searching.zero();
      hmc_trial<<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, key);
      hmc_settle<<<groups, kReduceThreads>>>(get(), settings.hmc.target_acceptance,
                                             searching.get());
      finish_kernel("hmc_trial and hmc_settle");
      if (searching.download()[0] == 0) break;
    }
    const WarmupSchedule schedule(settings.warmup);
    for (int t = 1; t <= settings.warmup; ++t) {
      const auto iteration = static_cast<std::uint32_t>(t);
      hmc_transitions<<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, key,
                                               iteration);
      hmc_adapt<<<groups, kReduceThreads>>>(get(), iteration, schedule.in_window(t),
                                            schedule.window_ends(t), t == settings.warmup);
    }
    finish_kernel("hmc_transitions and hmc_adapt");
    warmup_seconds_ = timer.stop();
  }

  int chains_;
  std::unique_ptr<DeviceArray<double>> y_, precision_, s2_, arrays_, accept_, inv_metric_, window_;
  std::unique_ptr<DeviceArray<BinGrid>> theta_bins_;
  std::unique_ptr<DeviceArray<HmcAdaptation>> adaptations_;
  std::unique_ptr<DeviceArray<HmcGroup>> groups_;
  std::vector<int> k_;
  std::vector<char> with_threshold_;
  double warmup_seconds_ = 0;
};

}  // namespace

std::vector<GroupSummary> summarise_hmc_on_cuda(const std::vector<SamplingJob>& jobs,
                                                const std::vector<GroupPlan>& plans,
                                                const SamplerSettings& settings, int device,
                                                double* kernel_seconds, bool* shared_histograms) {
  const HmcGroups groups(jobs, &plans, settings);
  std::vector<GroupSummary> out = summarise_groups(groups.get(), groups.studies(), settings, device,
                                                   kernel_seconds, shared_histograms);
  *kernel_seconds += groups.warmup_seconds();
  groups.describe(out, settings);
  return out;
}

std::vector<GroupDraws> sample_hmc_on_cuda(const std::vector<SamplingJob>& jobs,
                                           const SamplerSettings& settings,
                                           double* kernel_seconds) {
  const HmcGroups groups(jobs, nullptr, settings);
  std::vector<GroupDraws> out = sample_groups(groups.get(), groups.studies(),
                                              groups.with_threshold(), settings, kernel_seconds);
  *kernel_seconds += groups.warmup_seconds();
  groups.describe(out, settings);
  return out;
}

}  // namespace metamc
