#include "metamc/model/log_tau_density.hpp"

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
  std::vector<double> work(static_cast<std::size_t>(k));
  return median_log_sd(s2, k, work.data());
}

}  // namespace metamc
