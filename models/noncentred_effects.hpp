// What the non-centred random-effects models share (models/normal_normal_noncentred.hpp,
// models/binomial_normal.hpp): the coordinates q = (mu, z, eta_1..eta_k, ...) with tau = tau(z)
// (models/tau_transform.hpp) and theta_i = mu + tau eta_i; the priors of mu and tau with their
// part of the log density and gradient; and where chains start. Host/device code.
#ifndef METAMC_MODELS_NONCENTRED_EFFECTS_HPP
#define METAMC_MODELS_NONCENTRED_EFFECTS_HPP

#include <cmath>
#include <cstddef>

#include "metamc/host_device.hpp"
#include "models/priors.hpp"
#include "models/tau_transform.hpp"

namespace metamc {

struct NoncentredEffects {
  int k = 0;
  MuPrior mu_prior;
  TauPrior tau_prior;
  double centre = 0;  // where chains start: a pooled estimate of mu
  double scale = 1;   // the effects' scale: the larger of the typical s_i and the spread of y_i

  /// The priors' part at q: log p(mu) + log p(tau) + log |dtau/dz| (left 0 unless kDensity),
  /// with the derivatives in mu and tau that the studies' terms add to before gradient_of_mu_z.
  struct PriorPart {
    TauAt t;
    double log_density, d_mu, d_tau;
  };

  template <bool kDensity>
  METAMC_HD PriorPart prior_part(const double* q, std::size_t stride) const {
    const double mu = q[0];
    const TauAt t = tau_at<kDensity>(tau_prior, q[stride]);
    PriorPart p{t, 0, mu_prior_log_density_derivative(mu_prior, mu),
                tau_prior_log_density_derivative(tau_prior, t.tau)};
    if constexpr (kDensity)
      p.log_density = mu_prior_log_density(mu_prior, mu) + tau_prior_log_density(tau_prior, t.tau) +
                      t.log_jacobian;
    return p;
  }

  /// The priors' parts of W chains side by side (a lane evaluation, mcmc/hmc/lane_gradients.hpp),
  /// as arrays over the lanes that the studies' loop reads (mu, tau) and adds to (d_mu, d_tau,
  /// density); finish_lanes turns them into the gradients in mu and z and the log densities.
  template <int W>
  struct LanePriors {
    PriorPart part[W];
    double mu[W], tau[W], d_mu[W], d_tau[W], density[W];
  };

  template <bool kDensity, int W>
  METAMC_HD_ALWAYS_INLINE LanePriors<W> lane_priors(const double* q, std::size_t stride) const {
    LanePriors<W> l;
    for (int w = 0; w < W; ++w) {
      l.part[w] = prior_part<kDensity>(q + w, stride);
      l.mu[w] = q[w];
      l.tau[w] = l.part[w].t.tau;
      l.d_mu[w] = l.part[w].d_mu;
      l.d_tau[w] = l.part[w].d_tau;
      l.density[w] = l.part[w].log_density;
    }
    return l;
  }

  template <bool kDensity, int W>
  METAMC_HD_ALWAYS_INLINE static void finish_lanes(LanePriors<W>& l, std::size_t stride,
                                                   double* grad, double* log_density) {
    for (int w = 0; w < W; ++w) {
      l.part[w].d_mu = l.d_mu[w];
      l.part[w].d_tau = l.d_tau[w];
      gradient_of_mu_z(l.part[w], stride, grad + w);
      if constexpr (kDensity) log_density[w] = l.density[w];
    }
  }

  /// The gradient in mu and z from the summed derivatives in mu and tau.
  METAMC_HD static void gradient_of_mu_z(const PriorPart& p, std::size_t stride, double* grad) {
    grad[0] = p.d_mu;
    grad[stride] = p.d_tau * p.t.dtau_dz + p.t.log_jacobian_dz;
  }

  /// Where a chain starts in mu and z, from spread(j) uniform on (-2, 2): mu within 2 scales of
  /// the centre, tau within a factor e^2 of the scale (Stan's +-2 on the unconstrained scale,
  /// moved to the data's location and scale). Returns tau.
  template <class Spread>
  METAMC_HD double start_mu_tau(Spread&& spread, double* q, std::size_t stride) const {
    q[0] = centre + scale * spread(0);
    const double tau = tau_prior.kind == TauPriorKind::uniform
                           ? tau_at<false>(tau_prior, spread(1)).tau
                           : scale * std::exp(spread(1));
    q[stride] = z_of_tau(tau_prior, tau);
    return tau;
  }

  METAMC_HD double tau(const double* q, std::size_t stride) const {
    return tau_at<false>(tau_prior, q[stride]).tau;
  }

  /// theta_i at q.
  METAMC_HD double theta(const double* q, std::size_t stride, int i) const {
    return q[0] + tau(q, stride) * q[static_cast<std::size_t>(2 + i) * stride];
  }
};

}  // namespace metamc

#endif  // METAMC_MODELS_NONCENTRED_EFFECTS_HPP
