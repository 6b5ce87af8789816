// Prior specifications on the command line: "halfnormal(0.5)", "lognormal(-2.56, 1.74)", ...
#ifndef METAMC_BAYES_PRIOR_PARSE_HPP
#define METAMC_BAYES_PRIOR_PARSE_HPP

#include <string>

#include "metamc/bayes/priors.hpp"

namespace metamc {

/// halfnormal(scale) | halfcauchy(scale) | halft(df, scale) | uniform(lower, upper) |
/// exponential(rate) | lognormal(mean, sd) of log tau^2 | invgamma(shape, scale) of tau^2.
/// Throws UsageError naming what is wrong.
TauPrior parse_tau_prior(const std::string& text);

/// flat | normal(mean, sd). Throws UsageError.
MuPrior parse_mu_prior(const std::string& text);

/// Canonical text of a prior, e.g. "halfnormal(0.5)"; parse_tau_prior reads it back.
std::string to_string(const TauPrior& prior);
std::string to_string(const MuPrior& prior);

}  // namespace metamc

#endif  // METAMC_BAYES_PRIOR_PARSE_HPP
