// R-hat and ESS from the half-chain summaries of lagged_moments.hpp, summed over chains.
#ifndef METAMC_DIAGNOSTICS_STREAMED_DIAGNOSTICS_HPP
#define METAMC_DIAGNOSTICS_STREAMED_DIAGNOSTICS_HPP

#include "metamc/diagnostics/ess.hpp"
#include "metamc/diagnostics/lagged_moments.hpp"

namespace metamc {

/// Sums over the half-chains of one sequence: what the diagnostics need of all chains together.
struct SequenceTotals {
  double chains = 0;                      // number of half-chains (2 per chain: the split)
  double length = 0;                      // draws per half-chain
  double sum_mean = 0;                    // sum of the half-chain means
  double sum_mean_sq = 0;                 // sum of their squares
  double sum_acov[kStreamLags + 1] = {};  // sums of the lag 0..L autocovariances

  void add(const LagSummary& s) {
    chains += 1;
    sum_mean += s.mean;
    sum_mean_sq += s.mean * s.mean;
    for (int l = 0; l <= kStreamLags; ++l) sum_acov[l] += s.acov[l];
  }
};

/// The classic R-hat of the half-chains (rhat_basic of the split chains). NaN when constant.
double streamed_rhat(const SequenceTotals& t);

/// ess_basic of the half-chains from the first kStreamLags autocovariances; `truncated` when
/// Geyer's sequence needed more lags.
EssEstimate streamed_ess(const SequenceTotals& t);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_STREAMED_DIAGNOSTICS_HPP
