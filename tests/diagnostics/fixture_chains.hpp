// Chains written by tests/reference/diagnostics_reference.R, one column per chain.
#ifndef METAMC_TESTS_DIAGNOSTICS_FIXTURE_CHAINS_HPP
#define METAMC_TESTS_DIAGNOSTICS_FIXTURE_CHAINS_HPP

#include <string>

#include "metamc/data/csv_table.hpp"
#include "metamc/diagnostics/draws.hpp"
#include "test_paths.hpp"

namespace metamc::testing {

inline DrawsMatrix load_chains(const std::string& name) {
  const CsvTable t = read_csv(testing::fixture_path("chains_" + name + ".csv"));
  DrawsMatrix x(static_cast<Eigen::Index>(t.rows.size()),
                static_cast<Eigen::Index>(t.header.size()));
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    for (std::size_t j = 0; j < t.header.size(); ++j)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          std::stod(t.rows[i].fields[j]);
  return x;
}

}  // namespace metamc::testing

#endif  // METAMC_TESTS_DIAGNOSTICS_FIXTURE_CHAINS_HPP
