#include "metamc/plots/axis.hpp"

#include <algorithm>
#include <cmath>

#include "metamc/text.hpp"

namespace metamc {
namespace {

// An end within this share of a tick step beyond the last tick does not add another tick: the
// axis runs a little past it instead (a prediction interval ending at 0.2499 keeps 0.25 as the
// first tick rather than adding 0.125).
constexpr double kSlack = 0.05;

// m 10^e written without binary residue: 3 x 10^-1 as 3 / 10, not 3 * 0.1.
double decimal(double m, int e) {
  return e >= 0 ? m * std::pow(10.0, e) : m / std::pow(10.0, -e);
}

// Ratio ticks: powers of two over spans up to 2^7, 1-2-5 per decade up to three decades, then
// decades (every other one beyond eight).
std::vector<double> ratio_ticks(double lo, double hi) {
  std::vector<double> candidates;
  if (std::log2(hi / lo) <= 7) {
    for (int n = static_cast<int>(std::floor(std::log2(lo) + kSlack));
         n <= static_cast<int>(std::ceil(std::log2(hi) - kSlack)); ++n)
      candidates.push_back(std::ldexp(1.0, n));
    return candidates;
  }
  const int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  const bool steps = last - first <= 3;
  const int stride = last - first > 8 ? 2 : 1;
  for (int e = first; e <= last; e += stride)
    for (double m : steps ? std::vector<double>{1, 2, 5} : std::vector<double>{1})
      candidates.push_back(decimal(m, e));
  // Keep the ticks from the largest at or below lo to the smallest at or above hi.
  const auto begin = std::upper_bound(candidates.begin(), candidates.end(), lo * (1 + kSlack));
  const auto end = std::lower_bound(candidates.begin(), candidates.end(), hi / (1 + kSlack));
  return {begin == candidates.begin() ? begin : begin - 1, end == candidates.end() ? end : end + 1};
}

std::vector<double> linear_ticks(double lo, double hi) {
  const double raw = (hi - lo) / 5;
  int e = static_cast<int>(std::floor(std::log10(raw)));
  double m = raw / std::pow(10.0, e);
  m = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
  if (m == 10) {
    m = 1;
    ++e;
  }
  const double step = decimal(m, e);
  std::vector<double> ticks;
  for (auto n = static_cast<long>(std::floor(lo / step + kSlack));
       n <= static_cast<long>(std::ceil(hi / step - kSlack)); ++n)
    ticks.push_back(decimal(static_cast<double>(n) * m, e));
  return ticks;
}

}  // namespace

double Axis::clamp(double value) const {
  return std::clamp(value, lower, upper);
}

Axis make_axis(double lower, double upper, bool ratio, double left, double right) {
  if (!std::isfinite(lower) || !std::isfinite(upper) || lower > upper) {
    lower = 0;  // nothing finite to show: an axis around no effect
    upper = 0;
  }
  if (upper - lower < 1e-9 * std::max(1.0, std::fabs(lower))) {
    lower -= ratio ? std::log(2.0) : 0.5;
    upper += ratio ? std::log(2.0) : 0.5;
  }
  Axis axis;
  axis.ratio = ratio;
  axis.left = left;
  axis.right = right;
  const std::vector<double> ticks =
      ratio ? ratio_ticks(std::exp(lower), std::exp(upper)) : linear_ticks(lower, upper);
  for (double t : ticks) axis.ticks.push_back({ratio ? std::log(t) : t, shortest_decimal(t)});
  axis.lower = std::min(lower, axis.ticks.front().value);
  axis.upper = std::max(upper, axis.ticks.back().value);
  return axis;
}

}  // namespace metamc
