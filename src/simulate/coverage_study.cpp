#include "metamc/simulate/coverage_study.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Core>

#include "metamc/error.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/math/normal.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/exact_intervals.hpp"
#include "metamc/rng/random_variates.hpp"

namespace metamc {

const char* to_string(IntervalMethod m) {
  switch (m) {
    case IntervalMethod::DL:
      return "DL";
    case IntervalMethod::REML:
      return "REML";
    case IntervalMethod::PM:
      return "PM";
    case IntervalMethod::DL_HKSJ:
      return "DL-HKSJ";
    case IntervalMethod::REML_HKSJ:
      return "REML-HKSJ";
    case IntervalMethod::PM_HKSJ:
      return "PM-HKSJ";
    case IntervalMethod::Bayes:
      return "Bayes";
  }
  return "?";
}

namespace {

constexpr std::size_t kReplicatesPerTask = 64;

// One method's interval on one replicate.
struct Outcome {
  bool fitted = false;
  bool covered = false;
  double width = 0;
  double pi_coverage = std::nan("");  // none without a prediction interval
  bool tau2_zero = false;             // frequentist only
  bool significant = false;           // entirely on the favourable side of 0
  double p_benefit = std::nan("");    // Bayes only
};

// P(theta_new in [lower, upper]) for theta_new ~ N(mu, tau^2); at tau = 0, whether mu is in it.
double prediction_coverage(const Interval& pi, const Scenario& s) {
  if (s.tau == 0) return pi.lower <= s.mu && s.mu <= pi.upper ? 1 : 0;
  return standard_normal_cdf((pi.upper - s.mu) / s.tau) -
         standard_normal_cdf((pi.lower - s.mu) / s.tau);
}

Outcome interval_outcome(const Interval& ci, const Scenario& s, bool lower_is_better) {
  Outcome o;
  o.fitted = true;
  o.covered = ci.lower <= s.mu && s.mu <= ci.upper;
  o.width = ci.upper - ci.lower;
  o.significant = lower_is_better ? ci.upper < 0 : ci.lower > 0;
  return o;
}

// Fits replicate y with every method into out[0..kIntervalMethods).
void fit_replicate(const Eigen::ArrayXd& y, const Eigen::ArrayXd& v, const Scenario& s,
                   Benefit benefit, const CriticalValues& critical,
                   const CoverageSettings& settings, Outcome* out) {
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
    Outcome& wald = out[m];
    wald = interval_outcome(fit.ci, s, lower);
    wald.tau2_zero = fit.tau2 <= zero_below;
    if (fit.pi) wald.pi_coverage = prediction_coverage(*fit.pi, s);
    if (fit.hksj_ci) {
      Outcome& hksj = out[3 + m];
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
    Outcome& b = out[static_cast<int>(IntervalMethod::Bayes)];
    b = interval_outcome(bayes.mu, s, lower);
    b.pi_coverage = prediction_coverage(bayes.prediction, s);
    b.p_benefit = bayes.p_benefit;
  } catch (const NumericalError&) {
    // no posterior summary for this replicate
  }
}

// One method's sums over the replicates, added in replicate order; the widths kept for their
// median (8 bytes a replicate: the only memory that grows with the replicates).
struct Tally {
  int fitted = 0, with_pi = 0;
  double covered = 0, width = 0, pi = 0, zero = 0, significant = 0, beyond = 0;
  std::vector<double> widths;

  void add(const Outcome& o) {
    if (!o.fitted) return;
    ++fitted;
    covered += o.covered;
    width += o.width;
    widths.push_back(o.width);
    if (!std::isnan(o.pi_coverage)) pi += o.pi_coverage, ++with_pi;
    zero += o.tau2_zero;
    significant += o.significant;
    if (!std::isnan(o.p_benefit)) beyond += o.p_benefit > 0.95;
  }

