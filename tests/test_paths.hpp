// Where the tests find the project's files and the metamc executable: the environment variables
// METAMC_SOURCE_DIR and METAMC_BINARY when set (binaries carried to a copy of the checkout on
// another machine, as scripts/gpu_check.sh does), else the paths the build was configured with.
#ifndef METAMC_TESTS_TEST_PATHS_HPP
#define METAMC_TESTS_TEST_PATHS_HPP

#include <cstdlib>
#include <string>

namespace metamc::testing {

inline std::string from_environment(const char* name, const char* configured) {
  const char* value = std::getenv(name);
  return value && *value ? value : configured;
}

/// The project's root: data/, tests/fixtures/ and scripts/ are below it.
inline std::string source_dir() {
  return from_environment("METAMC_SOURCE_DIR", METAMC_CONFIGURED_SOURCE_DIR);
}

/// A file of tests/fixtures/.
inline std::string fixture_path(const std::string& name) {
  return source_dir() + "/tests/fixtures/" + name;
}

/// The metamc executable the CLI tests run.
inline std::string metamc_binary() {
  return from_environment("METAMC_BINARY", METAMC_CONFIGURED_BINARY);
}

}  // namespace metamc::testing

#endif  // METAMC_TESTS_TEST_PATHS_HPP
