// Trajectory-length adaptation by ChEES (Hoffman, Radul & Sountsov 2021, AISTATS, PMLR 130:3907):
// gradient ascent on the change in the estimator of the expected square,
//
//   ChEES(T) = 1/4 E[(||x' - E x||^2 - ||x - E x||^2)^2],
//
// estimated across the chains of a group (x the start of a transition, x' its proposal). With a
// jittered length u T, dx'/dT = u v' (v' the velocity at the end of the trajectory), so each
// chain contributes
//
//   g_c = u (||x'_c - xbar'||^2 - ||x_c - xbar||^2) (x'_c - xbar') . v'_c,
//
// weighted by its acceptance a_c: g = sum a_c g_c / sum a_c (chains with a_c < 1e-4 count 0).
// Distances are taken in the metric's units (coordinates divided by their sd), where
// (x' - xbar') . v' becomes (x' - xbar') . p. The optimiser is TensorFlow Probability's
// (gradient_based_trajectory_length_adaptation.py): on log T, with g times T,
//
//   v_n = 0.95 v_{n-1} + 0.05 g^2,  vhat = v_n / (1 - 0.95^n),
//   log T += clip(0.025 g / sqrt(vhat + 1e-20), -0.35, 0.35),
//
// and log T kept within [log eps, log(eps max_steps)]; the length kept for sampling is the
// iterate average log Tbar_n = n^-1/2 log T_n + (1 - n^-1/2) log Tbar_{n-1}. Host/device code;
// the cross-chain sums are the backends' (mcmc/hmc/cross_chain.hpp on the CPU).
#ifndef METAMC_MCMC_ADAPT_CHEES_HPP
#define METAMC_MCMC_ADAPT_CHEES_HPP

#include <cmath>

#include "metamc/host_device.hpp"

namespace metamc {

struct ChEES {
  double log_length = 0, log_length_bar = 0, second_moment = 0, count = 0;

  METAMC_HD void restart(double length) {
    log_length = log_length_bar = std::log(length);
    second_moment = 0;
    count = 0;
  }

  /// One ascent step with `gradient` = d ChEES / d log T, then the bounds of the step size.
  METAMC_HD void update(double gradient, double step, double max_steps) {
    constexpr double decay = 0.95, rate = 0.025, clip = 0.35;
    if (std::isfinite(gradient)) {
      count += 1;
      second_moment = decay * second_moment + (1 - decay) * gradient * gradient;
      const double corrected = second_moment / (1 - std::pow(decay, count));
      double change = rate * gradient / std::sqrt(corrected + 1e-20);
      change = change > clip ? clip : (change < -clip ? -clip : change);
      log_length += change;
    }
    const double low = std::log(step), high = std::log(step * max_steps);
    log_length = log_length < low ? low : (log_length > high ? high : log_length);
    const double weight = count > 0 ? 1 / std::sqrt(count) : 1;
    log_length_bar = weight * log_length + (1 - weight) * log_length_bar;
  }

  METAMC_HD double length() const { return std::exp(log_length); }
  METAMC_HD double final_length() const { return std::exp(log_length_bar); }
};

}  // namespace metamc

#endif  // METAMC_MCMC_ADAPT_CHEES_HPP
