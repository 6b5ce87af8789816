// Input problems are named, not absorbed: the commands of the robustness review
// (shared/docs/robustness_review.md, sections 1.4-1.6, 2.4, 2.5, 2.9), end to end.
#include <algorithm>

#include "cli_fixture.hpp"
#include "metamc/text.hpp"

namespace metamc::testing {
namespace {

int lines(const std::string& s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

TEST_F(Cli, RepeatedStudyInAGroupIsAnErrorThatNamesBothLines) {
  // --by outcome pools ICARIA-MM's overall PFS with its two cytogenetic subgroups.
  const Result r = run("fit data/isatuximab.csv --by outcome --method exact");
  EXPECT_EQ(r.code, 65);
  EXPECT_EQ(r.err,
            "metamc: error: data/isatuximab.csv:8: column 'study' (field 1): value 'ICARIA-MM': "
            "study 'ICARIA-MM' is already in group outcome=PFS (line 2); a study may enter a "
            "group once: split the rows with --by, or give --allow-repeated-studies to pool them "
            "as separate studies\n");
  const Result allowed =
      run("fit data/isatuximab.csv --by outcome --method exact --allow-repeated-studies");
  ASSERT_EQ(allowed.code, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("note: study 'ICARIA-MM' appears 3 times (lines 2, 8, 9)"),
            std::string::npos)
      << allowed.out;
}

TEST_F(Cli, BytesThatAreNotUtf8AreAnErrorAndJsonIsAlwaysUtf8) {
  write("latin1.csv", "study,yi,sei\n\xff\xfeSt\xe9,0.1,0.2\nB,0.3,0.2\nC,0.2,0.3\n");
  const Result r = run_here("fit latin1.csv --method exact --format json");
  EXPECT_EQ(r.code, 65);
  EXPECT_EQ(r.err,
            "metamc: error: latin1.csv:2: column 'study' (field 1): byte \\xFF at position 1 is "
            "not UTF-8; save the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)\n");
  EXPECT_TRUE(r.out.empty());
  // A file name that is not UTF-8 travels into JSON's config.input: replaced, not copied.
  write("\xe9.csv", "study,yi,sei\nA,0.1,0.2\nB,0.3,0.2\n");
  const Result json = run_here("fit \"$(printf '\\351').csv\" --method exact --format json");
  ASSERT_EQ(json.code, 0) << json.err;
  EXPECT_EQ(invalid_utf8_at(json.out), std::string::npos);
  EXPECT_NE(json.out.find("\"input\": \"\xEF\xBF\xBD.csv\""), std::string::npos) << json.out;
}

TEST_F(Cli, NoGroupLeftExits65NamingEveryStudyLeftOut) {
  write("dz.csv", "study,measure,ai,n1i,ci,n2i\nA,OR,0,10,0,10\nB,OR,0,10,0,10\n");
  const Result r = run_here("fit dz.csv");
  EXPECT_EQ(r.code, 65);
  EXPECT_EQ(r.err,
            "metamc: error: dz.csv: no group is left to analyse (all studies: study 'A' (line 2) "
            "left out: no events in either arm; study 'B' (line 3) left out: no events in either "
            "arm)\n");
  EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, DirectoryOrUnreadableInputExits66WithTheReason) {
  fs::create_directory(dir_ / "some_dir");
  const Result dir = run_here("fit some_dir/");
  EXPECT_EQ(dir.code, 66);
  EXPECT_EQ(dir.err, "metamc: error: some_dir/: is a directory, not a CSV file\n");
  if (::geteuid() == 0) return;  // root reads a file without read permission
  const fs::path locked = write("locked.csv", "study,yi,sei\nA,0.1,0.2\n");
  fs::permissions(locked, fs::perms::none);
  const Result unreadable = run_here("fit locked.csv");
  EXPECT_EQ(unreadable.code, 66);
  EXPECT_EQ(unreadable.err,
            "metamc: error: locked.csv: cannot open the input file (Permission denied)\n");
}

TEST_F(Cli, ExtremeDataAreNamedAtTheirCellNotAsInternalErrors) {
  // Each of these ended in exit 70 "bracket_upward: no sign change found" or "REML: Fisher
  // scoring produced a non-finite step".
  for (const char* data :
       {"study,yi,sei\nA,1e300,0.2\nB,-1e300,0.25\n", "study,yi,sei\nA,0.1,1e-150\nB,0.2,1e-150\n",
        "study,yi,sei\nA,0.1,1e200\nB,0.2,0.1\n",
        "study,measure,estimate,lower,upper,level\nA,MD,0.7,0.5,0.9,1e-300\n"}) {
    write("x.csv", data);
    const Result r = run_here("fit x.csv --method exact");
    EXPECT_EQ(r.code, 65) << data << r.err;
    EXPECT_EQ(r.err.rfind("metamc: error: x.csv:", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("rescale") + r.err.find("check the level"), 2 * std::string::npos)
        << r.err;
    EXPECT_EQ(lines(r.err), 1);
  }
}

TEST_F(Cli, ExtremeButValidPriorsWorkOrAreOptionErrors) {
  write("k2.csv", "study,yi,sei\nA,0.1,0.2\nB,0.9,0.3\n");
  // A half-normal of scale 1e-20 is the common-effect model: the fixed-effect estimate
  // (0.1/0.04 + 0.9/0.09) / (1/0.04 + 1/0.09) = 0.34615...
  const Result narrow = run_here("fit k2.csv --method exact --tau-prior 'halfnormal(1e-20)'");
  ASSERT_EQ(narrow.code, 0) << narrow.err;
  EXPECT_NE(narrow.out.find("Bayes  0.346"), std::string::npos) << narrow.out;
  const Result mcmc = run_here("fit k2.csv --tau-prior 'halfnormal(1e-20)' --draws 200");
  ASSERT_EQ(mcmc.code, 0) << mcmc.err;
  for (const char* option : {"--tau-prior 'halfnormal(1e-300)'", "--tau-prior 'halfcauchy(1e-300)'",
                             "--mu-prior 'normal(0, 1e-300)'", "--mu-prior 'normal(1e308, 1)'",
                             "--tau-prior 'uniform(0, 1e300)'"}) {
    const Result r = run_here("fit k2.csv --method exact " + std::string(option));
    EXPECT_EQ(r.code, 64) << option << ": " << r.err;
    EXPECT_EQ(lines(r.err), 1) << r.err;
  }
}

TEST_F(Cli, APosteriorThatDefeatsTheNumericsNamesItsGroupAndThePrior) {
  // One study under an inverse-gamma prior of shape 1e-3: the posterior of tau falls off like
  // tau^-0.002, far too slowly to integrate.
  write("k1.csv", "study,g,yi,sei\nA,one,0.1,0.2\n");
  const Result r = run_here("fit k1.csv --by g --method exact --tau-prior 'invgamma(0.001, 1)'");
  EXPECT_EQ(r.code, 64);
  EXPECT_EQ(r.err.rfind("metamc: error: group g=one: the posterior of tau is too heavy-tailed", 0),
            0u)
      << r.err;
  EXPECT_NE(r.err.find("with tau^2 ~ invgamma(0.001, 1) and mu ~ flat, choose a prior on the "
                       "scale of the data"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(run_here("fit k1.csv --by g --tau-prior 'invgamma(0.001, 1)'").code, 64);
}

TEST_F(Cli, HexadecimalIsNeitherDataNorAPriorParameter) {
  write("hex.csv", "study,yi,sei\nA,0x10,0.2\n");
  const Result data = run_here("fit hex.csv");
  EXPECT_EQ(data.code, 65);
  EXPECT_EQ(data.err,
            "metamc: error: hex.csv:2: column 'yi' (field 2): value '0x10': not a number\n");
  write("k.csv", "study,yi,sei\nA,0.1,0.2\n");
  EXPECT_EQ(run_here("fit k.csv --tau-prior 'halfnormal(0x10)'").code, 64);
}

TEST_F(Cli, NaInAGroupingColumnMeansMissingAsElsewhere) {
  write("na.csv", "study,grp,yi,sei\nA,,0.1,0.2\nB,NA,0.5,0.3\nC,x,0.2,0.2\n");
  const Result r = run_here("fit na.csv --by grp --method exact");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("== grp=NA: GEN, k = 2"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("== grp=:"), std::string::npos) << r.out;
}

TEST_F(Cli, PlausibilityNotesReachTheReport) {
  write("typo.csv", "study,measure,estimate,lower,upper\nA,HR,0.7,0.5,7.9\nB,HR,0.8,0.6,1.05\n");
  const Result r = run_here("fit typo.csv --method exact");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("note: study 'A' (line 2): the estimate 0.7 lies far from the geometric "
                       "middle 1.99"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace metamc::testing
