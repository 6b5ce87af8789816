// The heterogeneity estimators where the textbook formulas break down: one study far more precise
// than the others. Exact values of the traces by rational arithmetic (Python fractions) for the
// weights 1e12, 1 and 1/4.
#include "metamc/frequentist/tau2_estimators.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <Eigen/Dense>

namespace metamc {
namespace {

TEST(Tau2Estimators, TracesHoldUpWithADominantWeight) {
  Eigen::ArrayXd w(3);
  w << 1e12, 1, 0.25;
  EXPECT_NEAR(trace_p(w), 2.499999999997375, 1e-14);
  EXPECT_NEAR(trace_pp(w), 4.74999999998875, 1e-13);
  // With moderate weights both agree with the textbook forms.
  Eigen::ArrayXd u(4);
  u << 2, 3, 5, 7;
  const double s = u.sum(), s2 = u.square().sum(), s3 = u.cube().sum();
  EXPECT_NEAR(trace_p(u), s - s2 / s, 1e-13);
  EXPECT_NEAR(trace_pp(u), s2 - 2 * s3 / s + (s2 / s) * (s2 / s), 1e-12);
}

TEST(Tau2Estimators, ReachAnAnswerWithSamplingVariancesTwelveOrdersApart) {
  Eigen::ArrayXd y(3), v(3);
  y << 0.5, 0.1, 0.9;
  v << 1e-12, 1, 4;
  // metafor 3.8-1 (threshold 1e-12): DL and PM give tau2 = 0; its REML fails to converge.
  EXPECT_EQ(tau2_dersimonian_laird(y, v), 0);
  EXPECT_EQ(tau2_paule_mandel(y, v), 0);
  const double reml = tau2_reml(y, v);
  EXPECT_TRUE(std::isfinite(reml));
  EXPECT_GE(reml, 0);
  // The REML score written out (Viechtbauer 2005, eq. 12): U = -tr(P)/2 + y'PPy/2 with
  // P = W - W 1 1' W / (1' W 1), W = diag(1 / (v + tau2)). At an interior optimum U = 0; at the
  // boundary tau2 = 0 the likelihood falls off, U <= 0.
  auto score = [&](double tau2) {
    const Eigen::ArrayXd w = 1 / (v + tau2);
    Eigen::MatrixXd p = Eigen::MatrixXd(w.matrix().asDiagonal());
    p -= w.matrix() * w.matrix().transpose() / w.sum();
    const Eigen::VectorXd py = p * y.matrix();
    return -0.5 * p.trace() + 0.5 * py.squaredNorm();
  };
  if (reml > 0)
    EXPECT_NEAR(score(reml), 0, 1e-8 * (1 + std::fabs(score(0))));
  else
    EXPECT_LE(score(0), 0);
}

}  // namespace
}  // namespace metamc
