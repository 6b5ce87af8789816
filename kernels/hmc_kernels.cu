// ChEES-HMC on the GPU. The warmup runs in lockstep as on the CPU (mcmc/hmc/hmc_warmup.hpp):
// per iteration one kernel moves every chain of every group (one thread per chain, the same
// hmc_transition as the CPU), then every warp sums its chains' terms of the cross-chain statistics
// (mcmc/adapt/hmc_adaptation.hpp) and one block per group adds the warps' sums up and updates the
// group's adaptation. Sampling then
// runs every chain from its warmed-up state in one launch (kernels/chain_kernels.cuh). The chains'
// arrays live in device memory as structure of arrays, a group's chains side by side, so that a
// warp reads neighbouring chains from neighbouring addresses.
#include <algorithm>
#include <memory>
#include <vector>

#include "chain_kernels.cuh"
#include "cuda_support.cuh"
#include "hmc_kernels.cuh"
#include "metamc/mcmc/adapt/hmc_adaptation.hpp"
#include "metamc/mcmc/adapt/warmup_schedule.hpp"
#include "metamc/mcmc/hmc/hmc_transition.hpp"
#include "metamc/mcmc/hmc/hmc_warmup.hpp"
#include "metamc/mcmc/jobs_by_model.hpp"

namespace metamc {
namespace {

constexpr int kReduceThreads =
    256;  // threads of hmc_means, a warp per coordinate (a multiple of 32)

// What the blocks of one group read and write for HMC on a Model.
template <class Model>
struct HmcGroup {
  Model model;  // arrays in device memory
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

template <class Group>
__global__ void hmc_start(const Group* groups, int chains, int blocks_per_group, PhiloxKey key,
                          int superchains) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  if (at.chain < 0) return;
  const Group& g = groups[at.group];
  start_chain(g.model, g.view(at.chain), key, g.stream_group,
              superchain_of(at.chain, chains, superchains));
}

// A one-step trajectory at the group's step size, for the groups still searching for it.
template <class Group>
__global__ void hmc_trial(const Group* groups, int chains, int blocks_per_group, PhiloxKey key) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  if (at.chain < 0) return;
  const Group& g = groups[at.group];
  if (!g.adaptation->searching) return;
  double ignored = 0;
  const HmcStep one{g.adaptation->step_size, 1, g.inv_metric};
  g.accept[at.chain] =
      hmc_trajectory(g.model, g.view(at.chain), one, g.stream(key, at.chain), 0, ignored)
          .accept_prob;
}

template <class Group>
__global__ void hmc_transitions(const Group* groups, int chains, int blocks_per_group,
                                PhiloxKey key, std::uint32_t iteration) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  if (at.chain < 0) return;
  const Group& g = groups[at.group];
  g.accept[at.chain] = hmc_transition(g.model, g.view(at.chain),
                                      g.adaptation->step_at(iteration, g.inv_metric, g.max_steps),
                                      g.stream(key, at.chain), iteration)
                           .accept_prob;
}

// The cross-chain sums of the adaptation in two stages, so that a group of many chains is summed
// by all of its warps at once rather than by one block: every warp of a group's chains writes its
// sums of the per-chain terms (chain_sums, chees_sums), then one block per group adds the warps'
// sums up in a fixed order (hmc_means, hmc_adapt): the same sums for the same seed on every run.
// A warp's terms, kSumTerms + 4 d of them (d of the largest group's dim):
//   count, sum 1/a_c, sum a_c,  sum x_c (d),  sum a_c x'_c (d),  sum q_c (d),  sum (q_c - qbar_w)^2
//   (d)
// with x_c the transition's start, x'_c its proposal, q_c the current position and qbar_w the
// warp's mean: the last two merge into cross-chain variances by Chan, Golub & LeVeque (1979).
enum SumTerm { kCount, kInverseAcceptance, kAcceptance, kSumTerms };

// The sum of `value` over the warp, returned to every lane (a butterfly: the same order in all).
__device__ double warp_total(double value) {
  for (int offset = 16; offset > 0; offset >>= 1)
    value += __shfl_xor_sync(0xffffffffu, value, offset);
  return value;
}

// Where the warp sums of group g start; `units` warps per group, `terms` per warp.
template <class T>
__device__ T* warp_sums_of(T* sums, int group, int units, int terms) {
  return sums + static_cast<std::size_t>(group) * units * terms;
}

