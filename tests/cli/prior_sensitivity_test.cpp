// Prior sensitivity end to end: --tau-prior given more than once and --prior-grid fit every group
// under each prior in one run; each prior's fit is exactly the fit of a run with that prior alone
// (the same seed and random numbers), in the table, JSON and CSV.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

const std::string kBcg = "fit tests/fixtures/bcg.csv -q --format json ";

// The Bayesian fit of a run's first group under its model's prior, without its timing.
json bayes_of(const Result& r) {
  EXPECT_EQ(r.code, 0) << r.err;
  json bayes = json::parse(r.out)["groups"][0]["bayes"];
  bayes["diagnostics"].erase("seconds");
  return bayes;
}

TEST_F(Cli, EachPriorOfTheSensitivityAnalysisIsTheRunWithThatPriorAlone) {
  for (const std::string method : {"exact", "mcmc"}) {
    SCOPED_TRACE(method);
    const std::string run_with = kBcg + "--chains 4 --draws 300 --method " + method + " ";
    const Result both = run(run_with + "--tau-prior 'halfnormal(0.5)' --tau-prior 'halfcauchy(1)'");
    ASSERT_EQ(both.code, 0) << both.err;
    const json j = json::parse(both.out);
    EXPECT_EQ(j["config"]["tau_prior"], "tau ~ halfnormal(0.5)");
    EXPECT_EQ(j["config"]["other_tau_priors"], json::array({"tau ~ halfcauchy(1)"}));
    const json rows = j["groups"][0]["prior_sensitivity"];
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["tau_prior"], "tau ~ halfnormal(0.5)");
    EXPECT_EQ(rows[1]["tau_prior"], "tau ~ halfcauchy(1)");
    const json alone = bayes_of(run(run_with + "--tau-prior 'halfcauchy(1)'"));
    EXPECT_EQ(rows[1]["mu"]["median"], alone["mu"]["median"]);
    EXPECT_EQ(rows[1]["mu"]["ci"], alone["mu"]["ci"]);
    EXPECT_EQ(rows[1]["tau"]["median"], alone["tau"]["median"]);
    EXPECT_EQ(rows[1]["pred"]["pi"], alone["pred"]["pi"]);
    EXPECT_EQ(rows[1]["p_benefit"], alone["p_benefit"]);
    EXPECT_EQ(rows[1]["p_benefit_mcse"], alone["p_benefit_mcse"]);
    // BCG's counts take the binomial model, so HMC: its diagnostics under that prior (null for
    // the exact method).
    for (const char* key : {"nested_rhat", "divergences", "step_size", "n_leapfrog"}) {
      EXPECT_EQ(rows[1][key], alone["diagnostics"][key]) << key;
      EXPECT_EQ(rows[1][key].is_null(), method == "exact") << key;
    }
    // The model's own fit is the run's fit, unchanged by the analysis beside it.
    json own = j["groups"][0]["bayes"];
    own["diagnostics"].erase("seconds");
    EXPECT_EQ(own, bayes_of(run(run_with)));
    EXPECT_EQ(rows[0]["mu"]["median"], j["groups"][0]["bayes"]["mu"]["median"]);
  }
}

TEST_F(Cli, PriorGridStandardInTheTableAndCsv) {
  const Result r = run("fit tests/fixtures/bcg.csv -q --method exact --prior-grid standard");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Prior sensitivity (posterior medians, 95% intervals):"), std::string::npos)
      << r.out;
  // The model's prior (the default) is not repeated; the grid's others follow it.
  for (const char* row : {"tau ~ halfnormal(0.5) (the model's)", "tau ~ halfnormal(0.25)",
                          "tau ~ halfnormal(1)", "tau ~ halfcauchy(0.5)", "tau ~ halfcauchy(1)"})
    EXPECT_NE(r.out.find(row), std::string::npos) << row;
  const Result json_run = run(kBcg + "--method exact --prior-grid standard");
  ASSERT_EQ(json::parse(json_run.out)["groups"][0]["prior_sensitivity"].size(), 5u);
  const Result csv =
      run("fit tests/fixtures/bcg.csv -q --method exact --format csv --prior-grid "
          "'halfcauchy(0.5); uniform(0, 2)'");
  EXPECT_NE(csv.out.find(",Bayes (prior sensitivity),"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("tau ~ uniform(0, 2)"), std::string::npos) << csv.out;
  EXPECT_TRUE(
      json::parse(run(kBcg + "--method exact").out)["groups"][0]["prior_sensitivity"].is_null());
}

TEST_F(Cli, PriorGridRefusesWhatItCannotRead) {
  const Result empty = run("fit tests/fixtures/bcg.csv --prior-grid 'halfnormal(1);;'");
  EXPECT_EQ(empty.code, 64);
  EXPECT_NE(empty.err.find("empty prior"), std::string::npos) << empty.err;
  const Result unknown =
      run("fit tests/fixtures/bcg.csv --tau-prior 'halfnormal(1)' --tau-prior 'gamma(1)'");
  EXPECT_EQ(unknown.code, 64);
  EXPECT_NE(unknown.err.find("--tau-prior"), std::string::npos) << unknown.err;
}

}  // namespace
}  // namespace metamc::testing
