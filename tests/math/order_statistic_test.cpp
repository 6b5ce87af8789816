// Quickselect against std::nth_element on random arrays with ties, and its input left alone.
#include "metamc/math/order_statistic.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace metamc {
namespace {

TEST(OrderStatistic, EveryRankEqualsNthElementWithTies) {
  std::mt19937_64 rng(7);
  for (int k = 1; k <= 40; ++k) {
    std::uniform_int_distribution<int> value(0, k / 2);  // ties on purpose
    std::vector<double> x(static_cast<std::size_t>(k)), work(x.size());
    for (double& xi : x) xi = value(rng) * 0.25;
    const std::vector<double> original = x;
    for (int m = 0; m < k; ++m) {
      std::vector<double> sorted = x;
      std::nth_element(sorted.begin(), sorted.begin() + m, sorted.end());
      EXPECT_EQ(order_statistic(x.data(), k, m, work.data()), sorted[static_cast<std::size_t>(m)])
          << "k = " << k << ", m = " << m;
    }
    EXPECT_EQ(x, original);
  }
}

TEST(OrderStatistic, SortedAndReversedInputs) {
  std::vector<double> up(101), down(101), work(101);
  for (int i = 0; i <= 100; ++i) {
    up[static_cast<std::size_t>(i)] = i;
    down[static_cast<std::size_t>(i)] = 100 - i;
  }
  for (int m : {0, 1, 50, 99, 100}) {
    EXPECT_EQ(order_statistic(up.data(), 101, m, work.data()), m);
    EXPECT_EQ(order_statistic(down.data(), 101, m, work.data()), m);
  }
}

}  // namespace
}  // namespace metamc
