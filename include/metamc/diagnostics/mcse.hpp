// Monte Carlo standard errors of a posterior sd and of quantiles, as the R package posterior
// (1.4.0) computes them, for checking samplers against exact answers quantity by quantity.
#ifndef METAMC_DIAGNOSTICS_MCSE_HPP
#define METAMC_DIAGNOSTICS_MCSE_HPP

#include "metamc/diagnostics/draws.hpp"

namespace metamc {

/// MCSE of the sd (posterior::mcse_sd): with centred draws c, the variance of the variance
/// estimate (mean(c^4) - mean(c^2)^2) / ess_mean(c^2) (Kenney & Keeping 1951), carried to the sd
/// by the delta method: sqrt(varvar / mean(c^2) / 4).
double mcse_sd(const DrawsView& x);

/// MCSE of the p-quantile (posterior::mcse_quantile): half the distance between the order
/// statistics at the 15.9% and 84.1% quantiles of Beta(ess p + 1, ess (1 - p) + 1), the ESS that
/// of the indicators x <= q_p. The Beta quantiles are taken as its mean -+ one sd (posterior uses
/// qbeta): the same to O(1/ESS), well inside the tolerance of the tests that use it.
double mcse_quantile(const DrawsView& x, double p);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_MCSE_HPP
