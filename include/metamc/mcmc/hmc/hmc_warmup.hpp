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
// (run_hmc_chain). Host code: the CPU backend calls transition() for every chain, on any threads,
// then adapt() once; a CUDA backend does the same with a kernel per step.
#ifndef METAMC_MCMC_HMC_HMC_WARMUP_HPP
#define METAMC_MCMC_HMC_HMC_WARMUP_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "metamc/mcmc/adapt/chees.hpp"
#include "metamc/mcmc/adapt/dual_averaging.hpp"
#include "metamc/mcmc/adapt/warmup_schedule.hpp"
#include "metamc/mcmc/chain_stream.hpp"
#include "metamc/mcmc/hmc/hmc_transition.hpp"

namespace metamc {

/// What HMC is asked to do besides the chain counts.
struct HmcSettings {
  double target_acceptance = 0.8;  // dual averaging's delta, on the harmonic mean across chains
  int max_steps = 1024;            // leapfrog steps per transition at most
  int superchains = 8;             // chains start in this many groups (fewer with fewer chains)
};

/// The superchain of chain c among `chains` split into `superchains` nearly equal runs.
inline int superchain_of(int chain, int chains, int superchains) {
  const int k = std::min(superchains, chains);
  return static_cast<int>(static_cast<long long>(chain) * k / chains);
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
        inv_metric_(static_cast<std::size_t>(dim_)),
        window_sum_(3 * static_cast<std::size_t>(dim_)) {
    for (int j = 0; j < dim_; ++j) {
      const double scale = model.coordinate_scale(j);
      inv_metric_[static_cast<std::size_t>(j)] = scale * scale;
    }
    step_.target = settings.target_acceptance;
  }

  int chains() const { return chains_; }

  /// The arrays of chain c.
  HmcChainView view(int c) {
    const std::size_t block = static_cast<std::size_t>(dim_) * chains_;
    double* base = arrays_.data();
    const std::size_t at = static_cast<std::size_t>(c);
    return {base + at,
            base + block + at,
            base + 6 * block + at,  // the log density, one value per chain
            base + 2 * block + at,
            base + 3 * block + at,
            base + 4 * block + at,
            base + 5 * block + at,
            static_cast<std::size_t>(chains_)};
  }

  ChainStream stream(int c) const { return {key_, group_, static_cast<std::uint32_t>(c)}; }

  /// Puts chain c at its superchain's start (iteration 0, slots from 2^16, chain coordinate =
  /// superchain) and evaluates the gradient there.
  void start(int c) {
    const HmcChainView v = view(c);
    const auto super = static_cast<std::uint32_t>(superchain_of(c, chains_, settings_.superchains));
    const ChainStream shared{key_, group_, super};
    std::vector<double> uniforms(static_cast<std::size_t>(dim_) + 1);
    for (int j = 0; j < dim_; j += 2) {
      const UniformPair u =
          uniform_pair(shared.words(0, (1u << 16) + static_cast<std::uint32_t>(j)));
      uniforms[static_cast<std::size_t>(j)] = u.first;
      uniforms[static_cast<std::size_t>(j) + 1] = u.second;
    }
    model_.initial_point(uniforms.data(), v.q, v.stride);
    *v.log_density = model_.log_density_gradient(v.q, v.stride, v.grad);
  }

  /// One trajectory of one leapfrog step at the current step size, not accepted (iteration 0).
  void trial(int c) {
    double ignored = 0;
    accept_[static_cast<std::size_t>(c)] =
        hmc_trajectory(model_, view(c), current_step(1), stream(c), 0, ignored).accept_prob;
  }

  /// After a trial of every chain: doubles or halves the step size until the harmonic mean
  /// acceptance crosses the target. Returns true once the step size is found.
  bool settle_step_size() {
    const double a = harmonic_acceptance();
    const double target = settings_.target_acceptance;
    if (direction_ == 0) direction_ = a > target ? 1 : -1;
    const bool crossed = direction_ > 0 ? !(a > target) : a > target;
    if (crossed || ++search_rounds_ >= 100) {
      if (direction_ > 0 && crossed) step_size_ /= 2;  // the last step size still above target
      step_.restart(step_size_);
      length_.restart(step_size_);
      return true;
    }
    step_size_ = direction_ > 0 ? 2 * step_size_ : step_size_ / 2;
    return false;
  }

  /// One warmup transition of chain c at iteration t (1-based).
  void transition(int c, std::uint32_t t) {
    const HmcOutcome out = hmc_transition(
        model_, view(c),
        current_step(jittered_steps(length_.length(), step_size_, settings_.max_steps, t)),
        stream(c), t);
    accept_[static_cast<std::size_t>(c)] = out.accept_prob;
  }

  /// After every chain's transition at iteration t: the cross-chain adaptation.
  void adapt(std::uint32_t t) {
    const double jitter = van_der_corput(t);
    length_.update(chees_gradient(jitter), step_size_, settings_.max_steps);
    step_.update(harmonic_acceptance());
    step_size_ = step_.step();
    const int it = static_cast<int>(t);
    if (schedule_.in_window(it)) accumulate_window();
    if (schedule_.window_ends(it)) {
      update_metric();
      step_.restart(step_size_);
    }
    if (it == warmup_) {
      step_size_ = step_.final_step();
      final_length_ = length_.final_length();
    }
  }

  /// The settings for sampling, after warmup (or without warmup: the start's).
  HmcTuning tuning() const {
    return {step_size_, final_length_ > 0 ? final_length_ : length_.length(), settings_.max_steps,
            inv_metric_.data()};
  }

 private:
  HmcStep current_step(int steps) const { return {step_size_, steps, inv_metric_.data()}; }

  double harmonic_acceptance() const {
    double inverse = 0;
    for (int c = 0; c < chains_; ++c)
      inverse += 1 / std::max(accept_[static_cast<std::size_t>(c)], 1e-10);
    return chains_ / inverse;
  }

  // d ChEES / d log T from the last transitions (chees.hpp), in the metric's units.
  double chees_gradient(double jitter) {
    const std::size_t d = static_cast<std::size_t>(dim_);
    std::vector<double> start_mean(d, 0.0), proposal_mean(d, 0.0);
    double weight = 0;
    for (int c = 0; c < chains_; ++c) {
      const HmcChainView v = view(c);
      const double a = accept_[static_cast<std::size_t>(c)];
      weight += a;
      for (std::size_t j = 0; j < d; ++j) {
        start_mean[j] += v.q_start[j * v.stride];
        proposal_mean[j] += a * v.q_new[j * v.stride];
      }
    }
    if (!(weight > 1e-20)) return 0;
    for (std::size_t j = 0; j < d; ++j) {
      start_mean[j] /= chains_;
      proposal_mean[j] /= weight;
    }
    double sum = 0;
    for (int c = 0; c < chains_; ++c) {
      const double a = accept_[static_cast<std::size_t>(c)];
      if (a < 1e-4) continue;
      const HmcChainView v = view(c);
      double start_distance = 0, proposal_distance = 0, velocity = 0;
      for (std::size_t j = 0; j < d; ++j) {
        const double x = v.q_start[j * v.stride] - start_mean[j];
        const double x_new = v.q_new[j * v.stride] - proposal_mean[j];
        start_distance += x * x / inv_metric_[j];
        proposal_distance += x_new * x_new / inv_metric_[j];
        velocity += x_new * v.momentum[j * v.stride];
      }
      const double g = jitter * (proposal_distance - start_distance) * velocity;
      if (std::isfinite(g)) sum += a * g;
    }
    return length_.length() * sum / weight;
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

  // The metric from the window: the variance within iterations plus that of the iterations' means
  // (the law of total variance), shrunk a little towards the previous metric (as Stan shrinks
  // towards 1e-3) so that a coordinate the chains have not yet spread over keeps a sane scale.
  void update_metric() {
    if (window_count_ < 2) return;
    const std::size_t d = static_cast<std::size_t>(dim_);
    const double n = window_count_, draws = n * chains_;
    for (std::size_t j = 0; j < d; ++j) {
      const double within = window_sum_[j] / n;
      const double mean = window_sum_[d + j] / n;
      const double between = std::max(0.0, window_sum_[2 * d + j] / n - mean * mean);
      const double variance = within + between;
      if (std::isfinite(variance) && variance > 0)
        inv_metric_[j] =
            (draws / (draws + 5)) * variance + (5 / (draws + 5)) * 1e-3 * inv_metric_[j];
    }
    std::fill(window_sum_.begin(), window_sum_.end(), 0.0);
    window_count_ = 0;
  }

  const Model& model_;
  HmcSettings settings_;
  int chains_, dim_, warmup_;
  WarmupSchedule schedule_;
  PhiloxKey key_;
  std::uint32_t group_;
  std::vector<double> arrays_;  // q, grad, momentum, q_new, grad_new, q_start; log density
  std::vector<double> accept_ = std::vector<double>(static_cast<std::size_t>(chains_), 0.0);
  std::vector<double> inv_metric_, window_sum_;
  double window_count_ = 0;
  DualAveraging step_;
  ChEES length_;
  double step_size_ = 1, final_length_ = 0;
  int direction_ = 0, search_rounds_ = 0;
};

}  // namespace metamc

#endif  // METAMC_MCMC_HMC_HMC_WARMUP_HPP
