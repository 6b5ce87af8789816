// The pooled effect of the random-effects model at a given tau^2 with its Wald, Hartung-Knapp
// (HKSJ) and prediction intervals, as metafor's rma.uni() and predict() compute them for an
// intercept-only model. Host/device code on plain arrays: fit_pooled (random_effects.hpp) and
// every replicate of `metamc simulate`, on the CPU and in the CUDA kernels.
#ifndef METAMC_FREQUENTIST_POOLED_ESTIMATE_HPP
#define METAMC_FREQUENTIST_POOLED_ESTIMATE_HPP

#include <cfloat>
#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/interval.hpp"

namespace metamc {

/// The intervals' critical values for k studies at one level: z, t(k - 1) for HKSJ and t(k - 2)
/// for the prediction interval (0 where k is too small); random_effects.hpp computes them.
struct CriticalValues {
  double z = 0, t_hksj = 0, t_prediction = 0;
};

struct PooledEstimate {
  double mu = 0;          // sum w_i y_i / sum w_i, w_i = 1 / (v_i + tau2)
  double se = 0;          // 1 / sqrt(sum w)
  Interval ci;            // Wald: mu +- z se
  bool has_hksj = false;  // k >= 2
  Interval hksj_ci;       // mu +- t(k-1) sqrt(s2w) se, unmodified
  bool has_pi = false;    // k >= 3
  Interval prediction;    // mu +- t(k-2) sqrt(tau2 + se^2)
};

METAMC_HD inline PooledEstimate pooled_estimate(const double* y, const double* v, int k,
                                                double tau2, const CriticalValues& c) {
  PooledEstimate e;
  double sum_w = 0, sum_wy = 0;
  for (int i = 0; i < k; ++i) {
    const double w = 1 / (v[i] + tau2);
    sum_w += w;
    sum_wy += w * y[i];
  }
  e.mu = sum_wy / sum_w;
  e.se = 1 / std::sqrt(sum_w);
  e.ci = {e.mu - c.z * e.se, e.mu + c.z * e.se};
  if (k < 2) return e;

  // Hartung-Knapp: scale the variance by the weighted residual mean square (metafor's s2w,
  // which is 0 when the residual sum of squares is below machine epsilon).
  double rss = 0;
  for (int i = 0; i < k; ++i) {
    const double r = y[i] - e.mu;
    rss += r * r / (v[i] + tau2);
  }
  const double s2w = rss <= DBL_EPSILON ? 0 : rss / (k - 1);
  const double se_hk = std::sqrt(s2w) * e.se;
  e.has_hksj = true;
  e.hksj_ci = {e.mu - c.t_hksj * se_hk, e.mu + c.t_hksj * se_hk};

  if (k >= 3) {
    const double half = c.t_prediction * std::sqrt(tau2 + e.se * e.se);
    e.has_pi = true;
    e.prediction = {e.mu - half, e.mu + half};
  }
  return e;
}

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_POOLED_ESTIMATE_HPP
