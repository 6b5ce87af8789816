// A group's kept draws (include/metamc/mcmc/sinks/group_draws.hpp): every array in one block.
#include "metamc/mcmc/sinks/group_draws.hpp"

#include <gtest/gtest.h>

namespace metamc {
namespace {

TEST(GroupDraws, EveryArrayInTheGroupsBlock) {
  if (!kMapsHugePages) GTEST_SKIP() << "this build maps no huge pages (not Linux, or ASan)";
  const GroupDraws g(4, 50000, 3, true, true);  // 4 x 50,000 x (6 + 3 x 3) doubles: 23 MiB
  for (const DrawArray* a : {&g.mu, &g.tau, &g.theta_new, &g.p_benefit, &g.p_pred_benefit,
                             &g.p_threshold, &g.theta, &g.control_risk, &g.risk_difference}) {
    EXPECT_TRUE(g.memory.arena->holds(a->data()));
    EXPECT_TRUE(g.memory.arena->holds(a->data() + a->size() - 1));
  }
  EXPECT_EQ(g.theta.size(), 3 * g.size());
}

TEST(GroupDraws, CopyHasItsOwnArraysFromTheHeap) {
  GroupDraws g(2, 100, 2, false);
  for (std::size_t j = 0; j < g.theta.size(); ++j) g.theta[j] = static_cast<double>(j);
  const GroupDraws copy = g;
  g.theta[7] = -1;
  EXPECT_EQ(copy.memory.arena, nullptr);  // and does not hold the original's block
  EXPECT_EQ(copy.theta.get_allocator().resource(), std::pmr::get_default_resource());
  EXPECT_EQ(copy.theta[7], 7);
  EXPECT_EQ(copy.theta[199], 199);
}

}  // namespace
}  // namespace metamc
