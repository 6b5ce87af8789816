// Where the posterior of u = log tau lives (log_tau_search.hpp), for a model seen through its
// LogTauDensity: the host's face of the search, with errors as exceptions.
#ifndef METAMC_MODEL_LOG_TAU_RANGE_HPP
#define METAMC_MODEL_LOG_TAU_RANGE_HPP

#include "metamc/model/log_tau_density.hpp"
#include "metamc/model/log_tau_search.hpp"

namespace metamc {

/// search_log_tau_range (log_tau_search.hpp) of f's density around f's data scale; throws
/// NumericalError, with advice, where the search fails.
LogTauRange find_log_tau_range(const LogTauDensity& f, double drop, double step = 0.25);

/// Throws the NumericalError that explains `failure`; returns for LogTauSearchFailure::none.
void throw_search_failure(LogTauSearchFailure failure);

}  // namespace metamc

#endif  // METAMC_MODEL_LOG_TAU_RANGE_HPP
