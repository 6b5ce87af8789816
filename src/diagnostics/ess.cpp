#include "metamc/diagnostics/ess.hpp"

#include <cmath>
#include <complex>
#include <functional>
#include <limits>
#include <unsupported/Eigen/FFT>

namespace metamc {

std::vector<double> autocovariance(const Eigen::Ref<const Eigen::VectorXd>& chain) {
  const Eigen::Index n = chain.size();
  Eigen::Index padded = 1;
  while (padded < 2 * n) padded *= 2;  // zero padding to >= 2N: no circular wrap-around
  std::vector<double> centred(static_cast<std::size_t>(padded), 0.0);
  const double mean = chain.mean();
  for (Eigen::Index i = 0; i < n; ++i) centred[static_cast<std::size_t>(i)] = chain[i] - mean;
  Eigen::FFT<double> fft;
  std::vector<std::complex<double>> spectrum;
  fft.fwd(spectrum, centred);
  for (auto& c : spectrum) c = std::norm(c);
  std::vector<double> correlation;
  fft.inv(correlation, spectrum);
  std::vector<double> gamma(static_cast<std::size_t>(n));
  for (Eigen::Index t = 0; t < n; ++t)
    gamma[static_cast<std::size_t>(t)] = correlation[static_cast<std::size_t>(t)] / n;
  return gamma;
}

namespace {

// Mean over chains of the lag-t autocovariances, computed directly for the first lags (Geyer's
// sequence usually stops within a few lags for a well-mixing sampler) and by FFT for all lags
// once more are needed. Both give the biased estimator of posterior:::autocovariance.
class MeanAutocovariance {
 public:
  MeanAutocovariance(const DrawsView& x, const Eigen::RowVectorXd& means) : x_(x), means_(means) {}

  double operator()(std::size_t t) {
    if (t < direct_.size()) return direct_[t];
    if (!all_.empty()) return all_[t];
    if (t < kDirectLags) {
      while (direct_.size() <= t) add_direct_lags();
      return direct_[t];
    }
    all_.assign(static_cast<std::size_t>(x_.rows()), 0.0);
    for (Eigen::Index j = 0; j < x_.cols(); ++j) {
      const std::vector<double> g = autocovariance(x_.col(j));
      for (std::size_t i = 0; i < all_.size(); ++i)
        all_[i] += g[i] / static_cast<double>(x_.cols());
    }
    return all_[t];
  }

 private:
  // Up to here direct sums (a quarter of a millisecond a lag for 800,000 draws) cost less than
  // the FFT of every chain (Eigen's kissfft: about 50 ms for 16 chains of 50,000 draws).
  static constexpr std::size_t kDirectLags = 128;
  static constexpr std::size_t kBatch = 4;  // lags summed from one centring of a chain

  // The next kBatch lags (those shorter than the chains), chain by chain: each chain centred once
  // into a buffer that stays in the cache, its lags summed from there rather than each read
  // afresh from the draws.
  void add_direct_lags() {
    const Eigen::Index n = x_.rows();
    const std::size_t first = direct_.size();
    double sums[kBatch] = {};
    centred_.resize(n);
    for (Eigen::Index j = 0; j < x_.cols(); ++j) {
      centred_ = x_.col(j).array() - means_[j];
      for (std::size_t k = 0; k < kBatch; ++k) {
        const auto lag = static_cast<Eigen::Index>(first + k);
        if (lag < n) sums[k] += (centred_.head(n - lag) * centred_.tail(n - lag)).sum();
      }
    }
    for (std::size_t k = 0; k < kBatch && first + k < static_cast<std::size_t>(n); ++k)
      direct_.push_back(sums[k] / static_cast<double>(n) / static_cast<double>(x_.cols()));
  }

