#include "metamc/diagnostics/nested_rhat.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace metamc {

double nested_rhat(const DrawsView& x, const std::vector<int>& superchain) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const int superchains =
      superchain.empty() ? 0 : *std::max_element(superchain.begin(), superchain.end()) + 1;
  if (superchains < 2 || is_constant(x)) return nan;
  const Eigen::Index n = x.rows();
  std::vector<double> chain_mean, chain_variance;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double mean = x.col(j).mean();
    chain_mean.push_back(mean);
    chain_variance.push_back(
        n > 1 ? (x.col(j).array() - mean).square().sum() / static_cast<double>(n - 1) : 0.0);
  }
  std::vector<double> super_mean(static_cast<std::size_t>(superchains), 0.0);
  std::vector<double> within(static_cast<std::size_t>(superchains), 0.0);
  std::vector<int> size(static_cast<std::size_t>(superchains), 0);
  for (std::size_t j = 0; j < chain_mean.size(); ++j) {
    const auto k = static_cast<std::size_t>(superchain[j]);
    super_mean[k] += chain_mean[j];
    within[k] += chain_variance[j];
    ++size[k];
  }
  double overall = 0;
  for (std::size_t k = 0; k < super_mean.size(); ++k) {
    super_mean[k] /= size[k];
    within[k] /= size[k];
    overall += super_mean[k];
  }
  overall /= superchains;
  std::vector<double> between_chains(static_cast<std::size_t>(superchains), 0.0);
  for (std::size_t j = 0; j < chain_mean.size(); ++j) {
    const auto k = static_cast<std::size_t>(superchain[j]);
    between_chains[k] += (chain_mean[j] - super_mean[k]) * (chain_mean[j] - super_mean[k]);
  }
  double between = 0, w = 0;
  for (std::size_t k = 0; k < super_mean.size(); ++k) {
    between += (super_mean[k] - overall) * (super_mean[k] - overall);
    const double bt = size[k] > 1 ? between_chains[k] / (size[k] - 1) : 0.0;
    w += within[k] + bt;
  }
  between /= superchains - 1;
  w /= superchains;
  return std::sqrt(1 + between / w);
}

}  // namespace metamc
