#include "metamc/posterior/mcmc_summary.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "metamc/diagnostics/convergence.hpp"
#include "metamc/diagnostics/draws.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/nested_rhat.hpp"
#include "metamc/mcmc/hmc/hmc_warmup.hpp"
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

ScalarSummary summarise(const ConstMap& x, double level) {
  ScalarSummary s;
  auto q = [&](double p) { return quantile(x, p); };
  s.mean = mean_of(x);
  s.sd = sd_of(x);
  s.median = q(0.5);
  s.ci = {q((1 - level) / 2), q((1 + level) / 2)};
  return s;
}

// MCSE of a mean, 0 when the values are constant (their ESS is undefined).
double mcse_or_zero(const ConstMap& x) {
  const double mcse = mcse_mean(x);
  return std::isfinite(mcse) ? mcse : 0;
}

}  // namespace

BayesResult summarise_draws(const GroupDraws& g, const NormalNormalData& d, double level) {
  BayesResult r;
  r.method = "mcmc";
  const ConstMap mu = as_matrix(g.mu.data(), g), tau = as_matrix(g.tau.data(), g);
  r.mu = summarise(mu, level);
  r.mu.mcse = mcse_or_zero(mu);
  r.tau = summarise(tau, level);
  r.tau.sd.reset();
  const DrawsMatrix tau2_draws = tau.array().square().matrix();
  r.tau2 = summarise(ConstMap(tau2_draws.data(), g.draws, g.chains), level);
  r.tau2.sd.reset();

  const ScalarSummary pred = summarise(as_matrix(g.theta_new.data(), g), level);
  r.pred_median = pred.median;
  r.pred_interval = pred.ci;

  const ConstMap p_benefit = as_matrix(g.p_benefit.data(), g);
  r.p_benefit = mean_of(p_benefit);
  r.p_benefit_mcse = mcse_or_zero(p_benefit);
  r.p_pred_benefit = mean_of(as_matrix(g.p_pred_benefit.data(), g));
  if (!g.p_threshold.empty()) r.p_threshold = mean_of(as_matrix(g.p_threshold.data(), g));

  for (int i = 0; i < g.k; ++i) {
    ScalarSummary s = summarise(as_matrix(g.theta_of(i), g), level);
    s.sd.reset();
    r.shrunken.push_back(s);
  }

  McmcDiagnostics diag;
  const Convergence c_mu = convergence(mu), c_tau = convergence(tau);
  diag.rhat = std::fmax(c_mu.rhat, c_tau.rhat);
  diag.ess_bulk = std::fmin(c_mu.ess_bulk, c_tau.ess_bulk);
  diag.ess_tail = std::fmin(c_mu.ess_tail, c_tau.ess_tail);
  diag.chains = g.chains;
  diag.draws_per_chain = g.draws;
  ChainCounts total;
  for (const ChainCounts& c : g.counts) {
    total.acceptance += c.acceptance;
    total.divergences += c.divergences;
    total.leapfrog_steps += c.leapfrog_steps;
  }
  diag.acceptance = total.acceptance / static_cast<double>(g.size());
  if (g.step_size > 0) {
    diag.step_size = g.step_size;
    diag.divergences = total.divergences;
    diag.leapfrog_steps = total.leapfrog_steps / static_cast<double>(g.size());
    std::vector<int> superchain;
    for (int c = 0; c < g.chains; ++c)
      superchain.push_back(superchain_of(c, g.chains, g.superchains));
    diag.nested_rhat = std::fmax(nested_rhat(mu, superchain), nested_rhat(tau, superchain));
  }
  r.diagnostics = diag;
  drop_nonexistent_moments(d, r);
  add_posterior_notes(d, r);
  return r;
}

}  // namespace metamc
