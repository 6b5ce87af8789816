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

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_NESTED_RHAT_HPP
