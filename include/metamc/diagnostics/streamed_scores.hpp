// Normal scores of draws for the rank-normalised diagnostics in summary mode.
//
// The rank normalisation of Vehtari et al. (2021) maps each draw to Phi^-1 of its pooled rank;
// ranks need all draws of all chains together. Summary mode keeps no draws, so it maps each draw
// through a CDF known in advance (a plug-in CDF, from the tau proposal) instead of the empirical
// one, and then through Phi^-1, both tabulated once. Any monotone map serves the diagnostics'
// purpose (normal scores that are robust to heavy tails); tests/mcmc/sinks/summary_sink_test.cpp
// compares both on the same chains. Host/device code: the sinks run it on every draw.
#ifndef METAMC_DIAGNOSTICS_STREAMED_SCORES_HPP
#define METAMC_DIAGNOSTICS_STREAMED_SCORES_HPP

#include "metamc/host_device.hpp"
#include "metamc/math/normal.hpp"

namespace metamc {

constexpr int kScorePoints = 512;  // grid points of a score table

/// Normal scores tabulated on a grid uniform in x (or in log x), linear in between: the bulk score
/// Phi^-1(F(x)) and the folded score Phi^-1(F(m + t) - F(m - t)) of t = |x - m| about the median
/// m. Tabulating the scores rather than the CDF spares every draw a Phi^-1 (and, for tau, a log);
/// both maps stay monotone, the folded one in t on either side of m, which is all the
/// diagnostics ask of them. The grid is in the coordinate of the CDF table (x, or log x).
struct ScoreTable {
  double lower = 0, step = 1;
  double inverse_step = 1;  // 1 / step: every draw is scored, by a multiplication

  /// The grid's start and step (and so its inverse step).
  void set_grid(double grid_lower, double grid_step) {
    lower = grid_lower;
    step = grid_step;
    inverse_step = 1 / grid_step;
  }
  double bulk[kScorePoints] = {};
  double folded[kScorePoints] = {};
};

/// The bulk and folded scores of one draw.
struct DrawScores {
  double bulk, folded;
};

/// The scores at `coordinate` (x, or log x for a table in log x), kept within [-limit, limit]:
/// limit = Phi^-1(1 - 1/(2S)), the score of the most extreme rank of S draws. Beyond the grid,
/// the extreme scores.
METAMC_HD inline DrawScores scores_at(const ScoreTable& t, double coordinate, double limit) {
  const double position = (coordinate - t.lower) * t.inverse_step;
  if (!(position >= 0)) return {-limit, limit};
  if (position >= kScorePoints - 1) return {limit, limit};
  const int j = static_cast<int>(position);
  const double f = position - j;
  const double bulk = t.bulk[j] + f * (t.bulk[j + 1] - t.bulk[j]);
  const double folded = t.folded[j] + f * (t.folded[j + 1] - t.folded[j]);
  return {bulk < -limit ? -limit : (bulk > limit ? limit : bulk), folded > limit ? limit : folded};
}

/// The score of the most extreme rank of S draws, Phi^-1(1 - 1/(2S)), computed as -Phi^-1(1/(2S)).
METAMC_HD inline double extreme_score(double draws) {
  return -standard_normal_quantile(0.5 / draws);
}

/// A scalar whose bulk and tail diagnostics are streamed.
struct DiagnosedScalar {
  ScoreTable scores;
  double median = 0, q05 = 0, q95 = 0;
  double reference = 0;  // subtracted before accumulating sums, against cancellation
};

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_STREAMED_SCORES_HPP
