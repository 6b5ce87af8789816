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
// `stride` apart (structure of arrays across chains). Host/device code: the CPU backend and the
// CUDA kernels run these functions.
#ifndef METAMC_MCMC_HMC_HMC_TRANSITION_HPP
#define METAMC_MCMC_HMC_HMC_TRANSITION_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/mcmc/chain_stream.hpp"
#include "metamc/mcmc/hmc/halton.hpp"
#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "metamc/rng/random_variates.hpp"
#include "models/reported_draw.hpp"

namespace metamc {

constexpr std::uint32_t kAcceptSlot = 0, kNewTrialSlot = 1, kMomentumSlot = 2;
constexpr double kDivergenceBound = 1000;

/// One chain's arrays: position, gradient and log density at it; the momentum; the proposal and
/// its gradient; the start of the last transition (for ChEES).
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

/// Leapfrog steps over the proposal arrays, from fresh momentum; returns the outcome without
/// accepting: the proposal stays in q_new, grad_new, momentum. `log_density_new` receives the
/// log density at the proposal.
template <class Model>
METAMC_HD HmcOutcome hmc_trajectory(const Model& m, const HmcChainView& c, const HmcStep& step,
                                    const ChainStream& stream, std::uint32_t iteration,
                                    double& log_density_new) {
  const int d = m.dim();
  const std::size_t s = c.stride;
  double kinetic = 0;
  for (int j = 0; j < d; j += 2) {
    const NormalPair z =
        normal_pair(stream.words(iteration, kMomentumSlot + static_cast<std::uint32_t>(j / 2)));
    c.momentum[j * s] = z.first / std::sqrt(step.inv_metric[j]);
    if (j + 1 < d) c.momentum[(j + 1) * s] = z.second / std::sqrt(step.inv_metric[j + 1]);
  }
  for (int j = 0; j < d; ++j) {
    const std::size_t at = j * s;
    kinetic += c.momentum[at] * c.momentum[at] * step.inv_metric[j];
    c.q_start[at] = c.q[at];
    c.q_new[at] = c.q[at];
    c.grad_new[at] = c.grad[at];
  }
  const double start_energy = -*c.log_density + 0.5 * kinetic;
  const double eps = step.step_size;
  double log_density = *c.log_density;
  for (int j = 0; j < d; ++j) c.momentum[j * s] += 0.5 * eps * c.grad_new[j * s];
  int taken = 0;
  bool finite = true;
  for (int l = 0; l < step.steps && finite; ++l) {
    for (int j = 0; j < d; ++j) c.q_new[j * s] += eps * step.inv_metric[j] * c.momentum[j * s];
    // Only the last position's density enters the acceptance: the steps before it take the
    // gradient alone, and stop when it is not finite, as the last stops when its density is not.
    const bool last = l + 1 == step.steps;
    if (last) {
      log_density = m.log_density_gradient(c.q_new, s, c.grad_new);
      finite = std::isfinite(log_density);
    } else {
      m.gradient(c.q_new, s, c.grad_new);
    }
    ++taken;
    const double kick = last ? 0.5 * eps : eps;
    bool bounded = true;
    for (int j = 0; j < d; ++j) {
      c.momentum[j * s] += kick * c.grad_new[j * s];
      bounded &= std::isfinite(c.grad_new[j * s]);
    }
    if (!bounded && !last) {
      finite = false;
      log_density = -HUGE_VAL;  // as at a density of 0: divergent, never accepted
    }
  }
  kinetic = 0;
  for (int j = 0; j < d; ++j) kinetic += c.momentum[j * s] * c.momentum[j * s] * step.inv_metric[j];
  const double energy_error = (-log_density + 0.5 * kinetic) - start_energy;
  HmcOutcome out;
  out.divergent = !(energy_error < kDivergenceBound);
  out.accept_prob = finite && energy_error == energy_error
                        ? (energy_error < 0 ? 1.0 : std::exp(-energy_error))
                        : 0.0;
  out.accepted = false;
  out.steps = taken;
  log_density_new = log_density;
  return out;
}

/// A full transition: trajectory, then acceptance into q, grad, log_density.
template <class Model>
METAMC_HD HmcOutcome hmc_transition(const Model& m, const HmcChainView& c, const HmcStep& step,
                                    const ChainStream& stream, std::uint32_t iteration) {
  double log_density_new = 0;
  HmcOutcome out = hmc_trajectory(m, c, step, stream, iteration, log_density_new);
  const UniformPair u = uniform_pair(stream.words(iteration, kAcceptSlot));
  out.accepted = u.first < out.accept_prob;
  if (out.accepted) {
    for (int j = 0; j < m.dim(); ++j) {
      c.q[j * c.stride] = c.q_new[j * c.stride];
      c.grad[j * c.stride] = c.grad_new[j * c.stride];
    }
    *c.log_density = log_density_new;
  }
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

/// Sampling iteration t of a warmed-up chain: a transition of the jittered number of steps,
/// counted into `counts`.
template <class Model>
METAMC_HD void sampling_transition(const Model& m, const HmcChainView& c, const HmcTuning& tuning,
                                   const ChainStream& stream, std::uint32_t t,
                                   ChainCounts& counts) {
  const HmcStep step{
      tuning.step_size,
      jittered_steps(tuning.trajectory_length, tuning.step_size, tuning.max_steps, t),
      tuning.inv_metric};
  const HmcOutcome out = hmc_transition(m, c, step, stream, t);
  counts.acceptance += out.accept_prob;
  counts.divergences += out.divergent ? 1 : 0;
  counts.leapfrog_steps += out.steps;
}

/// Runs the sampling iterations of one chain from its warmed-up state: `plan.draws` transitions
/// at iterations plan.warmup + 1, ..., each reported to the sink (theta_i one by one, for a model
/// of counts each study's arm risks, then the draw), and the chain's counts at the end.
template <class Model, class Sink>
METAMC_HD void run_hmc_chain(const Model& m, const HmcChainView& c, const HmcTuning& tuning,
                             const ChainPlan& plan, const ProbabilityQuestion& question,
                             const ChainStream& stream, Sink& sink) {
  ChainCounts counts;
  for (std::uint32_t n = 0; n < plan.draws; ++n) {
    const std::uint32_t t = plan.warmup + 1 + n;
    sampling_transition(m, c, tuning, stream, t, counts);
    for (int i = 0; i < m.k; ++i) sink.theta(n, i, m.theta(c.q, c.stride, i));
    if constexpr (Model::kArmRisks)
      for (int i = 0; i < m.k; ++i) sink.arm_risks(n, i, m.arm_risks(c.q, c.stride, i));
    const NormalPair z = normal_pair(stream.words(t, kNewTrialSlot));
    sink.record(n, m.report(c.q, c.stride, z.first, question));
  }
  sink.finish(counts);
}

}  // namespace metamc

#endif  // METAMC_MCMC_HMC_HMC_TRANSITION_HPP
