// The full-draws mode of a chain: every draw written to arrays laid out as GroupDraws
// (chain-major), with the Rao-Blackwellised probabilities of each draw. Host/device code: the CPU
// backend writes into GroupDraws' vectors, the CUDA backend into device arrays of the same shape.
#ifndef METAMC_MCMC_SINKS_DRAW_WRITER_HPP
#define METAMC_MCMC_SINKS_DRAW_WRITER_HPP

#include <cstddef>
#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "models/reported_draw.hpp"

namespace metamc {

/// Where one group's draws go; arrays of chains x draws (theta, control_risk and
/// risk_difference: k of them back to back; the last two null for models without arms).
struct DrawArrays {
  double *mu, *tau, *theta_new, *p_benefit, *p_pred_benefit, *p_threshold, *theta;
  ChainCounts* counts;  // per chain
  std::size_t size;     // chains x draws
  double *control_risk = nullptr, *risk_difference = nullptr;
};

class DrawWriter {
 public:
  METAMC_HD DrawWriter(const DrawArrays& out, std::uint32_t chain, std::uint32_t draws,
                       bool with_threshold)
      : out_(out),
        chain_(chain),
        offset_(static_cast<std::size_t>(chain) * draws),
        with_threshold_(with_threshold) {}

  METAMC_HD void theta(std::uint32_t n, int i, double value) {
    out_.theta[static_cast<std::size_t>(i) * out_.size + offset_ + n] = value;
  }

  METAMC_HD void arm_risks(std::uint32_t n, int i, const ArmRisks& r) {
    const std::size_t at = static_cast<std::size_t>(i) * out_.size + offset_ + n;
    out_.control_risk[at] = r.control;
    out_.risk_difference[at] = r.difference;
  }

  METAMC_HD void record(std::uint32_t n, const ReportedDraw& r) {
    const std::size_t at = offset_ + n;
    out_.mu[at] = r.mu;
    out_.tau[at] = r.tau;
    out_.theta_new[at] = r.theta_new;
    out_.p_benefit[at] = r.p_benefit;
    out_.p_pred_benefit[at] = r.p_pred_benefit;
    if (with_threshold_) out_.p_threshold[at] = r.p_threshold;
  }

  METAMC_HD void finish(const ChainCounts& counts) { out_.counts[chain_] = counts; }

 private:
  DrawArrays out_;
  std::uint32_t chain_;
  std::size_t offset_;
  bool with_threshold_;
};

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_DRAW_WRITER_HPP
