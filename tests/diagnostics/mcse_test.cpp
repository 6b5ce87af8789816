// MCSEs of the sd and of quantiles against the R package posterior 1.4.0
// (tests/reference/mcse_reference.R) on the fixture chains.
#include "metamc/diagnostics/mcse.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "fixture_chains.hpp"
#include "metamc/data/csv_table.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

TEST(Mcse, AgreesWithPosterior) {
  const CsvTable reference = read_csv(testing::fixture_path("mcse_reference.csv"));
  ASSERT_EQ(reference.rows.size(), 16u);
  for (const CsvRow& row : reference.rows) {
    const DrawsMatrix x = testing::load_chains(row.fields[0]);
    const std::string& what = row.fields[1];
    const double expected = std::stod(row.fields[2]);
    if (what == "sd") {
      EXPECT_NEAR(mcse_sd(x), expected, 1e-10 * expected) << row.fields[0];
      continue;
    }
    const double p = what == "q025" ? 0.025 : what == "q50" ? 0.5 : 0.975;
    // posterior takes Beta quantiles by qbeta, metamc by mean -+ sd: the order statistics may
    // differ by one or two places for chains of low ESS: 3.6% for the sticky set, 0 for the others.
    EXPECT_NEAR(mcse_quantile(x, p), expected, 0.05 * expected) << row.fields[0] << " " << what;
  }
}

}  // namespace
}  // namespace metamc
