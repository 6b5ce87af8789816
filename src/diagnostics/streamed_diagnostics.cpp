#include "metamc/diagnostics/streamed_diagnostics.hpp"

#include <cmath>
#include <limits>

#include "metamc/diagnostics/rhat.hpp"

namespace metamc {
namespace {

double variance_of_means(const SequenceTotals& t) {
  if (t.chains < 2) return 0;
  return (t.sum_mean_sq - t.sum_mean * t.sum_mean / t.chains) / (t.chains - 1);
}

}  // namespace

double streamed_rhat(const SequenceTotals& t) {
  const double n = t.length;
  const double within = t.sum_acov[0] / t.chains * n / (n - 1);
  if (!(within > 0) || n < 2) return std::numeric_limits<double>::quiet_NaN();
  return rhat_from_moments({n, t.chains, variance_of_means(t), within});
}

EssEstimate streamed_ess(const SequenceTotals& t) {
  const double within = t.sum_acov[0] / t.chains;
  if (!(within > 0) || t.length < 3) return {std::numeric_limits<double>::quiet_NaN(), false};
  return ess_from_autocovariances([&](std::size_t lag) { return t.sum_acov[lag] / t.chains; },
                                  kStreamLags, t.length, t.chains, variance_of_means(t));
}

}  // namespace metamc
