// The tabulated independence proposal: a proper density that its sampler inverts exactly, and
// close enough to the posterior that the tau step accepts almost every proposal.
#include "metamc/mcmc/collapsed/tau_proposal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "metamc/model/group_model.hpp"
#include "metamc/model/prior_parse.hpp"
#include "test_groups.hpp"

namespace metamc {
namespace {

// The proposal's CDF at u by integrating exp(log_q) numerically (fine trapezoid rule) from far
// left: an independent check of the closed-form cell masses and of the inversion.
double proposal_cdf_numeric(const TauProposal& q, double u) {
  const double start = q.lower - 120;
  const int steps = 400000;
  const double h = (u - start) / steps;
  double sum = 0;
  for (int i = 0; i <= steps; ++i) {
    const double w = (i == 0 || i == steps) ? 0.5 : 1;
    sum += w * std::exp(proposal_log_density(q, start + i * h));
  }
  return sum * h / q.cumulative[kProposalCells + 2];
}

TEST(TauProposal, SamplingInvertsTheCdf) {
  const Group g = testing::fixture("bcg");
  const GroupModel model(g, parse_tau_prior("halfnormal(1)"), MuPrior{});
  const TauProposal q = build_tau_proposal(model.data());
  for (double p : {0.001, 0.1, 0.37, 0.5, 0.9, 0.999})
    EXPECT_NEAR(proposal_cdf_numeric(q, proposal_sample(q, p)), p, 2e-6) << p;
}

TEST(TauProposal, CdfInvertsTheSampler) {
  const Group g = testing::isatuximab("NDMM", "PFS");
  const GroupModel model(g, parse_tau_prior("halfcauchy(0.5)"), MuPrior{});
  const TauProposal q = build_tau_proposal(model.data());
  for (double p : {1e-12, 1e-6, 0.01, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9})
    EXPECT_NEAR(proposal_cdf(q, proposal_sample(q, p)), p, 1e-12 + 1e-12 * p) << p;
}

// The segment a uniform falls in, by bisection of the cumulative masses (std::upper_bound):
// the guide table must start every search at or below it.
int segment_by_bisection(const TauProposal& q, double uniform) {
  const double target = uniform * q.cumulative[kProposalCells + 2];
  const double* end = q.cumulative + kProposalCells + 2;
  return static_cast<int>(std::upper_bound(q.cumulative, end, target) - q.cumulative) - 1;
}

TEST(TauProposal, GuideTableFindsTheSegmentOfEveryUniform) {
  // Uniforms on and next to every guide boundary and inside every cell, on a proposal with both
  // tails (BCG) and one whose right segment has no mass (a bounded prior).
  for (const auto& [g, prior] : {std::pair{testing::fixture("bcg"), "halfnormal(1)"},
                                 std::pair{testing::fixture("normand1999"), "uniform(0, 100)"}}) {
    const GroupModel model(g, parse_tau_prior(prior), MuPrior{});
    const TauProposal q = build_tau_proposal(model.data());
    std::vector<double> uniforms;
    for (int j = 1; j < kGuideEntries; ++j) {
      const double edge = static_cast<double>(j) / kGuideEntries;
      uniforms.insert(uniforms.end(), {std::nextafter(edge, 0.0), edge, std::nextafter(edge, 1.0)});
    }
    for (int s = 1; s <= kProposalCells + 2; ++s) {
      const double mass = q.cumulative[kProposalCells + 2];
      uniforms.push_back(q.cumulative[s] / mass);
      uniforms.push_back((q.cumulative[s - 1] + q.cumulative[s]) / 2 / mass);
    }
    uniforms.insert(uniforms.end(), {1e-300, 1e-16, 1 - 1e-16});
    for (const double uniform : uniforms) {
      if (!(uniform > 0 && uniform < 1)) continue;
      const int segment = segment_by_bisection(q, uniform);
      const double log_tau = proposal_sample(q, uniform);
      if (segment >= 1 && segment <= kProposalCells) {  // a cell: its range of log tau
        EXPECT_GE(log_tau, q.lower + (segment - 1) * q.width - 1e-12) << prior << " " << uniform;
        EXPECT_LE(log_tau, q.lower + segment * q.width + 1e-12) << prior << " " << uniform;
      } else if (segment == 0) {
        EXPECT_LE(log_tau, q.lower) << prior << " " << uniform;
      } else {
        EXPECT_GE(log_tau, q.lower + kProposalCells * q.width) << prior << " " << uniform;
      }
      EXPECT_LE(q.guide[static_cast<int>(uniform * kGuideEntries)], segment) << uniform;
    }
  }
}

TEST(TauProposal, BoundedSupportHasNoTailThere) {
  const Group g = testing::fixture("normand1999");
  const GroupModel model(g, parse_tau_prior("uniform(0, 100)"), MuPrior{});
  const TauProposal q = build_tau_proposal(model.data());
  EXPECT_GT(q.left_rate, 0);
  EXPECT_LE(q.lower + kProposalCells * q.width, std::log(100.0) + 1e-12);
  // The largest uniforms map inside the support, never to an infinite or NaN log tau.
  for (double u : {1 - 1e-16, 1 - 1e-12}) {
    const double log_tau = proposal_sample(q, u);
    EXPECT_TRUE(std::isfinite(log_tau)) << u;
    EXPECT_LE(log_tau, std::log(100.0) + 1e-12) << u;
  }
}

TEST(TauProposal, TracksThePosteriorClosely) {
  // Relative density error |p/q - 1| on a fine grid over the bulk of the posterior (within 3 nats
  // of its maximum), for a small and a large k.
  for (const auto& [g, prior] : {std::pair{testing::isatuximab("NDMM", "PFS"), "halfnormal(0.5)"},
                                 std::pair{testing::fixture("bcg"), "halfcauchy(0.5)"}}) {
    const GroupModel model(g, parse_tau_prior(prior), MuPrior{});
    const TauProposal q = build_tau_proposal(model.data());
    const double offset = log_tau_posterior(model.data(), q.lower).log_density - q.log_q[0];
    double worst = 0;
    for (int i = 0; i <= 10 * kProposalCells; ++i) {
      const double u = q.lower + i * q.width / 10;
      const double lp = log_tau_posterior(model.data(), u).log_density - offset;
      if (lp < -3) continue;
      worst = std::max(worst, std::fabs(std::expm1(lp - proposal_log_density(q, u))));
    }
    EXPECT_LT(worst, 1e-2) << prior;
  }
}

}  // namespace
}  // namespace metamc
