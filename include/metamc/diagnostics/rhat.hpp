// Potential scale reduction factors.
#ifndef METAMC_DIAGNOSTICS_RHAT_HPP
#define METAMC_DIAGNOSTICS_RHAT_HPP

#include "metamc/diagnostics/draws.hpp"
#include "metamc/diagnostics/ess.hpp"

namespace metamc {

/// Classic R-hat of the given chains (Gelman & Rubin 1992, BDA3 eq. 11.4):
/// sqrt((B/W + N - 1) / N) with B = N var(chain means), W = mean within-chain variance.
/// NaN when the draws are constant.
double rhat_basic(const DrawsView& x);

/// sqrt((B/W + N - 1) / N) from the chains' moments: B = N var(chain means), W the mean
/// within-chain variance. NaN for fewer than two chains or two draws a chain.
double rhat_from_moments(const ChainMoments& m);

/// rhat_basic of the normal scores of `sorted`, draws of chains of `rows` draws each, without
/// the scores matrix: each chain's sums of scores and of their squares gathered in rank order.
double rhat_of_scores(const SortedDraws& sorted, Eigen::Index rows);

/// Rank-normalised split R-hat: the larger of the bulk R-hat of z_scale(split(x)) and the tail
/// R-hat of z_scale(split(fold(x))) (Vehtari et al. 2021; posterior::rhat).
double rhat(const DrawsView& x);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_RHAT_HPP
