// Philox4x32-10 against the known-answer vectors of Random123 (tests/kat_vectors, the three
// philox4x32 10-round rows), and the uniform and normal variates built on it.
#include "metamc/rng/philox.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "metamc/rng/random_variates.hpp"

namespace metamc {
namespace {

void expect_words(const Philox4x32& got, std::uint32_t a, std::uint32_t b, std::uint32_t c,
                  std::uint32_t d) {
  EXPECT_EQ(got.v[0], a);
  EXPECT_EQ(got.v[1], b);
  EXPECT_EQ(got.v[2], c);
  EXPECT_EQ(got.v[3], d);
}

TEST(Philox, KnownAnswerZero) {
  expect_words(philox4x32_10({{0, 0, 0, 0}}, {{0, 0}}), 0x6627e8d5, 0xe169c58d, 0xbc57ac4c,
               0x9b00dbd8);
}

TEST(Philox, KnownAnswerAllOnes) {
  expect_words(
      philox4x32_10({{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, {{0xffffffff, 0xffffffff}}),
      0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
}

TEST(Philox, KnownAnswerPi) {
  expect_words(
      philox4x32_10({{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, {{0xa4093822, 0x299f31d0}}),
      0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
}

TEST(Philox, StreamCoordinatesMapToCounterAndKey) {
  const PhiloxKey key = seed_key(0x299f31d0a4093822ull);
  EXPECT_EQ(key.v[0], 0xa4093822u);
  EXPECT_EQ(key.v[1], 0x299f31d0u);
  // counter = (iteration, slot, chain, group)
  expect_words(random_words(key, 0x03707344, 0x13198a2e, 0x243f6a88, 0x85a308d3), 0xd16cfe09,
               0x94fdcceb, 0x5001e420, 0x24126ea1);
}

TEST(RandomVariates, UniformStaysInsideTheOpenInterval) {
  EXPECT_EQ(uniform_open(0, 0), 0.5 / 4503599627370496.0);
  EXPECT_EQ(uniform_open(0xffffffff, 0xffffffff), 1 - 0.5 / 4503599627370496.0);
  EXPECT_LT(uniform_open(0xffffffff, 0xffffffff), 1.0);
}

TEST(RandomVariates, NormalsHaveUnitMomentsAndNormalTails) {
  const PhiloxKey key = seed_key(20261121);
  const int n = 200000;
  double sum = 0, sum2 = 0, sum4 = 0;
  int beyond = 0;
  for (int i = 0; i < n / 2; ++i) {
    const NormalPair z = normal_pair(random_words(key, 0, 0, static_cast<std::uint32_t>(i), 0));
    for (double x : {z.first, z.second}) {
      sum += x;
      sum2 += x * x;
      sum4 += x * x * x * x;
      beyond += std::fabs(x) > 1.959963984540054;
    }
  }
  // Standard errors: mean 1/sqrt(n), variance sqrt(2/n), kurtosis ~ sqrt(96/n), tail sqrt(pq/n).
  EXPECT_NEAR(sum / n, 0, 5 / std::sqrt(n));
  EXPECT_NEAR(sum2 / n, 1, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(sum4 / n, 3, 5 * std::sqrt(96.0 / n));
  EXPECT_NEAR(static_cast<double>(beyond) / n, 0.05, 5 * std::sqrt(0.05 * 0.95 / n));
}

}  // namespace
}  // namespace metamc
