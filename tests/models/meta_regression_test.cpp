// The meta-regression's log density on whitened coordinates: its value against the formula of the
// header written out here, its gradient against central finite differences for every prior of tau
// and normal or flat priors on the coefficients, and the gradient alone (the leapfrog's inner
// steps) bit for bit the gradient of log_density_gradient.
#include "models/meta_regression.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "metamc/model/prior_parse.hpp"

namespace metamc {
namespace {

// Three studies, an intercept and one moderator; L lower triangular, c and o = X c made up (the
// density holds for any whitening).
const double kXL[] = {0.9, 0.1, 0.8, -0.4, 0.7, 0.5};  // X L, row-major 3 x 2
const double kRoot[] = {0.5, 0.0, -0.2, 0.3};          // L, row-major 2 x 2
const double kCentre[] = {-0.3, 0.1};                  // c
const double kOffset[] = {-0.25, -0.31, -0.18};        // o
const double kY[] = {-0.6, 0.2, -0.1};
const double kS2[] = {0.04, 0.09, 0.0625};

MetaRegressionModel model(const char* tau_prior, bool normal_coefficients) {
  MetaRegressionModel m;
  m.k = 3;
  m.p = 2;
  m.xl = kXL;
  m.offset = kOffset;
  m.root = kRoot;
  m.centre = kCentre;
  m.y = kY;
  m.s2 = kS2;
  m.tau_prior = parse_tau_prior(tau_prior);
  if (normal_coefficients) {
    m.intercept_prior = MuPrior{true, 0.0, 2.0};
    m.coefficient_prior = MuPrior{true, 0.1, 0.5};
  }
  return m;
}

// The header's formula, term by term: beta = c + L gamma and the normal priors written out here
// (N(0, 2^2) on the intercept, N(0.1, 0.5^2) on the slope), tau's prior and transform from
// models/ (tested in normal_normal_noncentred_test.cpp).
double by_hand(const MetaRegressionModel& m, const std::vector<double>& q) {
  const TauAt t = tau_at(m.tau_prior, q[2]);
  double lp = tau_prior_log_density(m.tau_prior, t.tau) + t.log_jacobian;
  if (m.intercept_prior.normal) {
    const double intercept = kCentre[0] + kRoot[0] * q[0] + kRoot[1] * q[1];
    const double slope = kCentre[1] + kRoot[2] * q[0] + kRoot[3] * q[1];
    lp += -0.5 * std::pow(intercept / 2.0, 2) - 0.5 * std::pow((slope - 0.1) / 0.5, 2);
  }
  for (int i = 0; i < 3; ++i) {
    const double residual = kY[i] - kOffset[i] - kXL[2 * i] * q[0] - kXL[2 * i + 1] * q[1];
    const double v = kS2[i] + t.tau * t.tau;
    lp -= 0.5 * (std::log(v) + residual * residual / v);
  }
  return lp;
}

const std::vector<double> kQ = {0.4, -1.1, std::log(0.25)};
const char* const kTauPriors[] = {"halfnormal(0.5)", "halfcauchy(0.5)", "uniform(0.05, 2)",
                                  "invgamma(2, 0.1)"};

TEST(MetaRegressionModel, LogDensityAndGradientMatchTheFormula) {
  for (const char* prior : kTauPriors)
    for (bool normal : {false, true}) {
      const MetaRegressionModel m = model(prior, normal);
      std::vector<double> grad(kQ.size());
      EXPECT_NEAR(m.log_density_gradient(kQ.data(), 1, grad.data()), by_hand(m, kQ), 1e-12)
          << prior;
      for (std::size_t j = 0; j < kQ.size(); ++j) {
        const double h = 1e-5;
        std::vector<double> up = kQ, down = kQ;
        up[j] += h;
        down[j] -= h;
        const double numeric = (by_hand(m, up) - by_hand(m, down)) / (2 * h);
        EXPECT_NEAR(grad[j], numeric, 1e-6 * (1 + std::fabs(numeric)))
            << prior << (normal ? " normal" : " flat") << " coordinate " << j;
      }
    }
}

TEST(MetaRegressionModel, GradientAloneIsTheGradientOfTheDensity) {
  for (const char* prior : kTauPriors) {
    const MetaRegressionModel m = model(prior, true);
    std::vector<double> with_density(kQ.size()), alone(kQ.size(), -1);
    m.log_density_gradient(kQ.data(), 1, with_density.data());
    m.gradient(kQ.data(), 1, alone.data());
    EXPECT_EQ(alone, with_density) << prior;
  }
}

}  // namespace
}  // namespace metamc
