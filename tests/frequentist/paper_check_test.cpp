// The published isatuximab meta-analysis (Wang et al., Cancers 2025;17(21):3494; DerSimonian-
// Laird in RevMan 5.4) reproduced from the bundled per-trial data, and the two input errors that
// explain its printed values (data/README.md). Reference values: metafor 3.8-1, rma(method="DL")
// on the same log-HRs and SEs (R script in tests/reference/metafor_reference.R, formula of
// conv.wald); the published values are rounded to two decimals.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/run/analysis.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

struct PooledHr {
  double hr, lower, upper, p;
};

PooledHr dl_hr(const Group& g) {
  const FrequentistFit fit = analyse_group(g, 0.95).dl;
  return {std::exp(fit.mu), std::exp(fit.ci.lower), std::exp(fit.ci.upper), fit.p};
}

Group group_from_text(const std::string& csv) {
  std::istringstream in(csv);
  std::vector<std::string> warnings;
  return read_groups(parse_csv(in, "inline.csv"), {}, warnings).at(0);
}

Group bundled_group(const std::string& setting, const std::string& outcome) {
  std::vector<std::string> warnings;
  StudyReaderOptions options;
  options.by = {"setting", "outcome", "subgroup"};
  for (const Group& g :
       read_groups(read_csv(testing::source_dir() + "/data/isatuximab.csv"), options, warnings))
    if (g.key[0].second == setting && g.key[1].second == outcome && g.key[2].second == "all")
      return g;
  throw std::runtime_error("group not found");
}

double round2(double x) {
  return std::round(100 * x) / 100;
}

// The references carry 9-10 significant digits.
void expect_near_rel(double got, double want) {
  EXPECT_NEAR(got, want, 1e-8 * std::fabs(want));
}

TEST(PaperCheck, NdmmPfsWithTheCorrectLevelOfImroz) {
  const PooledHr r = dl_hr(bundled_group("NDMM", "PFS"));
  expect_near_rel(r.hr, 0.6491240974);
  expect_near_rel(r.lower, 0.5233942031);
  expect_near_rel(r.upper, 0.8050568602);
  expect_near_rel(r.p, 8.351955273e-05);
}

TEST(PaperCheck, NdmmPfsWithImrozEnteredAsNinetyFivePercentGivesThePublishedValue) {
  const PooledHr r =
      dl_hr(group_from_text("study,measure,estimate,lower,upper,level\n"
                            "GMMG-HD7,HR,0.70,0.52,0.95,0.95\n"
                            "IMROZ,HR,0.60,0.41,0.88,0.95\n"));
  expect_near_rel(r.hr, 0.6597980425);
  expect_near_rel(r.lower, 0.5208096096);
  expect_near_rel(r.upper, 0.8358783111);
  expect_near_rel(r.p, 0.0005703187857);
  // Published: HR 0.66 (0.52-0.84), p = 0.001.
  EXPECT_EQ(round2(r.hr), 0.66);
  EXPECT_EQ(round2(r.lower), 0.52);
  EXPECT_EQ(round2(r.upper), 0.84);
  EXPECT_LT(r.p, 0.001);
}

TEST(PaperCheck, RrmmOsWithTheRoundedIcariaIntervalGivesThePublishedValue) {
  const PooledHr r =
      dl_hr(group_from_text("study,measure,estimate,lower,upper\n"
                            "ICARIA-MM,HR,0.78,0.59,1.02\n"
                            "IKEMA,HR,0.855,0.608,1.202\n"));
  expect_near_rel(r.hr, 0.8085931391);
  expect_near_rel(r.lower, 0.653205565);
  expect_near_rel(r.upper, 1.000945031);
  expect_near_rel(r.p, 0.05102271926);
  // Published: HR 0.81 (0.65-1.00), p = 0.051.
  EXPECT_EQ(round2(r.hr), 0.81);
  EXPECT_EQ(round2(r.lower), 0.65);
  EXPECT_EQ(round2(r.upper), 1.00);
  EXPECT_EQ(std::round(1000 * r.p) / 1000, 0.051);
}

TEST(PaperCheck, RrmmOsWithTheUnroundedIcariaInterval) {
  const PooledHr r = dl_hr(bundled_group("RRMM", "OS"));
  expect_near_rel(r.hr, 0.8052714405);
  expect_near_rel(r.lower, 0.652346467);
  expect_near_rel(r.upper, 0.9940455351);
  expect_near_rel(r.p, 0.043847646);
}

}  // namespace
}  // namespace metamc
