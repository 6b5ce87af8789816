// Output files never destroy what they should not (README, "Output files"): the commands of the
// robustness review (shared/docs/robustness_review.md, section 1.1), each of which replaced or
// clobbered something with exit 0 before.
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <chrono>
#include <thread>

#include "cli_fixture.hpp"

namespace metamc::testing {
namespace {

const std::string kSmall = "study,yi,sei\nA,0.1,0.2\nB,0.9,0.3\nC,0.4,0.25\n";
const std::string kExact = " --method exact";

struct stat stat_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st;
}

int files_in(const fs::path& dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    n += entry.path().filename() != ".stdout" && entry.path().filename() != ".stderr";
  return n;
}

TEST_F(Cli, OutputThatIsTheInputFileIsRefused) {
  write("self.csv", kSmall);
  const Result r = run_here("fit self.csv -o self.csv" + kExact);
  EXPECT_EQ(r.code, 64);
  EXPECT_EQ(r.err,
            "metamc: error: --output self.csv is the input file self.csv; writing it would "
            "destroy the data: choose another output file\n");
  EXPECT_EQ(slurp(dir_ / "self.csv"), kSmall);
  // Also through another name of the same file, and when the data come from standard input.
  fs::create_symlink("self.csv", dir_ / "alias.csv");
  EXPECT_EQ(run_here("fit self.csv -o alias.csv" + kExact).code, 64);
  EXPECT_EQ(run_here("fit - -o self.csv" + kExact + " < self.csv").code, 64);
  EXPECT_EQ(slurp(dir_ / "self.csv"), kSmall);
}

TEST_F(Cli, TwoOutputsToOneFileAreRefused) {
  write("k.csv", kSmall);
  const Result r = run_here("fit k.csv --chains 2 --draws 10 -o same.txt --draws-out same.txt");
  EXPECT_EQ(r.code, 64);
  EXPECT_EQ(r.err,
            "metamc: error: --draws-out same.txt and --output same.txt would write to the same "
            "file; give each output its own file\n");
  EXPECT_FALSE(fs::exists(dir_ / "same.txt"));
  // Standard output twice: the report (no --output) and --draws-out -.
  EXPECT_EQ(run_here("fit k.csv --chains 2 --draws 10 --draws-out -").code, 64);
  EXPECT_EQ(run_here("fit k.csv --chains 2 --draws 10 --draws-out /dev/stdout").code, 64);
}

TEST_F(Cli, DashMeansStandardOutputAndStandardInput) {
  write("k.csv", kSmall);
  const Result table = run_here("fit - -o -" + kExact + " < k.csv");
  ASSERT_EQ(table.code, 0) << table.err;
  EXPECT_NE(table.out.find("== all studies: GEN, k = 3"), std::string::npos) << table.out;
  const Result draws = run_here("fit k.csv --chains 2 --draws 10 -o report.txt --draws-out -");
  ASSERT_EQ(draws.code, 0) << draws.err;
  EXPECT_EQ(draws.out.rfind("chain,iteration,mu,tau,tau2,theta_new,theta.1", 0), 0u) << draws.out;
  EXPECT_NE(slurp(dir_ / "report.txt").find("== all studies"), std::string::npos);
}

TEST_F(Cli, StandardOutputDeviceIsWrittenNotReplaced) {
  // /dev/stdout is a link to the descriptor; the report goes there and the link stays.
  write("k.csv", kSmall);
  const Result r = run_here("fit k.csv -o /dev/stdout" + kExact);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("== all studies"), std::string::npos);
  EXPECT_TRUE(S_ISLNK(stat_of("/dev/stdout").st_mode));
}

TEST_F(Cli, SymbolicLinkIsFollowed) {
  write("k.csv", kSmall);
  write("target.txt", "old\n");
  fs::create_symlink("target.txt", dir_ / "link.txt");
  ASSERT_EQ(run_here("fit k.csv -o link.txt" + kExact).code, 0);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.txt"));
  EXPECT_NE(slurp(dir_ / "target.txt").find("== all studies"), std::string::npos);
  // A dangling link names the file to create.
  fs::create_symlink("new.txt", dir_ / "dangling.txt");
  ASSERT_EQ(run_here("fit k.csv -o dangling.txt" + kExact).code, 0);
  EXPECT_TRUE(fs::is_symlink(dir_ / "dangling.txt"));
  EXPECT_NE(slurp(dir_ / "new.txt").find("== all studies"), std::string::npos);
}

TEST_F(Cli, CharacterDeviceIsWrittenThrough) {
  if (::geteuid() != 0) GTEST_SKIP() << "making a device node (mknod) needs root";
  write("k.csv", kSmall);
  // A private null device: the same major/minor numbers as /dev/null.
  ASSERT_EQ(::mknod((dir_ / "fakenull").c_str(), S_IFCHR | 0666, makedev(1, 3)), 0);
  const Result r = run_here("fit k.csv -o fakenull --chains 2 --draws 10 --draws-out fakenull");
  ASSERT_EQ(r.code, 0) << r.err;  // a null device takes several outputs
  EXPECT_TRUE(S_ISCHR(stat_of(dir_ / "fakenull").st_mode));
}

