// `metamc simulate` end to end: the table, JSON and CSV of a simulation study, its determinism,
// and what its options refuse (tests/simulate/coverage_study_test.cpp checks the numbers against
// an independent simulation with metafor).
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "metamc/mcmc/cuda_backend.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

const std::string kSimulate =
    "simulate data/isatuximab.csv --by setting,outcome,subgroup -q --replicates 40 --model normal ";

TEST_F(Cli, SimulateReportsEveryMethodPerScenario) {
  const Result r = run(kSimulate + "--tau 0,0.3 --mu 0 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["config"]["replicates"], 40);
  EXPECT_EQ(j["config"]["taus"], json::array({0, 0.3}));
  ASSERT_EQ(j["groups"].size(), 18u);
  const json& g = j["groups"][0];
  EXPECT_EQ(g["key"]["setting"], "RRMM");
  EXPECT_EQ(g["k"], 2);
  ASSERT_EQ(g["se"].size(), 2u);
  // k = 2: DL, REML, PM, their HKSJ intervals and Bayes, for 2 scenarios.
  const json& rows = g["simulation"];
  ASSERT_EQ(rows.size(), 14u);
  EXPECT_EQ(rows[0]["method"], "DL");
  EXPECT_EQ(rows[6]["method"], "Bayes");
  EXPECT_EQ(rows[7]["tau"], 0.3);
  for (const json& row : rows) {
    EXPECT_EQ(row["replicates"], 40);
    const double c = row["coverage"].get<double>();
    EXPECT_TRUE(c >= 0 && c <= 1);
    EXPECT_TRUE(row["pi_coverage"].is_null() || row["method"] == "Bayes");  // k < 3
    EXPECT_EQ(row["p_benefit_095_rate"].is_null(), row["method"] != "Bayes");
    EXPECT_EQ(row["tau2_zero_share"].is_null(), row["method"] == "Bayes");
  }
  // The same seed gives the same study, whatever the threads.
  const Result again = run(kSimulate + "--tau 0,0.3 --mu 0 --format json --threads 1");
  json a = json::parse(again.out), b = j;
  for (json* x : {&a, &b}) {
    (*x).erase("seconds");
    for (json& group : (*x)["groups"]) group.erase("seconds");
    (*x)["config"].erase("threads");
  }
  EXPECT_EQ(a, b);
  EXPECT_NE(json::parse(run(kSimulate + "--tau 0,0.3 --mu 0 --format json --seed 2")
                            .out)["groups"][0]["simulation"],
            j["groups"][0]["simulation"]);
}

TEST_F(Cli, SimulateTableAndCsv) {
  const Result table = run(kSimulate + "--tau 0.2");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("== setting=RRMM, outcome=PFS, subgroup=all: HR, k = 2"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("true tau = 0.2, true HR 1.00:"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("DL-HKSJ"), std::string::npos);
  const Result csv = run(kSimulate + "--tau 0.2 --mu 0 --format csv");
  ASSERT_EQ(csv.code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("by.setting,by.outcome,by.subgroup,measure,benefit,k,tau,mu,method,"
                          "replicates,coverage,coverage_mcse,",
                          0),
            0u)
      << csv.out;
  EXPECT_NE(csv.out.find("\nRRMM,PFS,all,HR,lower,2,0.2,0,Bayes,40,"), std::string::npos)
      << csv.out;
}

// Groups of 2x2 tables are simulated as tables and fitted by the binomial model (HMC, the
// chains given), or with --model normal by the normal model exactly; shards merge as for effect
// sizes.
TEST_F(Cli, SimulateCountGroupsAsTables) {
  const std::string study =
      "simulate tests/fixtures/hine1989.csv -q --replicates 9 --tau 0.2 --mu 0 --chains 4 "
      "--warmup 60 --draws 40 ";
  const Result r = run(study + "--format json");
  ASSERT_EQ(r.code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["config"]["model"], "auto");
  EXPECT_EQ(j["config"]["chains"], 4);
  const json& g = j["groups"][0];
  EXPECT_NE(g["notes"][0].get<std::string>().find("simulated as 2x2 tables"), std::string::npos);
  EXPECT_NE(g["notes"][1].get<std::string>().find("binomial-normal model by HMC, 4 chains"),
            std::string::npos);
  const json& bayes = g["simulation"][6];
  ASSERT_EQ(bayes["method"], "Bayes");
  EXPECT_EQ(bayes["replicates"], 9);
  EXPECT_TRUE(bayes["divergent_share"].is_number());
  EXPECT_TRUE(g["simulation"][0]["divergent_share"].is_null());
  const json normal = json::parse(run(study + "--format json --model normal").out);
  EXPECT_TRUE(normal["groups"][0]["simulation"][6]["divergent_share"].is_null());
  EXPECT_NE(normal["groups"][0]["notes"][1].get<std::string>().find("exactly"), std::string::npos);
  // The frequentist rows do not depend on the Bayesian model.
  EXPECT_EQ(normal["groups"][0]["simulation"][1], g["simulation"][1]);
  // Three shards merge to the run.
  const Result csv = run(study + "--format csv");
  std::string files;
  for (int i = 0; i < 3; ++i) {
    const std::string file = (dir_ / ("count" + std::to_string(i) + ".json")).string();
    ASSERT_EQ(run(study + "--shard " + std::to_string(i) + "/3 -o " + file).code, 0);
    files += " " + file;
  }
  EXPECT_EQ(run("merge" + files + " --format csv").out, csv.out);
  // Effect sizes cannot take the binomial model.
  const Result hr =
      run("simulate data/isatuximab.csv --by setting,outcome,subgroup -q "
          "--replicates 5 --model binomial");
  EXPECT_EQ(hr.code, 64);
  EXPECT_NE(hr.err.find("--model binomial: group setting=RRMM, outcome=PFS"), std::string::npos)
      << hr.err;
}

TEST_F(Cli, SimulateRefusesWhatItCannotMean) {
  for (const std::string& bad :
       {std::string("--tau -0.1"), std::string("--tau 0,x"), std::string("--mu 1e999"),
        std::string("--replicates 0"), std::string("--level 95")}) {
    const Result r = run(kSimulate + bad);
    EXPECT_EQ(r.code, 64) << bad;
    EXPECT_FALSE(r.err.empty()) << bad;
  }
}

// --backend cuda needs a usable GPU, checked before any work: without one, exit 69 (unavailable)
// naming why; the JSON records the backend, so that shards of CPU and GPU runs do not merge.
TEST_F(Cli, SimulateOnTheGpuNeedsOne) {
  if (cuda_device_count() > 0) GTEST_SKIP() << "a GPU is here: tests/simulate/cuda_batch_test.cpp";
  const Result r = run(kSimulate + "--backend cuda");
  EXPECT_EQ(r.code, 69);
  EXPECT_NE(r.err.find("--backend cuda: no usable CUDA GPU ("), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("use --backend cpu"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
  const json j = json::parse(run(kSimulate + "--tau 0 --mu 0 --format json").out);
  EXPECT_EQ(j["config"]["backend"], "cpu");
}

TEST_F(Cli, SimulateShowsItsRateOnATerminal) {
  // `script` gives the run a terminal; METAMC_PROGRESS_AFTER=0 shows the line at once.
  ASSERT_EQ(shell("METAMC_PROGRESS_AFTER=0 script -qec '\"$metamc\" simulate " + source_dir() +
                  "/data/isatuximab.csv --by setting,outcome,subgroup --model normal "
                  "--replicates 600 -o r.txt' /dev/null > tty.txt"),
            0);
  const std::string tty = slurp(dir_ / "tty.txt");
  EXPECT_NE(tty.find("metamc: simulating "), std::string::npos) << tty;
  EXPECT_NE(tty.find(" replicates/s"), std::string::npos) << tty;
}

}  // namespace
}  // namespace metamc::testing
