// Which posterior moments of the normal-normal model exist.
//
// For large tau the marginal likelihood decays like tau^-L, with L = k - 1 under a flat prior on
// mu and L = k under a normal one (models/normal_normal.hpp); a prior with a polynomial tail
// tau^-t (half-Cauchy: t = 2, half-t(df): df + 1, inverse-gamma(a) on tau^2: 2a + 1) leaves a
// posterior tail tau^-(L + t), so E[tau^m | y] is finite iff L + t - m > 1. Under a flat prior on
// mu, V(tau) grows like tau^2 / k, so mu's mean and variance exist iff E[tau] and E[tau^2] do.
// With k = 2 and a half-Cauchy prior, for example, the posterior variance of mu is infinite.
// The meta-regression (model/regression_given_tau.hpp) likewise: L = k minus the coefficients
// under a flat prior, and each such coefficient's conditional variance grows like tau^2.
#ifndef METAMC_POSTERIOR_POSTERIOR_MOMENTS_HPP
#define METAMC_POSTERIOR_POSTERIOR_MOMENTS_HPP

#include "metamc/model/regression_given_tau.hpp"
#include "metamc/posterior/posterior_summary.hpp"
#include "metamc/posterior/regression_summary.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// Whether E[tau^m | y] is finite when p(y | tau) decays like tau^-likelihood_decay.
bool tau_moment_exists(double likelihood_decay, const TauPrior& prior, int m);

/// Whether E[tau^m | y] is finite.
bool tau_moment_exists(const NormalNormalData& d, int m);

/// Whether E[|mu|^m | y] is finite.
bool mu_moment_exists(const NormalNormalData& d, int m);

/// Clears the means, standard deviations and MCSEs that do not exist, with a note for each.
void drop_nonexistent_moments(const NormalNormalData& d, BayesResult& result);

/// The same for a meta-regression: tau's and tau^2's means, and the mean and sd of every
/// coefficient under a flat prior, with a note for each in result.notes.
void drop_nonexistent_moments(const RegressionModel& m, BayesRegression& result);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_POSTERIOR_MOMENTS_HPP