// One warp of the chains' grid: its sums of every term (idle lanes add nothing).
template <class Group>
__global__ void chain_sums(const Group* groups, int chains, int blocks_per_group, bool window,
                           double* sums, int terms) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  const Group& g = groups[at.group];
  const bool active = at.chain >= 0;
  const HmcChainView v = g.view(active ? at.chain : 0);
  const int d = g.dim;
  const int lane = static_cast<int>(threadIdx.x) % 32;
  const int unit = static_cast<int>(blockIdx.x) % blocks_per_group * (blockDim.x / 32) +
                   static_cast<int>(threadIdx.x) / 32;
  double* out =
      warp_sums_of(sums, at.group, blocks_per_group * (blockDim.x / 32), terms) + unit * terms;
  const double a = active ? g.accept[at.chain] : 0;
  const auto put = [&](int term, double value) {
    value = warp_total(value);
    if (lane == 0) out[term] = value;
  };
  const double count = warp_total(active ? 1 : 0);
  if (lane == 0) out[kCount] = count;
  put(kInverseAcceptance, active ? inverse_acceptance(a) : 0);
  put(kAcceptance, a);
  for (int j = 0; j < d; ++j) {
    put(kSumTerms + j, active ? v.q_start[j * v.stride] : 0);
    put(kSumTerms + d + j, active && a > 0 ? a * v.q_new[j * v.stride] : 0);  // as the CPU
  }
  if (!window) return;
  for (int j = 0; j < d; ++j) {
    const double x = active ? v.q[j * v.stride] : 0;
    const double sum = warp_total(x);
    const double mean = count > 0 ? sum / count : 0;
    const double squares = warp_total(active ? (x - mean) * (x - mean) : 0);
    if (lane == 0) {
      out[kSumTerms + 2 * d + j] = sum;
      out[kSumTerms + 3 * d + j] = squares;
    }
  }
}

// The sum over a group's warps of one term, by one warp (every lane gets it).
__device__ double units_total(const double* sums, int units, int terms, int term) {
  double total = 0;
  for (int u = static_cast<int>(threadIdx.x) % 32; u < units; u += 32)
    total += sums[u * terms + term];
  return warp_total(total);
}

// What hmc_means leaves for hmc_adapt per group: the harmonic mean acceptance and sum a_c.
struct AcceptanceTotals {
  double harmonic, weight;
};

// One block per group: the step-size search's decision; counts the groups still searching.
template <class Group>
__global__ void hmc_settle(const Group* groups, const double* sums, int units, int terms,
                           double target, int* searching) {
  const Group& g = groups[blockIdx.x];
  if (!g.adaptation->searching) return;
  const double inverse =
      units_total(warp_sums_of(sums, blockIdx.x, units, terms), units, terms, kInverseAcceptance);
  if (threadIdx.x == 0 && !g.adaptation->settle(g.chains / inverse, target))
    atomicAdd(searching, 1);
}

// One block per group, after chain_sums: the ChEES means (the mean start and the
// acceptance-weighted mean proposal), the acceptance totals and, in a metric window, the
// cross-chain mean and variance of every coordinate added to the window's sums.
template <class Group>
__global__ void hmc_means(const Group* groups, const double* all_sums, int units, int terms,
                          bool window, AcceptanceTotals* totals) {
  const Group& g = groups[blockIdx.x];
  const double* sums = warp_sums_of(all_sums, blockIdx.x, units, terms);
  const int d = g.dim;
  const int warp = static_cast<int>(threadIdx.x) / 32, warps = static_cast<int>(blockDim.x) / 32;
  const bool lead = threadIdx.x % 32 == 0;
  if (warp == 0) {
    const double inverse = units_total(sums, units, terms, kInverseAcceptance);
    const double weight = units_total(sums, units, terms, kAcceptance);
    if (lead) totals[blockIdx.x] = {g.chains / inverse, weight};
  }
  __syncthreads();
  const double weight = totals[blockIdx.x].weight;
  for (int j = warp; j < d; j += warps) {
    const double start = units_total(sums, units, terms, kSumTerms + j);
    const double proposal = units_total(sums, units, terms, kSumTerms + d + j);
    if (lead) {
      g.means[j] = start / g.chains;
      g.means[d + j] = weight > 1e-20 ? proposal / weight : 0;
    }
  }
  if (!window) return;
  if (threadIdx.x == 0) *g.window_count += 1;
  for (int j = warp; j < d; j += warps) {
    const double mean = units_total(sums, units, terms, kSumTerms + 2 * d + j) / g.chains;
    double squares = 0;  // Chan et al.: within-warp squares plus the warps' spread about the mean
    for (int u = static_cast<int>(threadIdx.x) % 32; u < units; u += 32) {
      const double* s = sums + u * terms;
      const double n = s[kCount];
      const double gap = n > 0 ? s[kSumTerms + 2 * d + j] / n - mean : 0;
      squares += s[kSumTerms + 3 * d + j] + n * gap * gap;
    }
    squares = warp_total(squares);
    if (lead) {
      g.window_sum[j] += squares / (g.chains > 1 ? g.chains - 1 : 1);
      g.window_sum[d + j] += mean;
      g.window_sum[2 * d + j] += mean * mean;
    }
  }
}

