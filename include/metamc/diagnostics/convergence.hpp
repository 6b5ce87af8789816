// The three convergence diagnostics reported per parameter, computed together so that the
// rank normalisation and the quantiles they share are computed once.
#ifndef METAMC_DIAGNOSTICS_CONVERGENCE_HPP
#define METAMC_DIAGNOSTICS_CONVERGENCE_HPP

#include <vector>

#include "metamc/diagnostics/draws.hpp"

namespace metamc {

struct Convergence {
  double rhat;      // = rhat(x)
  double ess_bulk;  // = ess_bulk(x)
  double ess_tail;  // = ess_tail(x)
};

/// R-hat, bulk and tail ESS of x. With `sorted`, and chains of even length, also every draw in
/// increasing order (for quantiles, without sorting again); left empty for odd lengths.
Convergence convergence(const DrawsView& x, SortedValues* sorted = nullptr);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_CONVERGENCE_HPP
