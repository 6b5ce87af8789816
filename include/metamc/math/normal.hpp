// The standard normal distribution function as host/device code.
#ifndef METAMC_MATH_NORMAL_HPP
#define METAMC_MATH_NORMAL_HPP

#include <cmath>

#include "metamc/host_device.hpp"

namespace metamc {

/// Phi(x) = erfc(-x / sqrt 2) / 2, accurate in both tails.
METAMC_HD inline double standard_normal_cdf(double x) {
  return 0.5 * std::erfc(-x * 0.70710678118654752440);
}

/// P(X < cut) for X ~ N(mean, sd^2) when lower values are favourable, else P(X > cut).
METAMC_HD inline double favourable_side(bool lower_is_better, double mean, double sd, double cut) {
  const double z = (cut - mean) / sd;
  return standard_normal_cdf(lower_is_better ? z : -z);
}

}  // namespace metamc

#endif  // METAMC_MATH_NORMAL_HPP
