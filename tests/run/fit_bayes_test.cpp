// choose_backend: a shard (--shard) keeps the draws or summarises them as the whole run does, so
// that its groups' results are the unsharded run's. (src/run/fit_bayes.cpp)
#include "metamc/run/fit_bayes.hpp"

#include <gtest/gtest.h>

namespace metamc {
namespace {

GroupResult group_of_three() {
  GroupResult r;
  r.group.key = {{"outcome", "PFS"}};
  for (double yi : {-0.5, -0.2, 0.1})
    r.group.studies.push_back(Study{"s", yi, 0.2, false, 0, 0, std::nullopt, {}});
  return r;
}

TEST(ChooseBackend, AShardSummarisesAsTheWholeRunDoes) {
  RunConfig config;
  config.backend = Backend::cpu;
  config.sampler.chains = 1024;
  config.sampler.draws = 1000;
  // 66 groups of 1024 x 1000 draws are more than the 2^26 draws a run keeps; one group is not.
  const std::vector<GroupResult> shard(1, group_of_three()), run(66, group_of_three());
  EXPECT_FALSE(choose_backend(config, shard, shard).streamed);
  EXPECT_TRUE(choose_backend(config, run, run).streamed);
  EXPECT_TRUE(choose_backend(config, shard, run).streamed);
}

}  // namespace
}  // namespace metamc
