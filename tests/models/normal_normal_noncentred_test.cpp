// The non-centred normal-normal model of the gradient-based samplers: its log density against
// the formula written out with R's dnorm conventions, its gradient against central finite
// differences for every tau prior and both mu priors, and the tau transforms.
#include "models/normal_normal_noncentred.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metamc/model/prior_parse.hpp"

namespace metamc {
namespace {

const double kY[] = {-0.89, -1.59, -1.35, -1.44, -0.22};
const double kS2[] = {0.3256, 0.1946, 0.4130, 0.0200, 0.0512};

struct Fixture {
  std::vector<double> precision;
  NoncentredNormalModel model;
  Fixture(const char* tau_prior, const MuPrior& mu_prior) {
    for (double s2 : kS2) precision.push_back(1 / s2);
    model.k = 5;
    model.y = kY;
    model.s2 = kS2;
    model.precision = precision.data();
    model.tau_prior = parse_tau_prior(tau_prior);
    model.mu_prior = mu_prior;
  }
};

// log p(q | y) written out: normal log densities without their constants, the prior's density of
// tau, and the log Jacobian of tau = exp(z) (or of the logistic map for uniform priors).
double by_hand(const NoncentredNormalModel& m, const std::vector<double>& q) {
  const double mu = q[0];
  const TauAt t = tau_at(m.tau_prior, q[1]);
  double lp = tau_prior_log_density(m.tau_prior, t.tau) + t.log_jacobian;
  if (m.mu_prior.normal) lp += -0.5 * std::pow((mu - m.mu_prior.mean) / m.mu_prior.sd, 2);
  for (int i = 0; i < m.k; ++i) {
    const double eta = q[static_cast<std::size_t>(2 + i)];
    lp += -0.5 * eta * eta - 0.5 * std::pow(kY[i] - mu - t.tau * eta, 2) / kS2[i];
  }
  return lp;
}

TEST(NoncentredNormal, GradientMatchesFiniteDifferencesForEveryPrior) {
  const std::vector<double> q = {-0.7, std::log(0.3), 0.4, -1.2, 0.1, 0.9, -0.3};
  for (const char* prior :
       {"halfnormal(0.5)", "halfcauchy(0.5)", "halft(3, 0.5)", "uniform(0, 2)", "uniform(0.1, 2)",
        "exponential(2)", "lognormal(-2.56, 1.74)", "invgamma(2, 0.1)"}) {
    for (const MuPrior& mu_prior : {MuPrior{}, MuPrior{true, -0.5, 0.8}}) {
      const Fixture f(prior, mu_prior);
      std::vector<double> grad(q.size());
      const double lp = f.model.log_density_gradient(q.data(), 1, grad.data());
      EXPECT_NEAR(lp, by_hand(f.model, q), 1e-12) << prior;
      for (std::size_t j = 0; j < q.size(); ++j) {
        const double h = 1e-5;
        std::vector<double> up = q, down = q, ignored(q.size());
        up[j] += h;
        down[j] -= h;
        const double numeric = (f.model.log_density_gradient(up.data(), 1, ignored.data()) -
                                f.model.log_density_gradient(down.data(), 1, ignored.data())) /
                               (2 * h);
        EXPECT_NEAR(grad[j], numeric, 1e-6 * (1 + std::fabs(numeric)))
            << prior << " coordinate " << j << (mu_prior.normal ? " normal mu" : " flat mu");
      }
    }
  }
}

TEST(NoncentredNormal, GradientAloneIsTheGradientOfTheDensity) {
  // What the leapfrog's inner steps take: the same bits as log_density_gradient's gradient.
  const std::vector<double> q = {-0.7, std::log(0.3), 0.4, -1.2, 0.1, 0.9, -0.3};
  for (const char* prior : {"halfnormal(0.5)", "uniform(0.1, 2)", "lognormal(-2.56, 1.74)"}) {
    const Fixture f(prior, MuPrior{true, -0.5, 0.8});
    std::vector<double> with_density(q.size()), alone(q.size(), -1);
    f.model.log_density_gradient(q.data(), 1, with_density.data());
    f.model.gradient(q.data(), 1, alone.data());
    EXPECT_EQ(alone, with_density) << prior;
  }
}

TEST(NoncentredNormal, StridedArraysReadTheSameChain) {
  // Three chains side by side (stride 3): chain 1 gives what it gives alone.
  const Fixture f("halfnormal(0.5)", MuPrior{});
  const std::vector<double> q = {-0.7, std::log(0.3), 0.4, -1.2, 0.1, 0.9, -0.3};
  std::vector<double> strided(3 * q.size(), 99.0), grad(3 * q.size()), alone(q.size());
  for (std::size_t j = 0; j < q.size(); ++j) strided[3 * j + 1] = q[j];
  EXPECT_EQ(f.model.log_density_gradient(strided.data() + 1, 3, grad.data() + 1),
            f.model.log_density_gradient(q.data(), 1, alone.data()));
  for (std::size_t j = 0; j < q.size(); ++j) EXPECT_EQ(grad[3 * j + 1], alone[j]);
}

TEST(NoncentredNormal, ChainsSideBySideGetWhatEachGetsAlone) {
  // evaluate_lanes over 4 chains (stride 4, the loop over the studies across them): every
  // chain's log density and gradient are, bit for bit, those of the one-chain functions.
  const std::vector<double> q = {-0.7, std::log(0.3), 0.4, -1.2, 0.1, 0.9, -0.3};
  constexpr int kW = 4;
  for (const char* prior : {"halfnormal(0.5)", "uniform(0.1, 2)", "invgamma(2, 0.1)"}) {
    const Fixture f(prior, MuPrior{true, -0.5, 0.8});
    std::vector<double> lanes(kW * q.size()), grad(kW * q.size()), grad_alone(kW * q.size());
    for (int w = 0; w < kW; ++w)
      for (std::size_t j = 0; j < q.size(); ++j) lanes[kW * j + w] = q[j] * (1 + 0.3 * w) - 0.1 * w;
    double densities[kW];
    f.model.evaluate_lanes<true, kW>(lanes.data(), kW, grad.data(), densities);
    std::vector<double> gradient_only(kW * q.size());
    f.model.evaluate_lanes<false, kW>(lanes.data(), kW, gradient_only.data(), nullptr);
    for (int w = 0; w < kW; ++w) {
      EXPECT_EQ(densities[w],
                f.model.log_density_gradient(lanes.data() + w, kW, grad_alone.data() + w))
          << prior << ", chain " << w;
    }
    EXPECT_EQ(grad, grad_alone) << prior;
    EXPECT_EQ(gradient_only, grad_alone) << prior;
  }
}

TEST(TauTransform, MapsTheRealLineOntoThePriorsSupport) {
  const TauPrior half = parse_tau_prior("halfnormal(0.5)");
  EXPECT_NEAR(tau_at(half, std::log(0.3)).tau, 0.3, 1e-15);
  EXPECT_NEAR(z_of_tau(half, 0.3), std::log(0.3), 1e-15);
  const TauPrior uniform = parse_tau_prior("uniform(0.1, 2)");
  for (double z : {-30.0, -2.0, 0.0, 1.5, 30.0}) {
    const TauAt t = tau_at(uniform, z);
    EXPECT_GE(t.tau, 0.1);
    EXPECT_LE(t.tau, 2.0);
    if (std::fabs(z) > 10) continue;  // tau within rounding of a bound: no inverse to check
    EXPECT_NEAR(z_of_tau(uniform, t.tau), z, 1e-9);
    // log |dtau/dz| against the derivative of tau by central differences
    const double h = 1e-6;
    const double slope = (tau_at(uniform, z + h).tau - tau_at(uniform, z - h).tau) / (2 * h);
    EXPECT_NEAR(std::exp(t.log_jacobian), slope, 1e-8);
  }
}

}  // namespace
}  // namespace metamc
