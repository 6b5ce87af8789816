// Every draw of one group's chains, as the CPU backend keeps them.
#ifndef METAMC_MCMC_SINKS_GROUP_DRAWS_HPP
#define METAMC_MCMC_SINKS_GROUP_DRAWS_HPP

#include <cstddef>
#include <cstdint>
#include <vector>

#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "metamc/uninitialised_allocator.hpp"

namespace metamc {

/// One quantity's draws of every chain; not zeroed, as the chains write every element.
using DrawArray = std::vector<double, UninitialisedAllocator<double>>;

struct GroupDraws {
  int chains = 0, draws = 0, k = 0;
  // Chain-major arrays, element [chain * draws + n]; viewed as a draws x chains matrix.
  DrawArray mu, tau, theta_new;
  // Rao-Blackwellised probabilities: P(mu favourable | tau, y), P(theta_new favourable | tau, y),
  // P(mu beyond the threshold | tau, y) at each draw's tau.
  DrawArray p_benefit, p_pred_benefit, p_threshold;
  DrawArray theta;  // element [(i * chains + chain) * draws + n]
  // Models of counts (the binomial): each study's control-arm risk and risk difference p_t - p_c,
  // laid out as theta; empty otherwise.
  DrawArray control_risk, risk_difference;
  std::vector<ChainCounts> counts;  // per chain, over its draws
  double step_size = 0;             // HMC: the adapted step size (0 for the collapsed sampler)
  int superchains = 0;              // HMC: chains started in this many superchains

  GroupDraws(int chains_, int draws_, int k_, bool threshold, bool arm_risks = false)
      : chains(chains_),
        draws(draws_),
        k(k_),
        mu(size()),
        tau(size()),
        theta_new(size()),
        p_benefit(size()),
        p_pred_benefit(size()),
        p_threshold(threshold ? size() : 0),
        theta(size() * static_cast<std::size_t>(k_)),
        control_risk(arm_risks ? theta.size() : 0),
        risk_difference(arm_risks ? theta.size() : 0),
        counts(static_cast<std::size_t>(chains_)) {}

  std::size_t size() const {
    return static_cast<std::size_t>(chains) * static_cast<std::size_t>(draws);
  }
  std::size_t at(int chain, int n) const {
    return static_cast<std::size_t>(chain) * draws + static_cast<std::size_t>(n);
  }
  const double* theta_of(int i) const {
    return theta.data() + static_cast<std::size_t>(i) * size();
  }
  bool has_arm_risks() const { return !control_risk.empty(); }
  const double* control_risk_of(int i) const {
    return control_risk.data() + static_cast<std::size_t>(i) * size();
  }
  const double* risk_difference_of(int i) const {
    return risk_difference.data() + static_cast<std::size_t>(i) * size();
  }
};

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_GROUP_DRAWS_HPP
