// The study reader: one accepted and one rejected input per rule of the CSV format (README).
// Expected effect sizes are metafor 3.8-1 escalc() values where a formula is involved.
#include "metamc/data/study_reader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "metamc/error.hpp"

namespace metamc {
namespace {

std::vector<Group> read(const std::string& csv, const StudyReaderOptions& options = {}) {
  std::istringstream in(csv);
  std::vector<std::string> warnings;
  return read_groups(parse_csv(in, "in.csv"), options, warnings);
}

std::string error_of(const std::string& csv, const StudyReaderOptions& options = {}) {
  try {
    read(csv, options);
  } catch (const DataError& e) {
    return e.what();
  }
  return "no error";
}

// --- effect given on the analysis scale ------------------------------------------------------

TEST(StudyReader, YiWithSei) {
  const auto g = read("study,yi,sei\nA,-0.3,0.2\n");
  EXPECT_EQ(g[0].studies[0].yi, -0.3);
  EXPECT_EQ(g[0].studies[0].sei, 0.2);
  EXPECT_EQ(g[0].measure, Measure::GEN);
}

TEST(StudyReader, YiWithVi) {
  const auto g = read("study,yi,vi\nA,0.1,0.04\n");
  EXPECT_DOUBLE_EQ(g[0].studies[0].sei, 0.2);
}

TEST(StudyReader, YiWithConsistentSeiAndVi) {
  EXPECT_EQ(read("study,yi,sei,vi\nA,0.1,0.2,0.04\n")[0].k(), 1u);
  EXPECT_EQ(error_of("study,yi,sei,vi\nA,0.1,0.2,0.05\n"),
            "in.csv:2: column 'vi' (field 4): value '0.05': disagrees with sei^2 = "
            "0.04000000000000001; give one of them");
}

TEST(StudyReader, YiWithoutStandardErrorIsAnError) {
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,\n"),
            "in.csv:2: column 'sei' (field 3): value '': missing: 'yi' needs 'sei' or 'vi'");
}

TEST(StudyReader, NonNumericValueIsAnError) {
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1x,0.2\n"),
            "in.csv:2: column 'yi' (field 2): value '0.1x': not a number");
}

TEST(StudyReader, NanAndInfinityAreErrors) {
  EXPECT_EQ(error_of("study,yi,sei\nA,nan,0.2\n"),
            "in.csv:2: column 'yi' (field 2): value 'nan': NaN is not allowed");
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,inf\n"),
            "in.csv:2: column 'sei' (field 3): value 'inf': must be finite");
  EXPECT_EQ(error_of("study,yi,sei\nA,1e999,0.2\n"),
            "in.csv:2: column 'yi' (field 2): value '1e999': must be finite");
}

TEST(StudyReader, NonPositiveStandardErrorOrVarianceIsAnError) {
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,0\n"),
            "in.csv:2: column 'sei' (field 3): value '0': the standard error must be > 0");
  EXPECT_EQ(error_of("study,yi,vi\nA,0.1,-0.04\n"),
            "in.csv:2: column 'vi' (field 3): value '-0.04': the variance must be > 0");
}

TEST(StudyReader, NaMeansMissing) {
  const auto g = read("study,yi,sei,estimate,lower,upper\nA,0.1,0.2,NA,NA,NA\n");
  EXPECT_EQ(g[0].studies[0].yi, 0.1);
}

// --- effect given as a ratio with its confidence interval ------------------------------------

TEST(StudyReader, RatioWithNinetyFivePercentInterval) {
  const auto g = read("study,measure,estimate,lower,upper\nA,HR,0.70,0.52,0.95\n");
  const Study& s = g[0].studies[0];
  EXPECT_DOUBLE_EQ(s.yi, std::log(0.70));
  EXPECT_NEAR(s.sei, (std::log(0.95) - std::log(0.52)) / (2 * 1.9599639845400536), 1e-15);
}

