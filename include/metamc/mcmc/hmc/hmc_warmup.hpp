// The warmup of one group's chains in lockstep, with cross-chain adaptation (ChEES-HMC, Hoffman,
// Radul & Sountsov 2021):
//   - the chains start in superchains (nested R-hat, Margossian et al. 2025): the chains of a
//     superchain share a dispersed start, the superchains start apart;
//   - the first step size is Stan's heuristic across chains (double or halve until the harmonic
//     mean acceptance of one leapfrog step crosses the target);
//   - every iteration: one transition per chain, with the same jittered number of steps; then
//     the step size by dual averaging on the harmonic mean of the chains' acceptance
//     (dual_averaging.hpp), the trajectory length by ChEES (chees.hpp), and, in Stan's windows
//     (warmup_schedule.hpp), a diagonal metric from the cross-chain variance of the positions.
// After warmup the step size, length and metric are fixed and the chains sample independently
// (run_hmc_chains). Host code: the CPU backend calls transition() for every chain (W chains side
// by side, hmc_transition.hpp), on any threads, then adapt() once; a CUDA backend does the same
// with a kernel per step.
#ifndef METAMC_MCMC_HMC_HMC_WARMUP_HPP
#define METAMC_MCMC_HMC_HMC_WARMUP_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "metamc/mcmc/adapt/hmc_adaptation.hpp"
#include "metamc/mcmc/adapt/warmup_schedule.hpp"
#include "metamc/mcmc/chain_stream.hpp"
#include "metamc/mcmc/hmc/hmc_transition.hpp"
#include "metamc/mcmc/superchains.hpp"

namespace metamc {

/// What HMC is asked to do besides the chain counts.
struct HmcSettings {
  double target_acceptance = 0.8;  // dual averaging's delta, on the harmonic mean across chains
  int max_steps = 1024;            // leapfrog steps per transition at most
  int superchains =
      kDefaultSuperchains;  // chains start in this many groups (fewer with fewer chains)
};

/// Puts a chain at its superchain's dispersed start (Philox at iteration 0, slots from 2^16, with
/// the superchain as the chain coordinate: every chain of a superchain starts at the same point)
/// and evaluates the gradient there.
template <class Model>
METAMC_HD void start_chain(const Model& m, const HmcChainView& c, PhiloxKey key,
                           std::uint32_t group, int superchain) {
  const ChainStream shared{key, group, static_cast<std::uint32_t>(superchain)};
  m.initial_point(
      [&](int j) {
        const UniformPair u =
            uniform_pair(shared.words(0, (1u << 16) + static_cast<std::uint32_t>(j / 2)));
        return j % 2 == 0 ? u.first : u.second;
      },
      c.q, c.stride);
  *c.log_density = m.log_density_gradient(c.q, c.stride, c.grad);
}

template <class Model>
class HmcGroupWarmup {
 public:
  HmcGroupWarmup(const Model& model, const HmcSettings& settings, int chains, int warmup,
                 PhiloxKey key, std::uint32_t stream_group)
      : model_(model),
        settings_(settings),
        chains_(chains),
        dim_(model.dim()),
        warmup_(warmup),
        schedule_(warmup),
        key_(key),
        group_(stream_group),
        arrays_((6 * static_cast<std::size_t>(dim_) + 1) * static_cast<std::size_t>(chains)),
        accept_(static_cast<std::size_t>(chains), 0.0),
        inv_metric_(static_cast<std::size_t>(dim_)),
        window_sum_(3 * static_cast<std::size_t>(dim_), 0.0) {
    for (int j = 0; j < dim_; ++j) {
      const double scale = model.coordinate_scale(j);
      inv_metric_[static_cast<std::size_t>(j)] = scale * scale;
    }
    adaptation_.step.target = settings.target_acceptance;
  }

  int chains() const { return chains_; }

  /// The arrays of chain c.
  HmcChainView view(int c) {
    const std::size_t block = static_cast<std::size_t>(dim_) * chains_;
    double* base = arrays_.data() + c;
    return {base,
            base + block,
            base + 6 * block,  // the log density, one value per chain
            base + 2 * block,
            base + 3 * block,
            base + 4 * block,
            base + 5 * block,
            static_cast<std::size_t>(chains_)};
  }

  ChainStream stream(int c) const { return {key_, group_, static_cast<std::uint32_t>(c)}; }

  /// Puts chain c at its superchain's start and evaluates the gradient there.
  void start(int c) {
    const HmcChainView v = view(c);
    start_chain(model_, v, key_, group_, superchain_of(c, chains_, settings_.superchains));
  }

