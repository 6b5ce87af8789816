#include "metamc/model/log_tau_density.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace metamc {

LogTauDensity log_tau_density(const NormalNormalData& d) {
  LogTauDensity f;
  f.at = [d](double u) { return log_tau_posterior(d, u).log_density; };
  f.prior = d.tau_prior;
  f.data_log_scale = median_log_sd(d.s2, d.k);
  f.likelihood_decay = d.mu_prior.normal ? d.k : d.k - 1;
  return f;
}

double median_log_sd(const double* s2, int k) {
  std::vector<double> sorted(s2, s2 + k);
  std::nth_element(sorted.begin(), sorted.begin() + k / 2, sorted.end());
  return 0.5 * std::log(sorted[static_cast<std::size_t>(k / 2)]);
}

}  // namespace metamc
