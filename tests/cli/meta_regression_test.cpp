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