TEST(StudyReader, LevelSetsTheCriticalValue) {
  const auto g = read("study,measure,estimate,lower,upper,level\nA,HR,0.60,0.41,0.88,0.985\n");
  // qnorm(0.9925) = 2.4323790585844427 (R)
  EXPECT_NEAR(g[0].studies[0].sei, (std::log(0.88) - std::log(0.41)) / (2 * 2.4323790585844427),
              1e-15);
}

TEST(StudyReader, LevelOutsideTheUnitIntervalIsAnError) {
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper,level\nA,HR,0.6,0.41,0.88,98.5\n"),
            "in.csv:2: column 'level' (field 6): value '98.5': looks like a percentage; give the "
            "confidence level as a fraction (e.g. 0.985)");
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper,level\nA,HR,0.6,0.41,0.88,1\n"),
            "in.csv:2: column 'level' (field 6): value '1': the confidence level must lie in (0, "
            "1)");
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper,level\nA,HR,0.6,0.41,0.88,-0.9\n"),
            "in.csv:2: column 'level' (field 6): value '-0.9': the confidence level must lie in "
            "(0, 1)");
}

TEST(StudyReader, EstimateOutsideItsIntervalIsAnError) {
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper\nA,HR,0.40,0.52,0.95\n"),
            "in.csv:2: column 'estimate' (field 3): value '0.40': lies outside its interval "
            "[0.52, 0.95]");
}

TEST(StudyReader, LowerAboveUpperIsAnError) {
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper\nA,HR,0.7,0.95,0.52\n"),
            "in.csv:2: column 'lower' (field 4): value '0.95': the lower limit is above the "
            "upper limit 0.52");
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper\nA,HR,0.7,0.7,0.7\n"),
            "in.csv:2: column 'upper' (field 5): value '0.7': the interval has zero width");
}

TEST(StudyReader, NonPositiveRatioIsAnError) {
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper\nA,HR,0.7,0,0.95\n"),
            "in.csv:2: column 'lower' (field 4): value '0': a ratio (HR) must be > 0");
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper\nA,RR,-1,0.5,0.95\n"),
            "in.csv:2: column 'estimate' (field 3): value '-1': a ratio (RR) must be > 0");
}

TEST(StudyReader, DifferenceMeasuresUseTheIntervalAsGiven) {
  const auto g = read("study,measure,estimate,lower,upper\nA,MD,-2,-3.96,-0.04\n");
  EXPECT_EQ(g[0].studies[0].yi, -2);
  EXPECT_NEAR(g[0].studies[0].sei, 3.92 / (2 * 1.9599639845400536), 1e-14);
}

TEST(StudyReader, IncompleteIntervalIsAnError) {
  EXPECT_EQ(error_of("study,measure,estimate,lower,upper\nA,HR,0.7,0.5,\n"),
            "in.csv:2: column 'upper' (field 5): value '': empty, but 'estimate' is given");
  EXPECT_EQ(error_of("study,measure,estimate,lower\nA,HR,0.7,0.5\n"),
            "in.csv:2: missing column 'upper', needed with 'estimate'");
}

// --- effect given as 2x2 counts ----------------------------------------------------------------

TEST(StudyReader, RiskRatioFromCounts) {
  // metafor: escalc("RR", ai=92, n1i=154, ci=54, n2i=153): yi = 0.52617..., vi = 0.0135...
  const auto g = read("study,measure,ai,n1i,ci,n2i\nA,RR,92,154,54,153\n");
  const Study& s = g[0].studies[0];
  EXPECT_NEAR(s.yi, std::log((92.0 / 154) / (54.0 / 153)), 1e-15);
  EXPECT_NEAR(s.sei * s.sei, 1.0 / 92 - 1.0 / 154 + 1.0 / 54 - 1.0 / 153, 1e-15);
  EXPECT_FALSE(s.continuity_corrected);
}

