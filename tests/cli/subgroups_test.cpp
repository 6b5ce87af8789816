// --subgroup and --tau-method end to end: each --by group's levels analysed apart, the test for
// subgroup differences in the table, JSON and CSV, and what the options refuse.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

// The paper's printed subgroup estimates by cytogenetic risk (Wang et al., Cancers 2025: NDMM
// standard risk HR 0.55 (0.42-0.71) against high risk 1.04 (0.68-1.61); RRMM 0.56 (0.42-0.74)
// against 0.70 (0.45-1.08)), one row per subgroup.
const std::string kCytogenetics =
    "fit tests/fixtures/isatuximab_cytogenetics.csv --by setting --subgroup subgroup "
    "--method exact";

// From the rounded printed estimates the test gives p = 0.013 (NDMM) and 0.40 (RRMM); the paper
// printed 0.012 and 0.419, from its unrounded trial-level inputs.
TEST_F(Cli, SubgroupTestFromThePapersPrintedEstimates) {
  const Result r = run(kCytogenetics + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["config"]["subgroup"], "subgroup");
  ASSERT_EQ(j["groups"].size(), 2u);
  const json& ndmm = j["groups"][0];
  EXPECT_EQ(ndmm["key"]["setting"], "NDMM");
  ASSERT_EQ(ndmm["subgroups"].size(), 2u);
  EXPECT_EQ(ndmm["subgroups"][0]["level"], "standard-risk");
  EXPECT_EQ(ndmm["subgroups"][1]["level"], "high-risk");
  EXPECT_EQ(ndmm["subgroups"][1]["k"], 1);
  EXPECT_TRUE(ndmm["subgroups"][1]["bayes"]["mu"]["median"].is_number());
  const json& test = ndmm["subgroup_test"];
  EXPECT_EQ(test["df"], 1);
  EXPECT_EQ(test["method"], "DL");
  EXPECT_NEAR(test["p"].get<double>(), 0.013, 0.0005);
  EXPECT_NEAR(j["groups"][1]["subgroup_test"]["p"].get<double>(), 0.40, 0.005);

  const Result table = run(kCytogenetics + " --no-studies");
  EXPECT_NE(table.out.find("=== setting=NDMM: 2 subgroups by subgroup"), std::string::npos);
  EXPECT_NE(table.out.find("Test for subgroup differences: Chi2 = 6.12, df = 1, p = 0.013, I2 = "
                           "83.7% (DL estimates of each subgroup)"),
            std::string::npos)
      << table.out;
  const Result csv = run(kCytogenetics + " --format csv");
  EXPECT_EQ(csv.out.rfind("setting,subgroup,measure,benefit,k,method,", 0), 0u) << csv.out;
  // Q, df and p in the Q columns (after mu, se, ci, p, tau2 and its interval).
  EXPECT_NE(csv.out.find("\nRRMM,,HR,lower,2,subgroup test (DL),,,,,,,,,0.7037"), std::string::npos)
      << csv.out;
  // --draws-out names the subgroup column too.
  const Result draws =
      run("fit tests/fixtures/isatuximab_cytogenetics.csv --by setting --subgroup "
          "subgroup --chains 2 --draws 10 --warmup 20 -q -o - --draws-out '" +
          (dir_ / "draws.csv").string() + "'");
  ASSERT_EQ(draws.code, 0) << draws.err;
  const std::string written = slurp(dir_ / "draws.csv");
  EXPECT_EQ(written.rfind("setting,subgroup,chain,iteration,mu,", 0), 0u) << written;
  EXPECT_NE(written.find("\nNDMM,high-risk,1,1,"), std::string::npos) << written;
}

