// `metamc fit --shard i/n` and `metamc merge`: the shards of a fit, merged, give the unsharded
// run's output to the last bit in every format (but the timings), for n = 1, 3 and 7 and
// whatever the order of the files; shards with no group (more shards than groups) included.
#include <nlohmann/json.hpp>
#include <regex>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

// Every "seconds" removed: the timings are the only part a merge does not reproduce.
void erase_seconds(json& j) {
  if (j.is_object()) {
    j.erase("seconds");
    for (auto& [key, value] : j.items()) erase_seconds(value);
  } else if (j.is_array()) {
    for (json& value : j) erase_seconds(value);
  }
}

std::string json_without_seconds(const std::string& text) {
  json j = json::parse(text);
  erase_seconds(j);
  return j.dump();
}

// The table without its timings ("..., 0.123 s").
std::string table_without_seconds(const std::string& text) {
  return std::regex_replace(text, std::regex("[0-9]+\\.[0-9]{3} s\\b"), "T s");
}

class FitMerge : public Cli {
 protected:
  // Runs shards 0..n-1 of `fit` into files; their paths, last shard first.
  std::string shards(const std::string& fit, int n) {
    std::string files;
    for (int i = n - 1; i >= 0; --i) {
      const std::string file =
          (dir_ / ("fit" + std::to_string(i) + "of" + std::to_string(n) + ".json")).string();
      const Result r =
          run(fit + " --shard " + std::to_string(i) + "/" + std::to_string(n) + " -o " + file);
      EXPECT_EQ(r.code, 0) << r.err;
      files += file + " ";
    }
    return files;
  }

  void expect_merges_to_the_unsharded_run(const std::string& fit) {
    SCOPED_TRACE(fit);
    const Result json_run = run(fit + " --format json");
    const Result csv_run = run(fit + " --format csv");
    const Result table_run = run(fit);
    ASSERT_EQ(json_run.code, 0) << json_run.err;
    for (const int n : {1, 3, 7}) {
      SCOPED_TRACE("n = " + std::to_string(n));
      const std::string files = shards(fit, n);
      const Result merged_json = run("merge " + files + "--format json");
      ASSERT_EQ(merged_json.code, 0) << merged_json.err;
      EXPECT_EQ(json_without_seconds(merged_json.out), json_without_seconds(json_run.out));
      EXPECT_EQ(run("merge " + files + "--format csv").out, csv_run.out);
      EXPECT_EQ(table_without_seconds(run("merge " + files).out),
                table_without_seconds(table_run.out));
    }
  }
};

// MCMC: the collapsed sampler for the hazard ratios, HMC for the groups of counts (binomial
// model, risk differences), a prior-sensitivity analysis and a threshold.
TEST_F(FitMerge, McmcGroupsMergeToTheUnshardedRunBitForBit) {
  expect_merges_to_the_unsharded_run(
      "fit data/isatuximab.csv --by setting,outcome,subgroup -q --chains 16 --warmup 100 "
      "--draws 100 --prior-grid 'halfnormal(0.25); halfcauchy(1)' --threshold 0.8");
}

// --subgroup: a shard takes whole --by groups, their test and their Bayesian contrast (MCMC).
TEST_F(FitMerge, SubgroupTestsMergeToTheUnshardedRunBitForBit) {
  expect_merges_to_the_unsharded_run(
      "fit tests/fixtures/isatuximab_cytogenetics.csv --by setting --subgroup subgroup -q "
      "--chains 16 --warmup 100 --draws 100");
}

// Exact fits with a meta-regression per group; and one group of odds ratios with zero cells
// (continuity corrections, the GLMM, the binomial model by HMC): 3 and 7 shards leave some empty.
TEST_F(FitMerge, MetaRegressionsAndSingleGroupsMergeToTheUnshardedRun) {
  expect_merges_to_the_unsharded_run(
      "fit tests/fixtures/bcg_alloc.csv --by alloc --mods ablat --method exact -q");
  expect_merges_to_the_unsharded_run(
      "fit tests/fixtures/nielweise2007.csv -q --chains 16 --warmup 100 --draws 100");
}

