#include "metamc/posterior/regression_draws_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "metamc/diagnostics/convergence.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/nested_rhat.hpp"
#include "metamc/mcmc/superchains.hpp"
#include "metamc/posterior/mcmc_summary.hpp"
#include "metamc/posterior/posterior_moments.hpp"

namespace metamc {
namespace {

using ConstMap = Eigen::Map<const DrawsMatrix>;

// Mean, sd, median, central interval and the MCSE of the mean of one quantity, with its
// convergence diagnostics.
ScalarSummary summarise(const ConstMap& x, double level, Convergence& convergence_out) {
  SortedValues sorted;
  convergence_out = convergence(x, &sorted);
  ScalarSummary s = central(x, level, sorted);
  const double mean = x.mean();
  s.mean = mean;
  s.sd = std::sqrt((x.array() - mean).square().sum() / (static_cast<double>(x.size()) - 1));
  const double mcse = mcse_mean(x);
  s.mcse = std::isfinite(mcse) ? mcse : 0;  // constant draws have no ESS
  return s;
}

// P(beta_j < 0 | y): the mean of the conditional probabilities where the sampler gives them
// (summed chain by chain, in order), else the share of negative draws.
double p_negative(const RegressionDraws& g, int j) {
  const double draws = static_cast<double>(g.chains) * g.draws;
  if (g.p_negative_sums.empty())
    return (ConstMap(g.beta_of(j), g.draws, g.chains).array() < 0).cast<double>().sum() / draws;
  double sum = 0;
  for (int c = 0; c < g.chains; ++c)
    sum += g.p_negative_sums[static_cast<std::size_t>(c) * g.p + static_cast<std::size_t>(j)];
  return sum / draws;
}

}  // namespace

BayesRegression summarise_regression_draws(const RegressionDraws& g, const RegressionModel& m,
                                           const std::vector<std::string>& names, double level) {
  BayesRegression r;
  r.method = "mcmc";
  McmcDiagnostics diag;
  diag.rhat = 0;
  diag.ess_bulk = diag.ess_tail = HUGE_VAL;
  double nested = std::numeric_limits<double>::quiet_NaN();
  std::vector<int> superchain;
  for (int c = 0; c < g.chains; ++c)
    superchain.push_back(superchain_of(c, g.chains, g.superchains));
  const auto account = [&](const ConstMap& x, const Convergence& c) {
    diag.rhat = std::fmax(diag.rhat, c.rhat);
    diag.ess_bulk = std::fmin(diag.ess_bulk, c.ess_bulk);
    diag.ess_tail = std::fmin(diag.ess_tail, c.ess_tail);
    if (g.step_size > 0) nested = std::fmax(nested, nested_rhat(x, superchain));
  };
  for (int j = 0; j < g.p; ++j) {
    const ConstMap beta(g.beta_of(j), g.draws, g.chains);
    Convergence c{};
    BayesCoefficient coefficient{names[static_cast<std::size_t>(j)], summarise(beta, level, c),
                                 p_negative(g, j)};
    account(beta, c);
    r.coefficients.push_back(std::move(coefficient));
  }
  const ConstMap tau(g.tau.data(), g.draws, g.chains);
  Convergence c{};
  r.tau = summarise(tau, level, c);
  account(tau, c);
  r.tau.sd.reset();  // as the normal-normal model reports tau
  const DrawsMatrix tau2 = tau.array().square();
  r.tau2 = central(tau2, level);
  r.tau2.mean = tau2.mean();

  add_chain_counts(g.counts, g.draws, g.step_size, diag);
  // Undefined (NaN) with a single superchain: not reported rather than printed as "nan".
  if (g.step_size > 0 && std::isfinite(nested)) diag.nested_rhat = nested;
  r.diagnostics = diag;
  drop_nonexistent_moments(m, r);
  return r;
}

}  // namespace metamc
