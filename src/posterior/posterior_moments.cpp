#include "metamc/posterior/posterior_moments.hpp"

namespace metamc {

bool tau_moment_exists(double likelihood_decay, const TauPrior& prior, int m) {
  return likelihood_decay + tau_prior_tail_exponent(prior) - m > 1;
}

bool tau_moment_exists(const NormalNormalData& d, int m) {
  return tau_moment_exists(d.mu_prior.normal ? d.k : d.k - 1, d.tau_prior, m);
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

void drop_nonexistent_moments(const RegressionModel& m, BayesRegression& r) {
  const double decay = log_tau_density(m).likelihood_decay;
  const std::string why = " under this prior with " + std::to_string(m.k()) + " studies and " +
                          std::to_string(m.p()) + " coefficients";
  if (!tau_moment_exists(decay, m.tau_prior, 1)) {
    r.tau.mean.reset();
    r.notes.push_back("the posterior mean of tau is infinite" + why);
  }
  if (!tau_moment_exists(decay, m.tau_prior, 2)) {
    r.tau2.mean.reset();
    r.notes.push_back("the posterior mean of tau^2 is infinite" + why);
  }
  for (int j = 0; j < m.p(); ++j) {
    if (m.prior_of(j).normal) continue;  // its conditional variance stays below the prior's
    ScalarSummary& s = r.coefficients[static_cast<std::size_t>(j)].posterior;
    const std::string& name = r.coefficients[static_cast<std::size_t>(j)].name;
    if (!tau_moment_exists(decay, m.tau_prior, 1)) {
      s.mean.reset();
      s.mcse.reset();
      r.notes.push_back("the posterior mean of " + name + " does not exist" + why);
    }
    if (!tau_moment_exists(decay, m.tau_prior, 2)) {
      s.sd.reset();
      s.mcse.reset();
      r.notes.push_back("the posterior variance of " + name + " is infinite" + why);
    }
  }
}

}  // namespace metamc
