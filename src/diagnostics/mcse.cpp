#include "metamc/diagnostics/mcse.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "metamc/diagnostics/ess.hpp"

namespace metamc {

double mcse_sd(const DrawsView& x) {
  const DrawsMatrix centred = (x.array() - x.mean()).matrix();
  const DrawsMatrix squares = centred.array().square().matrix();
  const double variance = squares.mean();
  const double fourth = squares.array().square().mean();
  const double varvar = (fourth - variance * variance) / ess_mean(squares);
  return std::sqrt(varvar / variance / 4);
}

double mcse_quantile(const DrawsView& x, double p) {
  const double q = quantile(x, p);
  const DrawsMatrix below = (x.array() <= q).cast<double>().matrix();
  const double ess = ess_basic(split_chains(below));
  const double a = ess * p + 1, b = ess * (1 - p) + 1;
  const double mean = a / (a + b), sd = std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
  std::vector<double> sorted(x.data(), x.data() + x.size());
  std::sort(sorted.begin(), sorted.end());
  const auto s = static_cast<double>(sorted.size());
  const auto low = static_cast<std::size_t>(std::max(std::floor((mean - sd) * s), 1.0));
  const auto high = static_cast<std::size_t>(std::min(std::ceil((mean + sd) * s), s));
  return (sorted[high - 1] - sorted[low - 1]) / 2;  // R's 1-based order statistics
}

}  // namespace metamc
