// The three convergence diagnostics reported per parameter, computed together so that the
// rank normalisation and the quantiles they share are computed once.
#ifndef METAMC_DIAGNOSTICS_CONVERGENCE_HPP
#define METAMC_DIAGNOSTICS_CONVERGENCE_HPP

#include "metamc/diagnostics/draws.hpp"

namespace metamc {

struct Convergence {
  double rhat;      // = rhat(x)
  double ess_bulk;  // = ess_bulk(x)
  double ess_tail;  // = ess_tail(x)
};

Convergence convergence(const DrawsView& x);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_CONVERGENCE_HPP
