// Runs the metamc executable in a private temporary directory: exit code, standard output and
// standard error, and the peak memory of the commands run.
#ifndef METAMC_TESTS_CLI_CLI_FIXTURE_HPP
#define METAMC_TESTS_CLI_CLI_FIXTURE_HPP

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "test_paths.hpp"

namespace metamc::testing {

namespace fs = std::filesystem;

struct Result {
  int code;
  std::string out, err;
};

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The bundled analysis of README.
inline const std::string kMainJob = "fit data/isatuximab.csv --by setting,outcome,subgroup";

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("metamc_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(dir_, ignored);
  }

  /// Runs `metamc args` from the source directory (where data/ and tests/fixtures/ are).
  Result run(const std::string& args) const { return run_in(source_dir(), args); }

  /// Runs `metamc args` in the test's own directory, where write() puts files.
  Result run_here(const std::string& args) const { return run_in(dir_.string(), args); }

  /// Runs a shell command line in the test's directory; `metamc` names the executable.
  int shell(const std::string& command) const {
    const std::string line =
        "cd '" + dir_.string() + "' && export metamc='" + metamc_binary() + "' && " + command;
    const int status = std::system(line.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  fs::path write(const std::string& name, const std::string& content) const {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return dir_ / name;
  }

  /// Peak resident memory, in MiB, of the largest command this test has run so far.
  static double peak_child_mib() {
    struct rusage usage {};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024;
  }

  fs::path dir_;

 private:
  Result run_in(const std::string& where, const std::string& args) const {
    const fs::path out = dir_ / ".stdout", err = dir_ / ".stderr";
    const std::string command = "cd '" + where + "' && '" + metamc_binary() + "' " + args + " >'" +
                                out.string() + "' 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
  }
};

}  // namespace metamc::testing

#endif  // METAMC_TESTS_CLI_CLI_FIXTURE_HPP
