#include "metamc/diagnostics/convergence.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/indicator_ess.hpp"
#include "metamc/diagnostics/rhat.hpp"

namespace metamc {

Convergence convergence(const DrawsView& x, SortedValues* sorted) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (is_constant(x)) return {nan, nan, nan};
  const bool every_draw = x.rows() % 2 == 0;  // the split chains hold every draw
  DrawsMatrix copy;
  const Eigen::Map<const DrawsMatrix> split = split_view(x, copy);
  // One sort of the split chains serves the bulk scores, the folded ones (by a merge), the tail
  // indicators and, when the split chains hold every draw, the quantiles.
  SortedDraws order = sort_draws(split);
  Convergence c;
  // The median and the tail quantiles of all draws (the middle draws of odd chains included).
  const std::vector<double> probabilities = {0.5, 0.05, 0.95};
  std::vector<double> q;
  if (every_draw) {
    for (double p : probabilities) q.push_back(sorted_quantile(order.values, p));
  } else {
    q = quantiles(x, probabilities);
  }
  // The folded order first, while the sorted draws are still in the cache; it goes back to the
  // pool before the scores are taken, which may then reuse its block.
  const double tail_rhat = rhat_of_scores(fold_sorted(order, q[0]), split.rows());
  {
    const WorkArray<double> scores = z_scale(order);
    const Eigen::Map<const DrawsMatrix> z(scores.data(), split.rows(), split.cols());
    ChainMoments moments;  // the ESS's chain means and variances serve the R-hat
    c.ess_bulk = ess_basic(z, &moments);
    c.rhat = moments.n > 0 ? rhat_from_moments(moments) : rhat_basic(z);
  }
  c.rhat = std::fmax(c.rhat, tail_rhat);
  // The split draws at or below q are the first ones of the sorted order.
  auto indicator_ess_at = [&](double quantile_p) {
    const auto below = static_cast<std::size_t>(
        std::upper_bound(order.values.begin(), order.values.end(), quantile_p) -
        order.values.begin());
    return indicator_ess(order.positions.data(), below, split.rows(), split.cols());
  };
  c.ess_tail = std::fmin(indicator_ess_at(q[1]), indicator_ess_at(q[2]));
  if (sorted && every_draw) *sorted = std::move(order.values);
  return c;
}

}  // namespace metamc
