#include "metamc/simulate/coverage_study.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <mutex>

#include <Eigen/Core>

#include "metamc/error.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/math/normal.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/exact_intervals.hpp"
#include "metamc/rng/random_variates.hpp"

namespace metamc {

namespace {

constexpr std::size_t kReplicatesPerTask = 64;

// P(theta_new in [lower, upper]) for theta_new ~ N(mu, tau^2); at tau = 0, whether mu is in it.
double prediction_coverage(const Interval& pi, const Scenario& s) {
  if (s.tau == 0) return pi.lower <= s.mu && s.mu <= pi.upper ? 1 : 0;
  return standard_normal_cdf((pi.upper - s.mu) / s.tau) -
         standard_normal_cdf((pi.lower - s.mu) / s.tau);
}

ReplicateOutcome interval_outcome(const Interval& ci, const Scenario& s, bool lower_is_better) {
  ReplicateOutcome o;
  o.width = ci.upper - ci.lower;
  o.fitted = std::isfinite(o.width);  // no interval otherwise
  o.covered = ci.lower <= s.mu && s.mu <= ci.upper;
  o.significant = lower_is_better ? ci.upper < 0 : ci.lower > 0;
  return o;
}

// Fits replicate y with every method into out[0..kIntervalMethods).
void fit_replicate(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, const Scenario& s,
                   Benefit benefit, const CriticalValues& critical,
                   const CoverageSettings& settings, ReplicateOutcome* out) {
  const bool lower = benefit == Benefit::lower;
  const double zero_below = 1e-10 * v.mean();
  const Tau2Method methods[] = {Tau2Method::DL, Tau2Method::REML, Tau2Method::PM};
  for (int m = 0; m < 3; ++m) {
    FrequentistFit fit;
    try {
      fit = fit_pooled(y, v, methods[m], critical);
    } catch (const NumericalError&) {
      continue;  // this replicate has no estimate by this method
    }
    ReplicateOutcome& wald = out[m];
    wald = interval_outcome(fit.ci, s, lower);
    wald.tau2_zero = fit.tau2 <= zero_below;
    if (fit.pi) wald.pi_coverage = prediction_coverage(*fit.pi, s);
    if (fit.hksj_ci) {
      ReplicateOutcome& hksj = out[3 + m];
      hksj = interval_outcome(*fit.hksj_ci, s, lower);
      hksj.tau2_zero = wald.tau2_zero;
    }
  }
  NormalNormalData d;
  d.k = static_cast<int>(y.size());
  d.y = y.data();
  d.s2 = v.data();
  d.tau_prior = settings.tau_prior;
  d.mu_prior = settings.mu_prior;
  try {
    const ExactIntervals bayes = exact_intervals(d, benefit, settings.level);
    ReplicateOutcome& b = out[static_cast<int>(IntervalMethod::Bayes)];
    b = interval_outcome(bayes.mu, s, lower);
    b.pi_coverage = prediction_coverage(bayes.prediction, s);
    b.p_benefit = bayes.p_benefit;
  } catch (const NumericalError&) {
    // no posterior summary for this replicate
  }
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

std::vector<ScenarioTally> coverage_tallies(const std::vector<double>& se, Benefit benefit,
                                            const std::vector<Scenario>& scenarios,
                                            const CoverageSettings& settings, std::uint32_t group,
                                            ReplicateRange range, Progress* progress) {
  const auto k = static_cast<Eigen::Index>(se.size());
  Eigen::ArrayXd v(k);
  for (Eigen::Index i = 0; i < k; ++i)
    v[i] = se[static_cast<std::size_t>(i)] * se[static_cast<std::size_t>(i)];
  const CriticalValues critical = critical_values(static_cast<int>(k), settings.level);
  const PhiloxKey key = seed_key(settings.seed);
  const std::uint64_t count = range.last - range.first;
  const std::size_t tasks =
      static_cast<std::size_t>((count + kReplicatesPerTask - 1) / kReplicatesPerTask);
  std::vector<ScenarioTally> tallies;
  std::mutex tally_mutex;
  for (std::size_t sc = 0; sc < scenarios.size(); ++sc) {
    const Scenario& s = scenarios[sc];
    ScenarioTally total;
    total.scenario = s;
    // Tasks of replicates, each tallied on its own and then added to the total: the tallies are
    // exact, so the order in which the tasks finish does not matter.
    parallel_for(tasks, settings.threads, [&](std::size_t task) {
      Eigen::ArrayXd y(k);
      ScenarioTally part;
      ReplicateOutcome outcomes[kIntervalMethods];
      const std::uint64_t begin = range.first + task * kReplicatesPerTask;
      const std::uint64_t end = std::min(range.last, begin + kReplicatesPerTask);
      for (std::uint64_t replicate = begin; replicate < end; ++replicate) {
        const auto r = static_cast<std::uint32_t>(replicate);
        for (Eigen::Index i = 0; i < k; ++i) {
          // Study i's true effect and sampling error from one pair of normals at slot i.
          const NormalPair z = normal_pair(random_words(key, group, static_cast<std::uint32_t>(sc),
                                                        r, static_cast<std::uint32_t>(i)));
          y[i] = s.mu + s.tau * z.first + se[static_cast<std::size_t>(i)] * z.second;
        }
        std::fill(std::begin(outcomes), std::end(outcomes), ReplicateOutcome{});
        fit_replicate(y, v, s, benefit, critical, settings, outcomes);
        for (int m = 0; m < kIntervalMethods; ++m)
          part.methods[static_cast<std::size_t>(m)].add(outcomes[m]);
      }
      const std::lock_guard<std::mutex> lock(tally_mutex);
      total.add(part);
      if (progress) progress->add(static_cast<double>(end - begin));
    });
    tallies.push_back(std::move(total));
  }
  return tallies;
}

std::vector<ScenarioResult> coverage_study(const std::vector<double>& se, Benefit benefit,
                                           const std::vector<Scenario>& scenarios,
                                           const CoverageSettings& settings, std::uint32_t group,
                                           Progress* progress) {
  const auto replicates = static_cast<std::uint64_t>(settings.replicates);
  std::vector<ScenarioResult> results;
  for (const ScenarioTally& t :
       coverage_tallies(se, benefit, scenarios, settings, group, {0, replicates}, progress))
    results.push_back(summarise(t));
  return results;
}

}  // namespace metamc
