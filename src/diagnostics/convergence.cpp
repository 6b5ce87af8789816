#include "metamc/diagnostics/convergence.hpp"

#include <cmath>
#include <limits>

#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/rhat.hpp"

namespace metamc {

Convergence convergence(const DrawsView& x) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (is_constant(x)) return {nan, nan, nan};
  const DrawsMatrix split = split_chains(x);
  const DrawsMatrix z = z_scale(split);
  const double median = quantile(x, 0.5);
  const DrawsMatrix folded = (split.array() - median).abs().matrix();
  Convergence c;
  c.rhat = std::fmax(rhat_basic(z), rhat_basic(z_scale(folded)));
  c.ess_bulk = ess_basic(z);
  auto indicator_ess = [&](double p) {
    const double q = quantile(x, p);
    return ess_basic((split.array() <= q).cast<double>().matrix());
  };
  c.ess_tail = std::fmin(indicator_ess(0.05), indicator_ess(0.95));
  return c;
}

}  // namespace metamc
