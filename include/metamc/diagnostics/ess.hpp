// Effective sample sizes and Monte Carlo standard errors.
#ifndef METAMC_DIAGNOSTICS_ESS_HPP
#define METAMC_DIAGNOSTICS_ESS_HPP

#include <functional>
#include <vector>

#include "metamc/diagnostics/draws.hpp"

namespace metamc {

/// Biased autocovariances gamma_t = (1/N) sum_i (x_i - mean)(x_{i+t} - mean), t = 0..N-1, by FFT.
std::vector<double> autocovariance(const Eigen::Ref<const Eigen::VectorXd>& chain);

/// What the ESS of M chains of N draws computes on the way and R-hat needs (rhat_from_moments).
struct ChainMoments {
  double n = 0;                // draws per chain
  double chains = 0;           // M
  double var_chain_means = 0;  // sample variance of the chain means
  double within = 0;           // W: the mean of the chains' sample variances
};

/// ESS of the given chains (Stan's estimator, posterior:::.ess; BDA3 section 11.5): combined
/// autocorrelations rho_t = 1 - (W - mean_j gamma_tj) / var+, Geyer's initial positive and initial
/// monotone sequences, N M / tau_hat with tau_hat bounded below by 1 / log10(N M). NaN when the
/// draws are constant or N < 3, and then `moments`, where given, is left as it was.
double ess_basic(const DrawsView& x, ChainMoments* moments = nullptr);

struct EssEstimate {
  double ess = 0;
  bool truncated = false;  // Geyer's sequence needed lags beyond those available
};

/// The core of ess_basic from summary statistics of M chains of length N: acov(t), the mean over
/// chains of the biased lag-t autocovariances for t <= max_lag, and the sample variance of the
/// chain means. Streaming summaries (mcmc/sinks/summary_sink.hpp) keep only a few lags; if
/// Geyer's sequence has not ended by then, the sum stops there and `truncated` is set.
EssEstimate ess_from_autocovariances(const std::function<double(std::size_t)>& acov,
                                     std::size_t max_lag, double n, double m,
                                     double var_chain_means);

/// The sample variance of the chain means (0 for a single chain): ess_basic's var+ term.
double var_chain_means(const Eigen::RowVectorXd& means);

/// ESS of the mean: ess_basic of the split chains.
double ess_mean(const DrawsView& x);

/// Bulk ESS: ess_basic of the rank-normalised split chains.
double ess_bulk(const DrawsView& x);

/// Tail ESS: the smaller ESS of the indicators x <= q05 and x <= q95 (split chains).
double ess_tail(const DrawsView& x);

/// MCSE of the mean: sd(x) / sqrt(ess_mean(x)).
double mcse_mean(const DrawsView& x);

}  // namespace metamc

#endif  // METAMC_DIAGNOSTICS_ESS_HPP
