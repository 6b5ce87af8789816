// run_simulation with its effect-size groups in batches (what --backend cuda does, here with the
// kernel's function on the host): every group's tallies as the CPU's, to the last bit, the count
// groups left to the CPU and every batched group run in the same runs of batches.
#include "metamc/run/simulation.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "metamc/simulate/replicate_batch.hpp"
#include "simulate/same_performance.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

TEST(RunSimulation, GroupsInBatchesAsOnTheCpu) {
  SimulateConfig config;
  config.input = testing::source_dir() + "/data/isatuximab.csv";
  config.by = {"setting", "outcome", "subgroup"};
  config.model_choice = ModelChoice::normal;
  config.study.replicates = 60;
  config.taus = {0, 0.3};
  const SimulationReport cpu = run_simulation(config, nullptr);

  int runs = 0;
  std::size_t batches_in_a_run = 0;
  config.study.batches = [&](const std::vector<EffectBatch>& b, std::uint64_t first,
                             std::uint64_t last) {
    ++runs;
    batches_in_a_run = b.size();
    return fit_batch_on_host(b, first, last);
  };
  const SimulationReport batched = run_simulation(config, nullptr);
  EXPECT_EQ(runs, 1);  // every effect-size group's scenarios together
  std::size_t effect_groups = 0, count_groups = 0;
  ASSERT_EQ(batched.groups.size(), cpu.groups.size());
  for (std::size_t g = 0; g < cpu.groups.size(); ++g) {
    const StudyDesign& design = cpu.groups[g].design;
    if (design.k() >= 2) (design.counts ? count_groups : effect_groups) += 1;
    ASSERT_EQ(batched.groups[g].scenarios.size(), cpu.groups[g].scenarios.size());
    for (std::size_t s = 0; s < cpu.groups[g].scenarios.size(); ++s) {
      const ScenarioResult a = summarise(batched.groups[g].scenarios[s]);
      const ScenarioResult b = summarise(cpu.groups[g].scenarios[s]);
      ASSERT_EQ(a.methods.size(), b.methods.size());
      for (std::size_t m = 0; m < a.methods.size(); ++m)
        testing::expect_same_performance(a.methods[m], b.methods[m]);
    }
  }
  EXPECT_GT(effect_groups, 0u);
  EXPECT_GT(count_groups, 0u);
  // Each pooled effect-size group's 2 taus x 2 mus (0 and the DL estimate); single trials and
  // counts not.
  EXPECT_EQ(batches_in_a_run, effect_groups * 2 * 2);
}

}  // namespace
}  // namespace metamc
