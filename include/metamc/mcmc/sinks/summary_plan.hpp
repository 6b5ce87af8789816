// What the summary mode of the samplers needs to know about a group before it runs: histogram
// ranges for the quantiles, and approximate posterior CDFs of mu and tau for the normal scores of
// the bulk and tail diagnostics (diagnostics/streamed_scores.hpp). Built on the host from the tau
// proposal (which is close to the posterior), copied as plain data to wherever the chains run.
#ifndef METAMC_MCMC_SINKS_SUMMARY_PLAN_HPP
#define METAMC_MCMC_SINKS_SUMMARY_PLAN_HPP

#include "metamc/diagnostics/streamed_scores.hpp"
#include "metamc/host_device.hpp"
#include "metamc/mcmc/collapsed/tau_proposal.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

constexpr int kHistogramBins = 1024;  // plus one underflow and one overflow bin

/// kHistogramBins equal bins over [lower, lower + kHistogramBins width).
struct BinGrid {
  double lower = 0, width = 1;
  double inverse_width = 1;  // every draw is binned: a multiplication rather than a division

  BinGrid() = default;
  METAMC_HD BinGrid(double grid_lower, double bin_width)
      : lower(grid_lower), width(bin_width), inverse_width(1 / bin_width) {}

  /// 0 = underflow, 1..kHistogramBins, kHistogramBins + 1 = overflow.
  METAMC_HD int bin(double x) const {
    const double position = (x - lower) * inverse_width;
    if (!(position >= 0)) return 0;
    if (position >= kHistogramBins) return kHistogramBins + 1;
    return 1 + static_cast<int>(position);
  }
};

struct SummaryPlan {
  DiagnosedScalar mu, tau;
  BinGrid mu_bins, log_tau_bins, pred_bins;  // theta_i bins are kept apart (k varies)
  bool has_threshold = false;                // P(mu beyond a threshold) is asked for
};

/// Builds the plan of a group; theta_bins receives k grids for the shrunken effects.
SummaryPlan build_summary_plan(const NormalNormalData& d, const TauProposal& q, bool has_threshold,
                               BinGrid* theta_bins);

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_SUMMARY_PLAN_HPP
