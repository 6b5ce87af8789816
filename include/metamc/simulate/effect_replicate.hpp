// The fits of one replicate of an effect-size design (or of a count design's effect sizes) by
// the methods a simulation study compares, scored against the truth: host/device code, the one
// implementation the CPU (coverage_study.cpp) and the simulation kernels run.
#ifndef METAMC_SIMULATE_EFFECT_REPLICATE_HPP
#define METAMC_SIMULATE_EFFECT_REPLICATE_HPP

#include <cmath>

#include "metamc/frequentist/pooled_estimate.hpp"
#include "metamc/frequentist/tau2_solvers.hpp"
#include "metamc/host_device.hpp"
#include "metamc/posterior/interval_quadrature.hpp"
#include "metamc/simulate/replicate_outcome.hpp"

namespace metamc {

/// DL, REML and PM fits of effects y with sampling variances v (k of them), each with its Wald
/// interval into out[DL..PM] and its HKSJ interval into out[DL_HKSJ..PM_HKSJ]. A method whose
/// solver fails leaves its outcomes unfitted. `work`: tau2_workspace(k) doubles.
METAMC_HD inline void fit_frequentist_replicate(const double* y, const double* v, int k,
                                                const CriticalValues& c, const ReplicateTruth& t,
                                                double* work, ReplicateOutcome* out) {
  double mean_v = 0;
  for (int i = 0; i < k; ++i) mean_v += v[i];
  mean_v /= k;
  const double zero_below = 1e-10 * mean_v;  // tau^2 "estimated as 0"
  for (int m = 0; m < 3; ++m) {
    const double tau2 = m == 0   ? tau2_dersimonian_laird(y, v, k, work)
                        : m == 1 ? tau2_reml(y, v, k, work)
                                 : tau2_paule_mandel(y, v, k);
    if (std::isnan(tau2)) continue;  // this replicate has no estimate by this method
    const PooledEstimate e = pooled_estimate(y, v, k, tau2, c);
    ReplicateOutcome& wald = out[m];
    wald = interval_outcome(e.ci, t);
    wald.tau2_zero = tau2 <= zero_below;
    if (e.has_pi) {
      wald.has_pi = true;
      wald.pi_coverage = prediction_coverage(e.prediction, t);
    }
    if (e.has_hksj) {
      ReplicateOutcome& hksj = out[3 + m];
      hksj = interval_outcome(e.hksj_ci, t);
      hksj.tau2_zero = wald.tau2_zero;
    }
  }
}

}  // namespace metamc

#endif  // METAMC_SIMULATE_EFFECT_REPLICATE_HPP