// The chains' grid after hmc_means: each warp's sum of the ChEES terms a_c g_c.
template <class Group>
__global__ void chees_sums(const Group* groups, int chains, int blocks_per_group, std::uint32_t t,
                           double* sums) {
  const ChainIndex at = chain_index(chains, blocks_per_group);
  const Group& g = groups[at.group];
  const double term = at.chain < 0
                          ? 0
                          : chees_term(g.view(at.chain), g.dim, g.accept[at.chain], g.means,
                                       g.means + g.dim, g.inv_metric, van_der_corput(t));
  const double total = warp_total(term);
  const int units = blocks_per_group * (blockDim.x / 32);
  const int unit = static_cast<int>(blockIdx.x) % blocks_per_group * (blockDim.x / 32) +
                   static_cast<int>(threadIdx.x) / 32;
  if (threadIdx.x % 32 == 0) sums[static_cast<std::size_t>(at.group) * units + unit] = total;
}

// One warp per group: the ChEES gradient, the metric at a window's end, and the adaptation's
// update after iteration t.
template <class Group>
__global__ void hmc_adapt(const Group* groups, const double* chees, int units,
                          const AcceptanceTotals* totals, bool window_ends, bool last) {
  const Group& g = groups[blockIdx.x];
  const double terms =
      units_total(chees + static_cast<std::size_t>(blockIdx.x) * units, units, 1, 0);
  if (threadIdx.x != 0) return;
  const AcceptanceTotals acceptance = totals[blockIdx.x];
  if (window_ends) {
    metric_from_window(g.window_sum, *g.window_count, g.chains, g.dim, g.inv_metric);
    for (int j = 0; j < 3 * g.dim; ++j) g.window_sum[j] = 0;
    *g.window_count = 0;
  }
  const double gradient =
      acceptance.weight > 1e-20 ? g.adaptation->length.length() * terms / acceptance.weight : 0;
  g.adaptation->update(acceptance.harmonic, gradient, g.max_steps, window_ends, last);
}

// A model's data arrays, k values each, which HmcGroups copies to the device.
template <class Model>
using DataArray = const double* Model::*;

std::vector<DataArray<NoncentredNormalModel>> data_arrays(const NoncentredNormalModel&) {
  return {&NoncentredNormalModel::y, &NoncentredNormalModel::precision, &NoncentredNormalModel::s2};
}

std::vector<DataArray<BinomialNormalModel>> data_arrays(const BinomialNormalModel&) {
  return {&BinomialNormalModel::events_treated, &BinomialNormalModel::size_treated,
          &BinomialNormalModel::events_control, &BinomialNormalModel::size_control};
}

// Every group's model, chains and adaptation in device memory, warmed up by the constructor.
template <class Model>
class HmcGroups {
 public:
  using Group = HmcGroup<Model>;

