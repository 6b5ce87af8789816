#include "metamc/model/log_tau_range.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "metamc/error.hpp"

namespace metamc {
namespace {

constexpr double kScanHalfWidth = 40;
constexpr double kLimit = 340;  // exp(2 * 340) is still a finite double

// Golden-section search for the maximum of the log density on [a, b].
double maximise(const LogTauDensity& f, double a, double b) {
  const double ratio = (std::sqrt(5.0) - 1) / 2;
  double c = b - ratio * (b - a), e = a + ratio * (b - a);
  double fc = f.at(c), fe = f.at(e);
  for (int i = 0; i < 80 && b - a > 1e-10; ++i) {
    if (fc > fe) {
      b = e, e = c, fe = fc;
      c = b - ratio * (b - a), fc = f.at(c);
    } else {
      a = c, c = e, fc = fe;
      e = a + ratio * (b - a), fe = f.at(e);
    }
  }
  return (a + b) / 2;
}

}  // namespace

LogTauRange find_log_tau_range(const LogTauDensity& f, double drop, double step) {
  const double inf = std::numeric_limits<double>::infinity();
  const double support_low =
      tau_prior_lower(f.prior) > 0 ? std::log(tau_prior_lower(f.prior)) : -inf;
  const double support_high =
      std::isfinite(tau_prior_upper(f.prior)) ? std::log(tau_prior_upper(f.prior)) : inf;

  // Scan from the typical within-study standard deviation to the prior's scale, and beyond both:
  // a prior far narrower (or wider) than the data puts the posterior near its own scale.
  const double centre = f.data_log_scale;
  const double prior_scale = tau_prior_log_scale(f.prior);
  double scan_low = std::max(support_low, std::min(centre, prior_scale) - kScanHalfWidth);
  double scan_high = std::min(support_high, std::max(centre, prior_scale) + kScanHalfWidth);
  if (!(scan_low < scan_high)) {  // the support lies outside the usual window
    scan_low = std::isfinite(support_low) ? support_low : support_high - 2 * kScanHalfWidth;
    scan_high = std::isfinite(support_high) ? support_high : support_low + 2 * kScanHalfWidth;
  }

  double best_u = scan_low, best = -inf;
  const int steps = static_cast<int>(std::ceil((scan_high - scan_low) / step));
  for (int i = 0; i <= steps; ++i) {
    const double u = std::min(scan_high, scan_low + i * step);
    const double lp = f.at(u);
    if (lp > best) best = lp, best_u = u;
  }
  if (!std::isfinite(best))
    throw NumericalError("the posterior of tau is zero everywhere on the scanned range");

  LogTauRange r;
  r.mode = maximise(f, std::max(support_low, best_u - step), std::min(support_high, best_u + step));
  r.log_density_max = std::max(best, f.at(r.mode));

  // Walk outward until the density has dropped by `drop` or the support ends.
  auto walk = [&](double direction, double bound, bool& at_bound) {
    double u = r.mode;
    while (true) {
      const double next = u + direction * step;
      if ((direction < 0 && next <= bound) || (direction > 0 && next >= bound)) {
        at_bound = true;
        return bound;
      }
      u = next;
      if (f.at(u) < r.log_density_max - drop) return u;
      if (std::fabs(u) > kLimit)
        throw NumericalError(
            direction > 0 ? "the posterior of tau is too heavy-tailed to integrate (its density "
                            "has not fallen off by tau = 1e147); use a prior with a lighter tail"
                          : "the posterior of tau does not fall off towards tau = 0 (its density "
                            "is still high at tau = 1e-147); use a prior with less mass near 0");
    }
  };
  r.lower = walk(-1, support_low, r.lower_is_support_bound);
  r.upper = walk(+1, support_high, r.upper_is_support_bound);

  // Curvature at the mode gives the local scale; at a support bound use the range instead.
  const double h = 1e-3;
  const double curvature = -(f.at(r.mode + h) - 2 * f.at(r.mode) + f.at(r.mode - h)) / (h * h);
  r.scale = curvature > 0 && std::isfinite(curvature) ? 1 / std::sqrt(curvature)
                                                      : (r.upper - r.lower) / 10;
  return r;
}

}  // namespace metamc
