#include "metamc/posterior/streamed_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "metamc/diagnostics/nested_rhat.hpp"
#include "metamc/diagnostics/streamed_diagnostics.hpp"
#include "metamc/mcmc/superchains.hpp"
#include "metamc/posterior/posterior_moments.hpp"
#include "metamc/posterior/posterior_notes.hpp"

namespace metamc {
namespace {

// One quantity's histogram: underflow, kHistogramBins bins, overflow.
class Histogram {
 public:
  Histogram(const GroupSummary& s, int quantity, const BinGrid& grid)
      : counts_(s.histogram.data() + static_cast<std::size_t>(quantity) * kHistogramStride),
        grid_(grid) {
    for (int b = 0; b < kHistogramStride; ++b) total_ += static_cast<double>(counts_[b]);
  }

  double outside() const {
    return static_cast<double>(counts_[0] + counts_[kHistogramStride - 1]) / total_;
  }

  // Linear interpolation within the bin where the cumulative count reaches p of the total.
  double quantile(double p) const {
    const double target = p * total_;
    double below = static_cast<double>(counts_[0]);
    if (target <= below) return grid_.lower;
    for (int b = 1; b <= kHistogramBins; ++b) {
      const double c = static_cast<double>(counts_[b]);
      if (below + c >= target) return grid_.lower + (b - 1 + (target - below) / c) * grid_.width;
      below += c;
    }
    return grid_.lower + kHistogramBins * grid_.width;
  }

  // Mean with each draw at its bin's midpoint (draws outside at the range's edges).
  double mean() const {
    double sum = static_cast<double>(counts_[0]) * grid_.lower +
                 static_cast<double>(counts_[kHistogramStride - 1]) *
                     (grid_.lower + kHistogramBins * grid_.width);
    for (int b = 1; b <= kHistogramBins; ++b)
      sum += static_cast<double>(counts_[b]) * (grid_.lower + (b - 0.5) * grid_.width);
    return sum / total_;
  }

  ScalarSummary summary(double level) const {
    ScalarSummary s;
    s.mean = mean();
    s.median = quantile(0.5);
    s.ci = {quantile((1 - level) / 2), quantile((1 + level) / 2)};
    return s;
  }

 private:
  const std::uint64_t* counts_;
  BinGrid grid_;
  double total_ = 0;
};

SequenceTotals totals_of(const GroupSummary& s, int sequence) {
  SequenceTotals t;
  t.chains = 2.0 * s.chains;
  t.length = s.draws / 2;
  for (int half = 0; half < 2; ++half) {
    t.sum_mean += s.totals[RecordLayout::sequence(sequence, half, 0)];
    t.sum_mean_sq += s.totals[RecordLayout::sequence(sequence, half, 1)];
    for (int l = 0; l <= kStreamLags; ++l)
      t.sum_acov[l] += s.totals[RecordLayout::sequence(sequence, half, 2 + l)];
  }
  return t;
}

// Nested R-hat, worst of mu and tau, from the sums of the chains' means and variances that each
// superchain's slots of the records hold; NaN where the superchains were not recorded.
double streamed_nested_rhat(const GroupSummary& s) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (s.superchains < 2 || s.superchains > kRecordedSuperchains) return nan;
  std::vector<int> chains(static_cast<std::size_t>(s.superchains), 0);
  for (int c = 0; c < s.chains; ++c)
    ++chains[static_cast<std::size_t>(superchain_of(c, s.chains, s.superchains))];
  // The worse of mu's and tau's, as from the draws (fmax: NaN only where both are).
  double worst = nan;
  for (int q = 0; q < kNestedQuantities; ++q) {
    std::vector<SuperchainSpread> spread;
    for (int k = 0; k < s.superchains; ++k) {
      auto total = [&](int field) { return s.totals[RecordLayout::nested(k, q, field)]; };
      spread.push_back(superchain_spread(total(kChainMean), total(kChainMeanSquare),
                                         total(kChainVariance),
                                         chains[static_cast<std::size_t>(k)]));
    }
    worst = std::fmax(worst, nested_rhat(spread));
  }
  return worst;
}

double sample_sd(double sum, double sum_sq, double n) {
  return std::sqrt(std::fmax(0.0, (sum_sq - sum * sum / n) / (n - 1)));
}

}  // namespace

