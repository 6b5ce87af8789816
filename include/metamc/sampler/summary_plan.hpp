// What the summary mode of the samplers needs to know about a group before it runs: histogram
// ranges for the quantiles, and approximate posterior CDFs of mu and tau for the normal scores of
// the bulk and tail diagnostics. Built on the host from the tau proposal (which is close to the
// posterior), copied as plain data to wherever the chains run.
//
// Why a plug-in CDF: the rank normalisation of Vehtari et al. (2021) maps each draw to
// Phi^-1 of its pooled rank; ranks need all draws of all chains together. Summary mode keeps no
// draws, so it maps each draw through a CDF known in advance, F(x) from the proposal, instead of
// the empirical one. Any monotone map serves the diagnostics' purpose (normal scores that are
// robust to heavy tails); tests/sampler/chain_summary_test.cpp compares both on the same chains.
#ifndef METAMC_SAMPLER_SUMMARY_PLAN_HPP
#define METAMC_SAMPLER_SUMMARY_PLAN_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/math/normal.hpp"
#include "metamc/sampler/tau_proposal.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

constexpr int kScorePoints = 512;
constexpr int kHistogramBins = 1024;  // plus one underflow and one overflow bin

/// A CDF tabulated on a grid uniform in x (or in log x), linear in between.
struct CdfTable {
  double lower = 0, step = 1;
  bool log_scale = false;
  double value[kScorePoints] = {};

  METAMC_HD double operator()(double x) const {
    if (log_scale) {
      if (x <= 0) return 0;
      x = std::log(x);
    }
    const double position = (x - lower) / step;
    if (!(position > 0)) return value[0] * (position == 0);
    if (position >= kScorePoints - 1) return value[kScorePoints - 1];
    const int j = static_cast<int>(position);
    return value[j] + (position - j) * (value[j + 1] - value[j]);
  }
};

/// A scalar whose bulk and tail diagnostics are streamed.
struct DiagnosedScalar {
  CdfTable cdf;
  double median = 0, q05 = 0, q95 = 0;
  double reference = 0;  // subtracted before accumulating sums, against cancellation
};

/// kHistogramBins equal bins over [lower, lower + kHistogramBins width).
struct BinGrid {
  double lower = 0, width = 1;

  /// 0 = underflow, 1..kHistogramBins, kHistogramBins + 1 = overflow.
  METAMC_HD int bin(double x) const {
    const double position = (x - lower) / width;
    if (!(position >= 0)) return 0;
    if (position >= kHistogramBins) return kHistogramBins + 1;
    return 1 + static_cast<int>(position);
  }
};

struct SummaryPlan {
  DiagnosedScalar mu, tau;
  BinGrid mu_bins, log_tau_bins, pred_bins;  // theta_i bins are kept apart (k varies)
  bool lower_is_better = true;
  bool has_threshold = false;
  double threshold = 0;  // analysis scale
};

/// Normal score of x under `cdf`, with the CDF kept inside [1/(2S), 1 - 1/(2S)] as the extreme
/// ranks of S draws are.
METAMC_HD inline double normal_score(const CdfTable& cdf, double x, double draws) {
  const double edge = 0.5 / draws;
  double p = cdf(x);
  p = p < edge ? edge : (p > 1 - edge ? 1 - edge : p);
  return standard_normal_quantile(p);
}

/// Normal score of |x - median| under the folded CDF F(m + t) - F(m - t).
METAMC_HD inline double folded_score(const DiagnosedScalar& s, double x, double draws) {
  const double t = std::fabs(x - s.median);
  const double edge = 0.5 / draws;
  double p = s.cdf(s.median + t) - s.cdf(s.median - t);
  p = p < edge ? edge : (p > 1 - edge ? 1 - edge : p);
  return standard_normal_quantile(p);
}

/// Builds the plan of a group; theta_bins receives k grids for the shrunken effects.
SummaryPlan build_summary_plan(const NormalNormalData& d, const TauProposal& q,
                               bool lower_is_better, const double* threshold, BinGrid* theta_bins);

}  // namespace metamc

#endif  // METAMC_SAMPLER_SUMMARY_PLAN_HPP
