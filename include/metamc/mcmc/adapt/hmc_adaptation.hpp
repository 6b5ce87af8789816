// The adaptation state of one group's HMC warmup and the per-chain terms of its cross-chain
// statistics, as host/device code: the CPU backend sums the terms over chains in a loop
// (mcmc/hmc/hmc_warmup.hpp), the CUDA backend in a block reduction (kernels/hmc_kernels.cu);
// both then update this state the same way.
//
// Per warmup iteration, from the chains' last transitions (acceptance a_c, start x_c, proposal
// x'_c, final momentum p_c):
//   - the harmonic mean acceptance C / sum 1/a_c drives the step size (dual_averaging.hpp);
//   - the ChEES gradient (chees.hpp) needs the mean start xbar and the acceptance-weighted mean
//     proposal xbar' first (a first pass), then sum a_c g_c (a second pass);
//   - in Stan's slow windows the cross-chain mean and variance of every coordinate add to the
//     window's sums, from which the metric is estimated at the window's end.
#ifndef METAMC_MCMC_ADAPT_HMC_ADAPTATION_HPP
#define METAMC_MCMC_ADAPT_HMC_ADAPTATION_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/mcmc/adapt/chees.hpp"
#include "metamc/mcmc/adapt/dual_averaging.hpp"
#include "metamc/mcmc/hmc/hmc_transition.hpp"

namespace metamc {

/// 1 / a, with a floor that keeps one stuck chain from making the harmonic mean 0 exactly.
METAMC_HD inline double inverse_acceptance(double a) {
  return 1 / (a > 1e-10 ? a : 1e-10);
}

/// One chain's ChEES term a_c g_c (chees.hpp), in the metric's units, given the means.
METAMC_HD inline double chees_term(const HmcChainView& c, int dim, double accept,
                                   const double* start_mean, const double* proposal_mean,
                                   const double* inv_metric, double jitter) {
  if (accept < 1e-4) return 0;
  double start_distance = 0, proposal_distance = 0, velocity = 0;
  for (int j = 0; j < dim; ++j) {
    const double x = c.q_start[j * c.stride] - start_mean[j];
    const double x_new = c.q_new[j * c.stride] - proposal_mean[j];
    start_distance += x * x / inv_metric[j];
    proposal_distance += x_new * x_new / inv_metric[j];
    velocity += x_new * c.momentum[j * c.stride];
  }
  const double g = accept * jitter * (proposal_distance - start_distance) * velocity;
  return g == g && g - g == 0 ? g : 0;  // not finite: no information
}

/// The metric at a window's end from its sums per coordinate (window_sum[j] of the cross-chain
/// variances, [d + j] of the cross-chain means, [2d + j] of their squares, over `count`
/// iterations): the variance within iterations plus that of the iterations' means (the law of
/// total variance), shrunk a little towards the previous metric as Stan shrinks towards 1e-3.
METAMC_HD inline void metric_from_window(const double* window_sum, double count, double chains,
                                         int dim, double* inv_metric) {
  if (count < 2) return;
  const double draws = count * chains;
  for (int j = 0; j < dim; ++j) {
    const double within = window_sum[j] / count;
    const double mean = window_sum[dim + j] / count;
    const double between_squares = window_sum[2 * dim + j] / count - mean * mean;
    const double variance = within + (between_squares > 0 ? between_squares : 0);
    if (variance > 0 && variance - variance == 0)
      inv_metric[j] = (draws / (draws + 5)) * variance + (5 / (draws + 5)) * 1e-3 * inv_metric[j];
  }
}

struct HmcAdaptation {
  DualAveraging step;
  ChEES length;
  double step_size = 1;
  double final_length = 0;  // set at the end of warmup
  int direction = 0;        // of the step-size search: +1 doubling, -1 halving
  int search_rounds = 0;
  bool searching = true;

  /// After a one-step trial of every chain at step_size: Stan's heuristic, across chains.
  /// Returns true once the step size is found (and the adaptation starts from it).
  METAMC_HD bool settle(double harmonic_acceptance, double target) {
    const bool above = harmonic_acceptance > target;
    if (direction == 0) direction = above ? 1 : -1;
    const bool crossed = direction > 0 ? !above : above;
    if (crossed || ++search_rounds >= 100) {
      if (direction > 0 && crossed) step_size /= 2;  // the last size still above the target
      step.restart(step_size);
      length.restart(step_size);
      searching = false;
      return true;
    }
    step_size = direction > 0 ? 2 * step_size : step_size / 2;
    return false;
  }

  /// The transition settings at warmup or sampling iteration t.
  METAMC_HD HmcStep step_at(std::uint32_t t, const double* inv_metric, int max_steps) const {
    const double trajectory = final_length > 0 ? final_length : length.length();
    return {step_size, jittered_steps(trajectory, step_size, max_steps, t), inv_metric};
  }

  /// One warmup iteration's update from the cross-chain sums; `window_ends`: the metric was just
  /// re-estimated, the step size starts its averaging again; `last`: the end of warmup.
  METAMC_HD void update(double harmonic_acceptance, double chees_gradient, int max_steps,
                        bool window_ends, bool last) {
    length.update(chees_gradient, step_size, max_steps);
    step.update(harmonic_acceptance);
    step_size = step.step();
    if (window_ends) step.restart(step_size);
    if (last) {
      step_size = step.final_step();
      final_length = length.final_length();
    }
  }
};

}  // namespace metamc

#endif  // METAMC_MCMC_ADAPT_HMC_ADAPTATION_HPP
