// The gradients of W chains at once ("lanes": coordinate j of lane w at j * stride + w, the
// chains side by side in memory). A model that has a lane evaluation (evaluate_lanes<kDensity,
// W>, as models/normal_normal_noncentred.hpp) runs its loop over the studies across the W chains
// together, arithmetic the compiler vectorises: one chain's sums over the studies are
// reductions it may not reorder, W chains' are W independent sums. A model without one is
// evaluated lane by lane with its one-chain functions. Either way every lane gets exactly what
// the one-chain functions give it: the lanes change the speed, never a draw. Host/device code.
#ifndef METAMC_MCMC_HMC_LANE_GRADIENTS_HPP
#define METAMC_MCMC_HMC_LANE_GRADIENTS_HPP

#include <cstddef>
#include <type_traits>
#include <utility>

#include "metamc/host_device.hpp"

namespace metamc {

template <class Model, class = void>
struct HasLaneEvaluation : std::false_type {};

template <class Model>
struct HasLaneEvaluation<
    Model, std::void_t<decltype(std::declval<const Model&>().template evaluate_lanes<true, 1>(
               nullptr, 0, nullptr, nullptr))>> : std::true_type {};

/// The gradient of the lanes marked in `live` into grad, and with kDensity their log densities
/// into log_density (W values). A model with a lane evaluation computes every lane (a lane that
/// is no longer live gets a gradient that no outcome depends on); one without skips them.
template <bool kDensity, int W, class Model>
METAMC_HD_ALWAYS_INLINE void lane_gradients(const Model& m, const double* q, std::size_t stride,
                                            double* grad, double* log_density, const bool* live) {
  if constexpr (HasLaneEvaluation<Model>::value) {
    m.template evaluate_lanes<kDensity, W>(q, stride, grad, log_density);
  } else {
    for (int w = 0; w < W; ++w) {
      if (!live[w]) continue;
      if constexpr (kDensity)
        log_density[w] = m.log_density_gradient(q + w, stride, grad + w);
      else
        m.gradient(q + w, stride, grad + w);
    }
  }
}

}  // namespace metamc

#endif  // METAMC_MCMC_HMC_LANE_GRADIENTS_HPP
