#include "metamc/simulate/coverage_study.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "metamc/error.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/exact_intervals.hpp"
#include "metamc/rng/random_variates.hpp"
#include "metamc/simulate/effect_replicate.hpp"
#include "metamc/simulate/sampled_intervals.hpp"

namespace metamc {

namespace {

constexpr std::size_t kReplicatesPerTask = 64;
constexpr std::uint64_t kRowsPerTallyTask = 4096;  // a batch's rows a thread tallies at once

ReplicateTruth truth_of(const Scenario& s, Benefit benefit) {
  return {s.mu, s.tau, benefit == Benefit::lower};
}

constexpr std::size_t kSampledBatch = 16;  // replicates whose chains HMC runs together

// The normal-normal model's exact outcome for effects y with variances v (k of them); unfitted
// where the posterior of tau cannot be integrated.
ReplicateOutcome exact_bayes_outcome(const double* y, const double* v, int k,
                                     const ReplicateTruth& truth,
                                     const CoverageSettings& settings) {
  NormalNormalData d;
  d.k = k;
  d.y = y;
  d.s2 = v;
  d.tau_prior = settings.tau_prior;
  d.mu_prior = settings.mu_prior;
  try {
    const ExactIntervals exact = exact_intervals(
        d, truth.lower_is_better ? Benefit::lower : Benefit::higher, settings.level);
    return bayes_outcome(exact.mu, exact.prediction, exact.p_benefit, truth);
  } catch (const NumericalError&) {
    return {};  // no posterior summary for this replicate
  }
}

// Fits effect sizes y (variances v) with the frequentist methods, and with the normal-normal
// model exactly when `bayes`, into out[0..kIntervalMethods).
void fit_effects(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, const ReplicateTruth& truth,
                 const CriticalValues& critical, const CoverageSettings& settings, bool bayes,
                 ReplicateOutcome* out) {
  const int k = static_cast<int>(y.size());
  thread_local std::vector<double> work;
  work.resize(static_cast<std::size_t>(tau2_workspace(k)));
  fit_frequentist_replicate(y.data(), v.data(), k, critical, truth, work.data(), out);
  if (bayes)
    out[static_cast<int>(IntervalMethod::Bayes)] =
        exact_bayes_outcome(y.data(), v.data(), k, truth, settings);
}

// A replicate of a count design as the study reader would have read it: the tables with events
// as effect sizes (0.5 added to a table with a zero cell), those without left aside.
Group replicate_group(const StudyDesign& design, const std::vector<TwoByTwo>& tables) {
  Group g;
  g.measure = design.measure;
  g.benefit = design.benefit;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const EffectSize e = effect_from_counts(design.measure, tables[i]);
    const Study study{"trial " + std::to_string(i + 1),
                      e.yi,
                      std::sqrt(e.vi),
                      e.continuity_corrected,
                      0,
                      0,
                      tables[i],
                      {}};
    (is_uninformative(tables[i]) ? g.uninformative : g.studies).push_back(study);
  }
  return g;
}

// The key of a scenario's HMC chains: drawn from the study's stream at a replicate index no
// replicate has, so that the chains' numbers are apart from the data's.
std::uint64_t sampler_seed(const PhiloxKey& key, std::uint32_t group, std::uint32_t scenario) {
  const Philox4x32 w = random_words(key, group, scenario, 0xFFFFFFFFu, 0);
  return (static_cast<std::uint64_t>(w.v[0]) << 32) | w.v[1];
}

// Whether the design's Bayesian fits are HMC's (the binomial model of a count design).
bool sampled_by_hmc(const StudyDesign& design, const CoverageSettings& settings) {
  return design.counts && settings.count_model == ModelKind::binomial;
}

// Fits the replicates of one task of a scenario into their outcomes: effect sizes at once; count
// designs' frequentist fits at once and their binomial-model fits together, by finish().
class ReplicateFitter {
 public:
  ReplicateFitter(const StudyDesign& design, const Scenario& scenario,
                  const CoverageSettings& settings, const std::vector<CriticalValues>& critical,
                  const BinomialFit& binomial)
      : design_(design),
        scenario_(scenario),
        settings_(settings),
        critical_(critical),
        binomial_(binomial),
        sampled_(sampled_by_hmc(design, settings)),
        effects_(design.k()),
        variances_(design.k()) {
    for (int i = 0; i < design.k(); ++i) {
      const double se = design.trials[static_cast<std::size_t>(i)].se;
      variances_[i] = se * se;
    }
  }