// merge --no-studies writes the table fit --no-studies writes.
TEST_F(FitMerge, NoStudiesAsFitWritesIt) {
  const std::string fit = "fit tests/fixtures/bcg_alloc.csv --by alloc --method exact -q";
  const std::string files = shards(fit, 3);
  const Result merged = run("merge " + files + "--no-studies");
  ASSERT_EQ(merged.code, 0) << merged.err;
  EXPECT_EQ(table_without_seconds(merged.out),
            table_without_seconds(run(fit + " --no-studies").out));
  EXPECT_EQ(merged.out.find("Aronson 1948"), std::string::npos);
}

// One HMC chain: no superchains to compare, so no nested R-hat (not "nan", which JSON cannot hold).
TEST_F(FitMerge, SingleChainHmcMergesToTheUnshardedRun) {
  const std::string fit =
      "fit tests/fixtures/bcg_alloc.csv --by alloc --sampler hmc --chains 1 --warmup 200 "
      "--draws 200 -q";
  EXPECT_EQ(run(fit).out.find("nan"), std::string::npos);
  expect_merges_to_the_unsharded_run(fit);
}

// A file name that is not UTF-8 (the command line is bytes): the JSON holds it with U+FFFD, and
// so does the table's heading, so that a merged table, made from the JSON, is the unsharded one.
TEST_F(FitMerge, FileNameThatIsNotUtf8MergesToTheUnshardedRun) {
  write("a\xff.csv", slurp(fs::path(source_dir()) / "tests/fixtures/bcg.csv"));
  const std::string fit = "fit 'a\xff.csv' --method exact -q";
  const Result whole = run_here(fit);
  ASSERT_EQ(whole.code, 0) << whole.err;
  EXPECT_NE(whole.out.find("a\xef\xbf\xbd.csv"), std::string::npos);  // U+FFFD
  ASSERT_EQ(run_here(fit + " --shard 0/1 -o s.json").code, 0);
  EXPECT_EQ(table_without_seconds(run_here("merge s.json").out), table_without_seconds(whole.out));
}

// A shard analyses its own groups with the random numbers of their places in the whole run, and
// says which they are.
TEST_F(FitMerge, ShardHoldsItsShareOfTheGroups) {
  const std::string fit =
      "fit data/isatuximab.csv --by setting,outcome,subgroup -q --chains 8 "
      "--warmup 100 --draws 50";
  const json whole = json::parse(run(fit + " --format json").out);
  const std::size_t groups = whole["groups"].size();
  ASSERT_GE(groups, 7u);
  const Result r = run(fit + " --shard 2/3");
  ASSERT_EQ(r.code, 0) << r.err;
  const json shard = json::parse(r.out);
  // floor(2 G / 3) to floor(3 G / 3)
  const std::size_t first = 2 * groups / 3;
  EXPECT_EQ(shard["shard"]["command"], "fit");
  EXPECT_EQ(shard["shard"]["run_groups"], groups);
  ASSERT_EQ(shard["groups"].size(), groups - first);
  for (std::size_t i = 0; i < groups - first; ++i) {
    EXPECT_EQ(shard["shard"]["groups"][i], first + i);
    EXPECT_EQ(shard["groups"][i]["key"], whole["groups"][first + i]["key"]);
    EXPECT_EQ(shard["groups"][i]["bayes"]["mu"]["median"],
              whole["groups"][first + i]["bayes"]["mu"]["median"]);
  }
}

