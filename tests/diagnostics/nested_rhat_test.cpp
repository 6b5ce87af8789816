// Nested R-hat against tests/reference/nested_rhat_reference.R (the formula of Margossian et al.
// 2025 written out in R) on the fixture chains of diagnostics_reference.R.
#include "metamc/diagnostics/nested_rhat.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "fixture_chains.hpp"
#include "metamc/data/csv_table.hpp"
#include "metamc/text.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

TEST(NestedRhat, AgreesWithTheReferenceFormulaInR) {
  const CsvTable reference = read_csv(testing::fixture_path("nested_rhat_reference.csv"));
  ASSERT_EQ(reference.rows.size(), 6u);
  for (const CsvRow& row : reference.rows) {
    std::vector<int> superchain;
    for (const std::string& k : split(row.fields[1], ' ')) superchain.push_back(std::stoi(k));
    const double expected = std::stod(row.fields[2]);
    EXPECT_NEAR(nested_rhat(testing::load_chains(row.fields[0]), superchain), expected,
                1e-12 * expected)
        << row.fields[0] << " " << row.fields[1];
  }
}

TEST(NestedRhat, SeesSuperchainsThatHaveNotMixed) {
  // The sticky set's fourth chain is shifted: with it in a superchain of its own kind, nested
  // R-hat flags it (1.07); spread over both superchains, less so.
  const DrawsMatrix x = testing::load_chains("sticky");
  EXPECT_GT(nested_rhat(x, {0, 0, 1, 1}), 1.05);
  EXPECT_TRUE(std::isnan(nested_rhat(x, {0, 0, 0, 0})));  // one superchain: undefined
}

}  // namespace
}  // namespace metamc
