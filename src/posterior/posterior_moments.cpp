#include "metamc/posterior/posterior_moments.hpp"

namespace metamc {

bool tau_moment_exists(const NormalNormalData& d, int m) {
  const double likelihood_decay = d.mu_prior.normal ? d.k : d.k - 1;
  return likelihood_decay + tau_prior_tail_exponent(d.tau_prior) - m > 1;
}

bool mu_moment_exists(const NormalNormalData& d, int m) {
  return d.mu_prior.normal || tau_moment_exists(d, m);
}

void drop_nonexistent_moments(const NormalNormalData& d, BayesResult& r) {
  const std::string why = " under this prior with k = " + std::to_string(d.k);
  if (!tau_moment_exists(d, 1)) {
    r.tau.mean.reset();
    r.notes.push_back("the posterior mean of tau is infinite" + why);
  }
  if (!tau_moment_exists(d, 2)) {
    r.tau2.mean.reset();
    r.notes.push_back("the posterior mean of tau^2 is infinite" + why);
  }
  if (!mu_moment_exists(d, 1)) {
    r.mu.mean.reset();
    r.mu.mcse.reset();
    r.notes.push_back("the posterior mean of mu does not exist" + why);
  }
  if (!mu_moment_exists(d, 2)) {
    r.mu.sd.reset();
    r.mu.mcse.reset();
    r.notes.push_back("the posterior variance of mu is infinite" + why);
  }
}

}  // namespace metamc
