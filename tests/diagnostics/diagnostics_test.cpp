// R-hat, ESS and MCSE against the R package posterior 1.4.0 on fixed chains.
//
// Chains and expected values: tests/fixtures/chains_*.csv and diagnostics_reference.csv, written
// by tests/reference/diagnostics_reference.R (R 4.2.2). The four sets cover good mixing, strong
// autocorrelation with a shifted chain, odd chain length with heavy tails and negative
// autocorrelation (ESS above the number of draws), and ties.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "fixture_chains.hpp"
#include "metamc/diagnostics/convergence.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/rhat.hpp"
#include "metamc/rng/random_variates.hpp"
#include "test_paths.hpp"

namespace metamc {
namespace {

using testing::load_chains;

double compute(const DrawsMatrix& x, const std::string& quantity) {
  if (quantity == "rhat") return rhat(x);
  if (quantity == "rhat_basic") return rhat_basic(split_chains(x));  // posterior splits by default
  if (quantity == "ess_bulk") return ess_bulk(x);
  if (quantity == "ess_tail") return ess_tail(x);
  if (quantity == "ess_mean") return ess_mean(x);
  if (quantity == "ess_basic") return ess_basic(split_chains(x));
  if (quantity == "mcse_mean") return mcse_mean(x);
  if (quantity == "q05") return quantile(x, 0.05);
  return quantile(x, 0.5);
}

TEST(Diagnostics, AgreeWithPosteriorPackage) {
  const CsvTable reference = read_csv(testing::fixture_path("diagnostics_reference.csv"));
  std::map<std::string, DrawsMatrix> sets;
  for (const CsvRow& row : reference.rows) {
    const std::string& set = row.fields[0];
    if (!sets.count(set)) sets[set] = load_chains(set);
    const double want = std::stod(row.fields[2]);
    const double got = compute(sets[set], row.fields[1]);
    // FFT and direct sums differ only by rounding.
    EXPECT_NEAR(got, want, 1e-10 * std::fabs(want)) << set << " " << row.fields[1];
  }
  EXPECT_EQ(sets.size(), 4u);
}

TEST(Diagnostics, CombinedConvergenceEqualsTheSeparateDiagnostics) {
  for (const char* set : {"mixed", "sticky", "odd_heavy", "ties"}) {
    const DrawsMatrix x = load_chains(set);
    const Convergence c = convergence(x);
    // The combined form reads the split chains in another order: equal up to summation order.
    EXPECT_NEAR(c.rhat, rhat(x), 1e-13 * rhat(x)) << set;
    EXPECT_NEAR(c.ess_bulk, ess_bulk(x), 1e-13 * ess_bulk(x)) << set;
    EXPECT_NEAR(c.ess_tail, ess_tail(x), 1e-13 * ess_tail(x)) << set;
  }
}

TEST(Diagnostics, RhatOfScoresEqualsRhatOfTheScoresMatrix) {
  for (const char* set : {"mixed", "sticky", "odd_heavy", "ties"}) {
    const DrawsMatrix split = split_chains(load_chains(set));
    const SortedDraws sorted = sort_draws(split);
    const auto scores_matrix = [&](const SortedDraws& s) {
      const WorkArray<double> z = z_scale(s);
      return DrawsMatrix(Eigen::Map<const DrawsMatrix>(z.data(), split.rows(), split.cols()));
    };
    const double want = rhat_basic(scores_matrix(sorted));
    EXPECT_NEAR(rhat_of_scores(sorted, split.rows()), want, 1e-13 * want) << set;
    // The folded draws, whose ties come from both sides of the centre.
    const SortedDraws folded = fold_sorted(sorted, sorted_quantile(sorted.values, 0.5));
    const double want_folded = rhat_basic(scores_matrix(folded));
    EXPECT_NEAR(rhat_of_scores(folded, split.rows()), want_folded, 1e-13 * want_folded) << set;
  }
}

TEST(Diagnostics, RhatFromTheEssMomentsEqualsRhatBasic) {
  // convergence() takes the bulk R-hat from the chain means and variances that the bulk ESS
  // computed; here against rhat_basic of the same scores, on draws and on their normal scores.
  for (const char* set : {"mixed", "sticky", "odd_heavy", "ties"}) {
    const DrawsMatrix split = split_chains(load_chains(set));
    for (const DrawsMatrix& x : {split, z_scale(split)}) {
      ChainMoments moments;
      ess_basic(x, &moments);
      const double want = rhat_basic(x);
      EXPECT_NEAR(rhat_from_moments(moments), want, 1e-14 * want) << set;
    }
  }
}

TEST(Diagnostics, SplitChainsDropsTheMiddleDrawOfOddChains) {
  DrawsMatrix x(5, 1);
  x << 1, 2, 3, 4, 5;
  const DrawsMatrix s = split_chains(x);
  ASSERT_EQ(s.rows(), 2);
  ASSERT_EQ(s.cols(), 2);
  EXPECT_EQ(s(0, 1), 4);
  EXPECT_EQ(s(1, 1), 5);
}

TEST(Diagnostics, ConstantDrawsHaveNoDiagnostics) {
  const DrawsMatrix x = DrawsMatrix::Constant(100, 4, 0.3);
  EXPECT_TRUE(std::isnan(rhat(x)));
  EXPECT_TRUE(std::isnan(ess_bulk(x)));
}

TEST(Diagnostics, IndependentDrawsHaveEssNearTheirNumber) {
  // 4 chains of 1000 independent normals from the project's Philox stream.
  DrawsMatrix x(1000, 4);
  const PhiloxKey key = seed_key(7);
  for (Eigen::Index j = 0; j < 4; ++j)
    for (Eigen::Index i = 0; i < 1000; ++i)
      x(i, j) = normal_pair(random_words(key, 0, static_cast<std::uint32_t>(j),
                                         static_cast<std::uint32_t>(i), 0))
                    .first;
  // ESS of 4000 iid draws: its sampling sd is roughly 4000 * sqrt(2 / 1000) / 2 ~ 90.
  EXPECT_NEAR(ess_bulk(x), 4000, 400);
  EXPECT_LT(rhat(x), 1.01);
}

}  // namespace
}  // namespace metamc
