// --method exact against an independent computation in R.
//
// Expected values: tests/fixtures/exact_reference.csv, written by tests/reference/exact_reference.R
// (R 4.2.2: adaptive QUADPACK integration over tau at rel.tol 1e-12 and uniroot() quantiles, with
// the textbook forms of the conditionals) for the cases of tests/exact_cases.hpp. Moments that do
// not exist (Inf in the reference) must be reported as absent.
#include "metamc/posterior/exact_posterior.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "exact_cases.hpp"
#include "metamc/model/group_model.hpp"

namespace metamc {
namespace {

std::optional<double> value_of(const BayesResult& r, const std::string& name) {
  const std::map<std::string, std::optional<double>> values = {
      {"tau_mean", r.tau.mean},
      {"tau_median", r.tau.median},
      {"tau_lower", r.tau.ci.lower},
      {"tau_upper", r.tau.ci.upper},
      {"tau2_mean", r.tau2.mean},
      {"mu_mean", r.mu.mean},
      {"mu_sd", r.mu.sd},
      {"mu_median", r.mu.median},
      {"mu_lower", r.mu.ci.lower},
      {"mu_upper", r.mu.ci.upper},
      {"pred_median", r.pred_median},
      {"pred_lower", r.pred_interval.lower},
      {"pred_upper", r.pred_interval.upper},
      {"p_benefit", r.p_benefit},
      {"p_pred_benefit", r.p_pred_benefit},
      {"p_threshold", r.p_threshold},
  };
  if (values.count(name)) return values.at(name);
  // theta<i>_<statistic>, i counted from 1
  const auto underscore = name.find('_');
  const std::size_t i = std::stoul(name.substr(5, underscore - 5)) - 1;
  const ScalarSummary& s = r.shrunken.at(i);
  const std::string statistic = name.substr(underscore + 1);
  if (statistic == "mean") return s.mean;
  if (statistic == "median") return s.median;
  if (statistic == "lower") return s.ci.lower;
  return s.ci.upper;
}

struct CaseResult {
  BayesResult result;
  std::string tau_prior;
};

std::map<std::string, CaseResult> run_cases() {
  std::map<std::string, CaseResult> out;
  for (const auto& [name, c] : testing::exact_cases()) {
    const GroupModel model(c.group, parse_tau_prior(c.tau_prior), parse_mu_prior(c.mu_prior));
    out[name] = {exact_posterior(model.data(), c.question), c.tau_prior};
  }
  return out;
}

// The bar for --method exact is 1e-6 relative on every reported quantity; the quadrature reaches
// ~1e-11, so the test holds it to 1e-9.
constexpr double kRelativeTolerance = 1e-9;

TEST(ExactPosterior, AgreesWithIndependentQuadratureInR) {
  const auto results = run_cases();
  ASSERT_EQ(results.size(), 10u);
  const CsvTable reference = read_csv(testing::fixture_path("exact_reference.csv"));
  double worst = 0;
  std::string worst_at;
  for (const CsvRow& row : reference.rows) {
    const CaseResult& c = results.at(row.fields[0]);
    const std::string& name = row.fields[1];
    const double want = std::stod(row.fields[2]);
    const auto got = value_of(c.result, name);
    if (std::isinf(want)) {
      EXPECT_FALSE(got) << row.fields[0] << " " << name << " should not exist";
      continue;
    }
    ASSERT_TRUE(got) << row.fields[0] << " " << name;
    const double error = std::fabs(*got - want) / std::fabs(want);
    EXPECT_LE(error, kRelativeTolerance) << row.fields[0] << " (" << c.tau_prior << ") " << name
                                         << ": got " << *got << ", R " << want;
    if (error > worst) worst = error, worst_at = row.fields[0] + " " + name;
  }
  std::printf("[ exact ] %zu values, largest relative error %.2e (%s)\n", reference.rows.size(),
              worst, worst_at.c_str());
}

TEST(ExactPosterior, HeavyTailedPosteriorHasNoteForEachMissingMoment) {
  const auto results = run_cases();
  const BayesResult& r = results.at("rrmm_os_halfcauchy").result;
  EXPECT_TRUE(r.tau.mean);
  EXPECT_FALSE(r.tau2.mean);
  EXPECT_TRUE(r.mu.mean);
  EXPECT_FALSE(r.mu.sd);
  ASSERT_EQ(r.notes.size(), 2u);
  EXPECT_EQ(r.notes[0], "the posterior mean of tau^2 is infinite under this prior with k = 2");
}

}  // namespace
}  // namespace metamc