TEST(StudyReader, ZeroCellAddsOneHalfToEveryCell) {
  const auto g = read("study,measure,ai,n1i,ci,n2i\nA,RR,8,154,0,153\nB,OR,8,154,0,153\n",
                      {{"measure"}, Measure::GEN, Benefit::lower});
  const Study& rr = g[0].studies[0];
  EXPECT_TRUE(rr.continuity_corrected);
  EXPECT_NEAR(rr.yi, std::log((8.5 / 155) / (0.5 / 154)), 1e-15);
  EXPECT_NEAR(rr.sei * rr.sei, 1 / 8.5 - 1.0 / 155 + 1 / 0.5 - 1.0 / 154, 1e-15);
  const Study& odds = g[1].studies[0];
  EXPECT_NEAR(odds.yi, std::log(8.5 * 153.5 / (146.5 * 0.5)), 1e-15);
  EXPECT_NEAR(odds.sei * odds.sei, 1 / 8.5 + 1 / 146.5 + 1 / 0.5 + 1 / 153.5, 1e-14);
}

TEST(StudyReader, StudiesWithoutEventsInEitherArmAreLeftOut) {
  std::istringstream in("study,measure,ai,n1i,ci,n2i\nA,RR,0,50,0,40\nB,RR,3,50,5,40\n");
  std::vector<std::string> warnings;
  const auto g = read_groups(parse_csv(in, "in.csv"), {}, warnings);
  ASSERT_EQ(g[0].k(), 1u);
  EXPECT_EQ(g[0].studies[0].label, "B");
  EXPECT_EQ(g[0].notes[0], "study 'A' (line 2) left out: no events in either arm");
  EXPECT_TRUE(warnings.empty());
}

TEST(StudyReader, GroupWithOnlyUninformativeStudiesIsReported) {
  std::istringstream in("study,g,measure,ai,n1i,ci,n2i\nA,x,RR,0,50,0,40\nB,y,RR,3,50,5,40\n");
  std::vector<std::string> warnings;
  StudyReaderOptions options;
  options.by = {"g"};
  const auto g = read_groups(parse_csv(in, "in.csv"), options, warnings);
  ASSERT_EQ(g.size(), 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "group g=x is not analysed: no study is left (study 'A' (line 2) left out: no "
            "events in either arm)");
}

TEST(StudyReader, EventsAboveTotalIsAnError) {
  EXPECT_EQ(error_of("study,measure,ai,n1i,ci,n2i\nA,RR,160,154,54,153\n"),
            "in.csv:2: column 'ai' (field 3): value '160': more events than patients (n1i = 154)");
  EXPECT_EQ(error_of("study,measure,ai,n1i,ci,n2i\nA,RR,16,154,154,153\n"),
            "in.csv:2: column 'ci' (field 5): value '154': more events than patients (n2i = 153)");
}

TEST(StudyReader, NegativeOrFractionalCountsAreErrors) {
  EXPECT_EQ(error_of("study,measure,ai,n1i,ci,n2i\nA,RR,-1,154,54,153\n"),
            "in.csv:2: column 'ai' (field 3): value '-1': a count cannot be negative");
  EXPECT_EQ(error_of("study,measure,ai,n1i,ci,n2i\nA,RR,1.5,154,54,153\n"),
            "in.csv:2: column 'ai' (field 3): value '1.5': a count must be a whole number");
  EXPECT_EQ(error_of("study,measure,ai,n1i,ci,n2i\nA,RR,0,0,54,153\n"),
            "in.csv:2: column 'n1i' (field 4): value '0': an arm needs at least one patient");
}

TEST(StudyReader, CountsCannotGiveAHazardRatio) {
  EXPECT_EQ(error_of("study,measure,ai,n1i,ci,n2i\nA,HR,5,154,54,153\n"),
            "in.csv:2: column 'measure' (field 2): value 'HR': counts give a risk ratio (RR) or "
            "an odds ratio (OR), not HR");
}

// --- choosing the input, the measure, the benefit and the groups ------------------------------

