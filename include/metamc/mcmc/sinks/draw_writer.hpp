// The full-draws mode of a chain: every draw written to arrays laid out as GroupDraws
// (chain-major), with the Rao-Blackwellised probabilities of each draw. Host/device code: the CPU
// backend writes into GroupDraws' vectors, the CUDA backend into device arrays of the same shape.
#ifndef METAMC_MCMC_SINKS_DRAW_WRITER_HPP
#define METAMC_MCMC_SINKS_DRAW_WRITER_HPP

#include <cstddef>
#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/mcmc/collapsed/collapsed_sampler.hpp"

namespace metamc {

/// Where one group's draws go; arrays of chains x draws (theta: k of them back to back).
struct DrawArrays {
  double *mu, *tau, *theta_new, *p_benefit, *p_pred_benefit, *p_threshold, *theta;
  std::uint32_t* accepted;  // per chain
  std::size_t size;         // chains x draws
};

class DrawWriter {
 public:
  METAMC_HD DrawWriter(const DrawArrays& out, std::uint32_t chain, std::uint32_t draws,
                       bool lower_is_better, const double* threshold)
      : out_(out),
        chain_(chain),
        offset_(static_cast<std::size_t>(chain) * draws),
        lower_is_better_(lower_is_better),
        threshold_(threshold) {}

  METAMC_HD void theta(std::uint32_t n, int i, double value) {
    out_.theta[static_cast<std::size_t>(i) * out_.size + offset_ + n] = value;
  }

  METAMC_HD void record(std::uint32_t n, const ChainState& s, const Draw& draw) {
    const std::size_t at = offset_ + n;
    out_.mu[at] = draw.mu;
    out_.tau[at] = draw.tau;
    out_.theta_new[at] = draw.theta_new;
    const ConditionalProbabilities p =
        conditional_probabilities(s, draw.tau, lower_is_better_, threshold_);
    out_.p_benefit[at] = p.benefit;
    out_.p_pred_benefit[at] = p.pred_benefit;
    if (threshold_) out_.p_threshold[at] = p.threshold;
  }

  METAMC_HD void finish(const ChainState& s) { out_.accepted[chain_] = s.accepted; }

 private:
  DrawArrays out_;
  std::uint32_t chain_;
  std::size_t offset_;
  bool lower_is_better_;
  const double* threshold_;
};

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_DRAW_WRITER_HPP
