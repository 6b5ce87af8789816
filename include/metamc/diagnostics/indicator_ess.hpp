// The ESS of an indicator (the tail ESS's x <= q) from the draws where it is 1, counted in bits.
#ifndef METAMC_DIAGNOSTICS_INDICATOR_ESS_HPP
#define METAMC_DIAGNOSTICS_INDICATOR_ESS_HPP

#include <Eigen/Core>
#include <cstddef>
#include <cstdint>

namespace metamc {

/// ess_basic of the rows x cols matrix (one column per chain) that is 1 at the first `ones` of
/// the column-major positions in `order` (a permutation of them all, such as the draws' sorted
/// order) and 0 elsewhere, without the matrix: the chains' indicators are kept as bits, and the
/// lag-t autocovariances come from counts of ones (popcounts of a chain's bits and its bits t
/// later), exact in integers. The bits are those of the rarer value (1 - x has x's ESS). A
/// sequence that needs more than 1024 lags (a chain that barely moves) is handed to ess_basic of
/// the matrix, whose FFT serves every lag. NaN as ess_basic: for constant indicators or fewer than
/// 3 rows.
double indicator_ess(const std::uint32_t* order, std::size_t ones, Eigen::Index rows,
                     Eigen::Index cols);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_INDICATOR_ESS_HPP
