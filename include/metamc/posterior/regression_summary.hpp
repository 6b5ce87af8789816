// What a Bayesian meta-regression reports per group (--mods), exact or from MCMC draws: each
// coefficient's posterior with P(coefficient < 0), and tau's.
#ifndef METAMC_POSTERIOR_REGRESSION_SUMMARY_HPP
#define METAMC_POSTERIOR_REGRESSION_SUMMARY_HPP

#include <optional>
#include <string>
#include <vector>

#include "metamc/posterior/posterior_summary.hpp"

namespace metamc {

struct BayesCoefficient {
  std::string name;  // as the frequentist fit's: "intrcpt", "column", "column=level"
  ScalarSummary posterior;
  double p_negative = 0;  // P(coefficient < 0 | y)
};

struct BayesRegression {
  std::string method;  // "exact" or "mcmc"
  std::vector<BayesCoefficient> coefficients;
  ScalarSummary tau, tau2;
  std::optional<McmcDiagnostics> diagnostics;  // MCMC: the worst over coefficients and tau
  double seconds = 0;
  std::vector<std::string> notes;  // moments that do not exist, ...
};

}  // namespace metamc

#endif  // METAMC_POSTERIOR_REGRESSION_SUMMARY_HPP