  // out[0..kIntervalMethods) must stay in place until finish().
  void fit(const ReplicateStream& stream, ReplicateOutcome* out) {
    const int k = design_.k();
    if (k < 2) return;  // nothing to pool
    if (!design_.counts) {
      simulate_effects(design_, scenario_, stream, effects_.data());
      fit_effects(effects_, variances_, truth_of(scenario_, design_.benefit),
                  critical_[static_cast<std::size_t>(k)], settings_, true, out);
      return;
    }
    Group g = replicate_group(design_, simulate_tables(design_, scenario_, stream));
    const auto informative = static_cast<Eigen::Index>(g.studies.size());
    if (informative < 2) return;  // no method fits it
    Eigen::ArrayXd y(informative), v(informative);
    for (Eigen::Index i = 0; i < informative; ++i) {
      y[i] = g.studies[static_cast<std::size_t>(i)].yi;
      const double se = g.studies[static_cast<std::size_t>(i)].sei;
      v[i] = se * se;
    }
    fit_effects(y, v, truth_of(scenario_, design_.benefit),
                critical_[static_cast<std::size_t>(informative)], settings_, !sampled_, out);
    if (!sampled_) return;
    pending_.push_back(std::move(g));
    streams_.push_back(stream.replicate);
    pending_out_.push_back(&out[static_cast<int>(IntervalMethod::Bayes)]);
  }

  // The binomial model's fits of the replicates waiting for them, in one batch (a task of a
  // sampled design has kSampledBatch replicates).
  void finish() {
    const auto fits = sampled_intervals(pending_, streams_, binomial_, settings_.level);
    for (std::size_t j = 0; j < fits.size(); ++j) {
      if (!fits[j]) continue;
      ReplicateOutcome& b = *pending_out_[j];
      b = bayes_outcome(fits[j]->mu, fits[j]->prediction, fits[j]->p_benefit,
                        truth_of(scenario_, design_.benefit));
      b.sampled = true;
      b.divergent = fits[j]->divergences > 0;
    }
    pending_.clear();
    streams_.clear();
    pending_out_.clear();
  }

 private:
  const StudyDesign& design_;
  const Scenario& scenario_;
  const CoverageSettings& settings_;
  const std::vector<CriticalValues>& critical_;
  const BinomialFit& binomial_;
  const bool sampled_;
  Eigen::ArrayXd effects_, variances_;  // effect-size designs: a replicate's y and the design's v
  std::vector<Group> pending_;          // replicates waiting for the binomial model
  std::vector<std::uint32_t> streams_;
  std::vector<ReplicateOutcome*> pending_out_;
};

// The batch of scenario `s` of an effect-size design: what fit_batch_replicate needs.
EffectBatch effect_batch(const StudyDesign& design, const Scenario& s,
                         const CoverageSettings& settings, const CriticalValues& critical,
                         const ReplicateStream& stream) {
  if (design.k() > kBatchMaxTrials)
    throw UsageError("a design of " + std::to_string(design.k()) +
                     " trials: batches (the GPU) take at most " + std::to_string(kBatchMaxTrials));
  static const PanelRule rule = panel_rule();
  EffectBatch b;
  b.k = design.k();
  for (int i = 0; i < b.k; ++i) {
    b.se[i] = design.trials[static_cast<std::size_t>(i)].se;
    b.v[i] = b.se[i] * b.se[i];
  }
  b.truth = truth_of(s, design.benefit);
  b.critical = critical;
  b.tau_prior = settings.tau_prior;
  b.mu_prior = settings.mu_prior;
  b.level = settings.level;
  b.rule = rule;
  b.stream = stream;
  return b;
}

// The Bayes outcome of replicate r of a batch by exact_intervals, for a replicate whose
// quadrature needs more nodes than a batch holds.
ReplicateOutcome bayes_on_host(const EffectBatch& batch, std::uint64_t r,
                               const CoverageSettings& settings) {
  ReplicateStream stream = batch.stream;
  stream.replicate = static_cast<std::uint32_t>(r);
  std::vector<double> y(static_cast<std::size_t>(batch.k));
  for (int i = 0; i < batch.k; ++i)
    y[static_cast<std::size_t>(i)] =
        draw_effect(stream, i, batch.truth.mu, batch.truth.tau, batch.se[i]);
  return exact_bayes_outcome(y.data(), batch.v, batch.k, batch.truth, settings);
}

}  // namespace

