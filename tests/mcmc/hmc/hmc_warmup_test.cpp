// The warmup of a group's chains in lockstep, run one chain at a time (W = 1) and four side by
// side (W = 4, as the CPU backend runs it): the same step size, trajectory length, metric and
// positions, bit for bit, on a model whose trajectories often end early. A lane that ended early
// keeps moving with the others and its proposal turns to NaN; ChEES must give it no weight.
#include "metamc/mcmc/hmc/hmc_warmup.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace metamc {
namespace {

// A normal with sds 1, 2 and 0.5 behind a wall: where q_0 > 1.5 its gradient and density are
// NaN, which ends the trajectories that cross it (about one in ten here).
struct WalledNormal {
  static constexpr double kSd[3] = {1, 2, 0.5};

  int dim() const { return 3; }
  double log_density_gradient(const double* q, std::size_t stride, double* grad) const {
    const bool beyond = q[0] > 1.5;
    double lp = 0;
    for (int j = 0; j < 3; ++j) {
      const double x = q[j * stride] / kSd[j];
      grad[j * stride] = beyond ? std::nan("") : -x / kSd[j];
      lp -= 0.5 * x * x;
    }
    return beyond ? std::nan("") : lp;
  }
  void gradient(const double* q, std::size_t stride, double* grad) const {
    log_density_gradient(q, stride, grad);
  }
  template <class Uniform>
  void initial_point(Uniform&& uniform, double* q, std::size_t stride) const {
    for (int j = 0; j < 3; ++j) q[j * stride] = 2 * uniform(j) - 1.5;
  }
  double coordinate_scale(int) const { return 1; }
};

TEST(HmcWarmup, ChainsSideBySideWarmUpAsOneAtATime) {
  constexpr int kChains = 16, kWarmup = 150;
  const WalledNormal model;
  const PhiloxKey key = seed_key(20261207);
  HmcGroupWarmup<WalledNormal> alone(model, HmcSettings{}, kChains, kWarmup, key, 3);
  HmcGroupWarmup<WalledNormal> side(model, HmcSettings{}, kChains, kWarmup, key, 3);
  for (int c = 0; c < kChains; ++c) {
    alone.start(c);
    side.start(c);
  }
  bool searching = true;
  while (searching) {
    for (int c = 0; c < kChains; ++c) alone.trial(c);
    for (int c = 0; c < kChains; c += 4) side.trial<4>(c);
    searching = !alone.settle_step_size();
    EXPECT_EQ(side.settle_step_size(), !searching);
  }
  int ended_early = 0;
  for (std::uint32_t t = 1; t <= kWarmup; ++t) {
    for (int c = 0; c < kChains; ++c) alone.transition(c, t);
    for (int c = 0; c < kChains; c += 4) side.transition<4>(c, t);
    for (int c = 0; c < kChains; ++c) ended_early += std::isnan(side.view(c).q_new[0]) ? 1 : 0;
    alone.adapt(t);
    side.adapt(t);
    ASSERT_EQ(side.tuning().step_size, alone.tuning().step_size) << "iteration " << t;
    ASSERT_EQ(side.tuning().trajectory_length, alone.tuning().trajectory_length) << t;
  }
  for (int j = 0; j < 3; ++j) EXPECT_EQ(side.tuning().inv_metric[j], alone.tuning().inv_metric[j]);
  for (int c = 0; c < kChains; ++c)
    for (int j = 0; j < 3; ++j)
      EXPECT_EQ(side.view(c).q[j * kChains], alone.view(c).q[j * kChains]) << "chain " << c;
  // Lanes that ended early and then moved on to NaN: ChEES saw them and gave them no weight.
  EXPECT_GT(ended_early, 0);
  EXPECT_TRUE(std::isfinite(side.tuning().trajectory_length));
}

}  // namespace
}  // namespace metamc
