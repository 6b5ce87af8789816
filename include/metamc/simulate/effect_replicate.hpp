// The fits of one replicate of an effect-size design (or of a count design's effect sizes) by
// the methods a simulation study compares, scored against the truth: host/device code, the one
// implementation the CPU (coverage_study.cpp) and the simulation kernel
// (kernels/simulation_kernels.cu, through fit_batch_replicate) run.
#ifndef METAMC_SIMULATE_EFFECT_REPLICATE_HPP
#define METAMC_SIMULATE_EFFECT_REPLICATE_HPP

#include <cmath>
#include <cstdint>

#include "metamc/frequentist/pooled_estimate.hpp"
#include "metamc/frequentist/tau2_solvers.hpp"
#include "metamc/host_device.hpp"
#include "metamc/posterior/interval_quadrature.hpp"
#include "metamc/simulate/replicate_outcome.hpp"
#include "metamc/simulate/replicate_stream.hpp"
#include "models/normal_normal.hpp"
#include "models/priors.hpp"

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

/// The most trials and quadrature nodes of a batch replicate: its arrays are fixed, since a GPU
/// thread has no allocator. The few replicates whose quadrature needs more nodes (none in 20,000
/// at k = 2 to 30 under three priors: at most 377) are integrated by exact_intervals instead.
constexpr int kBatchMaxTrials = 64;
constexpr int kBatchMaxNodes = 512;

/// One scenario of an effect-size design as a batch sees it: a plain struct, copied to the
/// device as it is.
struct EffectBatch {
  int k = 0;
  double se[kBatchMaxTrials] = {};  // the trials' standard errors
  double v[kBatchMaxTrials] = {};   // their squares
  ReplicateTruth truth;
  CriticalValues critical;  // for k trials
  TauPrior tau_prior;
  MuPrior mu_prior;
  double level = 0.95;
  PanelRule rule = {};     // the quadrature's panels
  ReplicateStream stream;  // key, group and scenario; the replicate index is the batch's
};

/// A batch replicate's working arrays.
struct EffectBatchScratch {
  double y[kBatchMaxTrials], v[kBatchMaxTrials], work[tau2_workspace(kBatchMaxTrials)];
  double mixture[4 * kBatchMaxNodes];
};

/// Replicate `replicate` of the batch's scenario drawn and fitted by every method into
/// out[0..kIntervalMethods): what one GPU thread does, and what the CPU's coverage study does for
/// the same replicate. Returns true when its quadrature needs more than kBatchMaxNodes nodes:
/// its Bayes outcome is then left to exact_intervals (out[Bayes] unfitted).
METAMC_HD inline bool fit_batch_replicate(const EffectBatch& b, std::uint32_t replicate,
                                          EffectBatchScratch& s, ReplicateOutcome* out) {
  ReplicateStream stream = b.stream;
  stream.replicate = replicate;
  for (int j = 0; j < b.k; ++j) {
    s.y[j] = draw_effect(stream, j, b.truth.mu, b.truth.tau, b.se[j]);
    s.v[j] = b.v[j];
  }
  fit_frequentist_replicate(s.y, s.v, b.k, b.critical, b.truth, s.work, out);
  NormalNormalData d;
  d.k = b.k;
  d.y = s.y;
  d.s2 = s.v;
  d.mu_prior = b.mu_prior;
  d.tau_prior = b.tau_prior;
  IntervalQuadrature q;
  if (plan_interval_quadrature(d, s.work, q) != LogTauSearchFailure::none)
    return false;  // no posterior summary, as exact_intervals' NumericalError
  if (q.nodes() > kBatchMaxNodes) return true;
  const MixtureStorage m{s.mixture, s.mixture + kBatchMaxNodes, s.mixture + 2 * kBatchMaxNodes,
                         s.mixture + 3 * kBatchMaxNodes};
  const ExactIntervals e = quadrature_intervals(d, q, b.rule, b.truth.lower_is_better, b.level, m);
  out[static_cast<int>(IntervalMethod::Bayes)] =
      bayes_outcome(e.mu, e.prediction, e.p_benefit, b.truth);
  return false;
}

}  // namespace metamc

#endif  // METAMC_SIMULATE_EFFECT_REPLICATE_HPP