void ScenarioTally::add(const ScenarioTally& other) {
  for (int m = 0; m < kIntervalMethods; ++m)
    methods[static_cast<std::size_t>(m)].add(other.methods[static_cast<std::size_t>(m)]);
}

ScenarioResult summarise(const ScenarioTally& tally) {
  ScenarioResult result;
  result.scenario = tally.scenario;
  for (int m = 0; m < kIntervalMethods; ++m) {
    const MethodPerformance p =
        tally.methods[static_cast<std::size_t>(m)].performance(static_cast<IntervalMethod>(m));
    if (p.replicates > 0) result.methods.push_back(p);
  }
  return result;
}

ReplicateRange ReplicateRange::shard(std::uint64_t replicates, std::uint32_t index,
                                     std::uint32_t count) {
  return {replicates * index / count, replicates * (index + 1ull) / count};
}

std::vector<ScenarioTally> coverage_tallies(const StudyDesign& design,
                                            const std::vector<Scenario>& scenarios,
                                            const CoverageSettings& settings, std::uint32_t group,
                                            ReplicateRange range, Progress* progress) {
  if (runs_in_batches(design, settings))
    return batched_tallies({{&design, &scenarios, group}}, settings, range, progress).front();
  // The critical values for every number of informative trials a replicate can have.
  std::vector<CriticalValues> critical;
  for (int n = 0; n <= design.k(); ++n)
    critical.push_back(critical_values(std::max(n, 1), settings.level));
  const PhiloxKey key = seed_key(settings.seed);
  const std::uint64_t count = range.last - range.first;
  // Replicates per task: many where each is fast, one batch of HMC fits where each takes
  // hundredths of a second, so that the threads share the work evenly.
  const std::uint64_t per_task =
      sampled_by_hmc(design, settings) ? kSampledBatch : kReplicatesPerTask;
  const auto tasks = static_cast<std::size_t>((count + per_task - 1) / per_task);
  std::vector<ScenarioTally> tallies;
  std::mutex tally_mutex;
  for (std::size_t sc = 0; sc < scenarios.size(); ++sc) {
    const Scenario& s = scenarios[sc];
    BinomialFit binomial{settings.tau_prior, settings.mu_prior, settings.baseline,
                         settings.sampler};
    binomial.sampler.seed = sampler_seed(key, group, static_cast<std::uint32_t>(sc));
    ScenarioTally total;
    total.scenario = s;
    // Tasks of replicates, each tallied on its own and then added to the total: the tallies are
    // exact, so the order in which the tasks finish does not matter.
    parallel_for(tasks, settings.threads, [&](std::size_t task) {
      const std::uint64_t begin = range.first + task * per_task;
      const std::uint64_t end = std::min(range.last, begin + per_task);
      std::vector<ReplicateOutcome> outcomes(static_cast<std::size_t>(end - begin) *
                                             kIntervalMethods);
      ReplicateFitter fitter(design, s, settings, critical, binomial);
      for (std::uint64_t r = begin; r < end; ++r)
        fitter.fit({key, group, static_cast<std::uint32_t>(sc), static_cast<std::uint32_t>(r)},
                   &outcomes[static_cast<std::size_t>(r - begin) * kIntervalMethods]);
      fitter.finish();
      ScenarioTally part;
      for (std::size_t j = 0; j < outcomes.size(); ++j)
        part.methods[j % kIntervalMethods].add(outcomes[j]);
      const std::lock_guard<std::mutex> lock(tally_mutex);
      total.add(part);
      if (progress) progress->add(static_cast<double>(end - begin));
    });
    tallies.push_back(std::move(total));
  }
  return tallies;
}

bool runs_in_batches(const StudyDesign& design, const CoverageSettings& settings) {
  return settings.batches && !design.counts && design.k() >= 2 && design.k() <= kBatchMaxTrials;
}

