// Philox4x32-10, the counter-based random number generator of Salmon, Moraes, Dror & Shaw
// (2011), "Parallel random numbers: as easy as 1, 2, 3", SC'11. Output = f_key(counter): no state
// is kept, so any chain can compute the numbers of any iteration on any device.
//
// metamc's stream: key = the 64-bit seed; counter = (iteration, slot, chain, group). Checked
// against the Random123 known-answer vectors (tests/philox_test.cpp).
#ifndef METAMC_RNG_PHILOX_HPP
#define METAMC_RNG_PHILOX_HPP

#include <cstdint>

#include "metamc/host_device.hpp"

namespace metamc {

struct Philox4x32 {
  std::uint32_t v[4];
};

struct PhiloxKey {
  std::uint32_t v[2];
};

namespace philox_detail {

constexpr std::uint32_t kMultiplier0 = 0xD2511F53u;
constexpr std::uint32_t kMultiplier1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u;  // golden ratio
constexpr std::uint32_t kWeyl1 = 0xBB67AE85u;  // sqrt(3) - 1

METAMC_HD inline Philox4x32 round(const Philox4x32& c, const PhiloxKey& k) {
  const std::uint64_t p0 = static_cast<std::uint64_t>(kMultiplier0) * c.v[0];
  const std::uint64_t p1 = static_cast<std::uint64_t>(kMultiplier1) * c.v[2];
  const auto hi0 = static_cast<std::uint32_t>(p0 >> 32), lo0 = static_cast<std::uint32_t>(p0);
  const auto hi1 = static_cast<std::uint32_t>(p1 >> 32), lo1 = static_cast<std::uint32_t>(p1);
  return {{hi1 ^ c.v[1] ^ k.v[0], lo1, hi0 ^ c.v[3] ^ k.v[1], lo0}};
}

}  // namespace philox_detail

/// The 10-round Philox4x32 bijection of `counter` under `key`.
METAMC_HD inline Philox4x32 philox4x32_10(Philox4x32 counter, PhiloxKey key) {
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      key.v[0] += philox_detail::kWeyl0;
      key.v[1] += philox_detail::kWeyl1;
    }
    counter = philox_detail::round(counter, key);
  }
  return counter;
}

/// The key of a run: the seed's low and high 32 bits.
METAMC_HD inline PhiloxKey seed_key(std::uint64_t seed) {
  return {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
}

/// Four random words at coordinates (group, chain, iteration, slot) of the stream `key`.
METAMC_HD inline Philox4x32 random_words(PhiloxKey key, std::uint32_t group, std::uint32_t chain,
                                         std::uint32_t iteration, std::uint32_t slot) {
  return philox4x32_10({{iteration, slot, chain, group}}, key);
}

}  // namespace metamc

#endif  // METAMC_RNG_PHILOX_HPP
