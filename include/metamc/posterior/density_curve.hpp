// Marginal posterior densities on grids, as the posterior plot draws them
// (posterior/posterior_densities.hpp computes them).
#ifndef METAMC_POSTERIOR_DENSITY_CURVE_HPP
#define METAMC_POSTERIOR_DENSITY_CURVE_HPP

#include <string>
#include <vector>

namespace metamc {

/// A density on an increasing grid: density[j] at x[j]. Empty where there is none.
struct DensityCurve {
  std::vector<double> x, density;
};

struct PosteriorDensities {
  std::string source;          // "exact" or "kernel density estimate from the draws"
  DensityCurve mu, theta_new;  // on the analysis scale
  DensityCurve tau;            // from tau = 0
};

}  // namespace metamc

#endif  // METAMC_POSTERIOR_DENSITY_CURVE_HPP
