// --model and --baseline-prior end to end: which groups take the binomial model, what it refuses
// with which exit code and message, and what the table and JSON say about it.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

// Short runs: these tests check the plumbing, not the posterior (tests/mcmc/hmc/ does).
const std::string kShort = " --chains 8 --warmup 100 --draws 50";

// A group of counts fitted with the normal model because the method or the sampler has no
// binomial model says so; one that takes the binomial model, or was asked for the normal one,
// does not.
TEST_F(Cli, CountsFittedWithTheNormalModelSayWhy) {
  const std::string fit = "fit tests/fixtures/nielweise2007.csv --format json";
  auto notes_of = [&](const std::string& options) {
    const Result r = run(fit + options);
    EXPECT_EQ(r.code, 0) << r.err;
    const json parsed = json::parse(r.out);
    std::string all;
    for (const json& note : parsed["groups"][0]["notes"]) all += note.get<std::string>();
    return all;
  };
  EXPECT_NE(notes_of(" --method exact")
                .find("the Bayesian fit is the normal model of the log "
                      "ratios (--method exact has no binomial model)"),
            std::string::npos);
  EXPECT_NE(
      notes_of(" --sampler collapsed" + kShort).find("(--sampler collapsed has no binomial model)"),
      std::string::npos);
  EXPECT_EQ(notes_of(kShort).find("normal model of the log ratios"), std::string::npos);
  EXPECT_EQ(notes_of(" --method exact --model normal").find("normal model of the log ratios"),
            std::string::npos);
}

TEST_F(Cli, CountsTakeTheBinomialModelByDefaultAndKeepDoubleZeroTables) {
  const Result r = run("fit tests/fixtures/nielweise2007.csv --format json" + kShort);
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["config"]["model"], "auto");
  EXPECT_EQ(j["config"]["baseline_prior"], "alpha ~ normal(0, 10)");
  const json& g = j["groups"][0];
  EXPECT_EQ(g["bayes"]["model"], "binomial");
  EXPECT_EQ(g["bayes"]["sampler"], "hmc");
  EXPECT_EQ(g["k"], 17);  // the fits on log ratios leave Yucel 2004 (0/118, 0/105) out
  bool kept = false;
  for (const json& note : g["notes"])
    kept = kept || note.get<std::string>().find("the binomial model keeps the 1 table") !=
                       std::string::npos;
  EXPECT_TRUE(kept) << g["notes"];
  // The table no log ratio can use has its own entry, with its arms' posterior.
  ASSERT_EQ(g["uninformative_studies"].size(), 1u);
  const json& yucel = g["uninformative_studies"][0];
  EXPECT_EQ(yucel["study"], "Yucel 2004");
  EXPECT_LT(yucel["control_risk"]["median"].get<double>(), 0.05);
  EXPECT_TRUE(yucel["risk_difference"]["ci"].is_array());
  const Result table = run("fit tests/fixtures/nielweise2007.csv --no-studies" + kShort);
  EXPECT_NE(table.out.find("Bayes: binomial-normal model, the exact likelihood of the counts (k = "
                           "18, no continuity correction), alpha ~ normal(0, 10)"),
            std::string::npos)
      << table.out;
}

// Summary mode keeps no draws, and so no per-study risks: null, with a note.
TEST_F(Cli, StreamedBinomialRunsSayTheyKeepNoStudyRisks) {
  const Result r = run("fit tests/fixtures/hine1989.csv --format json --streamed" + kShort);
  ASSERT_EQ(r.code, 0) << r.err;
  const json g = json::parse(r.out)["groups"][0];
  EXPECT_EQ(g["bayes"]["model"], "binomial");
  EXPECT_TRUE(g["studies"][0]["control_risk"].is_null());
  bool noted = false;
  for (const json& note : g["bayes"]["notes"])
    noted =
        noted || note.get<std::string>().find("summary mode keeps no draws") != std::string::npos;
  EXPECT_TRUE(noted) << g["bayes"]["notes"];
}

TEST_F(Cli, TheNormalModelIsKeptWhereOnlyItCanRun) {
  for (const std::string& args : {std::string(" --model normal"), std::string(" --method exact"),
                                  std::string(" --sampler collapsed")}) {
    const Result r = run("fit tests/fixtures/bcg.csv --format json" + kShort + args);
    ASSERT_EQ(r.code, 0) << args << ": " << r.err;
    EXPECT_EQ(json::parse(r.out)["groups"][0]["bayes"]["model"], "normal") << args;
  }
}

