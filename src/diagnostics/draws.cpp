#include "metamc/diagnostics/draws.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "metamc/math/distributions.hpp"

namespace metamc {

DrawsMatrix split_chains(const DrawsView& x) {
  const Eigen::Index n = x.rows(), m = x.cols();
  if (n < 2) return x;
  const Eigen::Index half = n / 2;
  DrawsMatrix out(half, 2 * m);
  out.leftCols(m) = x.topRows(half);
  out.rightCols(m) = x.bottomRows(half);  // skips the middle draw when n is odd
  return out;
}

DrawsMatrix z_scale(const DrawsView& x) {
  const Eigen::Index rows = x.rows(), size = x.size();
  std::vector<std::pair<double, Eigen::Index>> order(static_cast<std::size_t>(size));
  for (Eigen::Index i = 0; i < size; ++i)
    order[static_cast<std::size_t>(i)] = {x(i % rows, i / rows), i};
  std::sort(order.begin(), order.end());
  DrawsMatrix z(rows, x.cols());
  const double s = static_cast<double>(size);
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first;
    while (last + 1 < order.size() && order[last + 1].first == order[first].first) ++last;
    const double rank = 0.5 * static_cast<double>(first + last) + 1;  // average rank of the ties
    const double score = normal_quantile((rank - 0.375) / (s + 0.25));
    for (std::size_t j = first; j <= last; ++j) {
      const Eigen::Index i = order[j].second;
      z(i % rows, i / rows) = score;
    }
    first = last + 1;
  }
  return z;
}

double quantile(std::vector<double> values, double p) {
  // Only the two order statistics around (n - 1) p are needed: selection, not a full sort.
  const double h = (static_cast<double>(values.size()) - 1) * p;
  const auto low = static_cast<std::size_t>(std::floor(h));
  const auto nth = values.begin() + static_cast<std::ptrdiff_t>(low);
  std::nth_element(values.begin(), nth, values.end());
  if (low + 1 >= values.size()) return *nth;
  const double next = *std::min_element(nth + 1, values.end());
  return *nth + (h - static_cast<double>(low)) * (next - *nth);
}

double quantile(const DrawsView& x, double p) {
  std::vector<double> values(static_cast<std::size_t>(x.size()));
  Eigen::Map<DrawsMatrix>(values.data(), x.rows(), x.cols()) = x;
  return quantile(std::move(values), p);
}

DrawsMatrix fold(const DrawsView& x) {
  return (x.array() - quantile(x, 0.5)).abs().matrix();
}

bool is_constant(const DrawsView& x, double tolerance) {
  return std::fabs(x.maxCoeff() - x.minCoeff()) < tolerance;
}

}  // namespace metamc