BayesResult summarise_streamed(const GroupSummary& s, const GroupPlan& p, const NormalNormalData& d,
                               double level, ModelKind model) {
  BayesResult r;
  r.method = "mcmc";
  const double n = static_cast<double>(s.chains) * s.draws;
  auto sum = [&](int field) { return s.totals[RecordLayout::plain(field)]; };
  bool truncated = false;
  auto ess = [&](int sequence) {
    const EssEstimate e = streamed_ess(totals_of(s, sequence));
    truncated = truncated || e.truncated;
    return e.ess;
  };
  auto mcse = [&](double sd, int sequence) {
    const double e = ess(sequence);
    return std::isfinite(e) ? sd / std::sqrt(e) : 0.0;
  };

  const Histogram mu(s, kHistogramMu, p.plan.mu_bins);
  r.mu = mu.summary(level);
  r.mu.mean = p.plan.mu.reference + sum(kSumMu) / n;
  r.mu.sd = sample_sd(sum(kSumMu), sum(kSumMuSquare), n);
  r.mu.mcse = mcse(*r.mu.sd, kMuValue);

  const Histogram log_tau(s, kHistogramLogTau, p.plan.log_tau_bins);
  r.tau.mean = sum(kSumTau) / n;
  r.tau.median = std::exp(log_tau.quantile(0.5));
  r.tau.ci = {std::exp(log_tau.quantile((1 - level) / 2)),
              std::exp(log_tau.quantile((1 + level) / 2))};
  r.tau2.mean = sum(kSumTauSquare) / n;
  r.tau2.median = r.tau.median * r.tau.median;
  r.tau2.ci = {r.tau.ci.lower * r.tau.ci.lower, r.tau.ci.upper * r.tau.ci.upper};

  const Histogram pred(s, kHistogramPred, p.plan.pred_bins);
  r.pred_median = pred.quantile(0.5);
  r.pred_interval = {pred.quantile((1 - level) / 2), pred.quantile((1 + level) / 2)};

  r.p_benefit = sum(kSumBenefit) / n;
  r.p_benefit_mcse = mcse(sample_sd(sum(kSumBenefit), sum(kSumBenefitSquare), n), kBenefitValue);
  r.p_pred_benefit = sum(kSumPredBenefit) / n;
  if (p.plan.has_threshold) r.p_threshold = sum(kSumThreshold) / n;

  double outside = std::max({mu.outside(), log_tau.outside(), pred.outside()});
  for (int i = 0; i < s.k; ++i) {
    const Histogram theta(s, kHistogramTheta + i, p.theta_bins[static_cast<std::size_t>(i)]);
    r.shrunken.push_back(theta.summary(level));
    outside = std::max(outside, theta.outside());
  }

  McmcDiagnostics diag;
  diag.rhat = std::fmax(
      std::fmax(streamed_rhat(totals_of(s, kMuBulk)), streamed_rhat(totals_of(s, kMuFold))),
      std::fmax(streamed_rhat(totals_of(s, kTauBulk)), streamed_rhat(totals_of(s, kTauFold))));
  diag.ess_bulk = std::fmin(ess(kMuBulk), ess(kTauBulk));
  diag.ess_tail = std::fmin(std::fmin(ess(kMuBelow05), ess(kMuBelow95)),
                            std::fmin(ess(kTauBelow05), ess(kTauBelow95)));
  diag.chains = s.chains;
  diag.draws_per_chain = s.draws;
  diag.acceptance = sum(kSumAccepted) / n;
  if (s.step_size > 0) {  // HMC
    diag.step_size = s.step_size;
    diag.divergences = sum(kSumDivergences);
    diag.leapfrog_steps = sum(kSumLeapfrogSteps) / n;
    const double nested = streamed_nested_rhat(s);
    if (std::isfinite(nested)) diag.nested_rhat = nested;
  }
  r.diagnostics = diag;

  if (truncated)
    r.notes.push_back("an ESS used only the first " + std::to_string(kStreamLags) +
                      " autocorrelation lags (summary mode); it may be too high");
  if (outside > 1e-3)
    r.notes.push_back(
        "more than 0.1% of the draws fell outside a histogram's range; quantiles at "
        "the edges are approximate");
  drop_nonexistent_moments(d, r);
  add_posterior_notes(d, model, r);
  return r;
}

}  // namespace metamc
