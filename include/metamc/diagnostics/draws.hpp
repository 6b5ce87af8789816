// Draws of one scalar from several chains, and the transformations the diagnostics share.
//
// Formulas follow the R package posterior 1.4.0 (Vehtari, Gelman, Simpson, Carpenter & Buerkner
// 2021, "Rank-normalization, folding, and localization: an improved R-hat", Bayesian Analysis
// 16(2):667-718), so that results can be checked against it.
#ifndef METAMC_DIAGNOSTICS_DRAWS_HPP
#define METAMC_DIAGNOSTICS_DRAWS_HPP

#include <Eigen/Core>
#include <vector>

namespace metamc {

/// One column per chain, one row per iteration.
using DrawsMatrix = Eigen::MatrixXd;
using DrawsView = Eigen::Ref<const Eigen::MatrixXd>;

/// Each chain cut into its first and second half (the middle draw is dropped when the length is
/// odd): 2M chains of length floor(N/2).
DrawsMatrix split_chains(const DrawsView& x);

/// Rank normalisation: z = Phi^-1((r - 3/8) / (S + 1/4)) with r the pooled rank of each draw
/// (average ranks for ties) and S the number of draws (Blom 1958).
DrawsMatrix z_scale(const DrawsView& x);

/// |x - median(x)|, for the tail (folded) R-hat.
DrawsMatrix fold(const DrawsView& x);

/// Sample quantile of R's default type 7 (linear interpolation between order statistics).
double quantile(std::vector<double> values, double p);
double quantile(const DrawsView& x, double p);

/// Whether max - min < `tolerance` (absolute, as in posterior); the diagnostics are then undefined.
bool is_constant(const DrawsView& x, double tolerance = 2.220446049250313e-16);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_DRAWS_HPP
