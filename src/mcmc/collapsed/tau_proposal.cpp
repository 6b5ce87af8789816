#include "metamc/mcmc/collapsed/tau_proposal.hpp"

#include <algorithm>

#include "metamc/model/log_tau_range.hpp"

namespace metamc {
namespace {

constexpr double kDrop = 20;  // table range: where the density is above exp(-20) of its max
constexpr double kTailSlowdown = 0.5;  // the tails decay at half the posterior's asymptotic rate

// Mass of a cell whose log density rises linearly by `rise` from `log_start` over `width`.
double cell_mass(double log_start, double rise, double width) {
  const double relative = std::fabs(rise) < 1e-9 ? 1 + rise / 2 : std::expm1(rise) / rise;
  return std::exp(log_start) * width * relative;
}

}  // namespace

TauProposal build_tau_proposal(const NormalNormalData& d) {
  return build_tau_proposal(log_tau_density(d));
}

TauProposal build_tau_proposal(const LogTauDensity& f) {
  const LogTauRange range = find_log_tau_range(f, kDrop);
  TauProposal q;
  q.lower = range.lower;
  q.width = (range.upper - range.lower) / kProposalCells;
  for (int j = 0; j <= kProposalCells; ++j)
    q.log_q[j] = f.at(q.lower + j * q.width) - range.log_density_max;

  // Left of the table the posterior of u decays at least like exp(u) (the prior density at tau = 0
  // is finite); right of it like exp(-(L + t - 1) u), L the likelihood's decay, t the prior's
  // tail exponent (posterior/posterior_moments.hpp). Slower-decaying tails keep p / q bounded.
  const double right_decay = f.likelihood_decay + tau_prior_tail_exponent(f.prior) - 1;
  q.left_rate = range.lower_is_support_bound ? 0 : kTailSlowdown;
  q.right_rate = range.upper_is_support_bound ? 0 : kTailSlowdown * std::min(1.0, right_decay);

  q.cumulative[0] = 0;
  q.cumulative[1] = q.left_rate > 0 ? std::exp(q.log_q[0]) / q.left_rate : 0;
  for (int j = 0; j < kProposalCells; ++j) {
    q.cumulative[j + 2] =
        q.cumulative[j + 1] + cell_mass(q.log_q[j], q.log_q[j + 1] - q.log_q[j], q.width);
    q.cell_expm1[j] = std::expm1(q.log_q[j + 1] - q.log_q[j]);
  }
  q.cumulative[kProposalCells + 2] =
      q.cumulative[kProposalCells + 1] +
      (q.right_rate > 0 ? std::exp(q.log_q[kProposalCells]) / q.right_rate : 0);

  int segment = 0;
  for (int j = 0; j < kGuideEntries; ++j) {
    const double target =
        (static_cast<double>(j) / kGuideEntries) * q.cumulative[kProposalCells + 2];
    while (segment < kProposalCells + 1 && q.cumulative[segment + 1] <= target) ++segment;
    q.guide[j] = segment;
  }
  return q;
}

}  // namespace metamc
