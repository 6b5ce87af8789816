// The marginal posterior densities that the posterior plot draws (plots/posterior_plot.hpp): of
// the pooled effect mu, of a new trial's effect theta_new (both on the analysis scale) and of tau.
//
// The normal-normal model has them exactly, as normal mixtures over the tau quadrature's nodes
// and p(tau | y) = p(u | y) / tau with u = log tau (exact_posterior.hpp). Other models have
// draws: Gaussian kernel density estimates (bandwidth by Silverman's rule of thumb, Silverman
// 1986, eq. 3.31), reflected at tau = 0 for tau; or, in summary mode, the same estimates from
// the streamed histograms.
#ifndef METAMC_POSTERIOR_POSTERIOR_DENSITIES_HPP
#define METAMC_POSTERIOR_POSTERIOR_DENSITIES_HPP

#include <vector>

#include "metamc/mcmc/sinks/group_draws.hpp"
#include "metamc/mcmc/sinks/group_summary.hpp"
#include "metamc/posterior/density_curve.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// Exact marginal densities of the normal-normal model. NumericalError when the posterior of
/// tau cannot be contained (as exact_posterior).
PosteriorDensities exact_densities(const NormalNormalData& d);

/// Kernel density estimates from a group's draws (at least two distinct values of each).
PosteriorDensities draws_densities(const GroupDraws& draws);

/// Kernel density estimates from a group's streamed histograms (summary mode, and the GPU): the
/// histogram's bins as a binned sample (bandwidth by Silverman's rule, at least a bin), tau from
/// the histogram of log tau.
PosteriorDensities streamed_densities(const GroupSummary& summary, const GroupPlan& plan);

/// A Gaussian kernel density estimate of `values` on `points` equally spaced points from their
/// 0.0005 to their 0.9995 quantile (or 4 bandwidths beyond their range, or 10 interquartile
/// ranges from their median, where nearer), from the values linearly binned a quarter of a
/// bandwidth apart. Empty when they do not vary. Takes the values by value: it sorts them.
DensityCurve kernel_density(std::vector<double> values, int points);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_POSTERIOR_DENSITIES_HPP
