// A simulation study of one group's design (`metamc simulate`): how often each method's interval
// for mu covers the truth, how wide it is, how often it declares a benefit, for the group's own
// trials (simulate/trial_design.hpp: their standard errors, or their arm sizes and control risks).
//
// Per scenario (a true tau and mu), each replicate's trials are drawn from the random-effects
// model and fitted by DL, REML and PM (Wald and HKSJ intervals, frequentist/random_effects.hpp) on
// their effect sizes (for counts: the log ratios of the tables with events, 0.5 added to a table
// with a zero cell, as the study reader does) and by the Bayesian model: the normal-normal model
// exactly (posterior/exact_intervals.hpp), or for counts the binomial-normal model by HMC
// (simulate/sampled_intervals.hpp). A design of one trial, and a replicate in which fewer than two
// tables have events, are fitted by no method. Reported per method: the coverage of mu with its
// Monte Carlo standard error sqrt(c (1 - c) / R), the mean and median width, the coverage of the
// prediction interval as the mean probability that a new trial's true effect theta_new ~ N(mu,
// tau^2) falls in it (conditional on each replicate's interval: lower Monte Carlo error than one
// draw per replicate), the share of replicates with tau^2 estimated as 0, the rate of significant
// benefit (the interval entirely on the favourable side of 0: the type I error at mu = 0, the power
// otherwise) and, for Bayes, the rate of P(benefit) > 0.95.
//
// Effect-size designs of up to kBatchMaxTrials trials may run in batches instead, on the GPU
// (CoverageSettings::batches): the same host/device fit of each replicate, tallied alike on the
// CPU's threads.
//
// Random numbers: replicate r of scenario s of group g from Philox (the seed) at counter
// (g, s, r, slot); HMC's chains of the replicate on a key drawn from the same stream, at group
// coordinate r. Every replicate depends on the seed and these indices alone; the tallies are
// exact (simulate/performance_tally.hpp), so that the figures depend on neither the threads nor
// the split of the replicates into shards.
#ifndef METAMC_SIMULATE_COVERAGE_STUDY_HPP
#define METAMC_SIMULATE_COVERAGE_STUDY_HPP

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "metamc/mcmc/sampler_settings.hpp"
#include "metamc/progress.hpp"
#include "metamc/simulate/performance_tally.hpp"
#include "metamc/simulate/replicate_batch.hpp"
#include "metamc/simulate/trial_design.hpp"
#include "models/binomial_normal.hpp"
#include "models/model_kind.hpp"
#include "models/priors.hpp"

namespace metamc {

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
  // The Bayesian model of count designs: normal (exact, on the effect sizes) or binomial (HMC
  // with these chains, warmup and draws per replicate; its seed comes from `seed`).
  ModelKind count_model = ModelKind::binomial;
  BaselinePrior baseline;
  SamplerSettings sampler = {SamplerKind::hmc, 16, 500, 250, 1, 1, {}};
  // Where the replicates of effect-size designs run, in batches of up to kBatchReplicates (the
  // GPU: fit_batch_on_cuda); empty: on `threads` CPU threads, replicate by replicate. Count
  // designs always run on the CPU.
  BatchRunner batches;
  std::uint64_t batch_replicates = kBatchReplicates;  // the most rows of one run of `batches`
};

/// The tallies of replicates `range` of each scenario of `design`; `group` is the group's
/// coordinate in the random numbers. Adds the replicates fitted to `progress`.
std::vector<ScenarioTally> coverage_tallies(const StudyDesign& design,
                                            const std::vector<Scenario>& scenarios,
                                            const CoverageSettings& settings, std::uint32_t group,
                                            ReplicateRange range, Progress* progress = nullptr);

/// Whether settings.batches runs the design (effect sizes, 2 to kBatchMaxTrials trials) rather
/// than the CPU's threads.
bool runs_in_batches(const StudyDesign& design, const CoverageSettings& settings);

/// One design of a batched study: its scenarios and its group coordinate in the random numbers.
struct BatchedDesign {
  const StudyDesign* design;
  const std::vector<Scenario>* scenarios;
  std::uint32_t group;
};

/// coverage_tallies of designs that run in batches, every scenario of every design in the same
/// runs of settings.batches (launches of up to kBatchReplicates replicates on the GPU, so that a
/// whole study of small scenarios fills one): result[design][scenario]. The same tallies as one
/// design at a time. UsageError for a design of more than kBatchMaxTrials trials.
std::vector<std::vector<ScenarioTally>> batched_tallies(const std::vector<BatchedDesign>& designs,
                                                        const CoverageSettings& settings,
                                                        ReplicateRange range,
                                                        Progress* progress = nullptr);

/// The whole study (every replicate), summarised per scenario.
std::vector<ScenarioResult> coverage_study(const StudyDesign& design,
                                           const std::vector<Scenario>& scenarios,
                                           const CoverageSettings& settings, std::uint32_t group,
                                           Progress* progress = nullptr);

}  // namespace metamc

#endif  // METAMC_SIMULATE_COVERAGE_STUDY_HPP
