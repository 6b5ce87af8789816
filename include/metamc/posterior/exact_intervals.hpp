// The exact posterior's intervals for mu and for a new trial's effect, and P(benefit), on a small
// quadrature: what a simulation study needs of each of its thousands of replicates
// (simulate/coverage_study.hpp), a thousand times faster than exact_posterior's full summary.
// The host's face of interval_quadrature.hpp, which the simulation kernels share. Agrees with
// exact_posterior to 1e-8 (tests).
#ifndef METAMC_POSTERIOR_EXACT_INTERVALS_HPP
#define METAMC_POSTERIOR_EXACT_INTERVALS_HPP

#include "metamc/data/measure.hpp"
#include "metamc/posterior/interval_quadrature.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// At `level`. Throws NumericalError where the search for the range of log tau fails.
ExactIntervals exact_intervals(const NormalNormalData& d, Benefit benefit, double level);

/// The 8-node Gauss-Legendre rule of the panels, from gauss_legendre(8).
PanelRule panel_rule();

}  // namespace metamc

#endif  // METAMC_POSTERIOR_EXACT_INTERVALS_HPP
