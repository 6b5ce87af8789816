// Streaming half-chain statistics against the diagnostics computed from all draws
// (diagnostics_test.cpp checks those against the R package posterior).
#include "metamc/diagnostics/streamed_diagnostics.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "fixture_chains.hpp"
#include "metamc/diagnostics/ess.hpp"
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
