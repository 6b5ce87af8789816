// Step-size adaptation by dual averaging (Nesterov 2009; Hoffman & Gelman 2014, JMLR 15:1593,
// section 3.2.1), on a statistic of the acceptance across chains:
//
//   Hbar_t      = (1 - 1/(t + t0)) Hbar_{t-1} + (delta - alpha_t) / (t + t0)
//   log eps_t   = mu - sqrt(t) / gamma * Hbar_t
//   log epsbar_t = t^-kappa log eps_t + (1 - t^-kappa) log epsbar_{t-1}
//
// with mu = log(10 eps_0), gamma = 0.05, t0 = 10, kappa = 0.75 (Stan's defaults). The step size
// used while adapting is eps_t; the one kept for sampling is epsbar. Host/device code.
#ifndef METAMC_MCMC_ADAPT_DUAL_AVERAGING_HPP
#define METAMC_MCMC_ADAPT_DUAL_AVERAGING_HPP

#include <cmath>

#include "metamc/host_device.hpp"

namespace metamc {

struct DualAveraging {
  double target = 0.8;  // delta: the acceptance aimed at
  double mu = 0, log_step = 0, log_step_bar = 0, h_bar = 0, count = 0;

  /// Starts (again) from step size `step`, as after every metric update.
  METAMC_HD void restart(double step) {
    mu = std::log(10 * step);
    log_step = std::log(step);
    log_step_bar = 0;
    h_bar = 0;
    count = 0;
  }

  /// One update with the observed acceptance statistic alpha_t.
  METAMC_HD void update(double acceptance) {
    constexpr double gamma = 0.05, t0 = 10, kappa = 0.75;
    count += 1;
    const double eta = 1 / (count + t0);
    h_bar = (1 - eta) * h_bar + eta * (target - acceptance);
    log_step = mu - std::sqrt(count) / gamma * h_bar;
    const double weight = std::pow(count, -kappa);
    log_step_bar = weight * log_step + (1 - weight) * log_step_bar;
  }

  METAMC_HD double step() const { return std::exp(log_step); }
  METAMC_HD double final_step() const { return std::exp(log_step_bar); }
};

}  // namespace metamc

#endif  // METAMC_MCMC_ADAPT_DUAL_AVERAGING_HPP
