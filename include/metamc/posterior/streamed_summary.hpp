// Posterior summaries and diagnostics from a group's streamed summary (summary mode).
//
// Means, standard deviations and probabilities come from the chains' sums, exactly as from the
// draws; quantiles and the shrunken means from histograms of 1024 bins over +-6 conditional sds
// (linear within a bin); R-hat and bulk/tail ESS from the half-chain lagged moments of the normal
// scores (diagnostics/streamed_scores.hpp) and of the tail indicators; HMC's nested R-hat from the
// sums of each superchain's chain means and variances.
#ifndef METAMC_POSTERIOR_STREAMED_SUMMARY_HPP
#define METAMC_POSTERIOR_STREAMED_SUMMARY_HPP

#include "metamc/mcmc/sinks/group_summary.hpp"
#include "metamc/posterior/posterior_summary.hpp"
#include "models/model_kind.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

/// `model`: the group's, for the notes (posterior_notes.hpp); d is the normal-normal model of its
/// effects.
BayesResult summarise_streamed(const GroupSummary& summary, const GroupPlan& plan,
                               const NormalNormalData& d, double level, ModelKind model);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_STREAMED_SUMMARY_HPP
