// Prior densities against R 4.2.2 at tau = 0.3 (dnorm, dcauchy, dt, dunif, dexp, dlnorm and the
// inverse-gamma density written out; densities of tau, i.e. 2 tau p(tau^2) for priors on tau^2),
// and the parsing of prior specifications: one accepted and one rejected form each.
#include "models/priors.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "metamc/error.hpp"
#include "metamc/model/prior_parse.hpp"

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

TEST(PriorParse, AcceptsEveryFormAndWritesWhatItIsAPriorOf) {
  // Priors on tau^2 are written as priors on tau^2, never as "tau ~ lognormal(...)".
  const std::pair<const char*, const char*> forms[] = {
      {"halfnormal(0.5)", "tau ~ halfnormal(0.5)"},
      {"halfcauchy(1)", "tau ~ halfcauchy(1)"},
      {"halft(3, 0.5)", "tau ~ halft(3, 0.5)"},
      {"uniform(0, 2)", "tau ~ uniform(0, 2)"},
      {"exponential(2)", "tau ~ exponential(2)"},
      {"lognormal(-2.56, 1.74)", "log(tau^2) ~ normal(-2.56, 1.74)"},
      {"invgamma(2, 0.1)", "tau^2 ~ invgamma(2, 0.1)"}};
  for (const auto& [spec, statement] : forms) {
    EXPECT_EQ(to_string(parse_tau_prior(spec)), statement);
    // The statement reads back as the same prior.
    EXPECT_EQ(to_string(parse_tau_prior(statement)), statement);
  }
  EXPECT_EQ(to_string(parse_tau_prior(" HalfNormal( 0.25 ) ")), "tau ~ halfnormal(0.25)");
  EXPECT_EQ(to_string(parse_tau_prior("tau^2 ~ lognormal(-2, 1)")), "log(tau^2) ~ normal(-2, 1)");
  EXPECT_EQ(to_string(parse_mu_prior("flat")), "mu ~ flat");
  EXPECT_EQ(to_string(parse_mu_prior("normal(0, 10)")), "mu ~ normal(0, 10)");
  EXPECT_EQ(to_string(parse_mu_prior("mu ~ normal(0, 10)")), "mu ~ normal(0, 10)");
}

TEST(PriorParse, RejectsBadSpecificationsWithAReason) {
  EXPECT_EQ(usage_error("halfnormal(0)"), "--tau-prior 'halfnormal(0)': the scale must be > 0");
  EXPECT_EQ(usage_error("halfnormal(0.5, 1)"),
            "--tau-prior 'halfnormal(0.5, 1)': expected halfnormal(scale)");
  EXPECT_EQ(usage_error("halft(0, 1)"),
            "--tau-prior 'halft(0, 1)': the degrees of freedom must be > 0");
  EXPECT_EQ(usage_error("uniform(2, 1)"),
            "--tau-prior 'uniform(2, 1)': needs 0 <= lower < upper, with upper between 1e-100 "
            "and 1e100");
  EXPECT_EQ(usage_error("exponential(x)"),
            "--tau-prior 'exponential(x)': 'x' is not a finite number");
  EXPECT_EQ(usage_error("lognormal(-2, 0)"), "--tau-prior 'lognormal(-2, 0)': the sd must be > 0");
  EXPECT_EQ(usage_error("invgamma(1, -1)"), "--tau-prior 'invgamma(1, -1)': the scale must be > 0");
  EXPECT_EQ(usage_error("halfnormal(0.5"), "--tau-prior 'halfnormal(0.5': missing ')' at the end");
  EXPECT_EQ(usage_error("halfnormal(0.5)x"),
            "--tau-prior 'halfnormal(0.5)x': unexpected 'x' after ')'");
  EXPECT_EQ(usage_error("tau ~ invgamma(1, 1)"),
            "--tau-prior 'tau ~ invgamma(1, 1)': unknown prior; use one of halfnormal(scale), "
            "halfcauchy(scale), halft(df, scale), uniform(lower, upper), exponential(rate), "
            "lognormal(mean, sd), i.e. log(tau^2) ~ normal(mean, sd), invgamma(shape, scale) of "
            "tau^2");
  EXPECT_EQ(usage_error("normal(0, -1)", false), "--mu-prior 'normal(0, -1)': the sd must be > 0");
  EXPECT_EQ(usage_error("cauchy(0, 1)", false),
            "--mu-prior 'cauchy(0, 1)': unknown prior; use flat or normal(mean, sd)");
}

TEST(PriorParse, HexadecimalIsNotANumber) {
  EXPECT_EQ(usage_error("halfnormal(0x10)"),
            "--tau-prior 'halfnormal(0x10)': '0x10' is not a finite number");
  EXPECT_EQ(usage_error("normal(0x1p-3, 1)", false),
            "--mu-prior 'normal(0x1p-3, 1)': '0x1p-3' is not a finite number");
}

TEST(PriorParse, ScalesBeyondDoublePrecisionAreRefusedAsOptionErrors) {
  // 1e-300 and 1e300 put tau^2 or 1/sd^2 outside double precision: refused with the range,
  // never an internal error later.
  for (const char* spec : {"halfnormal(1e-300)", "halfcauchy(1e300)", "exponential(1e-101)"})
    EXPECT_NE(usage_error(spec).find("must lie between 1e-100 and 1e100"), std::string::npos)
        << spec;
  EXPECT_NE(usage_error("uniform(0, 1e300)").find("upper between 1e-100 and 1e100"),
            std::string::npos);
  EXPECT_NE(usage_error("normal(0, 1e-300)", false).find("must lie between 1e-100 and 1e100"),
            std::string::npos);
  EXPECT_EQ(usage_error("normal(1e308, 1)", false),
            "--mu-prior 'normal(1e308, 1)': the mean must lie within +-1e100");
  EXPECT_NE(usage_error("lognormal(-1000, 1)").find("|mean| <= 460"), std::string::npos);
  // The edges of the range are accepted.
  EXPECT_EQ(usage_error("halfnormal(1e-100)"), "no error");
  EXPECT_EQ(usage_error("halfnormal(1e100)"), "no error");
}

}  // namespace
}  // namespace metamc
