// --model and --baseline-prior end to end: which groups take the binomial model, what it refuses
// with which exit code and message, and what the table and JSON say about it.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

// Short runs: these tests check the plumbing, not the posterior (tests/mcmc/hmc/ does).
const std::string kShort = " --chains 8 --warmup 100 --draws 50";

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
  const Result table = run("fit tests/fixtures/nielweise2007.csv --no-studies" + kShort);
  EXPECT_NE(table.out.find("Bayes: binomial-normal model, the exact likelihood of the counts (k = "
                           "18, no continuity correction), alpha ~ normal(0, 10)"),
            std::string::npos)
      << table.out;
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

}  // namespace
}  // namespace metamc::testing
