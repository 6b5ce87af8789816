// The summary mode of a chain: instead of keeping its draws, the chain streams them into
//   - plain sums (means and variances of mu and tau, the probabilities, the acceptances),
//   - histograms of mu, log tau, theta_new and every theta_i (for quantiles and shrunken means),
//   - half-chain lagged moments of mu, of the normal scores of mu and tau and of their tail
//     indicators, and of P(benefit | tau) (for R-hat, bulk/tail ESS and MCSEs),
//   - the chain's mean and variance of mu and tau in the slots of its superchain (for HMC's nested
//     R-hat, which needs no more: diagnostics/nested_rhat.hpp).
// Each chain writes one record of doubles; records summed over a group's chains hold everything
// that posterior/streamed_summary.hpp needs. Host/device code: the CUDA kernel and the CPU summary
// mode run the same sink.
#ifndef METAMC_MCMC_SINKS_SUMMARY_SINK_HPP
#define METAMC_MCMC_SINKS_SUMMARY_SINK_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "metamc/diagnostics/lagged_indicator.hpp"
#include "metamc/diagnostics/lagged_moments.hpp"
#include "metamc/host_device.hpp"
#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "metamc/mcmc/sinks/summary_plan.hpp"
#include "metamc/mcmc/superchains.hpp"
#include "models/reported_draw.hpp"

namespace metamc {

/// Sequences whose half-chain lagged moments are streamed.
enum StreamedSequence : int {
  kMuValue,  // mu - reference: ESS of the mean, MCSE
  kMuBulk,   // normal score of mu: bulk R-hat and ESS
  kMuFold,   // normal score of |mu - median|: tail R-hat
  kTauBulk,
  kTauFold,
  kBenefitValue,  // P(benefit | tau, y): MCSE of p_benefit
  kMuBelow05,     // I(mu <= q05): tail ESS; this and the next ones 0/1 (LaggedIndicator)
  kMuBelow95,     // I(mu <= q95): tail ESS
  kTauBelow05,
  kTauBelow95,
  kStreamedSequences
};
constexpr int kFirstIndicator = kMuBelow05;

/// Plain sums over a chain's draws.
enum PlainSum : int {
  kSumMu,        // of mu - reference
  kSumMuSquare,  // of (mu - reference)^2
  kSumTau,
  kSumTauSquare,
  kSumBenefit,
  kSumBenefitSquare,
  kSumPredBenefit,
  kSumThreshold,
  kSumAccepted,
  kSumDivergences,
  kSumLeapfrogSteps,
  kPlainSums
};

constexpr int kHalfFields = kStreamLags + 3;  // mean, mean^2, autocovariances at lags 0..L

/// Per superchain and quantity (mu, tau), summed over the superchain's chains: each chain's mean,
/// its square and the chain's variance (divisor N - 1). Superchains beyond kRecordedSuperchains
/// are not recorded (and their runs report no nested R-hat in summary mode).
enum NestedSum : int { kChainMean, kChainMeanSquare, kChainVariance, kNestedSums };
constexpr int kNestedQuantities = 2;  // 0 mu, 1 tau
constexpr int kRecordedSuperchains = kDefaultSuperchains;

/// Where each field sits in a chain's record.
struct RecordLayout {
  METAMC_HD static constexpr int size() { return nested(kRecordedSuperchains, 0, 0); }
  METAMC_HD static constexpr int plain(int sum) { return sum; }
  METAMC_HD static constexpr int sequence(int seq, int half, int field) {
    return kPlainSums + (seq * 2 + half) * kHalfFields + field;
  }
  METAMC_HD static constexpr int nested(int superchain, int quantity, int sum) {
    return sequence(kStreamedSequences, 0, 0) +
           (superchain * kNestedQuantities + quantity) * kNestedSums + sum;
  }
};

/// Histogram quantities: 0 mu, 1 log tau, 2 theta_new, 3 + i theta_i; kHistogramBins + 2 counters
/// each (underflow and overflow included).
constexpr int kHistogramStride = kHistogramBins + 2;
constexpr int kHistogramMu = 0, kHistogramLogTau = 1, kHistogramPred = 2, kHistogramTheta = 3;

/// Streams one chain's draws. `Counter` is called as counter(quantity, bin) for every histogram
/// entry (a plain increment on the CPU, a shared-memory atomic on the GPU). The record has
/// RecordLayout::size() fields at record[field * stride]. `superchain`: the chain's
/// (superchain_of; the collapsed sampler's chains have none, and its summaries ignore the slots).
template <class Counter>
class SummarySink {
 public:
  METAMC_HD SummarySink(const SummaryPlan& plan, const BinGrid* theta_bins, double* record,
                        std::size_t stride, Counter counter, std::uint32_t draws,
                        double total_draws, int superchain)
      : plan_(plan),
        theta_bins_(theta_bins),
        record_(record),
        stride_(stride),
        counter_(counter),
        half_(draws / 2),
        draws_(draws),
        score_limit_(extreme_score(total_draws)),
        superchain_(superchain) {}

  METAMC_HD void theta(std::uint32_t, int i, double value) {
    counter_(kHistogramTheta + i, theta_bins_[i].bin(value));
  }

  // Summary mode keeps no per-study risks: their ranges are not planned (posterior/
  // streamed_summary.hpp leaves them out).
  METAMC_HD void arm_risks(std::uint32_t, int, const ArmRisks&) {}

