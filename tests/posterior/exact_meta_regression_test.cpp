// The exact Bayesian meta-regression against an independent quadrature in R
// (tests/reference/bayes_meta_regression_reference.R: integrate() at rel.tol 1e-13, checked
// against composite Gauss-Legendre to 1e-13): BCG (latitude; allocation, a 3-level factor;
// latitude, year and allocation under a normal(0, 1) prior), Raudenbush 1985 (weeks, setting,
// tester; a normal(0, 10) intercept), Bangert-Drowns 2004 (length with 2 missing, grade; a
// uniform tau prior), Hackshaw 1998 (year, design, a 9-level country), an intercept only, and the
// paper's printed cytogenetic subgroups (k = p: the posterior of tau is its prior). Every
// quantity to 1e-9 of its size, a coefficient's location to 1e-9 of its posterior sd (an
// intercept at year 0 has mean 0.4 and sd 26).
#include "metamc/posterior/exact_meta_regression.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "bayes_regression_cases.hpp"
#include "metamc/error.hpp"
#include "metamc/posterior/exact_posterior.hpp"
#include "models/normal_normal.hpp"

namespace metamc {
namespace {

constexpr double kTolerance = 1e-9;

TEST(ExactMetaRegression, EqualsAnIndependentQuadratureOnNineCases) {
  const std::vector<testing::RegressionCase> cases = testing::regression_cases();
  ASSERT_EQ(cases.size(), 9u);
  for (const testing::RegressionCase& c : cases) {
    SCOPED_TRACE(c.id);
    const BayesRegression r = exact_meta_regression(c.model, c.names, 0.95);
    const auto near = [&](double ours, double theirs, double scale, const std::string& what) {
      EXPECT_NEAR(ours, theirs, kTolerance * scale) << what;
    };
    const double tau = c.value("tau_median");
    near(*r.tau.mean, c.value("tau_mean"), tau, "tau mean");
    near(r.tau.median, tau, tau, "tau median");
    near(r.tau.ci.lower, c.value("tau_lower"), c.value("tau_lower"), "tau lower");
    near(r.tau.ci.upper, c.value("tau_upper"), c.value("tau_upper"), "tau upper");
    ASSERT_EQ(r.coefficients.size(), c.names.size());
    for (const BayesCoefficient& b : r.coefficients) {
      SCOPED_TRACE(b.name);
      const double sd = c.value("sd", b.name);
      near(*b.posterior.sd, sd, sd, "sd");
      near(*b.posterior.mean, c.value("mean", b.name), sd, "mean");
      near(b.posterior.median, c.value("median", b.name), sd, "median");
      near(b.posterior.ci.lower, c.value("lower", b.name), sd, "lower");
      near(b.posterior.ci.upper, c.value("upper", b.name), sd, "upper");
      near(b.p_negative, c.value("p_negative", b.name), 1, "P(< 0)");
    }
  }
}

// With an intercept only the model is the normal-normal model: the same posterior as
// exact_posterior's, to rounding.
TEST(ExactMetaRegression, WithAnInterceptOnlyIsTheNormalNormalModel) {
  for (const char* prior : {"flat", "normal(-0.5, 0.3)"}) {
    SCOPED_TRACE(prior);
    testing::RegressionCase c = testing::regression_case("bcg", "tests/fixtures/bcg_alloc.csv", "",
                                                         "", "halfcauchy(0.5)", prior, "flat");
    const std::vector<double> y(c.model.y.data(), c.model.y.data() + c.model.k());
    const std::vector<double> s2(c.model.v.data(), c.model.v.data() + c.model.k());
    NormalNormalData d;
    d.k = c.model.k();
    d.y = y.data();
    d.s2 = s2.data();
    d.mu_prior = c.model.intercept_prior;
    d.tau_prior = c.model.tau_prior;
    const BayesResult normal = exact_posterior(d, BayesQuestion{});
    const BayesRegression r = exact_meta_regression(c.model, c.names, 0.95);
    const ScalarSummary& mu = r.coefficients.at(0).posterior;
    EXPECT_NEAR(*mu.mean, *normal.mu.mean, 1e-12);
    EXPECT_NEAR(*mu.sd, *normal.mu.sd, 1e-12);
    EXPECT_NEAR(mu.median, normal.mu.median, 1e-12);
    EXPECT_NEAR(mu.ci.lower, normal.mu.ci.lower, 1e-12);
    EXPECT_NEAR(mu.ci.upper, normal.mu.ci.upper, 1e-12);
    EXPECT_NEAR(*r.tau.mean, *normal.tau.mean, 1e-12);
    EXPECT_NEAR(r.tau.median, normal.tau.median, 1e-12);
    EXPECT_NEAR(r.tau.ci.upper, normal.tau.ci.upper, 1e-12);
    EXPECT_NEAR(*r.tau2.mean, *normal.tau2.mean, 1e-12);
  }
}

// A moderator that is a multiple of another leaves beta unidentified under a flat prior.
TEST(ExactMetaRegression, RefusesCollinearModerators) {
  testing::RegressionCase c = testing::regression_case(
      "bcg", "tests/fixtures/bcg_alloc.csv", "ablat", "", "halfnormal(0.5)", "flat", "flat");
  c.model.X.conservativeResize(Eigen::NoChange, 3);
  c.model.X.col(2) = 2 * c.model.X.col(1);
  c.names.push_back("twice ablat");
  EXPECT_THROW(exact_meta_regression(c.model, c.names, 0.95), NumericalError);
  // A proper prior identifies them again.
  c.model.coefficient_prior = MuPrior{true, 0, 1};
  EXPECT_NO_THROW(exact_meta_regression(c.model, c.names, 0.95));
}

// With 3 studies, 2 flat coefficients and a half-Cauchy prior, p(tau | y) ~ tau^-(1 + 2): E[tau]
// exists, E[tau^2] does not, nor then the coefficients' variances (which grow like tau^2). They
// are null with a note, not the artefact of where the quadrature stops.
TEST(ExactMetaRegression, MomentsThatDoNotExistAreDropped) {
  testing::RegressionCase c = testing::regression_case(
      "bcg", "tests/fixtures/bcg_alloc.csv", "ablat", "", "halfcauchy(0.5)", "flat", "flat");
  c.model.X.conservativeResize(3, Eigen::NoChange);
  c.model.y.conservativeResize(3);
  c.model.v.conservativeResize(3);
  const BayesRegression r = exact_meta_regression(c.model, c.names, 0.95);
  EXPECT_TRUE(r.tau.mean.has_value());
  EXPECT_FALSE(r.tau2.mean.has_value());
  for (const BayesCoefficient& b : r.coefficients) {
    EXPECT_TRUE(b.posterior.mean.has_value()) << b.name;
    EXPECT_FALSE(b.posterior.sd.has_value()) << b.name;
  }
  EXPECT_EQ(r.notes.size(), 3u);
  // A normal prior on the slope bounds its variance, and the likelihood then decays faster.
  c.model.coefficient_prior = MuPrior{true, 0, 1};
  const BayesRegression bounded = exact_meta_regression(c.model, c.names, 0.95);
  EXPECT_TRUE(bounded.tau2.mean.has_value());
  EXPECT_TRUE(bounded.coefficients[1].posterior.sd.has_value());
}

// Fewer studies than coefficients without priors to make up for them: beta is not identified.
TEST(ExactMetaRegression, RefusesFewerStudiesThanCoefficients) {
  testing::RegressionCase c = testing::regression_case(
      "bcg", "tests/fixtures/bcg_alloc.csv", "ablat", "", "halfnormal(0.5)", "flat", "flat");
  c.model.X.conservativeResize(1, Eigen::NoChange);
  c.model.y.conservativeResize(1);
  c.model.v.conservativeResize(1);
  EXPECT_THROW(exact_meta_regression(c.model, c.names, 0.95), NumericalError);
  c.model.coefficient_prior = MuPrior{true, 0, 1};
  EXPECT_NO_THROW(exact_meta_regression(c.model, c.names, 0.95));
}

}  // namespace
}  // namespace metamc
