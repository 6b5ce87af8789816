// Where the posterior of u = log tau lives: the interval outside which its density has dropped
// below exp(-drop) times its maximum. Host/device code over any log density f(u): the exact
// quadrature, the sampler's proposal (through log_tau_range.hpp) and the simulation kernels.
#ifndef METAMC_MODEL_LOG_TAU_SEARCH_HPP
#define METAMC_MODEL_LOG_TAU_SEARCH_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/math/order_statistic.hpp"
#include "models/priors.hpp"

namespace metamc {

struct LogTauRange {
  double lower = 0, upper = 0;          // u interval
  double mode = 0;                      // posterior mode of u
  double scale = 1;                     // posterior sd of u near the mode (from the curvature)
  double log_density_max = 0;           // the log density at the mode
  bool lower_is_support_bound = false;  // the prior's support ends at `lower`
  bool upper_is_support_bound = false;  // the prior's support ends at `upper`
};

/// log of the median of s_i^2 over 2 (the upper median for even k): the scale at which the data
/// put tau. `work`: k doubles.
METAMC_HD inline double median_log_sd(const double* s2, int k, double* work) {
  return 0.5 * std::log(order_statistic(s2, k, k / 2, work));
}

/// Why no range was found: none, or which way the posterior failed to fall off.
enum class LogTauSearchFailure { none, zero_everywhere, heavy_upper_tail, heavy_lower_tail };

/// Scans u on a grid of `step` from the typical within-study log sd `data_log_scale` to the
/// prior's scale and 40 beyond both, refines the mode by golden section and walks outward in
/// steps of `step` until f has dropped by `drop` or the prior's support ends. A coarser step
/// costs fewer evaluations and may miss a mode narrower than itself that is not the highest
/// point of the grid. Fails when f is -infinity on the whole scan, or when the posterior is too
/// heavy-tailed to be contained in |u| < 340 (tau^2 would overflow).
template <class F>
METAMC_HD LogTauSearchFailure search_log_tau_range(F f, const TauPrior& prior,
                                                   double data_log_scale, double drop, double step,
                                                   LogTauRange& r) {
  const double scan_half_width = 40;
  const double limit = 340;  // exp(2 * 340) is still a finite double
  const double inf = HUGE_VAL;
  const double support_low = tau_prior_lower(prior) > 0 ? std::log(tau_prior_lower(prior)) : -inf;
  const double support_high =
      std::isfinite(tau_prior_upper(prior)) ? std::log(tau_prior_upper(prior)) : inf;

  // Scan from the typical within-study standard deviation to the prior's scale, and beyond both:
  // a prior far narrower (or wider) than the data puts the posterior near its own scale.
  const double prior_scale = tau_prior_log_scale(prior);
  double scan_low =
      std::fmax(support_low, std::fmin(data_log_scale, prior_scale) - scan_half_width);
  double scan_high =
      std::fmin(support_high, std::fmax(data_log_scale, prior_scale) + scan_half_width);
  if (!(scan_low < scan_high)) {  // the support lies outside the usual window
    scan_low = std::isfinite(support_low) ? support_low : support_high - 2 * scan_half_width;
    scan_high = std::isfinite(support_high) ? support_high : support_low + 2 * scan_half_width;
  }

  double best_u = scan_low, best = -inf;
  const int steps = static_cast<int>(std::ceil((scan_high - scan_low) / step));
  for (int i = 0; i <= steps; ++i) {
    const double u = std::fmin(scan_high, scan_low + i * step);
    const double lp = f(u);
    if (lp > best) best = lp, best_u = u;
  }
  if (!std::isfinite(best)) return LogTauSearchFailure::zero_everywhere;

  // Golden-section search for the maximum of f on the grid cells beside the best point.
  double a = std::fmax(support_low, best_u - step), b = std::fmin(support_high, best_u + step);
  const double ratio = (std::sqrt(5.0) - 1) / 2;
  double c = b - ratio * (b - a), e = a + ratio * (b - a);
  double fc = f(c), fe = f(e);
  for (int i = 0; i < 80 && b - a > 1e-10; ++i) {
    if (fc > fe) {
      b = e, e = c, fe = fc;
      c = b - ratio * (b - a), fc = f(c);
    } else {
      a = c, c = e, fc = fe;
      e = a + ratio * (b - a), fe = f(e);
    }
  }
  r.mode = (a + b) / 2;
  r.log_density_max = std::fmax(best, f(r.mode));

  // Walk outward until the density has dropped by `drop` or the support ends.
  for (int side = 0; side < 2; ++side) {
    const bool down = side == 0;
    const double direction = down ? -1.0 : 1.0;
    const double bound = down ? support_low : support_high;
    bool& at_bound = down ? r.lower_is_support_bound : r.upper_is_support_bound;
    double& end = down ? r.lower : r.upper;
    double u = r.mode;
    while (true) {
      const double next = u + direction * step;
      if (down ? next <= bound : next >= bound) {
        at_bound = true;
        end = bound;
        break;
      }
      u = next;
      if (f(u) < r.log_density_max - drop) {
        end = u;
        break;
      }
      if (std::fabs(u) > limit)
        return down ? LogTauSearchFailure::heavy_lower_tail : LogTauSearchFailure::heavy_upper_tail;
    }
  }

  // Curvature at the mode gives the local scale; at a support bound use the range instead.
  const double h = 1e-3;
  const double curvature = -(f(r.mode + h) - 2 * f(r.mode) + f(r.mode - h)) / (h * h);
  r.scale = curvature > 0 && std::isfinite(curvature) ? 1 / std::sqrt(curvature)
                                                      : (r.upper - r.lower) / 10;
  return LogTauSearchFailure::none;
}

}  // namespace metamc

#endif  // METAMC_MODEL_LOG_TAU_SEARCH_HPP
