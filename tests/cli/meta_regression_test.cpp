// --mods end to end: the meta-regression of each group in the table, JSON and CSV, rows without a
// moderator dropped with a note, designs without an estimate reported per group
// (tests/frequentist/meta_regression_test.cpp checks the numbers against metafor).
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

// BCG on absolute latitude, REML: metafor 3.8-1's rma(yi, vi, mods = ~ ablat)
// (tests/fixtures/meta_regression_reference.csv, case bcg_ablat).
TEST_F(Cli, MetaRegressionOfBcgOnLatitude) {
  const Result r =
      run("fit tests/fixtures/bcg_alloc.csv --mods ablat --method exact --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["config"]["mods"], json::array({"ablat"}));
  const json& m = j["groups"][0]["meta_regression"];
  const json& reml = m["reml"];
  EXPECT_NEAR(reml["tau2"].get<double>(), 0.0763479639573262, 1e-9);
  ASSERT_EQ(reml["coefficients"].size(), 2u);
  EXPECT_EQ(reml["coefficients"][1]["name"], "ablat");
  EXPECT_NEAR(reml["coefficients"][1]["estimate"].get<double>(), -0.0291017250116295, 1e-9);
  EXPECT_NEAR(reml["QE"].get<double>(), 30.7330900107493, 1e-8);
  EXPECT_NEAR(reml["R2"].get<double>(), 75.6266218110055, 1e-6);
  EXPECT_EQ(reml["QM_df"], 1);
  EXPECT_TRUE(m["dl"]["coefficients"][0]["hksj_ci"].is_array());

  const Result table = run("fit tests/fixtures/bcg_alloc.csv --mods ablat,alloc --method exact");
  EXPECT_NE(table.out.find("Meta-regression (13 studies; coefficients on the log RR scale)"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("REML    alloc=systematic"), std::string::npos) << table.out;
  const Result csv =
      run("fit tests/fixtures/bcg_alloc.csv --mods ablat --method exact --format csv");
  EXPECT_NE(csv.out.find("\nRR,lower,13,REML meta-regression: ablat,-0.0291017250"),
            std::string::npos)
      << csv.out;
}

// The Bayesian meta-regression of BCG on latitude under tau ~ halfnormal(0.5) and flat priors:
// exact, equal to the independent R quadrature (tests/fixtures/bayes_meta_regression_reference.csv,
// case bcg_ablat) to 1e-9; by the collapsed sampler and by HMC within 5 MCSE of it.
TEST_F(Cli, BayesianMetaRegressionOfBcgOnLatitude) {
  const std::string fit = "fit tests/fixtures/bcg_alloc.csv --mods ablat --model normal -q ";
  const Result exact = run(fit + "--method exact --format json");
  ASSERT_EQ(exact.code, 0) << exact.err;
  const json b = json::parse(exact.out)["groups"][0]["meta_regression"]["bayes"];
  EXPECT_EQ(b["method"], "exact");
  EXPECT_FALSE(b.contains("diagnostics"));
  const json& ablat = b["coefficients"][1];
  EXPECT_EQ(ablat["name"], "ablat");
  EXPECT_NEAR(ablat["mean"].get<double>(), -0.02887523709872, 1e-11);
  EXPECT_NEAR(ablat["sd"].get<double>(), 0.00835987014347705, 1e-11);
  EXPECT_NEAR(ablat["ci"][0].get<double>(), -0.0453686701029102, 1e-11);
  EXPECT_NEAR(ablat["p_negative"].get<double>(), 0.997281391393372, 1e-9);
  EXPECT_NEAR(b["tau"]["median"].get<double>(), 0.294925867750324, 1e-9);

  for (const std::string sampler : {"collapsed", "hmc"}) {
    SCOPED_TRACE(sampler);
    const Result r = run(fit + "--chains 8 --draws 500 --format json --sampler " + sampler);
    ASSERT_EQ(r.code, 0) << r.err;
    const json m = json::parse(r.out)["groups"][0]["meta_regression"]["bayes"];
    EXPECT_EQ(m["method"], "mcmc");
    EXPECT_LT(m["diagnostics"]["rhat"].get<double>(), 1.01);
    EXPECT_EQ(m["diagnostics"]["step_size"].is_number(), sampler == "hmc");
    const json& slope = m["coefficients"][1];
    EXPECT_NEAR(slope["mean"].get<double>(), -0.02887523709872, 5 * slope["mcse"].get<double>());
  }

  const Result table = run(fit + "--method exact --beta-prior 'normal(0, 1)'");
  EXPECT_NE(table.out.find("Bayesian meta-regression by exact quadrature"), std::string::npos)
      << table.out;
  const Result config = run(fit + "--method exact --beta-prior 'normal(0, 1)' --format json");
  EXPECT_EQ(json::parse(config.out)["config"]["beta_prior"], "beta ~ normal(0, 1)");
  const Result alone = run("fit tests/fixtures/bcg_alloc.csv --beta-prior 'normal(0, 1)'");
  EXPECT_EQ(alone.code, 64);
  EXPECT_NE(alone.err.find("needs --mods or --subgroup"), std::string::npos) << alone.err;
  const Result bad = run(fit + "--beta-prior 'cauchy(0, 1)'");
  EXPECT_EQ(bad.code, 64);
}

TEST_F(Cli, StudiesWithoutAModeratorAreDroppedWithANote) {
  const Result r =
      run("fit tests/fixtures/bangertdrowns2004.csv --mods length --method exact "
          "--format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json g = json::parse(r.out)["groups"][0];
  EXPECT_EQ(g["k"], 48);  // the other fits keep every study
  EXPECT_EQ(g["meta_regression"]["reml"]["k"], 46);
  EXPECT_EQ(g["meta_regression"]["dropped"].size(), 2u);
  int notes = 0;
  for (const json& note : g["notes"])
    notes += note.get<std::string>().find(
                 "left out of the meta-regression: it lacks a value of "
                 "length") != std::string::npos;
  EXPECT_EQ(notes, 2) << g["notes"];
}

// Group B's factor has one level: its meta-regression is a note; group A's runs.
TEST_F(Cli, ADesignWithoutAnEstimateIsANoteForItsGroupOnly) {
  write("f.csv",
        "study,g,f,yi,sei\n"
        "a1,A,x,0.1,0.2\na2,A,y,0.3,0.25\na3,A,x,-0.2,0.3\na4,A,y,0.5,0.2\n"
        "b1,B,x,0.2,0.2\nb2,B,x,0.1,0.3\nb3,B,x,0.4,0.25\n");
  const Result r = run_here("fit f.csv --by g --mods f --method exact --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_TRUE(j["groups"][0]["meta_regression"].is_object());
  EXPECT_TRUE(j["groups"][1]["meta_regression"].is_null());
  bool noted = false;
  for (const json& note : j["groups"][1]["notes"])
    noted = noted ||
            note.get<std::string>().find("moderator 'f' has one level ('x')") != std::string::npos;
  EXPECT_TRUE(noted) << j["groups"][1]["notes"];
  const Result missing = run_here("fit f.csv --mods h");
  EXPECT_EQ(missing.code, 65);
  EXPECT_NE(missing.err.find("missing column 'h' named in --mods"), std::string::npos)
      << missing.err;
}

}  // namespace
}  // namespace metamc::testing