  METAMC_HD void record(std::uint32_t n, const ReportedDraw& draw) {
    const double benefit = draw.p_benefit;
    const double mu = draw.mu - plan_.mu.reference;
    sums_[kSumMu] += mu;
    sums_[kSumMuSquare] += mu * mu;
    sums_[kSumTau] += draw.tau;
    sums_[kSumTauSquare] += draw.tau * draw.tau;
    sums_[kSumBenefit] += benefit;
    sums_[kSumBenefitSquare] += benefit * benefit;
    sums_[kSumPredBenefit] += draw.p_pred_benefit;
    sums_[kSumThreshold] += draw.p_threshold;
    counter_(kHistogramMu, plan_.mu_bins.bin(draw.mu));
    counter_(kHistogramLogTau, plan_.log_tau_bins.bin(draw.log_tau));
    counter_(kHistogramPred, plan_.pred_bins.bin(draw.theta_new));

    // The split halves: the first floor(N/2) draws and the last floor(N/2) (the middle draw of
    // an odd chain belongs to neither, as in split_chains).
    if (n == draws_ - half_ && n > 0) flush(0);
    if (n >= half_ && n < draws_ - half_) return;
    const DrawScores mu_scores = scores_at(plan_.mu.scores, draw.mu, score_limit_);
    // tau's scores are tabulated in log tau.
    const DrawScores tau_scores = scores_at(plan_.tau.scores, draw.log_tau, score_limit_);
    moments_[kMuValue].add(mu);
    moments_[kMuBulk].add(mu_scores.bulk);
    moments_[kMuFold].add(mu_scores.folded);
    moments_[kTauBulk].add(tau_scores.bulk);
    moments_[kTauFold].add(tau_scores.folded);
    moments_[kBenefitValue].add(benefit);
    indicators_[kMuBelow05 - kFirstIndicator].add(draw.mu <= plan_.mu.q05);
    indicators_[kMuBelow95 - kFirstIndicator].add(draw.mu <= plan_.mu.q95);
    indicators_[kTauBelow05 - kFirstIndicator].add(draw.tau <= plan_.tau.q05);
    indicators_[kTauBelow95 - kFirstIndicator].add(draw.tau <= plan_.tau.q95);
  }

  METAMC_HD void finish(const ChainCounts& counts) {
    flush(1);
    sums_[kSumAccepted] = counts.acceptance;
    sums_[kSumDivergences] = counts.divergences;
    sums_[kSumLeapfrogSteps] = counts.leapfrog_steps;
    for (int i = 0; i < kPlainSums; ++i) record_[RecordLayout::plain(i) * stride_] = sums_[i];
    write_superchain_slots();
  }

 private:
  METAMC_HD void flush(int half) {
    for (int seq = 0; seq < kStreamedSequences; ++seq) {
      const LagSummary summary = seq < kFirstIndicator
                                     ? moments_[seq].finish()
                                     : indicators_[seq - kFirstIndicator].finish();
      double* out =
          record_ + static_cast<std::size_t>(RecordLayout::sequence(seq, half, 0)) * stride_;
      out[0] = summary.mean;
      out[stride_] = summary.mean * summary.mean;
      for (int l = 0; l <= kStreamLags; ++l) out[(2 + l) * stride_] = summary.acov[l];
    }
    for (LaggedMoments& m : moments_) m = LaggedMoments();
    for (LaggedIndicator& i : indicators_) i = LaggedIndicator();
  }

  // The chain's mean and variance of mu (less the plan's reference, as summed) and tau in its
  // superchain's slots, zeros in the others: every field of the record is written, so that a
  // record reused for the next chain carries nothing over.
  METAMC_HD void write_superchain_slots() {
    const double n = draws_;
    const double sum[kNestedQuantities] = {sums_[kSumMu], sums_[kSumTau]};
    const double sum_sq[kNestedQuantities] = {sums_[kSumMuSquare], sums_[kSumTauSquare]};
    double mean[kNestedQuantities], variance[kNestedQuantities];
    for (int q = 0; q < kNestedQuantities; ++q) {
      mean[q] = sum[q] / n;
      variance[q] = n > 1 ? std::fmax(0.0, (sum_sq[q] - sum[q] * mean[q]) / (n - 1)) : 0.0;
    }
    for (int s = 0; s < kRecordedSuperchains; ++s)
      for (int q = 0; q < kNestedQuantities; ++q) {
        const bool own = s == superchain_;
        double* out = record_ + static_cast<std::size_t>(RecordLayout::nested(s, q, 0)) * stride_;
        out[kChainMean * stride_] = own ? mean[q] : 0;
        out[kChainMeanSquare * stride_] = own ? mean[q] * mean[q] : 0;
        out[kChainVariance * stride_] = own ? variance[q] : 0;
      }
  }

  const SummaryPlan& plan_;
  const BinGrid* theta_bins_;
  double* record_;
  std::size_t stride_;
  Counter counter_;
  std::uint32_t half_, draws_;
  double score_limit_;  // the score of the most extreme of the group's draws
  int superchain_;
  double sums_[kPlainSums] = {};
  LaggedMoments moments_[kFirstIndicator];
  LaggedIndicator indicators_[kStreamedSequences - kFirstIndicator];
};

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_SUMMARY_SINK_HPP
