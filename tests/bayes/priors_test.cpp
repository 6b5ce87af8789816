// Prior densities against R 4.2.2 at tau = 0.3 (dnorm, dcauchy, dt, dunif, dexp, dlnorm and the
// inverse-gamma density written out; densities of tau, i.e. 2 tau p(tau^2) for priors on tau^2),
// and the parsing of prior specifications: one accepted and one rejected form each.
#include "metamc/bayes/priors.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "metamc/bayes/prior_parse.hpp"
#include "metamc/error.hpp"

namespace metamc {
namespace {

double log_density_at(const std::string& spec, double tau) {
  return tau_prior_log_density(parse_tau_prior(spec), tau);
}

TEST(TauPrior, LogDensitiesAgreeWithR) {
  EXPECT_NEAR(log_density_at("halfnormal(0.5)", 0.3), 0.28735582791521797, 1e-14);
  EXPECT_NEAR(log_density_at("halfcauchy(0.5)", 0.3), -0.065920224477470063, 1e-14);
  EXPECT_NEAR(log_density_at("halft(3, 0.5)", 0.3), 0.15874814088237474, 1e-14);
  EXPECT_NEAR(log_density_at("uniform(0, 2)", 0.3), -0.69314718055994529, 1e-14);
  EXPECT_NEAR(log_density_at("exponential(2)", 0.3), 0.093147180559945225, 1e-14);
  EXPECT_NEAR(log_density_at("lognormal(-2.56, 1.74)", 0.3), 0.42047804377775788, 1e-14);
  EXPECT_NEAR(log_density_at("invgamma(2, 0.1)", 0.3), 0.99672990509042303, 1e-13);
}

TEST(TauPrior, SupportAndTails) {
  EXPECT_TRUE(std::isinf(log_density_at("uniform(0.1, 2)", 0.05)));
  EXPECT_TRUE(std::isinf(log_density_at("uniform(0.1, 2)", 2.5)));
  EXPECT_TRUE(std::isinf(log_density_at("lognormal(0, 1)", 0)));
  EXPECT_TRUE(std::isinf(log_density_at("invgamma(1, 1)", 0)));
  EXPECT_EQ(tau_prior_tail_exponent(parse_tau_prior("halfcauchy(1)")), 2);
  EXPECT_EQ(tau_prior_tail_exponent(parse_tau_prior("halft(4, 1)")), 5);
  EXPECT_EQ(tau_prior_tail_exponent(parse_tau_prior("invgamma(1.5, 1)")), 4);
  EXPECT_TRUE(std::isinf(tau_prior_tail_exponent(parse_tau_prior("halfnormal(1)"))));
}

std::string usage_error(const std::string& spec, bool tau = true) {
  try {
    if (tau)
      parse_tau_prior(spec);
    else
      parse_mu_prior(spec);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

TEST(PriorParse, AcceptsEveryFormAndWritesItBack) {
  for (const char* spec : {"halfnormal(0.5)", "halfcauchy(1)", "halft(3, 0.5)", "uniform(0, 2)",
                           "exponential(2)", "lognormal(-2.56, 1.74)", "invgamma(2, 0.1)"})
    EXPECT_EQ(to_string(parse_tau_prior(spec)), spec);
  EXPECT_EQ(to_string(parse_tau_prior(" HalfNormal( 0.25 ) ")), "halfnormal(0.25)");
  EXPECT_EQ(to_string(parse_mu_prior("flat")), "flat");
  EXPECT_EQ(to_string(parse_mu_prior("normal(0, 10)")), "normal(0, 10)");
}

TEST(PriorParse, RejectsBadSpecificationsWithAReason) {
  EXPECT_EQ(usage_error("halfnormal(0)"), "--tau-prior 'halfnormal(0)': the scale must be > 0");
  EXPECT_EQ(usage_error("halfnormal(0.5, 1)"),
            "--tau-prior 'halfnormal(0.5, 1)': expected halfnormal(scale)");
  EXPECT_EQ(usage_error("halft(0, 1)"),
            "--tau-prior 'halft(0, 1)': the degrees of freedom must be > 0");
  EXPECT_EQ(usage_error("uniform(2, 1)"), "--tau-prior 'uniform(2, 1)': needs 0 <= lower < upper");
  EXPECT_EQ(usage_error("exponential(x)"),
            "--tau-prior 'exponential(x)': 'x' is not a finite number");
  EXPECT_EQ(usage_error("lognormal(-2, 0)"), "--tau-prior 'lognormal(-2, 0)': the sd must be > 0");
  EXPECT_EQ(usage_error("invgamma(1, -1)"), "--tau-prior 'invgamma(1, -1)': the scale must be > 0");
  EXPECT_EQ(usage_error("halfnormal(0.5"), "--tau-prior 'halfnormal(0.5': missing ')' at the end");
  EXPECT_EQ(usage_error("normal(0, -1)", false), "--mu-prior 'normal(0, -1)': the sd must be > 0");
  EXPECT_EQ(usage_error("cauchy(0, 1)", false),
            "--mu-prior 'cauchy(0, 1)': unknown prior; use flat or normal(mean, sd)");
}

}  // namespace
}  // namespace metamc
