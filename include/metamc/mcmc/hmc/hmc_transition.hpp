// One Hamiltonian Monte Carlo transition of one chain (Neal 2011, "MCMC using Hamiltonian
// dynamics"), with a diagonal inverse metric M^-1, for any model of the interface of
// models/normal_normal_noncentred.hpp:
//
//   p ~ N(0, M),  H(q, p) = -log p(q | y) + 1/2 p' M^-1 p,
//   leapfrog:  p += eps/2 grad;  L times { q += eps M^-1 p;  p += eps grad }  (the last: eps/2),
//   accept q' with probability min(1, exp(H(q, p) - H(q', p'))).
//
// The acceptance needs the density at the trajectory's two ends only (the leapfrog map is
// reversible and preserves volume whatever the density between): the inner steps evaluate the
// gradient alone, which for the binomial model skips half its transcendental functions. A
// trajectory ends early, as a divergence, where an inner gradient or the last density is not
// finite; an inner point of zero density with a finite gradient (a uniform prior's bound reached
// by rounding) no longer ends it, and the acceptance at its end decides.
// A transition whose energy error H' - H exceeds 1000, or is not a number, is divergent (Stan's
// and BlackJAX's bound): the trajectory left the region the step size can follow, and draws near
// it may be biased. Random numbers at (iteration, slot): slot 0 the acceptance uniform, slot 1 a
// normal for a new trial's effect, slots 2, 3, ... the momentum in pairs. The chain's arrays are
// `stride` apart (structure of arrays across chains). Host/device code: the CUDA kernels run one
// chain a thread, the CPU backend W chains side by side, so that its loops over them vectorise.
#ifndef METAMC_MCMC_HMC_HMC_TRANSITION_HPP
#define METAMC_MCMC_HMC_HMC_TRANSITION_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/mcmc/chain_stream.hpp"
#include "metamc/mcmc/hmc/halton.hpp"
#include "metamc/mcmc/hmc/lane_gradients.hpp"
#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "metamc/rng/random_variates.hpp"
#include "models/reported_draw.hpp"

