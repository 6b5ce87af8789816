// `metamc simulate --shard i/n` and `metamc merge`: n shards merged give the unsharded run's
// output to the last bit, in every format and whatever the order of the files (n = 1, 3, 7); and
// merge refuses, naming the file and the field, whatever is not all n shards of one study.
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

using nlohmann::json;

const std::string kStudy =
    "simulate data/isatuximab.csv --by setting,outcome,subgroup -q --replicates 40 --tau 0,0.3 "
    "--model normal "
    "--mu 0,-0.2 ";

// The output without its timings, the only part a merge does not reproduce.
std::string without_seconds(const std::string& json_text) {
  json j = json::parse(json_text);
  j.erase("seconds");
  for (json& g : j["groups"]) g.erase("seconds");
  return j.dump();
}

class Merge : public Cli {
 protected:
  // Runs shards 0..n-1 of the study into files; their paths, last shard first.
  std::string shards(int n, const std::string& extra = "") {
    std::string files;
    for (int i = n - 1; i >= 0; --i) {
      const std::string file =
          (dir_ / ("shard" + std::to_string(i) + "of" + std::to_string(n) + ".json")).string();
      const Result r = run(kStudy + extra + "--shard " + std::to_string(i) + "/" +
                           std::to_string(n) + " -o " + file);
      EXPECT_EQ(r.code, 0) << r.err;
      files += file + " ";
    }
    return files;
  }
};

TEST_F(Merge, ShardsMergeToTheUnshardedRunBitForBit) {
  const Result json_run = run(kStudy + "--format json");
  const Result csv_run = run(kStudy + "--format csv");
  const Result table_run = run(kStudy);
  ASSERT_EQ(json_run.code, 0) << json_run.err;
  for (const int n : {1, 3, 7}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    const std::string files = shards(n);
    const Result merged_json = run("merge " + files + "--format json");
    ASSERT_EQ(merged_json.code, 0) << merged_json.err;
    EXPECT_EQ(without_seconds(merged_json.out), without_seconds(json_run.out));
    EXPECT_EQ(run("merge " + files + "--format csv").out, csv_run.out);
    EXPECT_EQ(run("merge " + files).out, table_run.out);
  }
  // The shards are shares: with 7 shards of 40 replicates, 5 or 6 each.
  const json shard = json::parse(slurp(dir_ / "shard3of7.json"));
  EXPECT_EQ(shard["shard"], json({{"command", "simulate"}, {"index", 3}, {"count", 7}}));
  // floor(4 * 40 / 7) - floor(3 * 40 / 7) = 22 - 17
  EXPECT_EQ(shard["groups"][0]["simulation"][0]["tally"]["fitted"], 5);
  EXPECT_EQ(shard["groups"][0]["simulation"].size(), 4u * 7);  // every method of 4 scenarios
}

TEST_F(Merge, RefusesWhatIsNotAllTheShardsOfOneStudy) {
  const std::string s0 = (dir_ / "shard0of3.json").string(),
                    s1 = (dir_ / "shard1of3.json").string(),
                    s2 = (dir_ / "shard2of3.json").string();
  shards(3);
  const auto refused = [&](const std::string& args, const std::string& message) {
    const Result r = run("merge " + args);
    EXPECT_EQ(r.code, 65) << args;
    EXPECT_NE(r.err.find(message), std::string::npos) << args << ": " << r.err;
    EXPECT_TRUE(r.out.empty());
  };
  refused(s0 + " " + s2, "shard 1/3 is missing");
  refused(s0 + " " + s1 + " " + s2 + " " + s1, "shard1of3.json: shard 1/3 is also ");
  const std::string other = (dir_ / "other.json").string();
  ASSERT_EQ(run(kStudy + "--seed 9 --shard 1/3 -o " + other).code, 0);
  refused(s0 + " " + other + " " + s2, "other.json: is a shard of another run than ");
  ASSERT_EQ(run(kStudy + "--shard 1/2 -o " + other).code, 0);
  refused(s0 + " " + other + " " + s2, "other.json: shard.count is 2, but ");
  ASSERT_EQ(run(kStudy + "--format json -o " + other).code, 0);
  refused(
      other,
      "other.json: is not a shard of 'metamc fit --shard i/n' or 'metamc simulate --shard i/n'");
  write("broken.json", "{\"shard\": {\"index\": 0,\n \"count\": }");
  refused((dir_ / "broken.json").string(),
          "broken.json: not JSON: parse error at line 2, column 11");
  // A tally edited by hand no longer adds up (ordered_json keeps the fields' order, which a
  // shard's study is compared by).
  nlohmann::ordered_json edited = nlohmann::ordered_json::parse(slurp(s1));
  edited["groups"][2]["simulation"][5]["tally"]["covered"] = 1000;
  write("edited.json", edited.dump());
  refused(s0 + " " + (dir_ / "edited.json").string() + " " + s2,
          "edited.json: groups[2].simulation[5].tally has counts that do not add up");
  edited = nlohmann::ordered_json::parse(slurp(s1));
  edited["groups"][0]["simulation"][1]["tally"]["width_bins"] = json::array({1, "x"});
  write("edited.json", edited.dump());
  refused(s0 + " " + (dir_ / "edited.json").string() + " " + s2,
          "groups[0].simulation[1].tally.width_bins[0] is not a whole number: \"x\"");
  const Result missing = run("merge " + s0 + " " + (dir_ / "nowhere.json").string());
  EXPECT_EQ(missing.code, 66);
  // The output may not overwrite a shard.
  EXPECT_EQ(run("merge " + s0 + " " + s1 + " " + s2 + " -o " + s1).code, 64);
}

TEST_F(Merge, ShardOptionRefusesWhatItCannotMean) {
  for (const std::string& bad :
       {std::string("--shard 3/3"), std::string("--shard 1"), std::string("--shard 0/0"),
        std::string("--shard -1/3"), std::string("--shard 0/3 --format table")}) {
    const Result r = run(kStudy + bad);
    EXPECT_EQ(r.code, 64) << bad;
    EXPECT_FALSE(r.err.empty()) << bad;
  }
  EXPECT_NE(run(kStudy + "--shard 8/8").err.find("--array=0-7"), std::string::npos);
}

}  // namespace
}  // namespace metamc::testing
