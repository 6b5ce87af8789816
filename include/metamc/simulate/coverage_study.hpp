// A simulation study of one group's design (`metamc simulate`): how often each method's interval
// for mu covers the truth, how wide it is, how often it declares a benefit, for the group's own
// number of trials and standard errors.
//
// Per scenario (a true tau and mu), replicate r draws theta_i ~ N(mu, tau^2) and
// y_i ~ N(theta_i, s_i^2) for the group's s_i, then fits DL, REML and PM (Wald and HKSJ
// intervals, frequentist/random_effects.hpp) and the Bayesian normal-normal model exactly
// (posterior/exact_intervals.hpp). Reported per method: the coverage of mu with its Monte Carlo
// standard error sqrt(c (1 - c) / R), the mean and median width, the coverage of the prediction
// interval as the mean probability that a new trial's true effect theta_new ~ N(mu, tau^2) falls in
// it (conditional on each replicate's interval: lower Monte Carlo error than one draw per
// replicate), the share of replicates with tau^2 estimated as 0, the rate of significant benefit
// (the interval entirely on the favourable side of 0: the type I error at mu = 0, the power
// otherwise) and, for Bayes, the rate of P(benefit) > 0.95.
//
// Random numbers: replicate r of scenario s of group g from Philox (the seed) at counter
// (r, slot, s, g), so that every replicate depends on the seed and these indices alone; the
// tallies are exact (simulate/performance_tally.hpp), so that the figures depend on neither the
// threads nor the split of the replicates into shards.
#ifndef METAMC_SIMULATE_COVERAGE_STUDY_HPP
#define METAMC_SIMULATE_COVERAGE_STUDY_HPP

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "metamc/data/measure.hpp"
#include "metamc/progress.hpp"
#include "metamc/simulate/performance_tally.hpp"
#include "models/priors.hpp"

namespace metamc {

struct Scenario {
  double tau = 0, mu = 0;  // the truth, on the analysis scale
};

struct ScenarioResult {
  Scenario scenario;
  std::vector<MethodPerformance> methods;  // in IntervalMethod order, those that apply
};

/// Every method's tally over the replicates of one scenario (or a share of them).
struct ScenarioTally {
  Scenario scenario;
  std::array<PerformanceTally, kIntervalMethods> methods;  // in IntervalMethod order

  void add(const ScenarioTally& other);
};

/// The figures of the methods that gave an interval at least once.
ScenarioResult summarise(const ScenarioTally& tally);

/// The replicates [first, last) of each scenario: shard i of n has those from floor(i R / n) to
/// floor((i + 1) R / n), so that the shards of a study are the whole of it, once.
struct ReplicateRange {
  std::uint64_t first = 0, last = 0;
  static ReplicateRange shard(std::uint64_t replicates, std::uint32_t index, std::uint32_t count);
};

struct CoverageSettings {
  int replicates = 1000;
  double level = 0.95;
  std::uint64_t seed = 1;
  TauPrior tau_prior = make_tau_prior(TauPriorKind::half_normal, 0.5);
  MuPrior mu_prior;
  int threads = 0;  // 0 = all cores
};

/// The tallies of replicates `range` of each scenario, for a design with standard errors `se`
/// and favourable side `benefit`; `group` is the group's coordinate in the random numbers. Adds
/// the replicates fitted to `progress`.
std::vector<ScenarioTally> coverage_tallies(const std::vector<double>& se, Benefit benefit,
                                            const std::vector<Scenario>& scenarios,
                                            const CoverageSettings& settings, std::uint32_t group,
                                            ReplicateRange range, Progress* progress = nullptr);

/// The whole study (every replicate), summarised per scenario.
std::vector<ScenarioResult> coverage_study(const std::vector<double>& se, Benefit benefit,
                                           const std::vector<Scenario>& scenarios,
                                           const CoverageSettings& settings, std::uint32_t group,
                                           Progress* progress = nullptr);

}  // namespace metamc

#endif  // METAMC_SIMULATE_COVERAGE_STUDY_HPP
