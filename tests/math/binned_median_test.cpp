// BinnedMedian against the exact sample median (sorting): within its stated relative
// resolution 2^-11, for odd and even counts; merged sets equal the whole; the bins stay few.
#include "metamc/math/binned_median.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace metamc {
namespace {

double sample_median(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  const std::size_t n = x.size();
  return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

TEST(BinnedMedian, IsTheSampleMedianWithinItsResolution) {
  std::mt19937_64 random(11);
  std::lognormal_distribution<double> width(-1.0, 1.5);
  for (const std::size_t n : {1u, 2u, 3u, 10u, 101u, 5000u}) {
    std::vector<double> x(n);
    BinnedMedian m;
    for (double& v : x) m.add(v = width(random));
    const double exact = sample_median(x);
    EXPECT_NEAR(m.median(), exact, std::ldexp(exact, -11)) << n;
    EXPECT_EQ(m.count(), n);
  }
  // The resolution is reached, not just bounded: 1 and 1 + 2^-9 lie in different bins.
  BinnedMedian m;
  m.add(1.0);
  EXPECT_NE(m.median(), 1.0);
  EXPECT_NEAR(m.median(), 1.0, std::ldexp(1.0, -11));
  m.add(1.0 + std::ldexp(1.0, -9));
  EXPECT_EQ(m.bins().size(), 2u);
  EXPECT_TRUE(std::isnan(BinnedMedian().median()));
}

TEST(BinnedMedian, MergedSetsHaveTheMedianOfTheWhole) {
  std::mt19937_64 random(5);
  std::exponential_distribution<double> width(2.0);
  BinnedMedian whole, parts[3];
  for (int i = 0; i < 3000; ++i) {
    const double x = width(random);
    whole.add(x);
    parts[i % 3].add(x);
  }
  BinnedMedian merged;
  for (const auto& [bin, n] : parts[1].bins()) merged.add_bin(bin, n);
  merged.add(parts[0]);
  merged.add(parts[2]);
  EXPECT_EQ(merged.median(), whole.median());
  EXPECT_EQ(merged.bins(), whole.bins());
}

TEST(BinnedMedian, KeepsOneCountPerBinNotPerValue) {
  BinnedMedian m;
  std::mt19937_64 random(2);
  std::uniform_real_distribution<double> u(1.0, 4.0);  // two octaves
  for (int i = 0; i < 200000; ++i) m.add(u(random));
  EXPECT_LE(m.bins().size(), 2u << BinnedMedian::kMantissaBits);
  EXPECT_NEAR(m.median(), 2.5, 0.02);
}

TEST(BinnedMedian, RefusesWhatIsNotAWidth) {
  BinnedMedian m;
  EXPECT_THROW(m.add(-1.0), std::invalid_argument);
  EXPECT_THROW(m.add(INFINITY), std::invalid_argument);
  EXPECT_THROW(m.add(std::nan("")), std::invalid_argument);
  EXPECT_THROW(m.add_bin(0xFFFFFFFFu, 1), std::invalid_argument);
  m.add(0.0);
  m.add(-0.0);
  EXPECT_EQ(m.bins().size(), 1u);
}

}  // namespace
}  // namespace metamc
