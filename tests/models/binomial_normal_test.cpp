// The binomial-normal model: its log density against R's dbinom and dnorm, its gradient against
// central finite differences with risk ratios on both sides of 1, and the support: a sampler on
// the unconstrained coordinates never meets a risk above 1.
#include "models/binomial_normal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metamc/model/prior_parse.hpp"

namespace metamc {
namespace {

// A zero cell, a table with no events in either arm, and an arm where every patient has one.
const double kEventsTreated[] = {0, 12, 0, 25};
const double kSizeTreated[] = {40, 50, 30, 25};
const double kEventsControl[] = {3, 7, 0, 20};
const double kSizeControl[] = {38, 49, 31, 24};

BinomialNormalModel model(bool risk_ratio, const char* tau_prior = "halfnormal(0.5)",
                          const MuPrior& mu_prior = {}) {
  BinomialNormalModel m;
  m.k = 4;
  m.events_treated = kEventsTreated;
  m.size_treated = kSizeTreated;
  m.events_control = kEventsControl;
  m.size_control = kSizeControl;
  m.risk_ratio = risk_ratio;
  m.tau_prior = parse_tau_prior(tau_prior);
  m.mu_prior = mu_prior;
  return m;
}

// (mu, log tau, eta_1..4, r_1..4): theta_i on both sides of 0 in each.
const std::vector<double> kQ1 = {-0.4, std::log(0.3), 0.5, -1.2, 2.1, 0.3, 0.2, -0.5, 1.0, -2.0};
const std::vector<double> kQ2 = {0.6, std::log(0.8), -0.9, 0.4, -0.2, 1.5, -0.1, 0.7, -1.3, -0.4};

double log_density(const BinomialNormalModel& m, const std::vector<double>& q) {
  std::vector<double> grad(q.size());
  return m.log_density_gradient(q.data(), 1, grad.data());
}

TEST(BinomialNormal, LogDensityDifferencesMatchR) {
  // log p(q1 | y) - log p(q2 | y) by tests/reference/binomial_log_density.R: R 4.2.2's dbinom,
  // dnorm and plogis, the half-normal(0.5) density of tau, the Jacobians of tau = exp(z) and,
  // for RR, of alpha = -sqrt(theta^2 / 4 + exp(2 r)) - theta / 2 (for OR alpha = r - theta / 2).
  EXPECT_NEAR(log_density(model(false), kQ1) - log_density(model(false), kQ2), -94.5132134411219,
              1e-10);
  EXPECT_NEAR(log_density(model(true), kQ1) - log_density(model(true), kQ2), 85.1139103053316,
              1e-10);
}

TEST(BinomialNormal, GradientMatchesFiniteDifferences) {
  for (bool risk_ratio : {false, true})
    for (const char* prior : {"halfnormal(0.5)", "halfcauchy(0.5)", "uniform(0, 2)"})
      for (const MuPrior& mu_prior : {MuPrior{}, MuPrior{true, -0.5, 0.8}})
        for (const std::vector<double>& q : {kQ1, kQ2}) {
          const BinomialNormalModel m = model(risk_ratio, prior, mu_prior);
          std::vector<double> grad(q.size());
          m.log_density_gradient(q.data(), 1, grad.data());
          for (std::size_t j = 0; j < q.size(); ++j) {
            const double h = 1e-6;
            std::vector<double> up = q, down = q;
            up[j] += h;
            down[j] -= h;
            const double numeric = (log_density(m, up) - log_density(m, down)) / (2 * h);
            EXPECT_NEAR(grad[j], numeric, 1e-5 * (1 + std::fabs(numeric)))
                << (risk_ratio ? "RR " : "OR ") << prior << " coordinate " << j;
          }
        }
}

TEST(BinomialNormal, GradientAloneIsTheGradientOfTheDensity) {
  // The leapfrog's inner steps take gradient(), which skips the density's logarithms: the same
  // arithmetic for the gradient, so the same bits, on both scales and for every tau transform.
  for (bool risk_ratio : {false, true})
    for (const char* prior : {"halfnormal(0.5)", "halfcauchy(0.5)", "uniform(0, 2)"})
      for (const std::vector<double>& q : {kQ1, kQ2}) {
        const BinomialNormalModel m = model(risk_ratio, prior, MuPrior{true, -0.5, 0.8});
        std::vector<double> with_density(q.size()), alone(q.size(), -1);
        m.log_density_gradient(q.data(), 1, with_density.data());
        m.gradient(q.data(), 1, alone.data());
        EXPECT_EQ(alone, with_density) << (risk_ratio ? "RR " : "OR ") << prior;
      }
}

TEST(BinomialNormal, ChainsSideBySideGetWhatEachGetsAlone) {
  // evaluate_lanes over 4 chains (stride 4, the loop over the studies across them, what the CPU
  // backend vectorises): every chain's log density and gradient are, bit for bit, those of the
  // one-chain functions, on both scales, with lanes on both sides of theta = 0 and one far out.
  constexpr int kW = 4;
  const std::vector<double> far = {3.0, std::log(2.0), 1, -1, 2, -2, -30, 5, -30, 5};
  for (bool risk_ratio : {false, true})
    for (const char* prior : {"halfnormal(0.5)", "uniform(0, 2)"}) {
      const BinomialNormalModel m = model(risk_ratio, prior, MuPrior{true, -0.5, 0.8});
      std::vector<double> lanes(kW * kQ1.size());
      for (std::size_t j = 0; j < kQ1.size(); ++j) {
        lanes[kW * j] = kQ1[j];
        lanes[kW * j + 1] = kQ2[j];
        lanes[kW * j + 2] = 0.5 * (kQ1[j] + kQ2[j]);
        lanes[kW * j + 3] = far[j];
      }
      std::vector<double> grad(lanes.size()), gradient_only(lanes.size()), alone(lanes.size());
      double densities[kW];
      m.evaluate_lanes<true, kW>(lanes.data(), kW, grad.data(), densities);
      m.evaluate_lanes<false, kW>(lanes.data(), kW, gradient_only.data(), nullptr);
      for (int w = 0; w < kW; ++w) {
        EXPECT_TRUE(std::isfinite(densities[w]));
        EXPECT_EQ(densities[w], m.log_density_gradient(lanes.data() + w, kW, alone.data() + w))
            << (risk_ratio ? "RR " : "OR ") << prior << ", chain " << w;
      }
      EXPECT_EQ(grad, alone) << (risk_ratio ? "RR " : "OR ") << prior;
      EXPECT_EQ(gradient_only, alone) << (risk_ratio ? "RR " : "OR ") << prior;
    }
}

TEST(BinomialNormal, RiskRatioBaselinesStayWithinTheSupport) {
  // Far out on every coordinate, both risks stay at most 1 and the density stays finite.
  const BinomialNormalModel m = model(true);
  for (double mu : {-8.0, 0.0, 8.0})
    for (double r : {-30.0, 0.0, 5.0}) {
      std::vector<double> q = {mu, std::log(2.0), 1, -1, 2, -2, r, r, r, r};
      EXPECT_TRUE(std::isfinite(log_density(m, q))) << mu << " " << r;
      for (int i = 0; i < m.k; ++i) {
        const double theta = m.theta(q.data(), 1, i);
        const Baseline b = m.baseline(q[static_cast<std::size_t>(6 + i)], theta);
        EXPECT_LT(b.alpha, 0);
        EXPECT_LT(b.treated, 0);
        EXPECT_NEAR(b.treated, b.alpha + theta, 1e-15 * (1 + std::fabs(theta)));
      }
    }
}

TEST(BinomialNormal, StartsAreFiniteAndWithinTheSupport) {
  for (bool risk_ratio : {false, true}) {
    BinomialNormalModel m = model(risk_ratio);
    m.scale = 1;
    for (double u : {0.01, 0.5, 0.99}) {
      std::vector<double> q(static_cast<std::size_t>(m.dim()));
      m.initial_point([&](int) { return u; }, q.data(), 1);
      EXPECT_TRUE(std::isfinite(log_density(m, q))) << risk_ratio << " " << u;
    }
    for (int j = 0; j < m.dim(); ++j) EXPECT_GT(m.coordinate_scale(j), 0);
  }
}

TEST(BinomialNormal, ReportsIndicatorsAndThePredictiveProbability) {
  const BinomialNormalModel m = model(false);
  ProbabilityQuestion question;
  question.has_threshold = true;
  question.threshold = std::log(0.8);
  std::vector<double> q = kQ1;  // mu = -0.4, tau = 0.3
  const ReportedDraw r = m.report(q.data(), 1, 0.5, question);
  EXPECT_EQ(r.p_benefit, 1);
  EXPECT_EQ(r.p_threshold, 1);  // -0.4 < log 0.8 = -0.223
  EXPECT_NEAR(r.theta_new, -0.4 + 0.3 * 0.5, 1e-15);
  EXPECT_NEAR(r.p_pred_benefit, 0.9087887802741321, 1e-12);  // R: pnorm(0.4 / 0.3)
  question.lower_is_better = false;
  EXPECT_EQ(m.report(q.data(), 1, 0.5, question).p_benefit, 0);
}

TEST(BinomialNormal, ArmRisksAreTheRisksOfTheBaselineAndTheTreatedArm) {
  // R: theta <- q[1] + exp(q[2]) * q[3:6]; r <- q[7:10]; OR: alpha <- r - theta / 2,
  // plogis(alpha), plogis(alpha + theta) - plogis(alpha); RR: alpha <- -sqrt(theta^2 / 4 +
  // exp(2 r)) - theta / 2, exp(alpha), exp(alpha + theta) - exp(alpha).
  struct Expected {
    const std::vector<double>* q;
    bool risk_ratio;
    double control[4], difference[4];
  };
  const Expected cases[] = {
      {&kQ1,
       false,
       {0.58054230482066, 0.470035948235428, 0.707857271424481, 0.136461023812714},
       {-0.0618010889421244, -0.176858169328996, 0.0452028189968563, -0.0325961083004442}},
      {&kQ1,
       true,
       {0.331946180243797, 0.714811082400955, 0.0586766542758725, 0.950498770282013},
       {-0.0734262351323662, -0.380517937507415, 0.0151737833783692, -0.253358340323741}},
      {&kQ2,
       false,
       {0.490001333120035, 0.559713649267193, 0.179461519407327, 0.214165016957441},
       {-0.0299162176756003, 0.201619065575718, 0.074044497255011, 0.408294314244413}},
      {&kQ2,
       true,
       {0.428774326588924, 0.0800084212229916, 0.565385273005215, 0.132364172429225},
       {-0.0484856135975704, 0.120755941265836, 0.312492521629985, 0.668392407686354}}};
  for (const Expected& e : cases) {
    const BinomialNormalModel m = model(e.risk_ratio);
    for (int i = 0; i < m.k; ++i) {
      const ArmRisks r = m.arm_risks(e.q->data(), 1, i);
      EXPECT_NEAR(r.control, e.control[i], 1e-14) << e.risk_ratio << " study " << i;
      EXPECT_NEAR(r.difference, e.difference[i], 1e-14) << e.risk_ratio << " study " << i;
    }
  }
}

}  // namespace
}  // namespace metamc
