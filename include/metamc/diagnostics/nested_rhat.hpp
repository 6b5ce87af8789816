// Nested R-hat for many short chains (Margossian, Hoffman, Sountsov, Riou-Durand, Vehtari &
// Gelman 2025, "Nested R-hat: assessing the convergence of Markov chain Monte Carlo when running
// many short chains", Bayesian Analysis 20(4):1587-1614; posterior::rhat_nested). The chains
// come in K superchains of M chains each, every chain of a superchain started from the same
// point; with chain means f_mk, within-chain variances s2_mk (divisor N - 1) and superchain
// means f_k,
//
//   B    = var_k(f_k)                      (divisor K - 1)
//   Bt_k = var_m(f_mk) within superchain k (divisor M - 1; 0 for M = 1)
//   Wt_k = mean_m(s2_mk)
//   W    = mean_k(Wt_k + Bt_k)
//   nR   = sqrt(1 + B / W).
//
// Chains started apart that have not forgotten their start keep their superchains apart: B
// stays large however long the chains. Near 1 (1.01 for chains of hundreds of draws) once they
// have.
#ifndef METAMC_DIAGNOSTICS_NESTED_RHAT_HPP
#define METAMC_DIAGNOSTICS_NESTED_RHAT_HPP

#include <vector>

#include "metamc/diagnostics/draws.hpp"

namespace metamc {

/// Nested R-hat of the chains (columns of x); superchain[j] is chain j's superchain, numbered from
/// 0. NaN with fewer than two superchains or constant draws.
double nested_rhat(const DrawsView& x, const std::vector<int>& superchain);

/// What nested R-hat needs of one superchain of M chains: f_k, Wt_k and Bt_k above.
struct SuperchainSpread {
  double mean = 0;            // f_k, the mean of its chains' means
  double within = 0;          // Wt_k, the mean of its chains' variances
  double between_chains = 0;  // Bt_k, the variance of its chains' means (0 for M = 1)
};

/// The superchain of M chains whose means sum to sum_means, their squares to sum_squared_means and
/// their variances to sum_variances (summary mode, which streams each chain's moments).
SuperchainSpread superchain_spread(double sum_means, double sum_squared_means, double sum_variances,
                                   int chains);

/// sqrt(1 + B / W) over the superchains; NaN with fewer than two or with W = 0.
double nested_rhat(const std::vector<SuperchainSpread>& superchains);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_NESTED_RHAT_HPP
