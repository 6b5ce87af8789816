// The normal-normal model in its non-centred form, for gradient-based samplers:
//
//   q = (mu, z, eta_1..eta_k),   tau = tau(z) (models/tau_transform.hpp),
//   theta_i = mu + tau eta_i,    eta_i ~ N(0, 1),    y_i ~ N(theta_i, s_i^2),
//
//   log p(q | y) = log p(mu) + log p(tau) + log |dtau/dz| - 1/2 sum eta_i^2
//                  - 1/2 sum (y_i - mu - tau eta_i)^2 / s_i^2 + const.
//
// With r_i = (y_i - mu - tau eta_i) / s_i^2 the gradient is
//   d/dmu    = sum r_i + d log p(mu)/dmu,
//   d/dz     = (sum r_i eta_i + d log p(tau)/dtau) dtau/dz + d log |dtau/dz| / dz,
//   d/deta_i = -eta_i + tau r_i.
// Non-centring removes the funnel between tau and the theta_i when the data are weak (Betancourt
// & Girolami 2015), the usual case with a handful of trials. The same posterior as
// models/normal_normal.hpp, so the exact quadrature checks every sampler of this model.
//
// The model interface every gradient-based sampler uses (mcmc/hmc/): dim(), the log density with
// its gradient at q and the gradient alone (what a trajectory's inner steps need), a dispersed
// start from uniforms, a scale per coordinate for the first metric, and what a draw reports.
// Positions and gradients are read and written `stride` apart: structure-of-arrays across chains,
// so that a GPU warp reads neighbouring chains from neighbouring addresses and a CPU core's vector
// registers hold neighbouring chains (evaluate_lanes). Host/device code.
#ifndef METAMC_MODELS_NORMAL_NORMAL_NONCENTRED_HPP
#define METAMC_MODELS_NORMAL_NORMAL_NONCENTRED_HPP

#include <cmath>
#include <cstddef>

#include "metamc/host_device.hpp"
#include "models/noncentred_effects.hpp"
#include "models/normal_normal.hpp"
#include "models/priors.hpp"
#include "models/reported_draw.hpp"
#include "models/tau_transform.hpp"

namespace metamc {

struct NoncentredNormalModel : NoncentredEffects {
  static constexpr bool kArmRisks = false;  // effects only: no arms
  const double* y = nullptr;                // effects
  const double* precision = nullptr;        // 1 / s_i^2
  const double* s2 = nullptr;               // s_i^2, for the reported probabilities

  METAMC_HD int dim() const { return k + 2; }

  /// log p(q | y) up to a constant, and its gradient into grad.
  METAMC_HD double log_density_gradient(const double* q, std::size_t stride, double* grad) const {
    double log_density = 0;
    evaluate_lanes<true, 1>(q, stride, grad, &log_density);
    return log_density;
  }

  /// The gradient alone, as log_density_gradient computes it.
  METAMC_HD void gradient(const double* q, std::size_t stride, double* grad) const {
    evaluate_lanes<false, 1>(q, stride, grad, nullptr);
  }

  /// The gradient of W chains side by side (coordinate j of chain w at j * stride + w) into
  /// grad, and with kDensity their log densities into log_density (W values): the studies' loop
  /// runs over the W chains together (mcmc/hmc/lane_gradients.hpp). Every chain's arithmetic, in
  /// its order, is that of W = 1, the one-chain functions above.
  template <bool kDensity, int W>
  METAMC_HD_ALWAYS_INLINE void evaluate_lanes(const double* q, std::size_t stride, double* grad,
                                              double* log_density) const {
    LanePriors<W> l = lane_priors<kDensity, W>(q, stride);
    for (int i = 0; i < k; ++i) {
      const std::size_t at = static_cast<std::size_t>(2 + i) * stride;
      const double y_i = y[i], precision_i = precision[i];
      for (int w = 0; w < W; ++w) {
        const double eta = q[at + w];
        const double residual = y_i - l.mu[w] - l.tau[w] * eta;
        const double r = residual * precision_i;
        if constexpr (kDensity) l.density[w] -= 0.5 * (eta * eta + residual * r);
        l.d_mu[w] += r;
        l.d_tau[w] += r * eta;
        grad[at + w] = -eta + l.tau[w] * r;
      }
    }
    finish_lanes<kDensity>(l, stride, grad, log_density);
  }

  /// A start from uniforms on (0, 1), uniform(j) for coordinate j: mu and tau as
  /// NoncentredEffects::start_mu_tau, eta_i within +-2.
  template <class Uniform>
  METAMC_HD void initial_point(Uniform&& uniform, double* q, std::size_t stride) const {
    const auto spread = [&](int j) { return 4 * uniform(j) - 2; };
    start_mu_tau(spread, q, stride);
    for (int i = 0; i < k; ++i) q[static_cast<std::size_t>(2 + i) * stride] = spread(2 + i);
  }

  /// A guess of each coordinate's posterior sd, for the metric before any is estimated.
  METAMC_HD double coordinate_scale(int j) const { return j == 0 ? scale : 1; }

  /// The draw at q, with a new trial's effect from a standard normal and the probabilities
  /// conditional on the draw's tau (mu | tau, y is normal: models/normal_normal.hpp).
  METAMC_HD ReportedDraw report(const double* q, std::size_t stride, double new_trial_normal,
                                const ProbabilityQuestion& question) const {
    const double tau_value = tau(q, stride);
    NormalNormalData d;
    d.k = k;
    d.y = y;
    d.s2 = s2;
    d.mu_prior = mu_prior;
    d.tau_prior = tau_prior;
    return report_draw(q[0], tau_value, std::log(tau_value), q[0] + tau_value * new_trial_normal,
                       integrate_mu(d, tau_value * tau_value), question);
  }
};

}  // namespace metamc

#endif  // METAMC_MODELS_NORMAL_NORMAL_NONCENTRED_HPP
