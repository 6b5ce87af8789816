// Draws of one scalar from several chains, and the transformations the diagnostics share.
//
// Formulas follow the R package posterior 1.4.0 (Vehtari, Gelman, Simpson, Carpenter & Buerkner
// 2021, "Rank-normalization, folding, and localization: an improved R-hat", Bayesian Analysis
// 16(2):667-718), so that results can be checked against it.
#ifndef METAMC_DIAGNOSTICS_DRAWS_HPP
#define METAMC_DIAGNOSTICS_DRAWS_HPP

#include <Eigen/Core>
#include <cstdint>
#include <memory>
#include <vector>

#include "metamc/math/normal.hpp"
#include "metamc/memory/huge_page_pool.hpp"

namespace metamc {

/// One column per chain, one row per iteration.
using DrawsMatrix = Eigen::MatrixXd;
using DrawsView = Eigen::Ref<const Eigen::MatrixXd>;

/// Each chain cut into its first and second half (the middle draw is dropped when the length is
/// odd): 2M chains of length floor(N/2).
DrawsMatrix split_chains(const DrawsView& x);

/// The split chains of x without a copy where they can be: for chains of even length stored
/// contiguously, x read as twice the columns of half the length (the halves of chain j are
/// columns 2j and 2j + 1, an order of the chains that R-hat and ESS do not depend on, but for
/// rounding: their sums then run in another order). Otherwise split_chains(x), kept in `copy`.
Eigen::Map<const DrawsMatrix> split_view(const DrawsView& x, DrawsMatrix& copy);

/// Rank normalisation: z = Phi^-1((r - 3/8) / (S + 1/4)) with r the pooled rank of each draw
/// (average ranks for ties) and S the number of draws (Blom 1958).
DrawsMatrix z_scale(const DrawsView& x);

/// Values in increasing order. Not zeroed when sized: the sorts write every element before it
/// is read, and zeroing first would write megabytes twice. From the pool of huge pages, as each
/// quantity's sort makes them anew.
using SortedValues = WorkArray<double>;
using SortedPositions = WorkArray<std::uint32_t>;

/// Blom's normal scores of ranks 1..S.
using NormalScores = WorkArray<double>;

/// The draws of one quantity in increasing order, each with its position in the draws matrix
/// (column-major). Equal values keep the order of their positions.
struct SortedDraws {
  SortedValues values;
  SortedPositions positions;
};

/// x's draws sorted (NaN last): for many draws by a radix sort of an order-preserving 32-bit
/// key over a range read from a sample of them, draws that share the key's sorted bits then
/// ordered among themselves (a long run of them sorted again over its own range); std::stable_sort
/// for few. Throws std::length_error beyond 2^32 draws.
SortedDraws sort_draws(const DrawsView& x);

/// |x - centre| sorted, from x sorted: the draws below the centre read downwards merged with
/// those above it read upwards (no second sort).
SortedDraws fold_sorted(const SortedDraws& sorted, double centre);

/// Blom's scores Phi^-1((r - 3/8) / (S + 1/4)) of the integer ranks r = 1..S of S draws,
/// computed once and shared by every thread until S changes (every quantity of every group of a
/// run has the same S; the threads of a parallel_for are new each time).
std::shared_ptr<const NormalScores> blom_scores(std::size_t draws);

/// Calls visit(position, score) for every draw of `sorted` with the normal score of its rank;
/// tied draws share the score of their average rank.
template <class Visit>
void for_each_score(const SortedDraws& sorted, Visit&& visit) {
  const SortedValues& v = sorted.values;
  const std::size_t n = v.size();
  const std::shared_ptr<const NormalScores> held = blom_scores(n);
  const NormalScores& scores = *held;
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first;
    while (last + 1 < n && v[last + 1] == v[first]) ++last;
    const double rank = 0.5 * static_cast<double>(first + last) + 1;
    const double score =
        first == last ? scores[first]
                      : standard_normal_quantile((rank - 0.375) / (static_cast<double>(n) + 0.25));
    for (std::size_t j = first; j <= last; ++j) visit(sorted.positions[j], score);
    first = last + 1;
  }
}

/// z_scale of a matrix of draws given them sorted: the scores at the draws' positions
/// (column-major), in a working array from the pool.
WorkArray<double> z_scale(const SortedDraws& sorted);

/// The type-7 quantile from values in increasing order (a vector of doubles).
template <class Values>
double sorted_quantile(const Values& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto low = static_cast<std::size_t>(std::floor(h));
  if (low + 1 >= sorted.size()) return sorted[low];
  return sorted[low] + (h - static_cast<double>(low)) * (sorted[low + 1] - sorted[low]);
}

/// Type-7 quantiles at several probabilities, exact, in one pass over the draws: a sample of them
/// brackets each order statistic needed, which is then selected among the draws inside its
/// bracket, bracketed again the same way when they are many (Floyd and Rivest 1975). Few draws,
/// or a bracket that misses: nth_element.
std::vector<double> quantiles(const DrawsView& x, const std::vector<double>& probabilities);

/// How many times since the start a bracket of quantiles() missed its statistic or overflowed, so
/// that the selection fell back to all draws (still exact, only slower): for the tests.
std::size_t quantile_bracket_misses();

/// |x - median(x)|, for the tail (folded) R-hat.
DrawsMatrix fold(const DrawsView& x);

/// Sample quantile of R's default type 7 (linear interpolation between order statistics).
double quantile(const DrawsView& x, double p);

/// Whether max - min < `tolerance` (absolute, as in posterior); the diagnostics are then undefined.
bool is_constant(const DrawsView& x, double tolerance = 2.220446049250313e-16);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_DRAWS_HPP
