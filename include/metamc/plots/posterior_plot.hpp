// The posterior plot of one group, two panels:
//   - the density of the pooled effect on the reported scale, the region of benefit shaded and
//     P(benefit) written on it, the predictive density of a new trial's effect, the Bayesian
//     median and interval and the DL estimate and interval marked beneath for comparison;
//   - the posterior density of tau with the prior's density drawn over it, the posterior median
//     and interval and the DL estimate of tau marked beneath.
// The curves are the group's PosteriorDensities (exact for the normal model); the marks are the
// reported summaries. Classes: density-mu, density-pred, benefit-region, density-tau, prior-tau,
// bayes-ci, bayes-pi, dl-ci, tau-ci, dl-tau, tick.
#ifndef METAMC_PLOTS_POSTERIOR_PLOT_HPP
#define METAMC_PLOTS_POSTERIOR_PLOT_HPP

#include <string>

#include "metamc/run/results.hpp"

namespace metamc {

/// The SVG document.
std::string posterior_plot_svg(const GroupResult& result, const RunConfig& config);

}  // namespace metamc

#endif  // METAMC_PLOTS_POSTERIOR_PLOT_HPP
