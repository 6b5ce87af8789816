// A binomial variate from one uniform, by inversion with the search started at the mode and
// alternating outwards (Kemp 1986, "A modal method for generating binomial variables", Commun.
// Statist. Theory Meth. 15:805): exact up to rounding, about sqrt(n p (1 - p)) steps, so trials
// of thousands of patients cost little. It loops, unlike rng/random_variates.hpp: for simulated
// data, not for code that must run in lockstep across a warp.
#ifndef METAMC_RNG_BINOMIAL_VARIATE_HPP
#define METAMC_RNG_BINOMIAL_VARIATE_HPP

#include <cmath>

#include "metamc/host_device.hpp"

namespace metamc {

/// X ~ Bin(n, p) from u uniform on (0, 1).
METAMC_HD inline long binomial_variate(long n, double p, double u) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  long mode = static_cast<long>(std::floor((n + 1) * p));
  if (mode > n) mode = n;
  const double nd = static_cast<double>(n), md = static_cast<double>(mode);
  const double odds = p / (1 - p);
  const double p_mode =
      std::exp(std::lgamma(nd + 1) - std::lgamma(md + 1) - std::lgamma(nd - md + 1) +
               md * std::log(p) + (nd - md) * std::log1p(-p));
  // The probability of each value, from the mode's by the ratio of neighbouring terms
  // P(x + 1) / P(x) = (n - x) / (x + 1) p / (1 - p), subtracted from u until it is spent.
  u -= p_mode;
  if (u <= 0) return mode;
  long below = mode, above = mode;
  double p_below = p_mode, p_above = p_mode;
  while (below > 0 || above < n) {
    if (above < n) {
      p_above *= static_cast<double>(n - above) / static_cast<double>(above + 1) * odds;
      ++above;
      u -= p_above;
      if (u <= 0) return above;
    }
    if (below > 0) {
      p_below *= static_cast<double>(below) / static_cast<double>(n - below + 1) / odds;
      --below;
      u -= p_below;
      if (u <= 0) return below;
    }
  }
  return mode;  // u beyond the total by rounding only
}

}  // namespace metamc

#endif  // METAMC_RNG_BINOMIAL_VARIATE_HPP