TEST_F(Cli, TheBinomialModelRefusesWhatItCannotDo) {
  const Result exact = run("fit tests/fixtures/bcg.csv --model binomial --method exact");
  EXPECT_EQ(exact.code, 64);
  EXPECT_NE(exact.err.find("--method exact is not available for the binomial model"),
            std::string::npos)
      << exact.err;
  EXPECT_NE(exact.err.find("--model normal"), std::string::npos) << exact.err;
  const Result collapsed = run("fit tests/fixtures/bcg.csv --model binomial --sampler collapsed");
  EXPECT_EQ(collapsed.code, 64);
  EXPECT_NE(collapsed.err.find("the binomial model runs HMC"), std::string::npos) << collapsed.err;
  // Hazard ratios from intervals have no counts.
  const Result hr = run(kMainJob + " --model binomial");
  EXPECT_EQ(hr.code, 64);
  EXPECT_NE(hr.err.find("--model binomial: group setting=RRMM, outcome=PFS, subgroup=all needs the "
                        "counts ai, n1i, ci, n2i on every row and a measure of OR or RR"),
            std::string::npos)
      << hr.err;
  const Result prior = run("fit tests/fixtures/bcg.csv --baseline-prior 'normal(0, -1)'");
  EXPECT_EQ(prior.code, 64);
  EXPECT_NE(prior.err.find("--baseline-prior"), std::string::npos) << prior.err;
}

TEST_F(Cli, TheBaselinePriorIsUsedAndRecorded) {
  const Result r =
      run("fit tests/fixtures/bcg.csv --format json --baseline-prior 'normal(-3, 2)'" + kShort);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out)["config"]["baseline_prior"], "alpha ~ normal(-3, 2)");
}

// The GLMM companion for odds ratios from counts, whatever the Bayesian model: JSON `glmm` on the
// tables the log-ratio fits use (tests/frequentist/binomial_glmm_test.cpp checks its numbers
// against metafor; Niel-Weise 2007: mu = -1.23649, tau^2 = 0.319513), a GLMM row in the table and
// in the CSV; null for risk ratios.
TEST_F(Cli, TheGlmmStandsBesideDlForOddsRatios) {
  for (const std::string& model : {std::string("binomial"), std::string("normal")}) {
    const Result r =
        run("fit tests/fixtures/nielweise2007.csv --format json --model " + model + kShort);
    ASSERT_EQ(r.code, 0) << r.err;
    const json glmm = json::parse(r.out)["groups"][0]["glmm"];
    ASSERT_TRUE(glmm.is_object()) << model;
    EXPECT_NEAR(glmm["mu"].get<double>(), -1.23649338764, 1e-6);
    EXPECT_NEAR(glmm["tau2"].get<double>(), 0.319512784635, 1e-6);
    EXPECT_EQ(glmm["k"], 17);
    EXPECT_EQ(glmm["quadrature_nodes"], 7);
    EXPECT_LT(glmm["ci"][0].get<double>(), glmm["mu"].get<double>());
  }
  const Result table = run("fit tests/fixtures/nielweise2007.csv --no-studies" + kShort);
  EXPECT_NE(table.out.find("  GLMM       0.290  [0.168, 0.503]"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("(GLMM: rma.glmm's UM.FS model, the binomial likelihood of 17 tables, "
                           "maximum likelihood by 7-node adaptive Gauss-Hermite quadrature"),
            std::string::npos)
      << table.out;
  const Result csv = run("fit tests/fixtures/nielweise2007.csv --format csv" + kShort);
  EXPECT_NE(csv.out.find("\nOR,lower,17,GLMM,-1.2364"), std::string::npos) << csv.out;
  const Result rr = run("fit tests/fixtures/bcg.csv --format json" + kShort);
  EXPECT_TRUE(json::parse(rr.out)["groups"][0]["glmm"].is_null());
}

// No events in any experimental arm: the GLMM's estimate does not exist. The run goes on, says so
// and reports every other fit.
TEST_F(Cli, AGlmmWithoutAnEstimateIsANoteNotAFailure) {
  write("separated.csv",
        "study,measure,ai,n1i,ci,n2i\nA,OR,0,40,7,41\nB,OR,0,60,18,62\nC,OR,0,30,5,30\n");
  const Result r = run_here("fit separated.csv --format json" + kShort);
  ASSERT_EQ(r.code, 0) << r.err;
  const json g = json::parse(r.out)["groups"][0];
  EXPECT_TRUE(g["glmm"].is_null());
  bool noted = false;
  for (const json& note : g["notes"])
    noted = noted || note.get<std::string>().find(
                         "the binomial GLMM (UM.FS) is not reported: the maximum-likelihood "
                         "estimate does not exist") != std::string::npos;
  EXPECT_TRUE(noted) << g["notes"];
  EXPECT_TRUE(g["dl"]["mu"].is_number());
  EXPECT_TRUE(g["bayes"]["mu"]["median"].is_number());
}

}  // namespace
}  // namespace metamc::testing