  HmcGroups(const std::vector<SamplingJob>& jobs, const std::vector<GroupPlan>* plans,
            const SamplerSettings& settings)
      : chains_(settings.chains) {
    const auto members = data_arrays(Model{});
    std::vector<std::vector<double>> data(members.size());
    std::vector<double> inv_metric;
    std::vector<BinGrid> theta_bins;
    std::vector<std::size_t> study_offset, array_offset, dim_offset;
    std::size_t arrays = 0, dims = 0;
    for (const SamplingJob& job : jobs) {
      const Model& m = hmc_model<Model>(job);
      study_offset.push_back(data[0].size());
      array_offset.push_back(arrays);
      dim_offset.push_back(dims);
      for (std::size_t f = 0; f < members.size(); ++f)
        data[f].insert(data[f].end(), m.*members[f], m.*members[f] + m.k);
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
    for (const std::vector<double>& values : data)
      data_.push_back(std::make_unique<DeviceArray<double>>(values));
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

    std::vector<Group> groups(jobs.size());
    for (std::size_t g = 0; g < jobs.size(); ++g) {
      Group& dg = groups[g];
      dg.model = hmc_model<Model>(jobs[g]);
      for (std::size_t f = 0; f < members.size(); ++f)
        dg.model.*members[f] = data_[f]->get() + study_offset[g];
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
      k_.push_back(dg.model.k);
      max_dim_ = std::max(max_dim_, dg.dim);
      with_threshold_.push_back(jobs[g].question.has_threshold ? 1 : 0);
    }
    groups_ = std::make_unique<DeviceArray<Group>>(groups);
    warm_up(settings);
  }

  const Group* get() const { return groups_->get(); }
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
    hmc_start<Group><<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, key,
                                              settings.hmc.superchains);
    finish_kernel("hmc_start");
    // The warps' sums of the adaptation's terms (chain_sums, chees_sums) and the groups' totals.
    const int units = shape.blocks_per_group * (shape.threads / 32);
    const int terms = kSumTerms + 4 * max_dim_;
    DeviceArray<double> sums(static_cast<std::size_t>(groups) * units * terms);
    DeviceArray<double> chees(static_cast<std::size_t>(groups) * units);
    DeviceArray<AcceptanceTotals> totals(groups);
    DeviceArray<int> searching(1);
    for (int round = 0; round <= 100; ++round) {
      searching.zero();
      hmc_trial<Group><<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, key);
      chain_sums<Group><<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, false,
                                                 sums.get(), terms);
      hmc_settle<Group><<<groups, 32>>>(get(), sums.get(), units, terms,
                                        settings.hmc.target_acceptance, searching.get());
      finish_kernel("hmc_trial and hmc_settle");
      if (searching.download()[0] == 0) break;
    }
    const WarmupSchedule schedule(settings.warmup);
    for (int t = 1; t <= settings.warmup; ++t) {
      const auto iteration = static_cast<std::uint32_t>(t);
      const bool window = schedule.in_window(t);
      hmc_transitions<Group>
          <<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, key, iteration);
      chain_sums<Group><<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, window,
                                                 sums.get(), terms);
      hmc_means<Group>
          <<<groups, kReduceThreads>>>(get(), sums.get(), units, terms, window, totals.get());
      chees_sums<Group>
          <<<grid, shape.threads>>>(get(), chains_, shape.blocks_per_group, iteration, chees.get());
      hmc_adapt<Group><<<groups, 32>>>(get(), chees.get(), units, totals.get(),
                                       schedule.window_ends(t), t == settings.warmup);
    }
    finish_kernel("hmc_transitions and hmc_adapt");
    warmup_seconds_ = timer.stop();
  }

  int chains_;
  int max_dim_ = 0;
  std::vector<std::unique_ptr<DeviceArray<double>>> data_;
  std::unique_ptr<DeviceArray<double>> arrays_, accept_, inv_metric_, window_;
  std::unique_ptr<DeviceArray<BinGrid>> theta_bins_;
  std::unique_ptr<DeviceArray<HmcAdaptation>> adaptations_;
  std::unique_ptr<DeviceArray<Group>> groups_;
  std::vector<int> k_;
  std::vector<char> with_threshold_;
  double warmup_seconds_ = 0;
};

template <class Model>
std::vector<GroupSummary> summarise_hmc(const std::vector<SamplingJob>& jobs,
                                        const std::vector<GroupPlan>& plans,
                                        const SamplerSettings& settings, int device,
                                        CudaTiming& timing) {
  const HmcGroups<Model> groups(jobs, &plans, settings);
  double sampling = 0;
  std::vector<GroupSummary> out = summarise_groups(groups.get(), groups.studies(), settings, device,
                                                   &sampling, &timing.shared_histograms);
  timing.warmup_seconds += groups.warmup_seconds();
  timing.kernel_seconds += sampling + groups.warmup_seconds();
  groups.describe(out, settings);
  return out;
}

template <class Model>
std::vector<GroupDraws> sample_hmc(const std::vector<SamplingJob>& jobs,
                                   const SamplerSettings& settings, CudaTiming& timing) {
  const HmcGroups<Model> groups(jobs, nullptr, settings);
  double sampling = 0;
  std::vector<GroupDraws> out =
      sample_groups(groups.get(), groups.studies(), groups.with_threshold(), settings, &sampling,
                    Model::kArmRisks);
  timing.warmup_seconds += groups.warmup_seconds();
  timing.kernel_seconds += sampling + groups.warmup_seconds();
  groups.describe(out, settings);
  return out;
}

}  // namespace

std::vector<GroupSummary> summarise_hmc_on_cuda(const std::vector<SamplingJob>& jobs,
                                                const std::vector<GroupPlan>& plans,
                                                const SamplerSettings& settings, int device,
                                                ModelKind model, CudaTiming& timing) {
  return model == ModelKind::binomial
             ? summarise_hmc<BinomialNormalModel>(jobs, plans, settings, device, timing)
             : summarise_hmc<NoncentredNormalModel>(jobs, plans, settings, device, timing);
}

std::vector<GroupDraws> sample_hmc_on_cuda(const std::vector<SamplingJob>& jobs,
                                           const SamplerSettings& settings, ModelKind model,
                                           CudaTiming& timing) {
  return model == ModelKind::binomial ? sample_hmc<BinomialNormalModel>(jobs, settings, timing)
                                      : sample_hmc<NoncentredNormalModel>(jobs, settings, timing);
}

}  // namespace metamc
