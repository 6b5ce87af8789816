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
            "in.csv:2: column 'yi' (field 2): value '1e999': too large for double precision "
            "(beyond 1.8e308)");
}

TEST(StudyReader, HexadecimalIsNotANumber) {
  EXPECT_EQ(error_of("study,yi,sei\nA,0x10,0.2\n"),
            "in.csv:2: column 'yi' (field 2): value '0x10': not a number");
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,0x1p-3\n"),
            "in.csv:2: column 'sei' (field 3): value '0x1p-3': not a number");
}

TEST(StudyReader, SubnormalNumbersAreNumbersAndUnderflowIsNamed) {
  // 1e-310 is a (subnormal) double: an effect of practically zero, not an infinite one.
  EXPECT_EQ(read("study,yi,sei\nA,1e-310,0.2\n")[0].studies[0].yi, 1e-310);
  EXPECT_EQ(error_of("study,yi,sei\nA,1e-400,0.2\n"),
            "in.csv:2: column 'yi' (field 2): value '1e-400': too small for double precision "
            "(below 4.9e-324, it would be 0)");
  // A standard error whose square underflows is outside what the weights can hold.
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,4e-320\n"),
            "in.csv:2: column 'sei' (field 3): value '4e-320': outside the range metamc computes "
            "with (1e-100 to 1e+100 in absolute value); rescale the data, e.g. to other units");
}

TEST(StudyReader, ValuesThatWouldOverflowTheWeightsAreRefusedWithTheirCell) {
  EXPECT_NE(error_of("study,yi,sei\nA,1e300,0.2\n")
                .find("in.csv:2: column 'yi' (field 2): "
                      "value '1e300': outside the range"),
            std::string::npos);
  EXPECT_NE(error_of("study,yi,sei\nA,0.1,1e200\n").find("column 'sei'"), std::string::npos);
  // An interval at a tiny level gives a standard error no weight can hold.
  EXPECT_NE(error_of("study,measure,estimate,lower,upper,level\nA,MD,0.7,0.5,0.9,1e-300\n")
                .find("column 'level' (field 6): value '1e-300': the interval gives a standard "
                      "error of"),
            std::string::npos);
}

TEST(StudyReader, ControlCharactersInAValueAreShown) {
  EXPECT_EQ(error_of(std::string("study,yi,sei\nA,0.3\0x,0.2\n", 24)),
            "in.csv:2: column 'yi' (field 2): value '0.3\\x00x': not a number");
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

TEST(StudyReader, NoGroupLeftIsAnErrorNamingEveryStudyLeftOut) {
  EXPECT_EQ(error_of("study,measure,ai,n1i,ci,n2i\nA,OR,0,10,0,10\nB,OR,0,10,0,10\n"),
            "in.csv: no group is left to analyse (all studies: study 'A' (line 2) left out: no "
            "events in either arm; study 'B' (line 3) left out: no events in either arm)");
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
            "in.csv:1: missing column 'setting' named in --by or --subgroup (the header has: "
            "study, yi, sei)");
}

TEST(StudyReader, EmptyStudyNameIsAnError) {
  EXPECT_EQ(error_of("study,yi,sei\n,0.1,0.2\n"),
            "in.csv:2: column 'study' (field 1): value '': the study has no name");
}

TEST(StudyReader, RepeatedStudyInAGroupIsAnErrorNamingBothLines) {
  // ICARIA-MM's overall PFS and its subgroups pooled by --by outcome: three "trials" of one.
  EXPECT_EQ(error_of("study,yi,sei\nA,0.1,0.2\nB,0.5,0.3\nA,0.1,0.2\n"),
            "in.csv:4: column 'study' (field 1): value 'A': study 'A' is already in group all "
            "studies (line 2); a study may enter a group once: split the rows with --by, or give "
            "--allow-repeated-studies to pool them as separate studies");
  StudyReaderOptions by_group;
  by_group.by = {"g"};
  EXPECT_EQ(read("study,g,yi,sei\nA,x,0.1,0.2\nA,y,0.1,0.2\n", by_group).size(), 2u);
}

