#include "metamc/posterior/posterior_notes.hpp"

#include <algorithm>
#include <cmath>

#include "metamc/model/log_tau_range.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

constexpr double kFarBeyondTheData = 20;
constexpr double kEssAboveDraws = 1.1;
constexpr double kDrop = 20;  // log-density range searched for the posterior of log tau

// The spread of the data: what tau could plausibly be if the data were to decide.
double data_spread(const NormalNormalData& d) {
  double s = 0, low = d.y[0], high = d.y[0];
  for (int i = 0; i < d.k; ++i) {
    s = std::max(s, std::sqrt(d.s2[i]));
    low = std::min(low, d.y[i]);
    high = std::max(high, d.y[i]);
  }
  return std::max(s, high - low);
}

// The posterior density of log tau at a uniform prior's upper bound is still at least 1% of its
// maximum: the data have not bounded tau before the prior cut it off.
bool piles_up_at_upper_bound(const NormalNormalData& d) {
  if (d.tau_prior.kind != TauPriorKind::uniform) return false;
  const LogTauRange range = find_log_tau_range(log_tau_density(d), kDrop);
  if (!range.upper_is_support_bound) return false;
  // At tau = b itself: exp(log b) can round above b, where the prior's density is 0.
  const double b = d.tau_prior.b;
  const double at_bound = log_tau_posterior_at(d, std::log(b), b).log_density;
  return at_bound > range.log_density_max - std::log(100.0);
}

}  // namespace

void add_posterior_notes(const NormalNormalData& d, ModelKind model, BayesResult& r) {
  const TauPrior& p = d.tau_prior;
  const double upper = r.tau.ci.upper;
  if (d.k == 1 && !d.mu_prior.normal) {
    // p(y | tau) does not depend on tau when mu is integrated out under a flat prior.
    r.notes.push_back(
        "with one study and a flat prior on mu the data say nothing about tau: its posterior is "
        "its prior, and the prior decides the width of the intervals");
  } else if (piles_up_at_upper_bound(d)) {
    r.notes.push_back("the posterior of tau piles up against the upper bound " +
                      shortest_decimal(p.b) +
                      " of its uniform prior: the bound, not the data, decides the upper tail of "
                      "tau and the width of the intervals");
  } else if (upper > kFarBeyondTheData * data_spread(d)) {
    r.notes.push_back(
        "the upper credible limit of tau (" + significant(upper) + ") is " +
        fixed(upper / data_spread(d), 0) + " times the spread of the data (" +
        significant(data_spread(d)) +
        "): the data hardly bound tau from above, so the prior's tail decides it and the width "
        "of the intervals" +
        (d.k <= 2 ? " (k = " + std::to_string(d.k) + ")" : std::string()));
  }
  if (!r.diagnostics) return;
  const McmcDiagnostics& m = *r.diagnostics;
  const double draws = static_cast<double>(m.chains) * m.draws_per_chain;
  // Near-independent draws give ESS estimates a little above N by chance; well above N they come
  // from antithetic draws or from the estimator's cap (N log10 N) on very short chains.
  const double ess = std::max(m.ess_bulk, m.ess_tail);
  if (ess > kEssAboveDraws * draws)
    r.notes.push_back("the ESS estimate (" + fixed(ess, 0) + ") exceeds the number of draws (" +
                      fixed(draws, 0) +
                      ") by more than 10%: the draws are negatively autocorrelated or too few to "
                      "estimate it; the table shows it capped at the number of draws");
  if (m.divergences > 0)
    r.notes.push_back(fixed(m.divergences, 0) + " of " + fixed(draws, 0) +
                      " HMC transitions diverged (the step size could not follow the posterior's "
                      "curvature there): draws near them may be biased; " +
                      (model == ModelKind::binomial
                           ? std::string("the binomial model has HMC only: compare with its "
                                         "normal approximation (--model normal), which the "
                                         "collapsed sampler solves without divergences")
                           : std::string("for this model --sampler collapsed has no such "
                                         "problem")));
  if (!(m.rhat < 1.01) || (m.nested_rhat && !(*m.nested_rhat < 1.01)))
    r.notes.push_back("R-hat " + fixed(m.rhat, 3) +
                      (m.nested_rhat ? ", nested R-hat " + fixed(*m.nested_rhat, 3) : "") +
                      ": the chains may not have converged (want " +
                      (m.nested_rhat ? "both" : "it") +
                      " below 1.01); run longer "
                      "--warmup or more --draws");
  if (m.draws_per_chain < kFewDrawsPerChain)
    r.notes.push_back("only " + std::to_string(m.draws_per_chain) +
                      " draws per chain: split R-hat and the ESS are unreliable below " +
                      std::to_string(kFewDrawsPerChain) + "; run more --draws");
}

}  // namespace metamc