  MethodPerformance performance(IntervalMethod method) {
    MethodPerformance p;
    p.method = method;
    p.replicates = fitted;
    if (fitted == 0) return p;
    const double n = fitted;
    p.coverage = covered / n;
    p.coverage_mcse = std::sqrt(*p.coverage * (1 - *p.coverage) / n);
    p.width_mean = width / n;
    // The median: the mean of the middle two for an even count.
    const auto middle = static_cast<std::ptrdiff_t>(widths.size() / 2);
    std::nth_element(widths.begin(), widths.begin() + middle, widths.end());
    double median = widths[static_cast<std::size_t>(middle)];
    if (widths.size() % 2 == 0)
      median = 0.5 * (median + *std::max_element(widths.begin(), widths.begin() + middle));
    p.width_median = median;
    if (with_pi == fitted) p.pi_coverage = pi / n;
    p.significant_rate = significant / n;
    if (method == IntervalMethod::Bayes)
      p.p_benefit_095_rate = beyond / n;
    else
      p.tau2_zero_share = zero / n;
    return p;
  }
};

}  // namespace

std::vector<ScenarioResult> coverage_study(const std::vector<double>& se, Benefit benefit,
                                           const std::vector<Scenario>& scenarios,
                                           const CoverageSettings& settings, std::uint32_t group,
                                           Progress* progress) {
  const auto k = static_cast<Eigen::Index>(se.size());
  Eigen::ArrayXd v(k);
  for (Eigen::Index i = 0; i < k; ++i)
    v[i] = se[static_cast<std::size_t>(i)] * se[static_cast<std::size_t>(i)];
  const CriticalValues critical = critical_values(static_cast<int>(k), settings.level);
  const PhiloxKey key = seed_key(settings.seed);
  const auto replicates = static_cast<std::size_t>(settings.replicates);
  std::vector<ScenarioResult> results;
  // Replicates in chunks: their outcomes fitted in parallel, then tallied in order.
  const std::size_t chunk = std::min<std::size_t>(replicates, 64 * kReplicatesPerTask);
  std::vector<Outcome> outcomes(chunk * kIntervalMethods);
  for (std::size_t sc = 0; sc < scenarios.size(); ++sc) {
    const Scenario& s = scenarios[sc];
    std::vector<Tally> tallies(kIntervalMethods);
    for (std::size_t first = 0; first < replicates; first += chunk) {
      const std::size_t count = std::min(chunk, replicates - first);
      std::fill(outcomes.begin(), outcomes.end(), Outcome{});
      const std::size_t tasks = (count + kReplicatesPerTask - 1) / kReplicatesPerTask;
      parallel_for(tasks, settings.threads, [&](std::size_t task) {
        Eigen::ArrayXd y(k);
        const std::size_t end = std::min(count, (task + 1) * kReplicatesPerTask);
        for (std::size_t j = task * kReplicatesPerTask; j < end; ++j) {
          const auto r = static_cast<std::uint32_t>(first + j);
          for (Eigen::Index i = 0; i < k; ++i) {
            // Study i's true effect and sampling error from one pair of normals at slot i.
            const NormalPair z = normal_pair(random_words(
                key, group, static_cast<std::uint32_t>(sc), r, static_cast<std::uint32_t>(i)));
            y[i] = s.mu + s.tau * z.first + se[static_cast<std::size_t>(i)] * z.second;
          }
          fit_replicate(y, v, s, benefit, critical, settings, &outcomes[j * kIntervalMethods]);
        }
      });
      if (progress) progress->add(static_cast<double>(count));
      for (std::size_t j = 0; j < count; ++j)
        for (int m = 0; m < kIntervalMethods; ++m)
          tallies[static_cast<std::size_t>(m)].add(
              outcomes[j * kIntervalMethods + static_cast<std::size_t>(m)]);
    }
    ScenarioResult result;
    result.scenario = s;
    for (int m = 0; m < kIntervalMethods; ++m) {
      MethodPerformance p =
          tallies[static_cast<std::size_t>(m)].performance(static_cast<IntervalMethod>(m));
      if (p.replicates > 0) result.methods.push_back(p);
    }
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace metamc
