// Where the posterior of u = log tau lives: the interval outside which its density has dropped
// below exp(-drop) times its maximum. Shared by the exact quadrature and the sampler's proposal.
#ifndef METAMC_MODEL_LOG_TAU_RANGE_HPP
#define METAMC_MODEL_LOG_TAU_RANGE_HPP

#include "metamc/model/log_tau_density.hpp"

namespace metamc {

struct LogTauRange {
  double lower = 0, upper = 0;          // u interval
  double mode = 0;                      // posterior mode of u
  double scale = 1;                     // posterior sd of u near the mode (from the curvature)
  double log_density_max = 0;           // the log density at the mode
  bool lower_is_support_bound = false;  // the prior's support ends at `lower`
  bool upper_is_support_bound = false;  // the prior's support ends at `upper`
};

/// Scans u on a grid of `step` around the scale of the data, refines the mode and walks outward
/// in steps of `step` until the log density has dropped by `drop` or the prior's support ends.
/// A coarser step costs fewer evaluations and may miss a mode narrower than itself that is not
/// the highest point of the grid. Throws NumericalError when the posterior is too heavy-tailed to
/// be contained in |u| < 340 (tau^2 would overflow).
LogTauRange find_log_tau_range(const LogTauDensity& f, double drop, double step = 0.25);

}  // namespace metamc

#endif  // METAMC_MODEL_LOG_TAU_RANGE_HPP
