// MCMC for the Bayesian meta-regression (model/regression_given_tau.hpp), on the CPU, with the
// samplers of the normal-normal model:
//   - collapsed: u = log tau by the independence step from a tabulated proposal
//     (collapsed/tau_proposal.hpp), then beta | tau, y ~ N(betahat, R^-1 R^-T) exactly;
//   - hmc: ChEES-HMC with the cross-chain warmup (hmc/hmc_warmup.hpp) on the marginal model
//     (models/meta_regression.hpp).
// Random numbers from Philox at (iteration, slot, chain, stream group) as everywhere: the
// collapsed sampler takes slot 0 for the tau step and slots 1, 2, ... for beta's normals in
// pairs; HMC its usual slots. The draws depend on the seed and the stream group alone.
#ifndef METAMC_MCMC_META_REGRESSION_SAMPLER_HPP
#define METAMC_MCMC_META_REGRESSION_SAMPLER_HPP

#include <cstdint>
#include <vector>

#include "metamc/mcmc/sampler_settings.hpp"
#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "metamc/model/regression_given_tau.hpp"

namespace metamc {

/// Every kept draw of every chain.
struct RegressionDraws {
  int chains = 0, draws = 0, p = 0;
  std::vector<double> beta;  // coefficient j, chain c, draw n at (j * chains + c) * draws + n
  std::vector<double> tau;   // chain c, draw n at c * draws + n
  std::vector<ChainCounts> counts;
  // The collapsed sampler's sums over each chain's draws of P(beta_j < 0 | tau, y), chain c's
  // at c * p + j (Rao-Blackwellised probabilities); empty for HMC.
  std::vector<double> p_negative_sums;
  double step_size = 0;  // HMC's adapted step size; 0 for the collapsed sampler
  int superchains = 0;   // HMC's

  const double* beta_of(int j) const {
    return beta.data() + static_cast<std::size_t>(j) * chains * draws;
  }
};

/// Runs settings.chains chains of settings.sampler. Throws NumericalError for a singular design
/// and what find_log_tau_range throws.
RegressionDraws sample_meta_regression(const RegressionModel& m, const SamplerSettings& settings,
                                       std::uint32_t stream_group);

}  // namespace metamc

#endif  // METAMC_MCMC_META_REGRESSION_SAMPLER_HPP
