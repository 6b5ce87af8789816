#include "metamc/diagnostics/rhat.hpp"

#include <cmath>
#include <limits>

namespace metamc {

double rhat_basic(const DrawsView& x) {
  if (x.rows() < 2 || is_constant(x)) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(x.rows());
  const Eigen::RowVectorXd means = x.colwise().mean();
  const Eigen::RowVectorXd variances = (x.rowwise() - means).colwise().squaredNorm() / (n - 1);
  const double between =
      n * (means.array() - means.mean()).square().sum() / static_cast<double>(x.cols() - 1);
  const double within = variances.mean();
  return std::sqrt((between / within + n - 1) / n);
}

double rhat(const DrawsView& x) {
  if (is_constant(x)) return std::numeric_limits<double>::quiet_NaN();
  const double bulk = rhat_basic(z_scale(split_chains(x)));
  const double tail = rhat_basic(z_scale(split_chains(fold(x))));
  return std::fmax(bulk, tail);
}

}  // namespace metamc
