// What one method's interval did on one replicate of a simulation study, and how it is judged
// against the truth: host/device code, so that the CPU and the simulation kernels score every
// replicate alike (the tallies, performance_tally.hpp, stay on the host).
#ifndef METAMC_SIMULATE_REPLICATE_OUTCOME_HPP
#define METAMC_SIMULATE_REPLICATE_OUTCOME_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/interval.hpp"
#include "metamc/math/normal.hpp"

namespace metamc {

/// The methods in the order of a replicate's outcomes: the three tau^2 estimators with Wald
/// intervals, the same with HKSJ intervals, and the Bayesian model.
enum class IntervalMethod { DL, REML, PM, DL_HKSJ, REML_HKSJ, PM_HKSJ, Bayes };
constexpr int kIntervalMethods = 7;

/// One method's interval on one replicate; a plain struct (the kernels write it).
struct ReplicateOutcome {
  bool fitted = false;  // an interval, finite
  bool covered = false;
  double width = 0;
  bool has_pi = false;         // a prediction interval, with
  double pi_coverage = 0;      // P(new trial's effect in it)
  bool tau2_zero = false;      // frequentist only
  bool significant = false;    // entirely on the favourable side of 0
  bool has_p_benefit = false;  // Bayes only: P(benefit | y)
  double p_benefit = 0;
  bool sampled = false;    // by MCMC (Bayes on counts: the binomial model)
  bool divergent = false;  // ... with divergent transitions
};

/// The true effects of a scenario and the favourable direction.
struct ReplicateTruth {
  double mu = 0, tau = 0;
  bool lower_is_better = true;
};

/// P(theta_new in [lower, upper]) for theta_new ~ N(mu, tau^2); at tau = 0, whether mu is in it.
METAMC_HD inline double prediction_coverage(const Interval& pi, const ReplicateTruth& t) {
  if (t.tau == 0) return pi.lower <= t.mu && t.mu <= pi.upper ? 1 : 0;
  return standard_normal_cdf((pi.upper - t.mu) / t.tau) -
         standard_normal_cdf((pi.lower - t.mu) / t.tau);
}

/// An interval for mu judged: its width, whether it covers the truth, and whether it lies
/// entirely on the favourable side of 0.
METAMC_HD inline ReplicateOutcome interval_outcome(const Interval& ci, const ReplicateTruth& t) {
  ReplicateOutcome o;
  o.width = ci.upper - ci.lower;
  o.fitted = std::isfinite(o.width);  // no interval otherwise
  o.covered = ci.lower <= t.mu && t.mu <= ci.upper;
  o.significant = t.lower_is_better ? ci.upper < 0 : ci.lower > 0;
  return o;
}

/// A Bayesian fit's outcome: its credible interval, prediction interval and P(benefit).
METAMC_HD inline ReplicateOutcome bayes_outcome(const Interval& mu, const Interval& prediction,
                                                double p_benefit, const ReplicateTruth& t) {
  ReplicateOutcome o = interval_outcome(mu, t);
  o.has_pi = true;
  o.pi_coverage = prediction_coverage(prediction, t);
  o.has_p_benefit = true;
  o.p_benefit = p_benefit;
  return o;
}

}  // namespace metamc

#endif  // METAMC_SIMULATE_REPLICATE_OUTCOME_HPP
