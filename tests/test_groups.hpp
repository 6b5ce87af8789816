// Groups of the bundled and fixture data used by the sampler tests.
#ifndef METAMC_TESTS_TEST_GROUPS_HPP
#define METAMC_TESTS_TEST_GROUPS_HPP

#include <string>
#include <vector>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/text.hpp"
#include "test_paths.hpp"

namespace metamc::testing {

/// The group described as `group` of the CSV file at `path` read with --by `by` (';'-separated).
inline Group load_group(const std::string& path, const std::string& by, const std::string& group) {
  StudyReaderOptions options;
  if (!by.empty()) options.by = split(by, ';');
  std::vector<std::string> warnings;
  for (const Group& g : read_groups(read_csv(path), options, warnings))
    if (describe(g.key) == group) return g;
  throw std::runtime_error("no group " + group + " in " + path);
}

inline Group isatuximab(const std::string& setting, const std::string& outcome,
                        const std::string& subgroup = "all") {
  return load_group(source_dir() + "/data/isatuximab.csv", "setting;outcome;subgroup",
                    "setting=" + setting + ", outcome=" + outcome + ", subgroup=" + subgroup);
}

inline Group fixture(const std::string& name) {
  return load_group(fixture_path(name + ".csv"), "", "all studies");
}

}  // namespace metamc::testing

#endif  // METAMC_TESTS_TEST_GROUPS_HPP