std::vector<std::vector<ScenarioTally>> batched_tallies(const std::vector<BatchedDesign>& designs,
                                                        const CoverageSettings& settings,
                                                        ReplicateRange range, Progress* progress) {
  const PhiloxKey key = seed_key(settings.seed);
  std::vector<std::vector<ScenarioTally>> tallies(designs.size());
  std::vector<EffectBatch> batches;
  std::vector<ScenarioTally*> tally_of;  // each batch's
  for (std::size_t d = 0; d < designs.size(); ++d) {
    const StudyDesign& design = *designs[d].design;
    const std::vector<Scenario>& scenarios = *designs[d].scenarios;
    const CriticalValues critical = critical_values(design.k(), settings.level);
    tallies[d].resize(scenarios.size());
    for (std::size_t sc = 0; sc < scenarios.size(); ++sc) {
      tallies[d][sc].scenario = scenarios[sc];
      const ReplicateStream stream{key, designs[d].group, static_cast<std::uint32_t>(sc), 0};
      batches.push_back(effect_batch(design, scenarios[sc], settings, critical, stream));
      tally_of.push_back(&tallies[d][sc]);
    }
  }
  // Runs of at most batch_replicates rows: as many scenarios as fit, each with a share of the
  // replicates (all of them, where they fit).
  const std::uint64_t most =
      std::max<std::uint64_t>(1, std::min(settings.batch_replicates, kBatchReplicates));
  std::mutex tally_mutex;
  const auto per_launch = static_cast<std::size_t>(std::min<std::uint64_t>(batches.size(), most));
  const std::uint64_t chunk =
      std::max<std::uint64_t>(1, most / std::max<std::size_t>(per_launch, 1));
  for (std::size_t b0 = 0; b0 < batches.size(); b0 += per_launch) {
    const std::size_t b1 = std::min(batches.size(), b0 + per_launch);
    const std::vector<EffectBatch> launch(batches.begin() + static_cast<std::ptrdiff_t>(b0),
                                          batches.begin() + static_cast<std::ptrdiff_t>(b1));
    for (std::uint64_t first = range.first; first < range.last; first += chunk) {
      const std::uint64_t last = std::min(range.last, first + chunk);
      const std::uint64_t count = last - first;
      BatchOutcomes run = settings.batches(launch, first, last);
      // The host's share on the CPU's threads: the rows left to it, then the tallies, in tasks of
      // rows of one batch (exact tallies: the order in which the tasks add up does not matter).
      parallel_for(run.bayes_on_host.size(), settings.threads, [&](std::size_t j) {
        const std::uint64_t row = run.bayes_on_host[j];
        run.outcomes[static_cast<std::size_t>(row) * kIntervalMethods +
                     static_cast<int>(IntervalMethod::Bayes)] =
            bayes_on_host(launch[static_cast<std::size_t>(row / count)], first + row % count,
                          settings);
      });
      const std::uint64_t pieces = (count + kRowsPerTallyTask - 1) / kRowsPerTallyTask;
      parallel_for(static_cast<std::size_t>(launch.size() * pieces), settings.threads,
                   [&](std::size_t task) {
                     const std::size_t b = task / pieces;
                     const std::uint64_t begin = b * count + task % pieces * kRowsPerTallyTask;
                     const std::uint64_t end = std::min((b + 1) * count, begin + kRowsPerTallyTask);
                     ScenarioTally part;
                     for (std::uint64_t row = begin; row < end; ++row)
                       for (int m = 0; m < kIntervalMethods; ++m)
                         part.methods[static_cast<std::size_t>(m)].add(
                             run.outcomes[static_cast<std::size_t>(row) * kIntervalMethods +
                                          static_cast<std::size_t>(m)]);
                     const std::lock_guard<std::mutex> lock(tally_mutex);
                     tally_of[b0 + b]->add(part);
                   });
      if (progress) progress->add(static_cast<double>(count * launch.size()));
    }
  }
  return tallies;
}

std::vector<ScenarioResult> coverage_study(const StudyDesign& design,
                                           const std::vector<Scenario>& scenarios,
                                           const CoverageSettings& settings, std::uint32_t group,
                                           Progress* progress) {
  const auto replicates = static_cast<std::uint64_t>(settings.replicates);
  std::vector<ScenarioResult> results;
  for (const ScenarioTally& t :
       coverage_tallies(design, scenarios, settings, group, {0, replicates}, progress))
    results.push_back(summarise(t));
  return results;
}

}  // namespace metamc