  const DrawsView& x_;
  const Eigen::RowVectorXd& means_;
  Eigen::ArrayXd centred_;
  std::vector<double> direct_, all_;
};

}  // namespace

EssEstimate ess_from_autocovariances(const std::function<double(std::size_t)>& acov,
                                     std::size_t max_lag, double n, double m,
                                     double var_chain_means) {
  const double mean_var = acov(0) * n / (n - 1);
  double var_plus = mean_var * (n - 1) / n;
  if (m > 1) var_plus += var_chain_means;
  auto rho = [&](std::size_t t) { return 1 - (mean_var - acov(t)) / var_plus; };

  // Geyer's initial positive sequence over pairs (rho_2k, rho_2k+1), as far as the lags go.
  EssEstimate estimate;
  const auto length = static_cast<std::size_t>(n);
  std::vector<double> rho_hat(std::min(length, max_lag + 2), 0.0);
  std::size_t t = 0;
  double rho_even = 1, rho_odd = rho(1);
  rho_hat[0] = rho_even;
  rho_hat[1] = rho_odd;
  while (t + 5 < length && rho_even + rho_odd > 0) {
    if (t + 3 > max_lag) {
      estimate.truncated = true;
      break;
    }
    t += 2;
    rho_even = rho(t);
    rho_odd = rho(t + 1);
    if (rho_even + rho_odd >= 0) {
      rho_hat[t] = rho_even;
      rho_hat[t + 1] = rho_odd;
    }
  }
  const std::size_t max_t = t;
  if (rho_even > 0) rho_hat[max_t] = rho_even;
  // Geyer's initial monotone sequence.
  for (t = 2; t + 2 <= max_t; t += 2) {
    if (rho_hat[t] + rho_hat[t + 1] > rho_hat[t - 2] + rho_hat[t - 1]) {
      rho_hat[t] = (rho_hat[t - 2] + rho_hat[t - 1]) / 2;
      rho_hat[t + 1] = rho_hat[t];
    }
  }
  double tau_hat = -1 + rho_hat[max_t];
  for (std::size_t i = 0; i < max_t; ++i) tau_hat += 2 * rho_hat[i];
  const double draws = n * m;
  tau_hat = std::fmax(tau_hat, 1 / std::log10(draws));
  estimate.ess = draws / tau_hat;
  return estimate;
}

double ess_basic(const DrawsView& x, ChainMoments* moments) {
  const Eigen::Index n = x.rows(), m = x.cols();
  if (n < 3 || is_constant(x)) return std::numeric_limits<double>::quiet_NaN();
  const Eigen::RowVectorXd means = x.colwise().mean();
  MeanAutocovariance acov(x, means);
  const double spread = var_chain_means(means), size = static_cast<double>(n);
  const double ess = ess_from_autocovariances([&](std::size_t t) { return acov(t); },
                                              static_cast<std::size_t>(n - 1), size,
                                              static_cast<double>(m), spread)
                         .ess;
  // The lag-0 autocovariance is the chains' biased variance: N / (N - 1) unbiases it.
  if (moments) *moments = {size, static_cast<double>(m), spread, acov(0) * size / (size - 1)};
  return ess;
}

double var_chain_means(const Eigen::RowVectorXd& means) {
  const Eigen::Index m = means.size();
  if (m < 2) return 0;
  return (means.array() - means.mean()).square().sum() / static_cast<double>(m - 1);
}

double ess_mean(const DrawsView& x) {
  DrawsMatrix copy;
  return ess_basic(split_view(x, copy));
}

double ess_bulk(const DrawsView& x) {
  return ess_basic(z_scale(split_chains(x)));
}

double ess_tail(const DrawsView& x) {
  auto indicator_ess = [&](double p) {
    const double q = quantile(x, p);
    const DrawsMatrix below = (x.array() <= q).cast<double>().matrix();
    return ess_basic(split_chains(below));
  };
  return std::fmin(indicator_ess(0.05), indicator_ess(0.95));
}

double mcse_mean(const DrawsView& x) {
  const double n = static_cast<double>(x.size());
  const double sd = std::sqrt((x.array() - x.mean()).square().sum() / (n - 1));
  return sd / std::sqrt(ess_mean(x));
}

}  // namespace metamc
