// Uniform and normal variates from Philox words, with no branches and no rejection, so that all
// chains of a warp take the same path.
#ifndef METAMC_RNG_RANDOM_VARIATES_HPP
#define METAMC_RNG_RANDOM_VARIATES_HPP

#include <cmath>
#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/math/log_of_positive.hpp"
#include "metamc/math/sincos_turns.hpp"
#include "metamc/rng/philox.hpp"

namespace metamc {

/// A double uniform on the open interval (0, 1) from two 32-bit words: 52 random bits, offset by
/// half a step, so the values are (j + 1/2) / 2^52 and neither 0 nor 1 can occur (with 53 bits,
/// the largest value would round to 1). log(u) is always finite.
METAMC_HD_ALWAYS_INLINE double uniform_open(std::uint32_t a, std::uint32_t b) {
  const double high = static_cast<double>(a >> 6);  // 26 bits
  const double low = static_cast<double>(b >> 6);   // 26 bits
  return (high * 67108864.0 + low + 0.5) * (1.0 / 4503599627370496.0);
}

struct UniformPair {
  double first, second;
};

/// Two independent uniforms on (0, 1) from one Philox output.
METAMC_HD_ALWAYS_INLINE UniformPair uniform_pair(const Philox4x32& w) {
  return {uniform_open(w.v[0], w.v[1]), uniform_open(w.v[2], w.v[3])};
}

struct NormalPair {
  double first, second;
};

/// Two independent standard normals by the Box-Muller transform (Box & Muller 1958):
/// r = sqrt(-2 log u1), (r cos 2 pi u2, r sin 2 pi u2), the angle's sine and cosine from its
/// fraction of a turn (math/sincos_turns.hpp), the logarithm without a call
/// (math/log_of_positive.hpp): a loop of draws vectorises.
METAMC_HD_ALWAYS_INLINE NormalPair normal_pair(const Philox4x32& w) {
  const UniformPair u = uniform_pair(w);
  const double r = std::sqrt(-2.0 * log_of_positive(u.first));
  const SinCos angle = sincos_turns(u.second);
  return {r * angle.cos, r * angle.sin};
}

}  // namespace metamc

#endif  // METAMC_RNG_RANDOM_VARIATES_HPP
