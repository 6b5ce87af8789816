// One HMC trajectory on toy models whose answers are known: the leapfrog of a standard normal is
// a linear map, computed here in closed form; a trajectory evaluates the density once, at its
// end, and the gradient alone before; and a gradient that stops being finite ends the trajectory
// there as a divergence that is never accepted.
#include "metamc/mcmc/hmc/hmc_transition.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

namespace metamc {
namespace {

// A standard normal in `d` dimensions that counts its evaluations; after `broken_after` of them
// (of both kinds) its gradient is NaN.
struct CountingNormal {
  static constexpr bool kArmRisks = false;
  int d = 1;
  int broken_after = 1 << 30;
  mutable int densities = 0, gradients = 0;

  int dim() const { return d; }
  double log_density_gradient(const double* q, std::size_t stride, double* grad) const {
    ++densities;
    double lp = 0;
    fill(q, stride, grad);
    for (int j = 0; j < d; ++j) lp -= 0.5 * q[j * stride] * q[j * stride];
    return lp;
  }
  void gradient(const double* q, std::size_t stride, double* grad) const {
    ++gradients;
    fill(q, stride, grad);
  }

 private:
  void fill(const double* q, std::size_t stride, double* grad) const {
    const bool broken = densities + gradients > broken_after;
    for (int j = 0; j < d; ++j) grad[j * stride] = broken ? std::nan("") : -q[j * stride];
  }
};

// A chain's arrays for a model of dimension d at position q (stride 1).
struct Chain {
  std::vector<double> arrays;
  HmcChainView view;
  Chain(int d, const std::vector<double>& q) : arrays(7 * static_cast<std::size_t>(d) + 1) {
    double* a = arrays.data();
    const auto n = static_cast<std::size_t>(d);
    view = {a, a + n, a + 6 * n, a + 2 * n, a + 3 * n, a + 4 * n, a + 5 * n, 1};
    for (std::size_t j = 0; j < n; ++j) {
      view.q[j] = q[j];
      view.grad[j] = -q[j];
      *view.log_density -= 0.5 * q[j] * q[j];
    }
  }
};

const ChainStream kStream{seed_key(20261207), 0, 3};

TEST(HmcTransition, LeapfrogOfAStandardNormalIsItsLinearMap) {
  // For H = q^2 / 2 + p^2 / 2 one leapfrog step of size e maps (q, p) to
  //   q' = (1 - e^2 / 2) q + e p,   p' = -e (1 - e^2 / 4) q + (1 - e^2 / 2) p,
  // so L steps apply that matrix L times; the momentum is the stream's first normal.
  CountingNormal m;
  const double q0 = 0.8, eps = 0.3, inv_metric = 1;
  const int steps = 9;
  Chain c(1, {q0});
  double log_density_new = 0;
  const HmcOutcome out =
      hmc_trajectory(m, c.view, {eps, steps, &inv_metric}, kStream, 5, log_density_new);
  const double p0 = normal_pair(kStream.words(5, kMomentumSlot)).first;
  double q = q0, p = p0;
  for (int l = 0; l < steps; ++l) {
    const double next_q = (1 - eps * eps / 2) * q + eps * p;
    p = -eps * (1 - eps * eps / 4) * q + (1 - eps * eps / 2) * p;
    q = next_q;
  }
  EXPECT_NEAR(c.view.q_new[0], q, 1e-13);
  EXPECT_NEAR(c.view.momentum[0], p, 1e-13);
  EXPECT_NEAR(log_density_new, -0.5 * q * q, 1e-13);
  const double energy_error = (q * q + p * p - q0 * q0 - p0 * p0) / 2;
  EXPECT_NEAR(out.accept_prob, std::fmin(1.0, std::exp(-energy_error)), 1e-13);
  EXPECT_FALSE(out.divergent);
  EXPECT_EQ(out.steps, steps);
}

TEST(HmcTransition, OneDensityPerTrajectoryAtItsEnd) {
  CountingNormal m;
  m.d = 4;
  const std::vector<double> inv_metric(4, 1.0);
  Chain c(4, {0.1, -0.2, 0.3, 0.4});
  double log_density_new = 0;
  const HmcOutcome out =
      hmc_trajectory(m, c.view, {0.2, 7, inv_metric.data()}, kStream, 1, log_density_new);
  EXPECT_EQ(out.steps, 7);
  EXPECT_EQ(m.gradients, 6);
  EXPECT_EQ(m.densities, 1);
  double lp = 0;
  for (int j = 0; j < 4; ++j) lp -= 0.5 * c.view.q_new[j] * c.view.q_new[j];
  EXPECT_EQ(log_density_new, lp);
}

// A transition of 10 steps from 0.5 whose gradient breaks after `broken_after` evaluations: it is
// divergent and rejected, the chain stays; returns the steps taken and the densities evaluated.
std::pair<int, int> broken_transition(int broken_after) {
  CountingNormal m;
  m.broken_after = broken_after;
  const double inv_metric = 1;
  Chain c(1, {0.5});
  const HmcOutcome out = hmc_transition(m, c.view, {0.1, 10, &inv_metric}, kStream, 2);
  EXPECT_TRUE(out.divergent);
  EXPECT_EQ(out.accept_prob, 0);
  EXPECT_FALSE(out.accepted);
  EXPECT_EQ(c.view.q[0], 0.5);
  return {out.steps, m.densities};
}

TEST(HmcTransition, NonFiniteGradientEndsTheTrajectoryAsADivergence) {
  // NaN at the third evaluation, an inner step: the trajectory stops there, no density taken.
  EXPECT_EQ(broken_transition(2), std::make_pair(3, 0));
  // NaN at the last step: every step is taken, and the density there.
  EXPECT_EQ(broken_transition(9), std::make_pair(10, 1));
}

// A standard normal in `d` dimensions behind a wall: where q_0 > 1 its gradient and density are
// NaN, so that trajectories which cross it end early. lane_gradients evaluates it chain by chain.
struct Walled {
  static constexpr bool kArmRisks = false;
  int d = 3;

