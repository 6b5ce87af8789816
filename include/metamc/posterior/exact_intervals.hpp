// The exact posterior's intervals for mu and for a new trial's effect, and P(benefit), on a small
// quadrature: what a simulation study needs of each of its thousands of replicates
// (simulate/coverage_study.hpp), a thousand times faster than exact_posterior's full summary.
//
// The same integral (mu | tau, y normal, models/normal_normal.hpp; u = log tau integrated out),
// on 8-node Gauss-Legendre panels over the range where p(u | y) is above exp(-30) of its maximum
// (model/log_tau_range.hpp), with quantiles of the normal mixtures by safeguarded Newton steps
// from the moment-matched normal. Agrees with exact_posterior to 1e-8 (tests).
#ifndef METAMC_POSTERIOR_EXACT_INTERVALS_HPP
#define METAMC_POSTERIOR_EXACT_INTERVALS_HPP

#include "metamc/data/measure.hpp"
#include "metamc/interval.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

struct ExactIntervals {
  Interval mu;           // central credible interval of mu
  Interval prediction;   // central interval of a new trial's effect theta_new
  double p_benefit = 0;  // P(mu on the favourable side of 0 | y)
};

/// At `level`. Throws NumericalError where find_log_tau_range does.
ExactIntervals exact_intervals(const NormalNormalData& d, Benefit benefit, double level);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_EXACT_INTERVALS_HPP
