#include "metamc/posterior/mcmc_summary.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "metamc/diagnostics/convergence.hpp"
#include "metamc/diagnostics/draws.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/nested_rhat.hpp"
#include "metamc/mcmc/superchains.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/posterior/posterior_moments.hpp"
#include "metamc/posterior/posterior_notes.hpp"

namespace metamc {
namespace {

using ConstMap = Eigen::Map<const DrawsMatrix>;

ConstMap as_matrix(const double* values, const GroupDraws& g) {
  return ConstMap(values, g.draws, g.chains);
}

double mean_of(const ConstMap& x) {
  return x.mean();
}

double sd_of(const ConstMap& x) {
  const double m = x.mean();
  return std::sqrt((x.array() - m).square().sum() / (static_cast<double>(x.size()) - 1));
}

// Mean, median and central interval (no sd: only mu reports one).
ScalarSummary summarise(const ConstMap& x, double level, const SortedValues& sorted = {}) {
  ScalarSummary s = central(x, level, sorted);
  s.mean = mean_of(x);
  s.sd.reset();
  return s;
}

// MCSE of a mean given the draws' sd (mcse_mean), 0 when the values are constant (their ESS is
// undefined).
double mcse_or_zero(const ConstMap& x, double sd) {
  const double mcse = sd / std::sqrt(ess_mean(x));
  return std::isfinite(mcse) ? mcse : 0;
}

}  // namespace

ScalarSummary central(const DrawsView& x, double level, const SortedValues& sorted) {
  ScalarSummary s;
  const std::vector<double> p = {0.5, (1 - level) / 2, (1 + level) / 2};
  std::vector<double> q;
  if (sorted.empty()) {
    q = quantiles(x, p);
  } else {
    for (double probability : p) q.push_back(sorted_quantile(sorted, probability));
  }
  s.median = q[0];
  s.ci = {q[1], q[2]};
  return s;
}

void add_chain_counts(const std::vector<ChainCounts>& counts, int draws, double step_size,
                      McmcDiagnostics& diag) {
  diag.chains = static_cast<int>(counts.size());
  diag.draws_per_chain = draws;
  ChainCounts total;
  for (const ChainCounts& c : counts) {
    total.acceptance += c.acceptance;
    total.divergences += c.divergences;
    total.leapfrog_steps += c.leapfrog_steps;
  }
  const double iterations = static_cast<double>(counts.size()) * draws;
  diag.acceptance = total.acceptance / iterations;
  if (step_size > 0) {
    diag.step_size = step_size;
    diag.divergences = total.divergences;
    diag.leapfrog_steps = total.leapfrog_steps / iterations;
  }
}

BayesResult summarise_draws(const GroupDraws& g, const NormalNormalData& d, double level,
                            int threads) {
  BayesResult r;
  r.method = "mcmc";
  const ConstMap mu = as_matrix(g.mu.data(), g), tau = as_matrix(g.tau.data(), g);
  Convergence c_mu{}, c_tau{};
  r.shrunken.resize(static_cast<std::size_t>(g.k));
  double nested = std::numeric_limits<double>::quiet_NaN();
  double mu_sd = 0, mu_mcse = 0;
  // Independent pieces, the longest first, over the threads; each writes its own fields.
  std::vector<std::function<void()>> tasks;
  tasks.emplace_back([&] {
    // The diagnostics sort mu once; the quantiles come from the same order.
    SortedValues sorted;
    c_mu = convergence(mu, &sorted);
    r.mu = summarise(mu, level, sorted);
  });
  tasks.emplace_back([&] {
    SortedValues sorted;
    c_tau = convergence(tau, &sorted);
    r.tau = summarise(tau, level, sorted);
    // tau >= 0: tau^2 keeps tau's order.
    const DrawsMatrix tau2 = sorted.empty() ? DrawsMatrix(tau.array().square()) : DrawsMatrix();
    for (double& t : sorted) t *= t;
    r.tau2 = central(ConstMap(tau2.data(), tau2.rows(), tau2.cols()), level, sorted);
    r.tau2.mean = tau.array().square().mean();
  });
  tasks.emplace_back([&] {
    mu_sd = sd_of(mu);
    mu_mcse = mcse_or_zero(mu, mu_sd);
  });
  tasks.emplace_back([&] {
    const ScalarSummary pred = central(as_matrix(g.theta_new.data(), g), level);
    r.pred_median = pred.median;
    r.pred_interval = pred.ci;
  });
  if (g.has_arm_risks()) {
    r.control_risks.resize(static_cast<std::size_t>(g.k));
    r.risk_differences.resize(static_cast<std::size_t>(g.k));
  }
  for (int i = 0; i < g.k; ++i)
    tasks.emplace_back([&, i] {
      const auto at = static_cast<std::size_t>(i);
      r.shrunken[at] = summarise(as_matrix(g.theta_of(i), g), level);
      if (!g.has_arm_risks()) return;
      r.control_risks[at] = summarise(as_matrix(g.control_risk_of(i), g), level);
      r.risk_differences[at] = summarise(as_matrix(g.risk_difference_of(i), g), level);
    });
  tasks.emplace_back([&] {
    const ConstMap p_benefit = as_matrix(g.p_benefit.data(), g);
    r.p_benefit = mean_of(p_benefit);
    r.p_benefit_mcse = mcse_or_zero(p_benefit, sd_of(p_benefit));
    r.p_pred_benefit = mean_of(as_matrix(g.p_pred_benefit.data(), g));
    if (!g.p_threshold.empty()) r.p_threshold = mean_of(as_matrix(g.p_threshold.data(), g));
  });
  if (g.step_size > 0)
    tasks.emplace_back([&] {
      std::vector<int> superchain;
      for (int c = 0; c < g.chains; ++c)
        superchain.push_back(superchain_of(c, g.chains, g.superchains));
      nested = std::fmax(nested_rhat(mu, superchain), nested_rhat(tau, superchain));
    });
  parallel_for(tasks.size(), threads, [&](std::size_t t) { tasks[t](); });
  r.mu.sd = mu_sd;
  r.mu.mcse = mu_mcse;

  McmcDiagnostics diag;
  diag.rhat = std::fmax(c_mu.rhat, c_tau.rhat);
  diag.ess_bulk = std::fmin(c_mu.ess_bulk, c_tau.ess_bulk);
  diag.ess_tail = std::fmin(c_mu.ess_tail, c_tau.ess_tail);
  add_chain_counts(g.counts, g.draws, g.step_size, diag);
  // Undefined (NaN) with a single superchain: not reported rather than printed as "nan".
  if (g.step_size > 0 && std::isfinite(nested)) diag.nested_rhat = nested;
  r.diagnostics = diag;
  drop_nonexistent_moments(d, r);
  add_posterior_notes(d, g.has_arm_risks() ? ModelKind::binomial : ModelKind::normal, r);
  return r;
}

}  // namespace metamc