  int dim() const { return d; }
  double log_density_gradient(const double* q, std::size_t stride, double* grad) const {
    double lp = 0;
    for (int j = 0; j < d; ++j) {
      grad[j * stride] = q[0] > 1 ? std::nan("") : -q[j * stride];
      lp -= 0.5 * q[j * stride] * q[j * stride];
    }
    return q[0] > 1 ? std::nan("") : lp;
  }
  void gradient(const double* q, std::size_t stride, double* grad) const {
    log_density_gradient(q, stride, grad);
  }
};

// The same with a lane evaluation of its own, which evaluates every lane, ended or not.
struct WalledLanes : Walled {
  template <bool kDensity, int W>
  void evaluate_lanes(const double* q, std::size_t stride, double* grad,
                      double* log_density) const {
    for (int w = 0; w < W; ++w) {
      const double lp = log_density_gradient(q + w, stride, grad + w);
      if (kDensity) log_density[w] = lp;
    }
  }
};

// Transitions of 8 chains side by side against each chain on its own arrays: the same outcome,
// position, gradient and log density, bit for bit, also for the lanes whose trajectory hits the
// wall while the others go on.
template <class Model>
void lanes_match_one_chain_at_a_time() {
  constexpr int kW = 8;
  const Model m;
  const std::vector<double> inv_metric = {1.0, 0.5, 2.0};
  const HmcStep step{0.35, 12, inv_metric.data()};
  std::vector<double> lanes((6 * 3 + 1) * kW);
  double* a = lanes.data();
  const HmcChainView side{a,          a + 3 * kW,  a + 18 * kW, a + 6 * kW,
                          a + 9 * kW, a + 12 * kW, a + 15 * kW, kW};
  std::vector<Chain> alone;
  for (int w = 0; w < kW; ++w) {
    const std::vector<double> q = {-0.9 + 0.25 * w, 0.3 - 0.1 * w, 0.05 * w};
    alone.emplace_back(3, q);
    for (int j = 0; j < 3; ++j) {
      side.q[j * kW + w] = q[j];
      side.grad[j * kW + w] = alone.back().view.grad[j];
    }
    side.log_density[w] = *alone.back().view.log_density;
  }
  int ended_early = 0, accepted = 0;
  for (std::uint32_t t = 1; t <= 5; ++t) {
    HmcOutcome out[kW];
    hmc_transitions<kW>(m, side, step, kStream, t, out);
    for (int w = 0; w < kW; ++w) {
      const HmcOutcome one = hmc_transition(m, alone[w].view, step, kStream.lane(w), t);
      EXPECT_EQ(out[w].accept_prob, one.accept_prob) << "lane " << w << ", iteration " << t;
      EXPECT_EQ(out[w].divergent, one.divergent);
      EXPECT_EQ(out[w].accepted, one.accepted);
      EXPECT_EQ(out[w].steps, one.steps);
      EXPECT_EQ(side.log_density[w], *alone[w].view.log_density);
      for (int j = 0; j < 3; ++j) {
        EXPECT_EQ(side.q[j * kW + w], alone[w].view.q[j]);
        EXPECT_EQ(side.grad[j * kW + w], alone[w].view.grad[j]);
      }
      ended_early += one.steps < step.steps ? 1 : 0;
      accepted += one.accepted ? 1 : 0;
    }
  }
  // The comparison covers lanes that ended early and lanes that moved.
  EXPECT_GT(ended_early, 0);
  EXPECT_GT(accepted, 0);
}

TEST(HmcTransition, ChainsSideBySideMatchOneChainAtATime) {
  static_assert(!HasLaneEvaluation<Walled>::value && HasLaneEvaluation<WalledLanes>::value);
  lanes_match_one_chain_at_a_time<Walled>();
  lanes_match_one_chain_at_a_time<WalledLanes>();
}

}  // namespace
}  // namespace metamc