TEST_F(Cli, FifoIsWrittenThrough) {
  write("k.csv", kSmall);
  ASSERT_EQ(::mkfifo((dir_ / "fifo").c_str(), 0600), 0);
  ASSERT_EQ(shell("(timeout 60 cat fifo > got.txt &) && timeout 60 \"$metamc\" fit k.csv -o fifo "
                  "--method exact"),
            0);
  EXPECT_TRUE(S_ISFIFO(stat_of(dir_ / "fifo").st_mode));
  std::string got;
  for (int i = 0; i < 100 && got.find("== all studies") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    got = slurp(dir_ / "got.txt");
  }
  EXPECT_NE(got.find("== all studies"), std::string::npos);
}

TEST_F(Cli, PermissionsOfAnExistingFileAreKept) {
  write("k.csv", kSmall);
  const fs::path secret = write("private.txt", "old\n");
  fs::permissions(secret, fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_EQ(run_here("fit k.csv -o private.txt" + kExact).code, 0);
  EXPECT_EQ(stat_of(secret).st_mode & 07777, 0600u);
  EXPECT_NE(slurp(secret).find("== all studies"), std::string::npos);
}

TEST_F(Cli, ReadOnlyFileIsRefusedUnlessForced) {
  // Root may write anything; a read-only file is still meant to stay as it is.
  write("k.csv", kSmall);
  const fs::path ro = write("ro.txt", "keep\n");
  fs::permissions(ro, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  const Result r = run_here("fit k.csv -o ro.txt" + kExact);
  EXPECT_EQ(r.code, 73);
  EXPECT_EQ(r.err,
            "metamc: error: --output ro.txt: the file is read-only (mode 0444); give --force to "
            "replace it\n");
  EXPECT_EQ(slurp(ro), "keep\n");
  ASSERT_EQ(run_here("fit k.csv -o ro.txt --force" + kExact).code, 0);
  EXPECT_NE(slurp(ro).find("== all studies"), std::string::npos);
  EXPECT_EQ(stat_of(ro).st_mode & 07777, 0444u);
}

TEST_F(Cli, OtherOutputsAreCheckedBeforeTheAnalysis) {
  write("k.csv", kSmall);
  fs::create_directory(dir_ / "sub");
  const Result dir = run_here("fit k.csv -o sub" + kExact);
  EXPECT_EQ(dir.code, 73);
  EXPECT_EQ(dir.err, "metamc: error: --output sub: is a directory\n");
  const Result missing = run_here("fit k.csv --draws-out no/such/d.csv --chains 2 --draws 10");
  EXPECT_EQ(missing.code, 73);
  EXPECT_EQ(missing.err, "metamc: error: --draws-out no/such/d.csv: no such directory 'no/such'\n");
}

TEST_F(Cli, HardLinkedFileIsReplacedUnderItsNameWithAWarning) {
  write("k.csv", kSmall);
  write("h1.txt", "old\n");
  fs::create_hard_link(dir_ / "h1.txt", dir_ / "h2.txt");
  const Result r = run_here("fit k.csv -o h1.txt" + kExact);
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(r.err,
            "metamc: warning: --output h1.txt had 2 names (hard links); only this name gets the "
            "new file\n");
  EXPECT_NE(slurp(dir_ / "h1.txt").find("== all studies"), std::string::npos);
  EXPECT_EQ(slurp(dir_ / "h2.txt"), "old\n");
}

TEST_F(Cli, KilledRunLeavesTheOldFileAndNothingBesideIt) {
  // The draws file is open (unnamed) from the start; kill -9 during a long warmup.
  write("k.csv", kSmall);
  write("draws.csv", "previous draws\n");
  ASSERT_EQ(shell("(\"$metamc\" fit k.csv --chains 2 --warmup 100000000 --draws 10 --threads 1 "
                  "-q --draws-out draws.csv -o report.txt 2>/dev/null & echo $! > pid) && "
                  "sleep 1.5 && kill -9 $(cat pid) && rm pid"),
            0);
  EXPECT_EQ(slurp(dir_ / "draws.csv"), "previous draws\n");
  EXPECT_EQ(files_in(dir_), 2);  // k.csv, draws.csv: no temporary file, no report
}

TEST_F(Cli, DrawsAreStreamedToTheirFileNotHeldAsText) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "AddressSanitizer's shadow and quarantine memory hide the measure";
#endif
  // 16 chains x 20,000 draws of 13 studies: a CSV of about 110 MB. Held as text in memory, as
  // before, the run peaked at several times that.
  const Result r =
      run("fit tests/fixtures/bcg.csv --chains 16 --draws 20000 --warmup 100 -q -o '" +
          (dir_ / "report.txt").string() + "' --draws-out '" + (dir_ / "draws.csv").string() + "'");
  ASSERT_EQ(r.code, 0) << r.err;
  const double file_mib = static_cast<double>(fs::file_size(dir_ / "draws.csv")) / (1 << 20);
  EXPECT_GT(file_mib, 80);
  EXPECT_LT(peak_child_mib(), 0.9 * file_mib) << "peak " << peak_child_mib() << " MiB";
}

}  // namespace
}  // namespace metamc::testing
