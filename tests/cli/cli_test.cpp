// End-to-end tests of the metamc executable: exit codes (sysexits), messages, output formats and
// atomic output files.
#include <algorithm>
#include <string>

#include "cli_fixture.hpp"
#include "metamc/text.hpp"

namespace metamc::testing {
namespace {

TEST_F(Cli, VersionAndHelp) {
  const Result version = run("--version");
  EXPECT_EQ(version.code, 0);
  EXPECT_NE(version.out.find("metamc 0."), std::string::npos);
  const Result help = run("fit --help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("--by"), std::string::npos);
}

TEST_F(Cli, MainJobPrintsTheIsatuximabTable) {
  const Result r = run(kMainJob);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto block = r.out.find("== setting=NDMM, outcome=PFS, subgroup=all");
  ASSERT_NE(block, std::string::npos);
  const std::string ndmm = r.out.substr(block, r.out.find("\n==", block + 1) - block);
  // NDMM PFS by DerSimonian-Laird: HR 0.649 (0.523-0.805), no prediction interval for k = 2;
  // next to it the Bayesian fit with its interval, prediction interval and P(HR < 1).
  EXPECT_NE(ndmm.find("DL     0.649  [0.523, 0.805]  0 [0, 12.1]"), std::string::npos) << ndmm;
  EXPECT_NE(ndmm.find("none: needs k >= 3"), std::string::npos) << ndmm;
  // IMROZ reported a 98.5% interval; the table shows the 95% one and says so.
  EXPECT_NE(ndmm.find("IMROZ (from 98.5% CI)  0.600  [0.441, 0.816]"), std::string::npos) << ndmm;
  EXPECT_NE(ndmm.find("Bayes  0.6"), std::string::npos) << ndmm;
  EXPECT_NE(ndmm.find("P(HR < 1)"), std::string::npos);
  EXPECT_NE(ndmm.find("MCMC (collapsed): 64 chains x 1000 draws, R-hat 1.00"), std::string::npos);
}

TEST_F(Cli, CsvHasOneRowPerGroupAndEstimator) {
  const Result r = run(kMainJob + " --format csv");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("setting,outcome,subgroup,measure,benefit,k,method,mu,se,", 0), 0u);
  // 18 groups, each DL, REML, PM and Bayes in turn.
  const char* methods[] = {",DL,", ",REML,", ",PM,", ",Bayes,"};
  int rows = 0;
  while (std::getline(lines, line)) {
    EXPECT_NE(line.find(methods[rows % 4]), std::string::npos) << line;
    ++rows;
  }
  EXPECT_EQ(rows, 4 * 18);
}

TEST_F(Cli, OutputDependsOnlyOnTheSeedNotOnTheThreads) {
  // The CSV holds every reported number and no timings.
  const std::string args = kMainJob + " --format csv --draws 200 --warmup 50 --seed 7";
  const Result one = run(args + " --threads 1");
  const Result two = run(args + " --threads 2");
  const Result other_seed = run(kMainJob + " --format csv --draws 200 --warmup 50 --seed 8");
  ASSERT_EQ(one.code, 0) << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_NE(one.out, other_seed.out);
}

TEST_F(Cli, ShortRunsAreFlaggedAsPossiblyNotConverged) {
  const Result r = run("fit tests/fixtures/bcg.csv --measure RR --chains 2 --draws 100 --warmup 0");
  ASSERT_EQ(r.code, 0) << r.err;
  // 200 draws cannot reach an ESS of 400.
  EXPECT_NE(r.out.find("WARNING: the chains may not have converged (want R-hat and nested R-hat < "
                       "1.01, ESS >= 400 and at least 50 draws per chain)"),
            std::string::npos)
      << r.out;
  // The main job's fits converge: its only warnings may be of a rare divergent transition (NDMM
  // MRD negativity's, a warning of its own: Cli.DivergencesAreAWarning).
  const std::string main_job = run(kMainJob).out;
  for (auto at = main_job.find("WARNING"); at != std::string::npos;
       at = main_job.find("WARNING", at + 1))
    EXPECT_EQ(main_job.compare(at, 36, "WARNING: divergent HMC transitions ("), 0)
        << main_job.substr(at, main_job.find('\n', at) - at);
}

TEST_F(Cli, DivergencesAreAWarning) {
  // BCG, binomial model, after a single warmup iteration: the step size and metric are not
  // adapted, and from hundreds to all of the 6,400 transitions diverge on every seed tried (1-9).
  // (With the default warmup, divergences there are rare events that move with the seed and with
  // the last bits of the arithmetic.)
  const Result r = run("fit tests/fixtures/bcg.csv --warmup 1 --draws 100 --backend cpu");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto warning = r.out.find("WARNING: divergent HMC transitions (");
  ASSERT_NE(warning, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("); the estimates may be biased (see the note)", warning),
            std::string::npos);
  EXPECT_NE(r.out.find("HMC transitions diverged", warning), std::string::npos);  // the note
  EXPECT_NE(r.out.find("the binomial model has HMC only", warning), std::string::npos);
}

TEST_F(Cli, ExactMethodAndThreshold) {
  const Result r = run(kMainJob + " --method exact --threshold 0.8 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"method\": \"exact\""), std::string::npos);
  EXPECT_NE(r.out.find("\"threshold\": 0.8"), std::string::npos);
  EXPECT_EQ(r.out.find("\"p_threshold\": null"), std::string::npos);
  const Result table = run(kMainJob + " --method exact --threshold 0.8");
  EXPECT_NE(table.out.find("P(HR < 0.8)"), std::string::npos);
  EXPECT_NE(table.out.find("Bayes by exact quadrature"), std::string::npos);
}

TEST_F(Cli, DrawsOutWritesEveryDraw) {
  const fs::path draws = dir_ / "draws.csv";
  const Result r = run("fit tests/fixtures/hine1989.csv --chains 3 --draws 20 --draws-out '" +
                       draws.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  std::istringstream lines(slurp(draws));
  std::string header, line;
  std::getline(lines, header);
  // Hine 1989's counts take the binomial model: each study's arm risks follow the effects.
  EXPECT_EQ(header,
            "chain,iteration,mu,tau,tau2,theta_new,theta.1,theta.2,theta.3,theta.4,"
            "theta.5,theta.6,control_risk.1,control_risk.2,control_risk.3,control_risk.4,"
            "control_risk.5,control_risk.6,risk_difference.1,risk_difference.2,risk_difference.3,"
            "risk_difference.4,risk_difference.5,risk_difference.6");
  int rows = 0;
  while (std::getline(lines, line)) {
    ++rows;
    const auto fields = split(line, ',');
    ASSERT_EQ(fields.size(), 24u) << line;
    const double control = std::stod(fields[12]);
    EXPECT_GT(control, 0);
    EXPECT_LT(control, 1);
    EXPECT_LE(control + std::stod(fields[18]), 1);  // the treated risk, at most 1 for RR
  }
  EXPECT_EQ(rows, 3 * 20);
}

TEST_F(Cli, BackendIsRecordedAndCudaWithoutAGpuExits69) {
  const Result r = run(kMainJob + " --format json --draws 100 --warmup 10");
  ASSERT_EQ(r.code, 0) << r.err;
  const bool gpu = r.out.find("\"backend\": \"cuda\"") != std::string::npos;
  if (gpu)
    GTEST_SKIP() << "a GPU is present: auto chose it; tests/mcmc/cuda_backend_test.cpp covers it";
  EXPECT_NE(r.out.find("\"backend\": \"cpu\""), std::string::npos);
  EXPECT_NE(r.out.find("\"device\": null"), std::string::npos);
  EXPECT_NE(r.out.find("\"summaries\": \"draws\""), std::string::npos);
  const Result cuda = run(kMainJob + " --backend cuda");
  EXPECT_EQ(cuda.code, 69);
  EXPECT_EQ(std::count(cuda.err.begin(), cuda.err.end(), '\n'), 1) << cuda.err;
  EXPECT_NE(cuda.err.find("--backend cpu"), std::string::npos) << cuda.err;
}

TEST_F(Cli, StreamedSummariesCanBeAskedFor) {
  const Result streamed = run(kMainJob + " --backend cpu --streamed --format json");
  ASSERT_EQ(streamed.code, 0) << streamed.err;
  EXPECT_NE(streamed.out.find("\"summaries\": \"streamed\""), std::string::npos);
  EXPECT_EQ(run(kMainJob + " --streamed --draws-out x.csv").code, 64);
}

TEST_F(Cli, BadPriorsAndThresholdsAreUsageErrors) {
  const Result scale = run(kMainJob + " --tau-prior 'halfnormal(-1)'");
  EXPECT_EQ(scale.code, 64);
  EXPECT_EQ(scale.err, "metamc: error: --tau-prior 'halfnormal(-1)': the scale must be > 0\n");
  const Result unknown = run(kMainJob + " --tau-prior 'gamma(1, 1)'");
  EXPECT_EQ(unknown.code, 64);
  EXPECT_NE(unknown.err.find("unknown prior; use one of halfnormal(scale)"), std::string::npos);
  EXPECT_EQ(run(kMainJob + " --mu-prior 'normal(0)'").code, 64);
  EXPECT_EQ(run(kMainJob + " --chains 0").code, 64);
  const Result threshold = run(kMainJob + " --threshold 0");
  EXPECT_EQ(threshold.code, 64);
  EXPECT_EQ(threshold.err,
            "metamc: error: --threshold 0 is not a ratio; HR thresholds are ratios such as 0.8\n");
  EXPECT_EQ(run(kMainJob + " --method exact --draws-out x.csv").code, 64);
}

TEST_F(Cli, UsageErrorsExit64) {
  EXPECT_EQ(run("").code, 64);
  EXPECT_EQ(run("fit").code, 64);
  EXPECT_EQ(run(kMainJob + " --format xml").code, 64);
  EXPECT_EQ(run(kMainJob + " --no-such-option").code, 64);
  const Result level = run(kMainJob + " --level 95");
  EXPECT_EQ(level.code, 64);
  EXPECT_EQ(level.err,
            "metamc: error: --level 95 looks like a percentage; give a fraction, e.g. --level "
            "0.95\n");
  EXPECT_EQ(run(kMainJob + " --measure XYZ").code, 64);
  EXPECT_EQ(run(kMainJob + " --seed -1").code, 64);
  EXPECT_EQ(run(kMainJob + " --seed 18446744073709551616").code, 64);
}

TEST_F(Cli, MissingFileExits66) {
  const Result r = run("fit no/such/file.csv");
  EXPECT_EQ(r.code, 66);
  EXPECT_EQ(r.err,
            "metamc: error: no/such/file.csv: cannot open the input file (No such file or "
            "directory)\n");
}

TEST_F(Cli, BadDataExits65WithOneLineAndNoTrace) {
  const fs::path bad = write("bad.csv", "study,measure,estimate,lower,upper\nA,HR,0.7,0.9,0.5\n");
  const Result r = run("fit '" + bad.string() + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_EQ(r.err, "metamc: error: " + bad.string() +
                       ":2: column 'lower' (field 4): value '0.9': the lower limit is above the "
                       "upper limit 0.5\n");
  EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, MalformedCsvExits65) {
  for (const char* content : {"", "study,yi\n", "study,yi,yi\nA,1,2\n", "study,yi,sei\nA,1\n",
                              "study,yi,sei\n\"A,1,2\n"}) {
    const Result r = run("fit '" + write("m.csv", content).string() + "'");
    EXPECT_EQ(r.code, 65) << content;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST_F(Cli, OutputFileIsWrittenWhole) {
  const fs::path target = dir_ / "result.json";
  const Result r = run(kMainJob + " --format json --output '" + target.string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  const std::string json = slurp(target);
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.substr(json.size() - 2), "}\n");
}

TEST_F(Cli, FailedRunLeavesTheOutputFileUntouched) {
  const fs::path target = write("result.txt", "previous result\n");
  const fs::path bad = write("bad.csv", "study,yi,sei\nA,1,-2\n");
  const Result r = run("fit '" + bad.string() + "' --output '" + target.string() + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_EQ(slurp(target), "previous result\n");
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_)) files += entry.is_regular_file();
  EXPECT_EQ(files, 4);  // bad.csv, result.txt, stdout, stderr: no temporary left behind
}

TEST_F(Cli, UnwritableOutputExits73) {
  const Result r = run(kMainJob + " --output '" + (dir_ / "no/such/dir/out.txt").string() + "'");
  EXPECT_EQ(r.code, 73);
  EXPECT_FALSE(fs::exists(dir_ / "no"));
}

}  // namespace
}  // namespace metamc::testing
