// Two methods' figures equal to the last bit: what threads, shards and batches must not change.
#ifndef METAMC_TESTS_SIMULATE_SAME_PERFORMANCE_HPP
#define METAMC_TESTS_SIMULATE_SAME_PERFORMANCE_HPP

#include <gtest/gtest.h>

#include "metamc/simulate/performance_tally.hpp"

namespace metamc::testing {

inline void expect_same_performance(const MethodPerformance& a, const MethodPerformance& b) {
  SCOPED_TRACE(to_string(a.method));
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.replicates, b.replicates);
  EXPECT_EQ(a.coverage, b.coverage);
  EXPECT_EQ(a.width_mean, b.width_mean);
  EXPECT_EQ(a.width_median, b.width_median);
  EXPECT_EQ(a.pi_coverage, b.pi_coverage);
  EXPECT_EQ(a.tau2_zero_share, b.tau2_zero_share);
  EXPECT_EQ(a.significant_rate, b.significant_rate);
  EXPECT_EQ(a.p_benefit_095_rate, b.p_benefit_095_rate);
}

}  // namespace metamc::testing

#endif  // METAMC_TESTS_SIMULATE_SAME_PERFORMANCE_HPP