namespace metamc {

constexpr std::uint32_t kAcceptSlot = 0, kNewTrialSlot = 1, kMomentumSlot = 2;
constexpr double kDivergenceBound = 1000;

/// A chain's arrays: position, gradient and log density at it; the momentum; the proposal and
/// its gradient; the start of the last transition (for ChEES). Coordinate j at j * stride; the
/// functions over W chains side by side read chain w's at j * stride + w (and its log density
/// at log_density[w]).
struct HmcChainView {
  double *q, *grad, *log_density, *momentum, *q_new, *grad_new, *q_start;
  std::size_t stride;
};

/// The settings of a transition.
struct HmcStep {
  double step_size;
  int steps;                 // leapfrog steps
  const double* inv_metric;  // dim values, contiguous
};

struct HmcOutcome {
  double accept_prob;
  bool divergent;
  bool accepted;
  int steps;  // leapfrog steps taken (gradient evaluations)
};

/// The normal pairs of W chains side by side at (iteration, slot), by a loop that does nothing
/// else: the compiler vectorises it across the lanes.
template <int W>
METAMC_HD_ALWAYS_INLINE void lane_normal_pairs(const ChainStream& first, std::uint32_t iteration,
                                               std::uint32_t slot, double* z_first,
                                               double* z_second) {
  for (int w = 0; w < W; ++w) {
    const NormalPair z = normal_pair(first.lane(w).words(iteration, slot));
    z_first[w] = z.first;
    z_second[w] = z.second;
  }
}

/// Leapfrog steps over the proposal arrays of W chains side by side (lanes: the chains' arrays
/// interleaved, coordinate j of lane w at j * stride + w, the stream of lane w that of the w-th
/// chain after `first`), from fresh momentum; the outcomes into out (W values) without
/// accepting: the proposals stay in q_new, grad_new, momentum, their log densities go to
/// log_density_new (W values). All lanes take the same steps: every lane's outcome, log density
/// and, where its trajectory did not end early, proposal are bit for bit what W = 1 gives its
/// chain. The loops over the lanes are the ones a CPU vectorises (lane_gradients.hpp); a GPU
/// thread runs one chain, W = 1.
template <int W, class Model>
METAMC_CPU_CLONES METAMC_HD void hmc_trajectories(const Model& m, const HmcChainView& c,
                                                  const HmcStep& step, const ChainStream& first,
                                                  std::uint32_t iteration, double* log_density_new,
                                                  HmcOutcome* out) {
  const int d = m.dim();
  const std::size_t s = c.stride;
  for (int j = 0; j < d; j += 2) {
    const auto slot = kMomentumSlot + static_cast<std::uint32_t>(j / 2);
    const double sd = std::sqrt(step.inv_metric[j]);
    const double sd_next = j + 1 < d ? std::sqrt(step.inv_metric[j + 1]) : 1;
    double z_first[W], z_second[W];
    lane_normal_pairs<W>(first, iteration, slot, z_first, z_second);
    for (int w = 0; w < W; ++w) c.momentum[j * s + w] = z_first[w] / sd;
    if (j + 1 < d)
      for (int w = 0; w < W; ++w) c.momentum[(j + 1) * s + w] = z_second[w] / sd_next;
  }
  double kinetic[W], start_energy[W], log_density[W], density[W], unbounded[W];
  bool live[W];
  int taken[W];
  for (int w = 0; w < W; ++w) {
    kinetic[w] = 0;
    density[w] = 0;  // written for the live lanes, read for them only
    live[w] = true;
    taken[w] = 0;
  }
  for (int j = 0; j < d; ++j) {
    const std::size_t at = j * s;
    for (int w = 0; w < W; ++w) {
      kinetic[w] += c.momentum[at + w] * c.momentum[at + w] * step.inv_metric[j];
      c.q_start[at + w] = c.q[at + w];
      c.q_new[at + w] = c.q[at + w];
      c.grad_new[at + w] = c.grad[at + w];
    }
  }
  for (int w = 0; w < W; ++w) {
    start_energy[w] = -c.log_density[w] + 0.5 * kinetic[w];
    log_density[w] = c.log_density[w];
  }
  const double eps = step.step_size;
  for (int j = 0; j < d; ++j)
    for (int w = 0; w < W; ++w) c.momentum[j * s + w] += 0.5 * eps * c.grad_new[j * s + w];
  // The loops over the lanes have no branch, so that they vectorise: a lane that has ended moves
  // on with the others, but nothing depends on its arrays any more (its energy error is +inf or
  // NaN, so it is divergent and never accepted, and ChEES gives its proposal the weight of its
  // acceptance, 0); only its bookkeeping stops.
  bool any_live = true;
  for (int l = 0; l < step.steps && any_live; ++l) {
    for (int j = 0; j < d; ++j) {
      const double drift = eps * step.inv_metric[j];
      for (int w = 0; w < W; ++w) c.q_new[j * s + w] += drift * c.momentum[j * s + w];
    }
    // Only the last position's density enters the acceptance: the steps before it take the
    // gradient alone, and stop when it is not finite, as the last stops when its density is not.
    const bool last = l + 1 == step.steps;
    if (last)
      lane_gradients<true, W>(m, c.q_new, s, c.grad_new, density, live);
    else
      lane_gradients<false, W>(m, c.q_new, s, c.grad_new, nullptr, live);
    const double kick = last ? 0.5 * eps : eps;
    for (int w = 0; w < W; ++w) unbounded[w] = 0;
    for (int j = 0; j < d; ++j) {
      for (int w = 0; w < W; ++w) {
        const double g = c.grad_new[j * s + w];
        c.momentum[j * s + w] += kick * g;
        unbounded[w] += 0 * g;  // stays 0 while every component is finite, else NaN
      }
    }
    any_live = false;
    for (int w = 0; w < W; ++w) {
      if (!live[w]) continue;
      ++taken[w];
      if (last) {
        log_density[w] = density[w];
        live[w] = std::isfinite(density[w]);
      } else if (unbounded[w] != 0) {
        live[w] = false;
        log_density[w] = -HUGE_VAL;  // as at a density of 0: divergent, never accepted
      }
      any_live |= live[w];
    }
  }
  for (int w = 0; w < W; ++w) kinetic[w] = 0;
  for (int j = 0; j < d; ++j)
    for (int w = 0; w < W; ++w)
      kinetic[w] += c.momentum[j * s + w] * c.momentum[j * s + w] * step.inv_metric[j];
  for (int w = 0; w < W; ++w) {
    const double energy_error = (-log_density[w] + 0.5 * kinetic[w]) - start_energy[w];
    out[w].divergent = !(energy_error < kDivergenceBound);
    out[w].accept_prob = live[w] && energy_error == energy_error
                             ? (energy_error < 0 ? 1.0 : std::exp(-energy_error))
                             : 0.0;
    out[w].accepted = false;
    out[w].steps = taken[w];
    log_density_new[w] = log_density[w];
  }
}

/// Full transitions of W chains side by side: trajectories, then each lane's acceptance into
/// q, grad, log_density.
template <int W, class Model>
METAMC_HD void hmc_transitions(const Model& m, const HmcChainView& c, const HmcStep& step,
                               const ChainStream& first, std::uint32_t iteration, HmcOutcome* out) {
  double log_density_new[W];
  hmc_trajectories<W>(m, c, step, first, iteration, log_density_new, out);
  bool any_accepted = false;
  for (int w = 0; w < W; ++w) {
    const UniformPair u = uniform_pair(first.lane(w).words(iteration, kAcceptSlot));
    out[w].accepted = u.first < out[w].accept_prob;
    if (out[w].accepted) c.log_density[w] = log_density_new[w];
    any_accepted |= out[w].accepted;
  }
  if (!any_accepted) return;
  for (int j = 0; j < m.dim(); ++j) {
    for (int w = 0; w < W; ++w) {
      const std::size_t at = j * c.stride + w;
      c.q[at] = out[w].accepted ? c.q_new[at] : c.q[at];
      c.grad[at] = out[w].accepted ? c.grad_new[at] : c.grad[at];
    }
  }
}

/// One chain's trajectory (hmc_trajectories with W = 1).
template <class Model>
METAMC_HD HmcOutcome hmc_trajectory(const Model& m, const HmcChainView& c, const HmcStep& step,
                                    const ChainStream& stream, std::uint32_t iteration,
                                    double& log_density_new) {
  HmcOutcome out;
  hmc_trajectories<1>(m, c, step, stream, iteration, &log_density_new, &out);
  return out;
}

/// One chain's transition (hmc_transitions with W = 1).
template <class Model>
METAMC_HD HmcOutcome hmc_transition(const Model& m, const HmcChainView& c, const HmcStep& step,
                                    const ChainStream& stream, std::uint32_t iteration) {
  HmcOutcome out;
  hmc_transitions<1>(m, c, step, stream, iteration, &out);
  return out;
}

/// The adapted settings with which a group's chains sample.
struct HmcTuning {
  double step_size;
  double trajectory_length;  // T: an iteration runs ceil(u T / eps) steps, u the jitter
  int max_steps;
  const double* inv_metric;
};

/// Leapfrog steps at `iteration`: the jittered length over the step size, at least 1.
METAMC_HD inline int jittered_steps(double length, double step_size, int max_steps,
                                    std::uint32_t iteration) {
  const double steps = std::ceil(van_der_corput(iteration) * length / step_size);
  return steps < 1 ? 1 : (steps > max_steps ? max_steps : static_cast<int>(steps));
}

/// Sampling iteration t of W warmed-up chains side by side: transitions of the jittered number
/// of steps, each lane's counted into its counts (W values).
template <int W, class Model>
METAMC_HD void sampling_transitions(const Model& m, const HmcChainView& c, const HmcTuning& tuning,
                                    const ChainStream& first, std::uint32_t t,
                                    ChainCounts* counts) {
  const HmcStep step{
      tuning.step_size,
      jittered_steps(tuning.trajectory_length, tuning.step_size, tuning.max_steps, t),
      tuning.inv_metric};
  HmcOutcome out[W];
  hmc_transitions<W>(m, c, step, first, t, out);
  for (int w = 0; w < W; ++w) {
    counts[w].acceptance += out[w].accept_prob;
    counts[w].divergences += out[w].divergent ? 1 : 0;
    counts[w].leapfrog_steps += out[w].steps;
  }
}

/// One chain's sampling iteration (sampling_transitions with W = 1).
template <class Model>
METAMC_HD void sampling_transition(const Model& m, const HmcChainView& c, const HmcTuning& tuning,
                                   const ChainStream& stream, std::uint32_t t,
                                   ChainCounts& counts) {
  sampling_transitions<1>(m, c, tuning, stream, t, &counts);
}

/// Runs the sampling iterations of W chains side by side from their warmed-up states:
/// `plan.draws` transitions at iterations plan.warmup + 1, ..., each lane's draws reported to
/// its sink, sinks[w] (theta_i one by one, for a model of counts each study's arm risks, then
/// the draw), and its counts at the end.
template <int W, class Model, class Sink>
METAMC_HD void run_hmc_chains(const Model& m, const HmcChainView& c, const HmcTuning& tuning,
                              const ChainPlan& plan, const ProbabilityQuestion& question,
                              const ChainStream& first, Sink* sinks) {
  ChainCounts counts[W];
  for (std::uint32_t n = 0; n < plan.draws; ++n) {
    const std::uint32_t t = plan.warmup + 1 + n;
    sampling_transitions<W>(m, c, tuning, first, t, counts);
    for (int w = 0; w < W; ++w) {
      const double* q = c.q + w;
      for (int i = 0; i < m.k; ++i) sinks[w].theta(n, i, m.theta(q, c.stride, i));
      if constexpr (Model::kArmRisks)
        for (int i = 0; i < m.k; ++i) sinks[w].arm_risks(n, i, m.arm_risks(q, c.stride, i));
      const NormalPair z = normal_pair(first.lane(w).words(t, kNewTrialSlot));
      sinks[w].record(n, m.report(q, c.stride, z.first, question));
    }
  }
  for (int w = 0; w < W; ++w) sinks[w].finish(counts[w]);
}

/// One chain's sampling iterations (run_hmc_chains with W = 1).
template <class Model, class Sink>
METAMC_HD void run_hmc_chain(const Model& m, const HmcChainView& c, const HmcTuning& tuning,
                             const ChainPlan& plan, const ProbabilityQuestion& question,
                             const ChainStream& stream, Sink& sink) {
  run_hmc_chains<1>(m, c, tuning, plan, question, stream, &sink);
}

}  // namespace metamc

#endif  // METAMC_MCMC_HMC_HMC_TRANSITION_HPP
