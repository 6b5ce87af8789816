// The simulation study's small quadrature against the independent R computation of
// tests/reference/exact_reference.R on the ten cases of tests/exact_cases.hpp (k = 1 to 37, seven
// tau priors, flat and normal mu priors, both directions of benefit): mu's interval, the
// prediction interval and P(benefit) to 1e-8 relative.
#include "metamc/posterior/exact_intervals.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "exact_cases.hpp"
#include "metamc/model/group_model.hpp"

namespace metamc {
namespace {

TEST(ExactIntervals, AgreeWithIndependentQuadratureInR) {
  const auto reference = testing::exact_reference();
  const auto cases = testing::exact_cases();
  ASSERT_EQ(cases.size(), 10u);
  for (const auto& [name, c] : cases) {
    SCOPED_TRACE(name + " " + c.tau_prior);
    const GroupModel model(c.group, parse_tau_prior(c.tau_prior), parse_mu_prior(c.mu_prior));
    const ExactIntervals r = exact_intervals(model.data(), c.question.benefit, 0.95);
    const auto& want = reference.at(name);
    const auto near = [](double got, double expected, const char* what) {
      EXPECT_NEAR(got, expected, 1e-8 * std::fabs(expected)) << what;
    };
    near(r.mu.lower, want.at("mu_lower"), "mu lower");
    near(r.mu.upper, want.at("mu_upper"), "mu upper");
    near(r.prediction.lower, want.at("pred_lower"), "prediction lower");
    near(r.prediction.upper, want.at("pred_upper"), "prediction upper");
    near(r.p_benefit, want.at("p_benefit"), "P(benefit)");
  }
}

}  // namespace
}  // namespace metamc
