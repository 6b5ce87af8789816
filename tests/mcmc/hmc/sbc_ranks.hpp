// The ranks of simulation-based calibration from many chains' last draws (the design of
// tests/mcmc/hmc/*_sbc_test.cpp): each chain's last draw counts as one posterior draw, and the
// truth's rank is the number of them below it.
#ifndef METAMC_TESTS_MCMC_HMC_SBC_RANKS_HPP
#define METAMC_TESTS_MCMC_HMC_SBC_RANKS_HPP

#include <vector>

#include "metamc/mcmc/sinks/group_draws.hpp"

namespace metamc::testing {

struct SbcRanks {
  std::vector<int> mu, tau, theta1;
  std::vector<int> mu_narrowed;  // the overconfident control: mu draws narrowed by 20% about centre

  /// Adds one replicate's ranks of its true mu, tau and theta_1 among the last draws of d.
  void add(const GroupDraws& d, double true_mu, double true_tau, double true_theta1,
           double centre) {
    int below_mu = 0, below_narrowed = 0, below_tau = 0, below_theta = 0;
    for (int c = 0; c < d.chains; ++c) {
      const std::size_t last = d.at(c, d.draws - 1);
      below_mu += d.mu[last] < true_mu;
      below_narrowed += centre + 0.8 * (d.mu[last] - centre) < true_mu;
      below_tau += d.tau[last] < true_tau;
      below_theta += d.theta_of(0)[last] < true_theta1;
    }
    mu.push_back(below_mu);
    mu_narrowed.push_back(below_narrowed);
    tau.push_back(below_tau);
    theta1.push_back(below_theta);
  }
};

}  // namespace metamc::testing

#endif  // METAMC_TESTS_MCMC_HMC_SBC_RANKS_HPP
