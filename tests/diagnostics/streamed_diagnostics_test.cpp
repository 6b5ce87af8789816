// Streaming half-chain statistics against the diagnostics computed from all draws
// (diagnostics_test.cpp checks those against the R package posterior).
#include "metamc/diagnostics/streamed_diagnostics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "fixture_chains.hpp"
#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/lagged_indicator.hpp"
#include "metamc/diagnostics/rhat.hpp"

namespace metamc {
namespace {

using testing::load_chains;

// Streams each half of each chain, as the samplers' summary mode does.
SequenceTotals stream(const DrawsMatrix& x) {
  const DrawsMatrix halves = split_chains(x);
  SequenceTotals totals;
  totals.length = static_cast<double>(halves.rows());
  for (Eigen::Index j = 0; j < halves.cols(); ++j) {
    LaggedMoments m;
    for (Eigen::Index i = 0; i < halves.rows(); ++i) m.add(halves(i, j));
    totals.add(m.finish());
  }
  return totals;
}

TEST(LaggedMoments, AutocovariancesEqualTheFftOnes) {
  const DrawsMatrix x = load_chains("sticky");
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    LaggedMoments m;
    for (Eigen::Index i = 0; i < x.rows(); ++i) m.add(x(i, j));
    const LagSummary s = m.finish();
    const std::vector<double> exact = autocovariance(x.col(j));
    EXPECT_NEAR(s.mean, x.col(j).mean(), 1e-12);
    for (int l = 0; l <= kStreamLags; ++l)
      EXPECT_NEAR(s.acov[l], exact[static_cast<std::size_t>(l)], 1e-10 * exact[0]) << l;
  }
}

TEST(LaggedMoments, ShortSequences) {
  LaggedMoments m;
  for (double v : {1.0, 3.0, 2.0}) m.add(v);
  const LagSummary s = m.finish();
  EXPECT_DOUBLE_EQ(s.mean, 2);
  EXPECT_NEAR(s.acov[0], 2.0 / 3, 1e-15);
  EXPECT_NEAR(s.acov[1], ((1 - 2) * (3 - 2) + (3 - 2) * (2 - 2)) / 3.0, 1e-15);
  EXPECT_NEAR(s.acov[2], ((1 - 2) * (2 - 2)) / 3.0, 1e-15);
}

// The counts of a 0/1 sequence give LaggedMoments' summary of it exactly: sequences shorter than
// the lags, around the 255 adds after which the byte counters move, and long runs of ones (every
// byte counter up to 255 between two moves).
TEST(LaggedIndicator, SummaryOfLaggedMomentsBitForBit) {
  std::mt19937_64 engine(7);
  for (double share : {0.05, 0.5, 0.95, 1.0}) {
    std::bernoulli_distribution draw(share);
    for (int length : {0, 1, 2, 7, 8, 9, 254, 255, 256, 510, 511, 1000, 50000}) {
      LaggedMoments values;
      LaggedIndicator indicator;
      for (int t = 0; t < length; ++t) {
        const bool one = draw(engine);
        values.add(one ? 1.0 : 0.0);
        indicator.add(one);
      }
      const LagSummary expected = values.finish(), got = indicator.finish();
      EXPECT_EQ(indicator.count(), length);
      EXPECT_EQ(got.mean, expected.mean) << share << " " << length;
      for (int l = 0; l <= kStreamLags; ++l)
        EXPECT_EQ(got.acov[l], expected.acov[l]) << share << " " << length << " lag " << l;
    }
  }
}

// A hand count: 1 1 0 1 has 3 ones, pairs of ones 1 apart: 1, 2 apart: 1, 3 apart: 1.
TEST(LaggedIndicator, CountsPairsOfOnes) {
  LaggedIndicator indicator;
  for (bool one : {true, true, false, true}) indicator.add(one);
  const LagSummary s = indicator.finish();
  const double mean = 0.75, n = 4;
  EXPECT_DOUBLE_EQ(s.mean, mean);
  EXPECT_DOUBLE_EQ(s.acov[0], (3 - n * mean * mean) / n);
  // gamma_l = [P_l - mean (2 S - F_l - B_l) + (n - l) mean^2] / n, F_l and B_l the sums of the
  // first and the last l values.
  EXPECT_DOUBLE_EQ(s.acov[1], (1 - mean * (6 - 1 - 1) + 3 * mean * mean) / n);
  EXPECT_DOUBLE_EQ(s.acov[2], (1 - mean * (6 - 2 - 1) + 2 * mean * mean) / n);
  EXPECT_DOUBLE_EQ(s.acov[3], (1 - mean * (6 - 2 - 2) + 1 * mean * mean) / n);
}

TEST(StreamedDiagnostics, RhatEqualsTheSplitRhat) {
  for (const char* set : {"mixed", "sticky", "odd_heavy", "ties"}) {
    const DrawsMatrix x = load_chains(set);
    EXPECT_NEAR(streamed_rhat(stream(x)), rhat_basic(split_chains(x)), 1e-12) << set;
  }
}

TEST(StreamedDiagnostics, EssEqualsTheSplitEssWhenGeyerStopsEarly) {
  // Autocorrelation 0.3 and -0.3 at lag 1: Geyer's sequence ends within 8 lags.
  for (const char* set : {"mixed", "odd_heavy"}) {
    const DrawsMatrix x = load_chains(set);
    const EssEstimate e = streamed_ess(stream(x));
    ASSERT_FALSE(e.truncated) << set;
    EXPECT_NEAR(e.ess, ess_mean(x), 1e-9 * ess_mean(x)) << set;
  }
}

TEST(StreamedDiagnostics, EssIsFlaggedWhenMoreLagsAreNeeded) {
  // AR(1) with phi = 0.95: autocorrelation persists well beyond 8 lags.
  const EssEstimate e = streamed_ess(stream(load_chains("sticky")));
  EXPECT_TRUE(e.truncated);
  EXPECT_GT(e.ess, ess_mean(load_chains("sticky")));  // too few lags overstate the ESS
}

}  // namespace
}  // namespace metamc
