// Normal scores of draws for the rank-normalised diagnostics in summary mode.
//
// The rank normalisation of Vehtari et al. (2021) maps each draw to Phi^-1 of its pooled rank;
// ranks need all draws of all chains together. Summary mode keeps no draws, so it maps each draw
// through a CDF known in advance (a plug-in CDF, from the tau proposal) instead of the empirical
// one. Any monotone map serves the diagnostics' purpose (normal scores that are robust to heavy
// tails); tests/mcmc/sinks/summary_sink_test.cpp compares both on the same chains. Host/device
// code: the sinks run it on every draw.
#ifndef METAMC_DIAGNOSTICS_STREAMED_SCORES_HPP
#define METAMC_DIAGNOSTICS_STREAMED_SCORES_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/math/normal.hpp"

namespace metamc {

constexpr int kScorePoints = 512;

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

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_STREAMED_SCORES_HPP