// The Bayesian contrast high risk - standard risk from the meta-regression on the subgroup
// indicators with one tau (one study per level, so the posterior of tau is its prior): equal to
// the independent R quadrature (tests/fixtures/bayes_meta_regression_reference.csv, case
// isatuximab_subgroups_ndmm) to 1e-9, in JSON, the table and the CSV.
TEST_F(Cli, BayesianSubgroupContrastFromThePapersPrintedEstimates) {
  const Result r = run(kCytogenetics + " --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json contrasts = json::parse(r.out)["groups"][0]["bayes_subgroup_contrast"];
  ASSERT_EQ(contrasts.size(), 1u);
  const json& c = contrasts[0];
  EXPECT_EQ(c["level"], "high-risk");
  EXPECT_EQ(c["reference"], "standard-risk");
  EXPECT_NEAR(c["mean"].get<double>(), 0.637057713908902, 1e-9);
  EXPECT_NEAR(c["sd"].get<double>(), 0.752518118246254, 1e-9);
  EXPECT_NEAR(c["median"].get<double>(), 0.637057713908902, 1e-9);
  EXPECT_NEAR(c["ci"][0].get<double>(), -0.96285285749667, 1e-9);
  EXPECT_NEAR(c["ci"][1].get<double>(), 2.23696828531447, 1e-9);
  EXPECT_NEAR(c["p_negative"].get<double>(), 0.136997434480893, 1e-9);
  EXPECT_FALSE(c.contains("mcse"));  // exact

  const Result table = run(kCytogenetics + " --no-studies");
  EXPECT_NE(table.out.find("high-risk vs standard-risk: ratio of HRs 1.89 [0.382, 9.36], "
                           "P(high-risk more favourable) = 0.137"),
            std::string::npos)
      << table.out;
  const Result csv = run(kCytogenetics + " --format csv");
  EXPECT_NE(csv.out.find("\nNDMM,,HR,lower,2,Bayes subgroup contrast: high-risk vs "
                         "standard-risk,0.63705771390"),
            std::string::npos)
      << csv.out;

  // By MCMC: within 5 MCSE of the exact mean, with diagnostics.
  const Result mcmc =
      run("fit tests/fixtures/isatuximab_cytogenetics.csv --by setting --subgroup subgroup "
          "--chains 8 --draws 500 --format json -q");
  ASSERT_EQ(mcmc.code, 0) << mcmc.err;
  const json m = json::parse(mcmc.out)["groups"][0]["bayes_subgroup_contrast"][0];
  EXPECT_NEAR(m["mean"].get<double>(), 0.637057713908902, 5 * m["mcse"].get<double>());
}

// The BCG trials by allocation, a group of 7, 2 and 4: --tau-method chooses whose estimates the
// test compares (tests/frequentist/subgroup_difference_test.cpp checks the numbers).
TEST_F(Cli, TauMethodChoosesTheEstimatesCompared) {
  for (const std::string& method : {std::string("reml"), std::string("pm")}) {
    const Result r =
        run("fit tests/fixtures/bcg_alloc.csv --subgroup alloc --method exact "
            "--model normal --format json --tau-method " +
            method);
    ASSERT_EQ(r.code, 0) << r.err;
    const json j = json::parse(r.out);
    ASSERT_EQ(j["groups"].size(), 1u);
    EXPECT_EQ(j["groups"][0]["subgroups"].size(), 3u);
    EXPECT_EQ(j["groups"][0]["subgroup_test"]["df"], 2);
    EXPECT_EQ(j["groups"][0]["subgroup_test"]["method"], method == "reml" ? "REML" : "PM");
  }
}

TEST_F(Cli, SubgroupOptionsRefuseWhatTheyCannotMean) {
  const Result both =
      run("fit tests/fixtures/isatuximab_cytogenetics.csv --by setting,subgroup "
          "--subgroup subgroup");
  EXPECT_EQ(both.code, 64);
  EXPECT_NE(both.err.find("is also a --by column"), std::string::npos) << both.err;
  const Result alone = run("fit tests/fixtures/bcg.csv --tau-method reml");
  EXPECT_EQ(alone.code, 64);
  EXPECT_NE(alone.err.find("needs --subgroup"), std::string::npos) << alone.err;
  const Result unknown = run("fit tests/fixtures/bcg_alloc.csv --subgroup alloc --tau-method ml");
  EXPECT_EQ(unknown.code, 64);
}

}  // namespace
}  // namespace metamc::testing
