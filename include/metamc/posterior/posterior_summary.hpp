// What a Bayesian fit reports per group, whether computed by MCMC or by exact quadrature.
#ifndef METAMC_POSTERIOR_POSTERIOR_SUMMARY_HPP
#define METAMC_POSTERIOR_POSTERIOR_SUMMARY_HPP

#include <optional>
#include <string>
#include <vector>

#include "metamc/interval.hpp"
#include "metamc/posterior/density_curve.hpp"

namespace metamc {

/// Summary of one scalar posterior on the analysis scale.
struct ScalarSummary {
  std::optional<double> mean;  // none when the posterior mean is infinite (heavy-tailed prior)
  std::optional<double> sd;    // none when the posterior variance is infinite
  double median = 0;
  Interval ci;                 // central interval at the run's level
  std::optional<double> mcse;  // Monte Carlo standard error of the mean (MCMC only)
};

struct McmcDiagnostics {
  double rhat = 0;      // rank-normalised split R-hat, worst of mu and tau (Vehtari et al. 2021)
  double ess_bulk = 0;  // bulk effective sample size, worst of mu and tau
  double ess_tail = 0;  // tail effective sample size, worst of mu and tau
  int chains = 0;       // number of chains
  int draws_per_chain = 0;
  double acceptance = 0;  // mean acceptance: of the tau step (collapsed), or probability (HMC)
  // HMC only (mcmc/hmc/):
  std::optional<double> nested_rhat;     // worst of mu and tau over superchains (Margossian 2025)
  double divergences = 0;                // transitions that diverged, all chains
  std::optional<double> step_size;       // the adapted leapfrog step size
  std::optional<double> leapfrog_steps;  // mean leapfrog steps (gradients) per iteration
};

/// The absolute risk difference a fit of counts implies at the median control risk
/// (posterior/risk_difference.hpp).
struct RiskDifference {
  double control_risk = 0;  // p0
  double median = 0;        // of the difference at the pooled effect mu
  Interval ci;
  double pred_median = 0;  // at a new trial's effect theta_new
  Interval pred_interval;
};

struct BayesResult {
  std::string method;  // "mcmc" or "exact"
  ScalarSummary mu, tau, tau2;
  double pred_median = 0;  // posterior predictive of a new trial's effect theta_new
  Interval pred_interval;
  double p_benefit = 0;  // P(mu on the favourable side of 0 | y)
  std::optional<double> p_benefit_mcse;
  double p_pred_benefit = 0;            // P(theta_new on the favourable side of 0 | y)
  std::optional<double> p_threshold;    // P(mu beyond the --threshold | y)
  std::vector<ScalarSummary> shrunken;  // theta_i | y per study
  // The binomial model with its draws kept, per study as shrunken (empty otherwise): the
  // control arm's risk p_ci and the risk difference p_ti - p_ci.
  std::vector<ScalarSummary> control_risks, risk_differences;
  std::optional<RiskDifference> risk_difference;  // groups of counts (RR, OR)
  std::optional<McmcDiagnostics> diagnostics;
  // The marginal densities, only when a plot asks for them (--plot, --report).
  std::optional<PosteriorDensities> densities;
  double seconds = 0;              // time spent on this group
  std::vector<std::string> notes;  // e.g. moments that do not exist
};

}  // namespace metamc

#endif  // METAMC_POSTERIOR_POSTERIOR_SUMMARY_HPP
