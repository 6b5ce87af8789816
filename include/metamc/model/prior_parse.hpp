// Prior specifications on the command line: "halfnormal(0.5)", "lognormal(-2.56, 1.74)", ...
#ifndef METAMC_MODEL_PRIOR_PARSE_HPP
#define METAMC_MODEL_PRIOR_PARSE_HPP

#include <string>

#include "models/binomial_normal.hpp"
#include "models/priors.hpp"

namespace metamc {

/// halfnormal(scale) | halfcauchy(scale) | halft(df, scale) | uniform(lower, upper) |
/// exponential(rate) | lognormal(mean, sd), meaning log(tau^2) ~ normal(mean, sd) |
/// invgamma(shape, scale) of tau^2; optionally written as a statement, as to_string writes them
/// ("tau ~ halfnormal(0.5)", "log(tau^2) ~ normal(-2.56, 1.74)", "tau^2 ~ invgamma(1, 0.1)").
/// Scales lie within [1e-100, 1e100]. Throws UsageError naming what is wrong.
TauPrior parse_tau_prior(const std::string& text);

/// flat | normal(mean, sd), optionally after "mu ~". Throws UsageError.
MuPrior parse_mu_prior(const std::string& text);

/// The same for the meta-regression's coefficients other than the intercept (--beta-prior),
/// optionally after "beta ~".
MuPrior parse_beta_prior(const std::string& text);

/// normal(mean, sd) of the binomial model's baselines (log odds or log risk of the control arms),
/// optionally after "alpha ~". Throws UsageError.
BaselinePrior parse_baseline_prior(const std::string& text);

/// The prior as a statement of what it is a distribution of: "tau ~ halfnormal(0.5)",
/// "log(tau^2) ~ normal(-2.56, 1.74)", "tau^2 ~ invgamma(1, 0.1)", "mu ~ flat". The parsers read
/// it back.
std::string to_string(const TauPrior& prior);
std::string to_string(const MuPrior& prior);
std::string to_string(const BaselinePrior& prior);       // "alpha ~ normal(0, 10)"
std::string beta_prior_to_string(const MuPrior& prior);  // "beta ~ flat"

}  // namespace metamc

#endif  // METAMC_MODEL_PRIOR_PARSE_HPP