TEST_F(FitMerge, RefusesWhatIsNotAllTheShardsOfOneRun) {
  const std::string fit = "fit tests/fixtures/bcg_alloc.csv --by alloc --method exact -q";
  shards(fit, 2);
  const std::string s0 = (dir_ / "fit0of2.json").string(), s1 = (dir_ / "fit1of2.json").string();
  const auto refused = [&](const std::string& args, const std::string& message) {
    const Result r = run("merge " + args);
    EXPECT_EQ(r.code, 65) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
    EXPECT_TRUE(r.out.empty());
  };
  refused(s0, "shard 1/2 is missing");
  // Shards on machines with other numbers of cores: the results do not depend on the threads.
  const std::string one_thread = (dir_ / "one_thread.json").string();
  ASSERT_EQ(run(fit + " --threads 1 --shard 1/2 -o " + one_thread).code, 0);
  EXPECT_EQ(run("merge " + s0 + " " + one_thread + " --format csv").out,
            run(fit + " --format csv").out);
  const std::string other = (dir_ / "other.json").string();
  ASSERT_EQ(run(fit + " --level 0.9 --shard 1/2 -o " + other).code, 0);
  refused(s0 + " " + other, "other.json: is a shard of another run than ");
  ASSERT_EQ(run("simulate tests/fixtures/bcg_alloc.csv -q --replicates 4 --tau 0 --mu 0 "
                "--model normal --shard 1/2 -o " +
                other)
                .code,
            0);
  refused(s0 + " " + other, "other.json: is a shard of 'metamc simulate', but ");
  ASSERT_EQ(run(fit + " --format json -o " + other).code, 0);
  refused(other, "other.json: is not a shard of 'metamc fit --shard i/n' or ");
  // A group edited by hand is refused by its path in the file.
  nlohmann::ordered_json edited = nlohmann::ordered_json::parse(slurp(s1));
  edited["groups"][0]["dl"]["tau2_ci"] = json::array({1});
  write("edited.json", edited.dump());
  refused(s0 + " " + (dir_ / "edited.json").string(),
          "edited.json: groups[0].dl.tau2_ci is not an interval [lower, upper]: [1]");
  // A count of groups that the shards do not hold is refused before anything is made of it.
  for (const std::string& shard : {s0, s1}) {
    edited = nlohmann::ordered_json::parse(slurp(shard));
    edited["shard"]["run_groups"] = 18446744073709551615ull;
    write("edited" + edited["shard"]["index"].dump() + ".json", edited.dump());
  }
  refused((dir_ / "edited0.json").string() + " " + (dir_ / "edited1.json").string(),
          "edited0.json: shard.run_groups is 18446744073709551615, but the shards hold 3 groups");
  edited = nlohmann::ordered_json::parse(slurp(s1));
  edited["groups"][0]["dl"]["Q_p"] = nullptr;
  write("edited.json", edited.dump());
  refused(s0 + " " + (dir_ / "edited.json").string(),
          "edited.json: groups[0].dl.Q_p is null, but the group has ");
  edited = nlohmann::ordered_json::parse(slurp(s1));
  edited["shard"]["groups"] = json::array({0, 2});  // group 0 is shard 0's
  write("edited.json", edited.dump());
  refused(s0 + " " + (dir_ / "edited.json").string(),
          "edited.json: shard.groups[0] is not a group of the run, or another shard's: 0");
}

TEST_F(FitMerge, ShardOptionRefusesWhatItCannotMean) {
  const std::string fit = "fit tests/fixtures/bcg.csv -q ";
  for (const std::string& bad :
       {std::string("--shard 3/3"), std::string("--shard 0/0"),
        std::string("--shard 0/3 --format table"), std::string("--shard 0/2 --report r.html"),
        std::string("--shard 0/2 --draws-out d.csv"), std::string("--shard 0/2 --plot plots")}) {
    const Result r = run(fit + bad);
    EXPECT_EQ(r.code, 64) << bad;
    EXPECT_FALSE(r.err.empty()) << bad;
  }
}

}  // namespace
}  // namespace metamc::testing
