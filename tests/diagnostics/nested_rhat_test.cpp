// Nested R-hat against tests/reference/nested_rhat_reference.R (the formula of Margossian et al.
// 2025 written out in R) on the fixture chains of diagnostics_reference.R.
#include "metamc/diagnostics/nested_rhat.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

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

TEST(NestedRhat, FromSumsOfChainMomentsAsFromTheDraws) {
  // Summary mode keeps per superchain only the sums of its chains' means, squared means and
  // variances; nested R-hat from them equals the one from the draws.
  const DrawsMatrix x = testing::load_chains("sticky");
  for (const std::vector<int>& superchain :
       {std::vector<int>{0, 0, 1, 1}, std::vector<int>{0, 1, 1, 1}, std::vector<int>{0, 1, 2, 2}}) {
    const int count = *std::max_element(superchain.begin(), superchain.end()) + 1;
    std::vector<double> sum_means(count), sum_squares(count), sum_variances(count);
    std::vector<int> chains(count);
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const auto k = static_cast<std::size_t>(superchain[static_cast<std::size_t>(j)]);
      const double mean = x.col(j).mean();
      sum_means[k] += mean;
      sum_squares[k] += mean * mean;
      sum_variances[k] +=
          (x.col(j).array() - mean).square().sum() / static_cast<double>(x.rows() - 1);
      ++chains[k];
    }
    std::vector<SuperchainSpread> spread;
    for (std::size_t k = 0; k < sum_means.size(); ++k)
      spread.push_back(
          superchain_spread(sum_means[k], sum_squares[k], sum_variances[k], chains[k]));
    EXPECT_NEAR(nested_rhat(spread), nested_rhat(x, superchain), 1e-12);
  }
  EXPECT_TRUE(std::isnan(nested_rhat(std::vector<SuperchainSpread>(1))));
  EXPECT_TRUE(std::isnan(nested_rhat(std::vector<SuperchainSpread>(3))));  // W = 0
}

}  // namespace
}  // namespace metamc