TEST(StudyReader, RepeatedStudiesCanBeAllowedWithANote) {
  StudyReaderOptions options;
  options.allow_repeated_studies = true;
  const auto g = read("study,yi,sei\nA,0.1,0.2\nB,0.5,0.3\nA,0.1,0.2\nA,0.2,0.2\n", options);
  ASSERT_EQ(g[0].k(), 4u);
  ASSERT_EQ(g[0].notes.size(), 1u);
  EXPECT_EQ(g[0].notes[0],
            "study 'A' appears 3 times (lines 2, 4, 5); its rows are pooled as separate studies "
            "(--allow-repeated-studies)");
}

TEST(StudyReader, MissingGroupingValueIsOneGroupWithANote) {
  StudyReaderOptions options;
  options.by = {"g"};
  const auto g = read("study,g,yi,sei\nA,,0.1,0.2\nB,NA,0.5,0.3\nC,x,0.2,0.2\n", options);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(describe(g[0].key), "g=NA");
  EXPECT_EQ(g[0].k(), 2u);
  EXPECT_EQ(g[0].notes[0], "the rows of this group have no value (empty or NA) in column 'g'");
}

TEST(StudyReader, StudyNamedNaHasNoName) {
  EXPECT_EQ(error_of("study,yi,sei\nNA,0.1,0.2\n"),
            "in.csv:2: column 'study' (field 1): value 'NA': the study has no name");
}

TEST(StudyReader, EstimateFarFromTheMiddleOfItsIntervalIsNoted) {
  // HR 0.7 [0.5, 7.9]: the geometric middle is 1.99, a classic transcription error.
  const auto g = read(
      "study,measure,estimate,lower,upper\nA,HR,0.7,0.5,7.9\n"
      "B,HR,0.60,0.41,0.88\nC,HR,0.99,0.98,1.01\n");
  ASSERT_EQ(g[0].notes.size(), 1u);
  EXPECT_EQ(g[0].notes[0],
            "study 'A' (line 2): the estimate 0.7 lies far from the geometric middle 1.99 of its "
            "interval [0.5, 7.9]: check it for a transcription error");
  // MD: the arithmetic middle.
  EXPECT_EQ(read("study,measure,estimate,lower,upper\nA,MD,2,1,9\n")[0].notes.size(), 1u);
  EXPECT_TRUE(read("study,measure,estimate,lower,upper\nA,MD,5.1,1,9\n")[0].notes.empty());
}

TEST(StudyReader, RatiosTypedIntoTheLogScaleColumnAreNoted) {
  const auto g = read("study,measure,yi,sei\nA,HR,0.7,0.1\nB,HR,0.85,0.2\nC,HR,1.1,0.15\n");
  ASSERT_EQ(g[0].notes.size(), 1u);
  EXPECT_EQ(g[0].notes[0],
            "every yi is positive and near 1 (median 0.850): yi is the log HR; if these are the "
            "ratios themselves, give them as 'estimate' with 'lower' and 'upper', or take their "
            "logarithms");
  EXPECT_TRUE(read("study,measure,yi,sei\nA,HR,-0.3,0.1\nB,HR,0.1,0.2\n")[0].notes.empty());
  EXPECT_TRUE(read("study,measure,yi,sei\nA,MD,0.7,0.1\nB,MD,0.9,0.2\n")[0].notes.empty());
}

TEST(StudyReader, IntervalLevelIsKeptWithTheStudy) {
  const auto g = read(
      "study,measure,estimate,lower,upper,level\nA,HR,0.6,0.41,0.88,0.985\n"
      "B,HR,0.6,0.45,0.8,\n");
  EXPECT_EQ(g[0].studies[0].interval_level, 0.985);
  EXPECT_EQ(g[0].studies[1].interval_level, 0.95);
  EXPECT_EQ(read("study,yi,sei\nA,0.1,0.2\n")[0].studies[0].interval_level, 0);
}

TEST(StudyReader, ExtraColumnsAreCarriedAlongAndIgnored) {
  const auto g = read("study,note,yi,sei,source\n\"A, 2001\",\"x, y\",0.1,0.2,journal\n");
  EXPECT_EQ(g[0].studies[0].label, "A, 2001");
}

}  // namespace
}  // namespace metamc
