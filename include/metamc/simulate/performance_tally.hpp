// What one method's intervals did over the replicates of a simulation study: the outcome of each
// replicate, their running tally, and the figures reported from it.
//
// The tally holds counts, exact sums (math/exact_sum.hpp) and the widths' bins
// (math/binned_median.hpp), so that tallies of any parts of the replicates, added in any order,
// give the same figures to the last bit: threads and shards (`metamc merge`) do not change them.
#ifndef METAMC_SIMULATE_PERFORMANCE_TALLY_HPP
#define METAMC_SIMULATE_PERFORMANCE_TALLY_HPP

#include <cstdint>
#include <optional>
#include <string>

#include "metamc/math/binned_median.hpp"
#include "metamc/math/exact_sum.hpp"
#include "metamc/simulate/replicate_outcome.hpp"

namespace metamc {

/// "DL", "REML", "PM", "DL-HKSJ", "REML-HKSJ", "PM-HKSJ", "Bayes".
const char* to_string(IntervalMethod m);

/// The method to_string names; std::nullopt for another name.
std::optional<IntervalMethod> interval_method_named(const std::string& name);

/// The figures of one method over the replicates; those that do not apply are empty.
struct MethodPerformance {
  IntervalMethod method = IntervalMethod::DL;
  int replicates = 0;  // that gave an interval
  std::optional<double> coverage, coverage_mcse, width_mean, width_median, pi_coverage,
      tau2_zero_share, significant_rate, p_benefit_095_rate;
  std::optional<double> divergent_share;  // of the replicates fitted by MCMC, those with
                                          // divergent transitions
};

struct PerformanceTally {
  std::uint64_t fitted = 0, covered = 0, with_pi = 0, tau2_zero = 0, significant = 0,
                p_benefit_095 = 0, sampled = 0, divergent = 0;
  ExactSum width_sum, pi_sum;
  BinnedMedian widths;

  void add(const ReplicateOutcome& o);
  void add(const PerformanceTally& other);

  /// Coverage with its Monte Carlo standard error sqrt(c (1 - c) / n), mean and median width,
  /// the mean prediction-interval coverage (when every replicate had a prediction interval), the
  /// rate of significant benefit, and the share of tau^2 = 0 (frequentist) or the rate of
  /// P(benefit) > 0.95 (Bayes); and, when MCMC fitted any, the share with divergences.
  MethodPerformance performance(IntervalMethod method) const;
};

}  // namespace metamc

#endif  // METAMC_SIMULATE_PERFORMANCE_TALLY_HPP
