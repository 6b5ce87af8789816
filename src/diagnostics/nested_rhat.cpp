#include "metamc/diagnostics/nested_rhat.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace metamc {

double nested_rhat(const DrawsView& x, const std::vector<int>& superchain) {
  const int superchains =
      superchain.empty() ? 0 : *std::max_element(superchain.begin(), superchain.end()) + 1;
  if (superchains < 2 || is_constant(x)) return std::numeric_limits<double>::quiet_NaN();
  const Eigen::Index n = x.rows();
  std::vector<double> chain_mean, chain_variance;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double mean = x.col(j).mean();
    chain_mean.push_back(mean);
    chain_variance.push_back(
        n > 1 ? (x.col(j).array() - mean).square().sum() / static_cast<double>(n - 1) : 0.0);
  }
  std::vector<SuperchainSpread> spread(static_cast<std::size_t>(superchains));
  std::vector<int> size(static_cast<std::size_t>(superchains), 0);
  for (std::size_t j = 0; j < chain_mean.size(); ++j) {
    const auto k = static_cast<std::size_t>(superchain[j]);
    spread[k].mean += chain_mean[j];
    spread[k].within += chain_variance[j];
    ++size[k];
  }
  for (std::size_t k = 0; k < spread.size(); ++k) {
    spread[k].mean /= size[k];
    spread[k].within /= size[k];
  }
  // Bt_k from the deviations from f_k (two passes: no cancellation).
  for (std::size_t j = 0; j < chain_mean.size(); ++j) {
    const auto k = static_cast<std::size_t>(superchain[j]);
    spread[k].between_chains += (chain_mean[j] - spread[k].mean) * (chain_mean[j] - spread[k].mean);
  }
  for (std::size_t k = 0; k < spread.size(); ++k)
    spread[k].between_chains = size[k] > 1 ? spread[k].between_chains / (size[k] - 1) : 0.0;
  return nested_rhat(spread);
}

SuperchainSpread superchain_spread(double sum_means, double sum_squared_means, double sum_variances,
                                   int chains) {
  SuperchainSpread s;
  const double m = chains;
  s.mean = sum_means / m;
  s.within = sum_variances / m;
  s.between_chains =
      chains > 1 ? std::fmax(0.0, (sum_squared_means - sum_means * s.mean) / (m - 1)) : 0.0;
  return s;
}

double nested_rhat(const std::vector<SuperchainSpread>& superchains) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto count = static_cast<double>(superchains.size());
  if (superchains.size() < 2) return nan;
  double overall = 0, w = 0;
  for (const SuperchainSpread& s : superchains) {
    overall += s.mean;
    w += s.within + s.between_chains;
  }
  overall /= count;
  w /= count;
  double between = 0;
  for (const SuperchainSpread& s : superchains) between += (s.mean - overall) * (s.mean - overall);
  between /= count - 1;
  return w > 0 ? std::sqrt(1 + between / w) : nan;
}

}  // namespace metamc
