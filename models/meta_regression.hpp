// The meta-regression y_i ~ N(x_i' beta, s_i^2 + tau^2) (model/regression_given_tau.hpp) with the
// study effects integrated out, for gradient-based samplers, on coordinates that whiten beta:
//
//   beta = c + L gamma,   L the factor of the conditional covariance of beta at the mode of tau
//   (cov(beta | tau, y) = L L'), c its mean there;   q = (gamma_1..gamma_p, z),  tau = tau(z)
//   (models/tau_transform.hpp),   r_i = y_i - x_i' beta = y_i - o_i - (X L)_i gamma,  o_i = x_i' c,
//   v_i = s_i^2 + tau^2,
//   log p(q | y) = sum_j log p(beta_j) + log p(tau) + log |dtau/dz|
//                  - 1/2 sum [log v_i + r_i^2 / v_i] + const,
//   d/dgamma_l = sum_i (X L)_il r_i / v_i + sum_j L_jl d log p(beta_j)/dbeta_j,
//   d/dz       = (sum_i tau (r_i^2 / v_i^2 - 1 / v_i) + d log p(tau)/dtau) dtau/dz
//                + d log |dtau/dz| / dz.
//
// The map is linear, so its Jacobian is a constant. Without it a diagonal metric cannot follow
// the near-collinear posterior of an intercept and an uncentred moderator such as a year
// (correlation -0.9999 on BCG; Stan's QR reparameterisation answers the same problem). The
// marginal form has no funnel to remove: p + 1 coordinates whatever the number of studies. The
// interface of models/normal_normal_noncentred.hpp that the HMC warmup uses (dim, the log density
// with its gradient, a start, a scale per coordinate). Host/device code.
#ifndef METAMC_MODELS_META_REGRESSION_HPP
#define METAMC_MODELS_META_REGRESSION_HPP

#include <cmath>
#include <cstddef>

#include "metamc/host_device.hpp"
#include "models/priors.hpp"
#include "models/tau_transform.hpp"

namespace metamc {

struct MetaRegressionModel {
  int k = 0, p = 0;
  const double* xl = nullptr;      // X L: k x p, row-major
  const double* offset = nullptr;  // o = X c: k values
  const double* root = nullptr;    // L: p x p, row-major
  const double* centre = nullptr;  // c: p values
  const double* y = nullptr;       // effects
  const double* s2 = nullptr;      // their sampling variances
  MuPrior intercept_prior, coefficient_prior;
  TauPrior tau_prior;
  double tau_scale = 1;  // a typical tau: the mode of its posterior
  double z_scale = 1;    // the posterior sd of z near its mode

  METAMC_HD int dim() const { return p + 1; }

  METAMC_HD const MuPrior& prior_of(int j) const {
    return j == 0 ? intercept_prior : coefficient_prior;
  }

  /// beta_j at q.
  METAMC_HD double beta(const double* q, std::size_t stride, int j) const {
    double b = centre[j];
    for (int l = 0; l < p; ++l)
      b += root[static_cast<std::size_t>(j) * p + l] * q[static_cast<std::size_t>(l) * stride];
    return b;
  }

  /// log p(q | y) up to a constant, and its gradient into grad.
  METAMC_HD double log_density_gradient(const double* q, std::size_t stride, double* grad) const {
    return evaluate<true>(q, stride, grad);
  }

  /// The gradient alone, as log_density_gradient computes it (without a logarithm per study).
  METAMC_HD void gradient(const double* q, std::size_t stride, double* grad) const {
    evaluate<false>(q, stride, grad);
  }

  /// A start from uniforms on (0, 1): each gamma_l within +-2 (beta within two conditional sds
  /// of its centre), tau within a factor e^2 of its mode (all of the support for a uniform
  /// prior).
  template <class Uniform>
  METAMC_HD void initial_point(Uniform&& uniform, double* q, std::size_t stride) const {
    for (int l = 0; l < p; ++l) q[static_cast<std::size_t>(l) * stride] = 4 * uniform(l) - 2;
    const double spread = 4 * uniform(p) - 2;
    const double tau = tau_prior.kind == TauPriorKind::uniform
                           ? tau_at<false>(tau_prior, spread).tau
                           : tau_scale * std::exp(spread);
    q[static_cast<std::size_t>(p) * stride] = z_of_tau(tau_prior, tau);
  }

  /// A guess of each coordinate's posterior sd, for the metric before any is estimated.
  METAMC_HD double coordinate_scale(int j) const { return j < p ? 1 : z_scale; }

  METAMC_HD double tau(const double* q, std::size_t stride) const {
    return tau_at<false>(tau_prior, q[static_cast<std::size_t>(p) * stride]).tau;
  }

 private:
  // The log density (left 0 unless kDensity) and the gradient into grad.
  template <bool kDensity>
  METAMC_HD double evaluate(const double* q, std::size_t stride, double* grad) const {
    const TauAt t = tau_at<kDensity>(tau_prior, q[static_cast<std::size_t>(p) * stride]);
    const double tau2 = t.tau * t.tau;
    double log_density = 0;
    if constexpr (kDensity) log_density = tau_prior_log_density(tau_prior, t.tau) + t.log_jacobian;
    for (int l = 0; l < p; ++l) grad[static_cast<std::size_t>(l) * stride] = 0;
    for (int j = 0; j < p; ++j) {
      const MuPrior& prior = prior_of(j);
      if (!prior.normal) continue;
      const double b = beta(q, stride, j);
      if constexpr (kDensity) log_density += mu_prior_log_density(prior, b);
      const double d = mu_prior_log_density_derivative(prior, b);
      for (int l = 0; l < p; ++l)
        grad[static_cast<std::size_t>(l) * stride] += root[static_cast<std::size_t>(j) * p + l] * d;
    }
    double d_tau = 0;
    for (int i = 0; i < k; ++i) {
      const double* row = xl + static_cast<std::size_t>(i) * static_cast<std::size_t>(p);
      double fitted = offset[i];
      for (int l = 0; l < p; ++l) fitted += row[l] * q[static_cast<std::size_t>(l) * stride];
      const double residual = y[i] - fitted;
      const double v = s2[i] + tau2;
      const double r = residual / v;
      if constexpr (kDensity) log_density -= 0.5 * (std::log(v) + residual * r);
      for (int l = 0; l < p; ++l) grad[static_cast<std::size_t>(l) * stride] += row[l] * r;
      d_tau += r * r - 1 / v;
    }
    d_tau = d_tau * t.tau + tau_prior_log_density_derivative(tau_prior, t.tau);
    grad[static_cast<std::size_t>(p) * stride] = d_tau * t.dtau_dz + t.log_jacobian_dz;
    return log_density;
  }
};

}  // namespace metamc

#endif  // METAMC_MODELS_META_REGRESSION_HPP
