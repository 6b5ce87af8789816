// The unconstrained coordinate z of tau on which gradient-based samplers move, by the support of
// the tau prior, with the log Jacobian that keeps the density right (Stan's transforms, Stan
// Reference Manual, "Constraint transforms"):
//
//   support (0, inf), every prior but the uniform:  tau = exp(z),
//       log |dtau/dz| = z;
//   uniform(a, b):  tau = a + (b - a) s(z), s the logistic function,
//       log |dtau/dz| = log(b - a) + log s(z) + log(1 - s(z)).
//
// A sampler on z therefore never leaves the support, and the density on z is
// p(tau(z)) |dtau/dz| with no edge where it jumps to zero. Host/device code.
#ifndef METAMC_MODELS_TAU_TRANSFORM_HPP
#define METAMC_MODELS_TAU_TRANSFORM_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "models/priors.hpp"

namespace metamc {

/// tau at z, with what the log density on z and its gradient need.
struct TauAt {
  double tau;
  double dtau_dz;
  double log_jacobian;     // log |dtau/dz|
  double log_jacobian_dz;  // d/dz log |dtau/dz|
};

/// log(1 + e^x) without overflow.
METAMC_HD inline double log1p_exp(double x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

/// Without kDensity the log Jacobian is left 0 (a uniform prior's costs three logarithms): for
/// the gradient alone and for tau itself.
template <bool kDensity = true>
METAMC_HD inline TauAt tau_at(const TauPrior& p, double z) {
  if (p.kind != TauPriorKind::uniform) {
    const double tau = std::exp(z);
    return {tau, tau, z, 1};
  }
  const double width = p.b - p.a;
  const double s = 1 / (1 + std::exp(-z));
  TauAt t{p.a + width * s, width * s * (1 - s), 0, 1 - 2 * s};
  // log s(z) + log(1 - s(z)) = -log(1 + e^-z) - log(1 + e^z)
  if constexpr (kDensity) t.log_jacobian = std::log(width) - log1p_exp(-z) - log1p_exp(z);
  return t;
}

/// The z of a tau inside the support (the inverse of tau_at).
METAMC_HD inline double z_of_tau(const TauPrior& p, double tau) {
  if (p.kind != TauPriorKind::uniform) return std::log(tau);
  const double s = (tau - p.a) / (p.b - p.a);
  return std::log(s) - std::log1p(-s);
}

}  // namespace metamc

#endif  // METAMC_MODELS_TAU_TRANSFORM_HPP
