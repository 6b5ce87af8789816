// The independence proposal of the collapsed sampler's tau step.
//
// q(u) for u = log tau: the posterior's log density, tabulated at kProposalCells + 1 equally
// spaced nodes and interpolated linearly (a piecewise exponential density), with exponential
// tails beyond the table that decay more slowly than the posterior does. Built once per group on
// the host (build_tau_proposal); every chain, on the CPU or the GPU, samples it by inversion and
// evaluates it for the Metropolis-Hastings ratio. Because q is close to p(u | y), the independence
// sampler accepts nearly every proposal and its draws are nearly independent, with no funnel at
// tau = 0 (docs/mcmc_sota.md, section 1.7).
#ifndef METAMC_MCMC_COLLAPSED_TAU_PROPOSAL_HPP
#define METAMC_MCMC_COLLAPSED_TAU_PROPOSAL_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/model/log_tau_density.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

constexpr int kProposalCells = 512;
// Entries of the guide table that starts the search for a uniform's segment (Chen & Asau 1974;
// Devroye 1986, section III.2.4): a power of two, so that j / kGuideEntries is exact.
constexpr int kGuideEntries = 512;

struct TauProposal {
  double lower = 0;                       // u of the first node
  double width = 0;                       // cell width in u
  double log_q[kProposalCells + 1] = {};  // log density at the nodes, relative to the mode
  // Mass below each segment: [0] = 0, [1] = left tail, [2 + j] = left tail + cells 0..j; the
  // last entry is the total mass including the right tail.
  double cumulative[kProposalCells + 3] = {};
  double left_rate = 0;   // decay rate of the left tail per unit of u; 0 = no left tail
  double right_rate = 0;  // decay rate of the right tail; 0 = no right tail
  // guide[j]: the largest segment s with cumulative[s] <= (j / kGuideEntries) * total mass, where
  // the search for the segment of a uniform in [j, j + 1) / kGuideEntries starts.
  int guide[kGuideEntries] = {};
  double cell_expm1[kProposalCells] = {};  // expm1(log_q[j + 1] - log_q[j]): inverts a cell's CDF
};

/// log q(u) up to the same constant as the table; -infinity where q has no mass.
METAMC_HD inline double proposal_log_density(const TauProposal& q, double u) {
  const double x = (u - q.lower) / q.width;
  if (x < 0) return q.left_rate > 0 ? q.log_q[0] + q.left_rate * (u - q.lower) : -HUGE_VAL;
  if (x >= kProposalCells) {
    const double upper = q.lower + kProposalCells * q.width;
    return q.right_rate > 0 ? q.log_q[kProposalCells] - q.right_rate * (u - upper) : -HUGE_VAL;
  }
  const int j = static_cast<int>(x);
  return q.log_q[j] + (x - j) * (q.log_q[j + 1] - q.log_q[j]);
}

/// A draw from q by inversion of its CDF at `uniform` in (0, 1).
METAMC_HD inline double proposal_sample(const TauProposal& q, double uniform) {
  const double target = uniform * q.cumulative[kProposalCells + 2];
  // Largest segment s in [0, kProposalCells + 1] with cumulative[s] <= target: from the guide
  // entry below the uniform (never past the answer, as rounding is monotone) up, one or two
  // steps on average.
  const int entry = static_cast<int>(uniform * kGuideEntries);  // < kGuideEntries for u < 1
  int low = q.guide[entry < kGuideEntries ? entry : kGuideEntries - 1];
  while (low < kProposalCells + 1 && q.cumulative[low + 1] <= target) ++low;
  const double mass = q.cumulative[low + 1] - q.cumulative[low];
  double fraction = mass > 0 ? (target - q.cumulative[low]) / mass : 0.5;
  fraction = std::fmin(std::fmax(fraction, 1e-300), 1.0);
  if (low == 0) return q.lower + std::log(fraction) / q.left_rate;  // left tail
  const double upper = q.lower + kProposalCells * q.width;
  if (low ==
      kProposalCells + 1)  // right tail: the fraction of its mass below u is 1 - exp(-r(u - upper))
    return upper - std::log(std::fmax(1 - fraction, 1e-300)) / q.right_rate;
  // Cell j: density proportional to exp(slope * x) on [0, width]; invert its CDF.
  const int j = low - 1;
  const double rise = q.log_q[j + 1] - q.log_q[j];
  const double x =
      std::fabs(rise) < 1e-9 ? fraction : std::log1p(fraction * q.cell_expm1[j]) / rise;
  return q.lower + (j + x) * q.width;
}

/// The CDF of q at u, as a fraction of its total mass.
METAMC_HD inline double proposal_cdf(const TauProposal& q, double u) {
  const double total = q.cumulative[kProposalCells + 2];
  const double x = (u - q.lower) / q.width;
  if (x < 0) {
    return q.left_rate > 0 ? q.cumulative[1] * std::exp(q.left_rate * (u - q.lower)) / total : 0;
  }
  if (x >= kProposalCells) {
    if (!(q.right_rate > 0)) return 1;
    const double upper = q.lower + kProposalCells * q.width;
    const double right = q.cumulative[kProposalCells + 2] - q.cumulative[kProposalCells + 1];
    return (total - right * std::exp(-q.right_rate * (u - upper))) / total;
  }
  const int j = static_cast<int>(x);
  const double rise = q.log_q[j + 1] - q.log_q[j];
  const double f = x - j;  // fraction of the cell below u
  const double mass = q.cumulative[j + 2] - q.cumulative[j + 1];
  const double part = std::fabs(rise) < 1e-9 ? f : std::expm1(rise * f) / q.cell_expm1[j];
  return (q.cumulative[j + 1] + mass * part) / total;
}

/// One independence Metropolis-Hastings step of u from q with the uniforms (first: the proposal,
/// second: the acceptance): accepts u* with probability min(1, [p(u*|y) q(u)] / [p(u|y) q(u*)]),
/// log_ratio holding log p(u|y) - log q(u) at the current u. `log_target(u)` gives log p(u | y)
/// up to a constant. Returns whether u moved; NaN or -infinity (outside the prior's support)
/// compare false and are rejected.
template <class LogTarget>
METAMC_HD inline bool independence_step(const TauProposal& q, double proposal_uniform,
                                        double accept_uniform, LogTarget&& log_target, double& u,
                                        double& log_ratio) {
  const double proposed = proposal_sample(q, proposal_uniform);
  const double proposed_ratio = log_target(proposed) - proposal_log_density(q, proposed);
  if (!(std::log(accept_uniform) < proposed_ratio - log_ratio)) return false;
  u = proposed;
  log_ratio = proposed_ratio;
  return true;
}

/// Tabulates the posterior of log tau where its density is above exp(-20) of its maximum.
TauProposal build_tau_proposal(const LogTauDensity& f);
TauProposal build_tau_proposal(const NormalNormalData& d);  // of log_tau_density(d)

}  // namespace metamc

#endif  // METAMC_MCMC_COLLAPSED_TAU_PROPOSAL_HPP