TEST(StudyReader, RowWithoutEffectIsAnError) {
  EXPECT_EQ(error_of("study,yi,sei\nA,,\n"),
            "in.csv:2: study 'A' has no effect: give yi with sei or vi; or estimate, lower, "
            "upper; or ai, n1i, ci, n2i");
}

TEST(StudyReader, RowWithTwoEffectInputsIsAnError) {
  EXPECT_EQ(error_of("study,measure,yi,sei,ai,n1i,ci,n2i\nA,RR,0.1,0.2,1,10,2,10\n"),
            "in.csv:2: study 'A' has more than one effect input (yi/sei/vi ai/n1i/ci/n2i); keep "
            "one");
}

TEST(StudyReader, MeasureAndBenefitFromColumnOrDefault) {
  StudyReaderOptions options;
  options.default_measure = Measure::HR;
  options.default_benefit = Benefit::higher;
  const auto g = read("study,estimate,lower,upper\nA,0.7,0.5,0.9\n", options);
  EXPECT_EQ(g[0].measure, Measure::HR);
  EXPECT_EQ(g[0].benefit, Benefit::higher);
  const auto h = read("study,measure,benefit,yi,sei\nA,md,Lower,1,1\n", options);
  EXPECT_EQ(h[0].measure, Measure::MD);
  EXPECT_EQ(h[0].benefit, Benefit::lower);
}

TEST(StudyReader, UnknownMeasureOrBenefitIsAnError) {
  EXPECT_EQ(error_of("study,measure,yi,sei\nA,HRR,0.1,0.2\n"),
            "in.csv:2: column 'measure' (field 2): value 'HRR': unknown measure; use one of HR, "
            "RR, OR, MD, SMD, GEN");
  EXPECT_EQ(error_of("study,benefit,yi,sei\nA,less,0.1,0.2\n"),
            "in.csv:2: column 'benefit' (field 2): value 'less': unknown benefit; use one of "
            "lower, higher");
}

TEST(StudyReader, GroupsInOrderOfFirstAppearanceWithKOfOne) {
  StudyReaderOptions options;
  options.by = {"setting", "outcome"};
  const auto g = read(
      "study,setting,outcome,yi,sei\nA,R,OS,1,1\nB,N,OS,1,1\nC,R,OS,1,1\nD,R,PFS,1,1\n", options);
  ASSERT_EQ(g.size(), 3u);
  EXPECT_EQ(describe(g[0].key), "setting=R, outcome=OS");
  EXPECT_EQ(g[0].k(), 2u);
  EXPECT_EQ(describe(g[1].key), "setting=N, outcome=OS");
  EXPECT_EQ(g[2].k(), 1u);
}

TEST(StudyReader, MixedMeasuresInOneGroupAreAnError) {
  EXPECT_EQ(error_of("study,measure,yi,sei\nA,HR,0.1,0.2\nB,RR,0.1,0.2\n"),
            "in.csv:3: column 'measure' (field 2): value 'RR': differs from the measure HR of "
            "line 2 in the same group (all studies)");
}

TEST(StudyReader, MissingStudyOrGroupingColumnIsAnError) {
  EXPECT_EQ(error_of("name,yi,sei\nA,0.1,0.2\n"),
            "in.csv:1: missing column 'study' (one row per study)");
  StudyReaderOptions options;
  options.by = {"setting"};
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,0.2\n", options),
            "in.csv:1: missing column 'setting' named in --by (the header has: study, yi, sei)");
}

TEST(StudyReader, EmptyStudyNameIsAnError) {
  EXPECT_EQ(error_of("study,yi,sei\n,0.1,0.2\n"),
            "in.csv:2: column 'study' (field 1): value '': the study has no name");
}

TEST(StudyReader, ExtraColumnsAreCarriedAlongAndIgnored) {
  const auto g = read("study,note,yi,sei,source\n\"A, 2001\",\"x, y\",0.1,0.2,journal\n");
  EXPECT_EQ(g[0].studies[0].label, "A, 2001");
}

}  // namespace
}  // namespace metamc
