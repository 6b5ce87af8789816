#include "metamc/model/log_tau_range.hpp"

#include "metamc/error.hpp"

namespace metamc {

LogTauRange find_log_tau_range(const LogTauDensity& f, double drop, double step) {
  LogTauRange r;
  throw_search_failure(search_log_tau_range(f.at, f.prior, f.data_log_scale, drop, step, r));
  return r;
}

void throw_search_failure(LogTauSearchFailure failure) {
  switch (failure) {
    case LogTauSearchFailure::none:
      return;
    case LogTauSearchFailure::zero_everywhere:
      throw NumericalError("the posterior of tau is zero everywhere on the scanned range");
    case LogTauSearchFailure::heavy_upper_tail:
      throw NumericalError(
          "the posterior of tau is too heavy-tailed to integrate (its density has not fallen off "
          "by tau = 1e147); use a prior with a lighter tail");
    case LogTauSearchFailure::heavy_lower_tail:
      throw NumericalError(
          "the posterior of tau does not fall off towards tau = 0 (its density is still high at "
          "tau = 1e-147); use a prior with less mass near 0");
  }
}

}  // namespace metamc
