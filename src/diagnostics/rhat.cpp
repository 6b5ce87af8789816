#include "metamc/diagnostics/rhat.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace metamc {

double rhat_basic(const DrawsView& x) {
  if (x.rows() < 2 || is_constant(x)) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(x.rows());
  const Eigen::RowVectorXd means = x.colwise().mean();
  const Eigen::RowVectorXd variances = (x.rowwise() - means).colwise().squaredNorm() / (n - 1);
  return rhat_from_moments(
      {n, static_cast<double>(x.cols()), var_chain_means(means), variances.mean()});
}

double rhat_from_moments(const ChainMoments& m) {
  if (m.n < 2 || m.chains < 2) return std::numeric_limits<double>::quiet_NaN();
  return std::sqrt((m.n * m.var_chain_means / m.within + m.n - 1) / m.n);
}

double rhat_of_scores(const SortedDraws& sorted, Eigen::Index rows) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto per_chain = static_cast<std::uint32_t>(rows);
  const std::size_t chains = sorted.values.size() / static_cast<std::size_t>(rows);
  if (rows < 2 || sorted.values.empty() || sorted.values.front() == sorted.values.back())
    return nan;
  std::vector<double> sum(chains, 0.0), sum_sq(chains, 0.0);
  // The chain of a position by a multiplication, corrected by one where it rounds across a
  // chain's end (an integer division per draw would cost more than the rest).
  const double inverse = 1.0 / static_cast<double>(per_chain);
  for_each_score(sorted, [&](std::uint32_t position, double score) {
    auto chain = static_cast<std::uint32_t>(position * inverse);
    if (std::uint64_t{chain} * per_chain > position) --chain;
    if ((std::uint64_t{chain} + 1) * per_chain <= position) ++chain;
    sum[chain] += score;
    sum_sq[chain] += score * score;
  });
  const double n = static_cast<double>(rows), m = static_cast<double>(chains);
  Eigen::RowVectorXd means(static_cast<Eigen::Index>(chains));
  double within = 0;
  for (std::size_t c = 0; c < chains; ++c) {
    const double mean = sum[c] / n;
    means[static_cast<Eigen::Index>(c)] = mean;
    within += (sum_sq[c] - n * mean * mean) / (n - 1) / m;
  }
  return rhat_from_moments({n, m, var_chain_means(means), within});
}

double rhat(const DrawsView& x) {
  if (is_constant(x)) return std::numeric_limits<double>::quiet_NaN();
  const double bulk = rhat_basic(z_scale(split_chains(x)));
  const double tail = rhat_basic(z_scale(split_chains(fold(x))));
  return std::fmax(bulk, tail);
}

}  // namespace metamc
