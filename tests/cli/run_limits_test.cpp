// Memory is bounded or refused up front; long runs show their progress where a person watches;
// large inputs have a compact table (robustness review, sections 1.2, 1.3 and 3).
#include <algorithm>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

const std::string kK2 = "study,yi,sei\nA,0.1,0.2\nB,0.9,0.3\n";

TEST_F(Cli, ManyChainsRunInMemoryThatDoesNotGrowWithTheChains) {
  // 300,000 chains kept per-chain streamed state before: about 600 MB; 16.7 million chains were
  // killed by the kernel at 21.6 GB.
  write("k2.csv", kK2);
  const Result r =
      run_here("fit k2.csv --chains 300000 --draws 10 --warmup 0 --streamed -q --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\"summaries\": \"streamed\""), std::string::npos);
  EXPECT_LT(peak_child_mib(), 150) << "peak " << peak_child_mib() << " MiB";
}

TEST_F(Cli, RunsTooBigForTheMachineAreRefusedBeforeTheyStart) {
  write("k2.csv", kK2);
  const Result huge = run_here("fit k2.csv --chains 16777216 --draws 1000000 --draws-out d.csv");
  EXPECT_EQ(huge.code, 64);
  EXPECT_EQ(huge.err.rfind("metamc: error: this run would need about ", 0), 0u) << huge.err;
  EXPECT_NE(huge.err.find("--draws-out keeps one group's draws and their diagnostics in memory: "
                          "16777216 chains x 1000000 draws x (16 + k) values x 8 bytes"),
            std::string::npos)
      << huge.err;
  EXPECT_NE(huge.err.find("; use fewer --chains or --draws"), std::string::npos) << huge.err;
  EXPECT_FALSE(fs::exists(dir_ / "d.csv"));
  // The same rule on a machine with 1 MB to spare (METAMC_MEMORY_LIMIT stands in for it): a
  // 64 x 1000 draws file needs about 9 MiB.
  const Result small = run_here("fit k2.csv --draws-out d.csv -o r.txt");
  EXPECT_EQ(small.code, 0) << small.err;
  EXPECT_EQ(shell("METAMC_MEMORY_LIMIT=1000000 \"$metamc\" fit k2.csv --draws-out d3.csv -o r3.txt "
                  "2>err.txt"),
            64);
  EXPECT_NE(slurp(dir_ / "err.txt").find("but about 976.6 KiB are available"), std::string::npos)
      << slurp(dir_ / "err.txt");
  EXPECT_FALSE(fs::exists(dir_ / "d3.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "r3.txt"));
  // Without --draws-out the same run streams its summaries instead.
  EXPECT_EQ(shell("METAMC_MEMORY_LIMIT=1000000 \"$metamc\" fit k2.csv --format json > j.txt"), 0);
  EXPECT_NE(slurp(dir_ / "j.txt").find("\"summaries\": \"streamed\""), std::string::npos);
}

TEST_F(Cli, ProgressLineOnATerminalOnly) {
  write("k2.csv", kK2);
  // `script` gives the run a terminal; METAMC_PROGRESS_AFTER=0 shows the line at once.
  ASSERT_EQ(shell("METAMC_PROGRESS_AFTER=0 script -qec '\"$metamc\" fit k2.csv --draws 30000 -o "
                  "r.txt' /dev/null > tty.txt"),
            0);
  const std::string tty = slurp(dir_ / "tty.txt");
  EXPECT_NE(tty.find("metamc: sampling "), std::string::npos) << tty;
  EXPECT_NE(tty.find("%, "), std::string::npos) << tty;
  EXPECT_NE(tty.find(" chain iterations/s"), std::string::npos) << tty;
  EXPECT_NE(tty.find("\r\033[K"), std::string::npos) << "the line is erased at the end";
  // Not on a file, and not with --quiet on a terminal.
  ASSERT_EQ(shell("METAMC_PROGRESS_AFTER=0 \"$metamc\" fit k2.csv --draws 20000 -o r.txt "
                  "2> err.txt"),
            0);
  EXPECT_EQ(slurp(dir_ / "err.txt"), "");
  ASSERT_EQ(shell("METAMC_PROGRESS_AFTER=0 script -qec '\"$metamc\" fit k2.csv --draws 20000 -q "
                  "-o r.txt' /dev/null > quiet.txt"),
            0);
  EXPECT_EQ(slurp(dir_ / "quiet.txt").find("metamc: sampling"), std::string::npos);
}

TEST_F(Cli, NoStudiesLeavesThePerStudyRowsOut) {
  const Result full = run(kMainJob + " --method exact");
  const Result compact = run(kMainJob + " --method exact --no-studies");
  ASSERT_EQ(compact.code, 0) << compact.err;
  EXPECT_NE(full.out.find("  GMMG-HD7 "), std::string::npos);
  EXPECT_EQ(compact.out.find("  GMMG-HD7 "), std::string::npos);
  EXPECT_EQ(compact.out.find("Bayes shrunken"), std::string::npos);
  EXPECT_NE(compact.out.find("  DL     0.649"), std::string::npos);
  EXPECT_LT(std::count(compact.out.begin(), compact.out.end(), '\n'),
            std::count(full.out.begin(), full.out.end(), '\n') - 30);
}

}  // namespace
}  // namespace metamc::testing