  /// One trajectory of one leapfrog step at the current step size, not accepted (iteration 0),
  /// of the W chains from c on.
  template <int W = 1>
  void trial(int c) {
    double ignored[W];
    HmcOutcome out[W];
    const HmcStep one{adaptation_.step_size, 1, inv_metric_.data()};
    hmc_trajectories<W>(model_, view(c), one, stream(c), 0, ignored, out);
    for (int w = 0; w < W; ++w) accept_[static_cast<std::size_t>(c + w)] = out[w].accept_prob;
  }

  /// After a trial of every chain: returns true once the first step size is found.
  bool settle_step_size() {
    return adaptation_.settle(harmonic_acceptance(), settings_.target_acceptance);
  }

  /// One warmup transition at iteration t (1-based) of the W chains from c on, side by side.
  template <int W = 1>
  void transition(int c, std::uint32_t t) {
    HmcOutcome out[W];
    hmc_transitions<W>(model_, view(c),
                       adaptation_.step_at(t, inv_metric_.data(), settings_.max_steps), stream(c),
                       t, out);
    for (int w = 0; w < W; ++w) accept_[static_cast<std::size_t>(c + w)] = out[w].accept_prob;
  }

  /// After every chain's transition at iteration t: the cross-chain adaptation.
  void adapt(std::uint32_t t) {
    const int it = static_cast<int>(t);
    const double gradient = adaptation_.length.length() * chees_gradient(van_der_corput(t));
    if (schedule_.in_window(it)) accumulate_window();
    const bool window_ends = schedule_.window_ends(it);
    if (window_ends) {
      metric_from_window(window_sum_.data(), window_count_, chains_, dim_, inv_metric_.data());
      std::fill(window_sum_.begin(), window_sum_.end(), 0.0);
      window_count_ = 0;
    }
    adaptation_.update(harmonic_acceptance(), gradient, settings_.max_steps, window_ends,
                       it == warmup_);
  }

  /// The settings for sampling, after warmup (or without warmup: the start's).
  HmcTuning tuning() const {
    return {adaptation_.step_size,
            adaptation_.final_length > 0 ? adaptation_.final_length : adaptation_.length.length(),
            settings_.max_steps, inv_metric_.data()};
  }

 private:
  double harmonic_acceptance() const {
    double inverse = 0;
    for (double a : accept_) inverse += inverse_acceptance(a);
    return chains_ / inverse;
  }

  // sum a_c g_c / sum a_c over the chains (chees.hpp, hmc_adaptation.hpp).
  double chees_gradient(double jitter) {
    const std::size_t d = static_cast<std::size_t>(dim_);
    std::vector<double> start_mean(d, 0.0), proposal_mean(d, 0.0);
    double weight = 0;
    for (int c = 0; c < chains_; ++c) {
      const HmcChainView v = view(c);
      const double a = accept_[static_cast<std::size_t>(c)];
      weight += a;
      for (std::size_t j = 0; j < d; ++j) start_mean[j] += v.q_start[j * v.stride];
      // A trajectory that ended early (a = 0) leaves its proposal undefined: it adds nothing.
      if (a > 0)
        for (std::size_t j = 0; j < d; ++j) proposal_mean[j] += a * v.q_new[j * v.stride];
    }
    if (!(weight > 1e-20)) return 0;
    for (std::size_t j = 0; j < d; ++j) {
      start_mean[j] /= chains_;
      proposal_mean[j] /= weight;
    }
    double sum = 0;
    for (int c = 0; c < chains_; ++c)
      sum += chees_term(view(c), dim_, accept_[static_cast<std::size_t>(c)], start_mean.data(),
                        proposal_mean.data(), inv_metric_.data(), jitter);
    return sum / weight;
  }

  // Adds the cross-chain mean and variance of every coordinate at this iteration to the window.
  void accumulate_window() {
    const std::size_t d = static_cast<std::size_t>(dim_);
    for (std::size_t j = 0; j < d; ++j) {
      double mean = 0, variance = 0;
      for (int c = 0; c < chains_; ++c) mean += view(c).q[j * static_cast<std::size_t>(chains_)];
      mean /= chains_;
      for (int c = 0; c < chains_; ++c) {
        const double x = view(c).q[j * static_cast<std::size_t>(chains_)] - mean;
        variance += x * x;
      }
      variance /= std::max(chains_ - 1, 1);
      window_sum_[j] += variance;
      window_sum_[d + j] += mean;
      window_sum_[2 * d + j] += mean * mean;
    }
    window_count_ += 1;
  }

  const Model& model_;
  HmcSettings settings_;
  int chains_, dim_, warmup_;
  WarmupSchedule schedule_;
  PhiloxKey key_;
  std::uint32_t group_;
  std::vector<double> arrays_;  // q, grad, momentum, q_new, grad_new, q_start; log density
  std::vector<double> accept_, inv_metric_, window_sum_;
  double window_count_ = 0;
  HmcAdaptation adaptation_;
};

}  // namespace metamc

#endif  // METAMC_MCMC_HMC_HMC_WARMUP_HPP
