// The Bayesian meta-regression's summaries from MCMC draws (mcmc/meta_regression_sampler.hpp), as
// posterior/mcmc_summary.hpp makes them for the normal-normal model: means, sds, R's type-7
// quantiles, the MCSE of each mean, and rank-normalised R-hat and bulk/tail ESS, the worst over
// the coefficients and tau.
#ifndef METAMC_POSTERIOR_REGRESSION_DRAWS_SUMMARY_HPP
#define METAMC_POSTERIOR_REGRESSION_DRAWS_SUMMARY_HPP

#include <string>
#include <vector>

#include "metamc/mcmc/meta_regression_sampler.hpp"
#include "metamc/posterior/regression_summary.hpp"

namespace metamc {

/// `m` the model the draws come from (for the moments that do not exist).
BayesRegression summarise_regression_draws(const RegressionDraws& draws, const RegressionModel& m,
                                           const std::vector<std::string>& names, double level);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_REGRESSION_DRAWS_SUMMARY_HPP
