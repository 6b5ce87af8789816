#include "metamc/posterior/posterior_densities.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "metamc/diagnostics/draws.hpp"
#include "metamc/model/log_tau_density.hpp"
#include "metamc/posterior/normal_mixture.hpp"
#include "metamc/posterior/tau_quadrature.hpp"

namespace metamc {
namespace {

constexpr int kPoints = 241;
constexpr double kTail = 0.0005;         // mu and theta_new: from this quantile to 1 - it
constexpr double kTauUpper = 1 - kTail;  // tau: from 0 to this quantile
constexpr double kIqrs = 10;             // kernel estimates: at most this many IQRs from the median

std::vector<double> grid_points(double lower, double upper, int points) {
  std::vector<double> x(static_cast<std::size_t>(points));
  for (int j = 0; j < points; ++j)
    x[static_cast<std::size_t>(j)] = lower + (upper - lower) * j / (points - 1);
  return x;
}

DensityCurve mixture_curve(const NormalMixture& m) {
  DensityCurve c;
  c.x = grid_points(m.quantile(kTail), m.quantile(1 - kTail), kPoints);
  for (double x : c.x) c.density.push_back(m.density(x));
  return c;
}

// p(tau) = p(u) / tau on [0, upper]; the first point sits just above 0, where p(u) / tau has
// its limit (finite for the priors whose density at 0 is finite, 0 for the others).
DensityCurve tau_curve(double upper, const std::function<double(double)>& u_density) {
  DensityCurve c;
  c.x = grid_points(0, upper, kPoints);
  c.x[0] = upper * 1e-6;
  for (double tau : c.x) c.density.push_back(u_density(std::log(tau)) / tau);
  c.x[0] = 0;
  return c;
}

}  // namespace

PosteriorDensities exact_densities(const NormalNormalData& d) {
  const TauQuadrature q(log_tau_density(d));
  NormalMixture mu, pred;
  for (const auto& node : q.nodes()) {
    const MuGivenTau m = integrate_mu(d, node.tau2);
    mu.add(node.weight, m.mean, std::sqrt(m.var));
    pred.add(node.weight, m.mean, std::sqrt(m.var + node.tau2));
  }
  PosteriorDensities p;
  p.source = "exact";
  p.mu = mixture_curve(mu);
  p.theta_new = mixture_curve(pred);
  p.tau =
      tau_curve(std::exp(q.log_tau_quantile(kTauUpper)), [&](double u) { return q.density(u); });
  return p;
}

namespace {

// Silverman's rule of thumb: h = 0.9 min(sd, IQR / 1.34) n^(-1/5); 0 when the values do not vary.
double silverman_bandwidth(const std::vector<double>& sorted) {
  const double n = static_cast<double>(sorted.size());
  if (sorted.size() < 2) return 0;
  double mean = 0;
  for (double v : sorted) mean += v;
  mean /= n;
  double ss = 0;
  for (double v : sorted) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / (n - 1));
  auto quantile = [&](double p) { return sorted[static_cast<std::size_t>(p * (n - 1))]; };
  const double iqr = quantile(0.75) - quantile(0.25);
  const double spread = iqr > 0 ? std::min(sd, iqr / 1.34) : sd;
  return spread > 0 ? 0.9 * spread * std::pow(n, -0.2) : 0;
}

// The sample linearly binned onto equally spaced centres a quarter of a bandwidth apart over
// [lower, upper] (Wand and Jones 1995, Kernel Smoothing, appendix D): each value splits its
// weight between its two neighbouring centres. The density from the bins differs from the exact
// sum by O(bin width^2), and costs O(points x 64) instead of O(points x draws). Values outside
// keep their share of 1/n but are not binned: they lie more than 8 bandwidths from every point
// the density is asked at.
constexpr double kBinsPerBandwidth = 4;
constexpr std::size_t kMaxBins = std::size_t{1} << 20;

struct BinnedSample {
  double lower = 0, width = 1;
  std::vector<double> weight;
};

BinnedSample bin_sample(const std::vector<double>& sorted, double h, double lower, double upper) {
  BinnedSample b;
  const auto bins = std::min(
      kMaxBins, static_cast<std::size_t>(std::ceil((upper - lower) / h * kBinsPerBandwidth)) + 2);
  b.lower = lower;
  b.width = (upper - lower) / static_cast<double>(bins - 1);
  b.weight.assign(bins, 0.0);
  const double share = 1 / static_cast<double>(sorted.size());
  for (double v : sorted) {
    if (!(v >= lower && v <= upper)) continue;
    const double position = b.width > 0 ? (v - b.lower) / b.width : 0;
    const auto j = std::min(static_cast<std::size_t>(position), bins - 2);
    const double t = position - static_cast<double>(j);
    b.weight[j] += (1 - t) * share;
    b.weight[j + 1] += t * share;
  }
  return b;
}

// sum_j w_j phi((x - c_j) / h) / h over the centres within 8 bandwidths (the rest add less than
// exp(-32)).
double kernel_sum(const BinnedSample& b, double h, double x) {
  const auto first = static_cast<long>(std::ceil((x - 8 * h - b.lower) / b.width));
  const auto last = static_cast<long>(std::floor((x + 8 * h - b.lower) / b.width));
  const auto bins = static_cast<long>(b.weight.size());
  double f = 0;
  for (long j = std::max(first, 0L); j <= std::min(last, bins - 1); ++j) {
    const double z = (x - (b.lower + static_cast<double>(j) * b.width)) / h;
    f += b.weight[static_cast<std::size_t>(j)] * std::exp(-0.5 * z * z);
  }
  return f / (h * std::sqrt(2 * M_PI));
}

// A streamed histogram (mcmc/sinks/summary_sink.hpp: underflow, kHistogramBins bins, overflow)
// as a binned sample at its bins' centres, with its bandwidth by Silverman's rule from the
// histogram's own moments and quartiles, and the range the curve spans.
struct HistogramSample {
  BinnedSample bins;
  double h = 0, lower = 0, upper = 0;
};

HistogramSample histogram_sample(const std::uint64_t* counts, const BinGrid& grid) {
  HistogramSample out;
  double total = 0;
  for (int b = 0; b < kHistogramStride; ++b) total += static_cast<double>(counts[b]);
  if (!(total > 1)) return out;
  BinnedSample& bins = out.bins;
  bins.lower = grid.lower + 0.5 * grid.width;  // the first bin's centre
  bins.width = grid.width;
  bins.weight.resize(kHistogramBins);
  double mean = 0, square = 0;
  for (int b = 0; b < kHistogramBins; ++b) {
    const double w = static_cast<double>(counts[b + 1]) / total;
    const double centre = bins.lower + b * grid.width;
    bins.weight[static_cast<std::size_t>(b)] = w;
    mean += w * centre;
    square += w * centre * centre;
  }
  // Quantiles by linear interpolation within bins, as the streamed summaries take them.
  const auto quantile = [&](double p) {
    double below = static_cast<double>(counts[0]) / total;
    if (p <= below) return grid.lower;
    for (int b = 0; b < kHistogramBins; ++b) {
      const double w = bins.weight[static_cast<std::size_t>(b)];
      if (below + w >= p) return grid.lower + (b + (p - below) / w) * grid.width;
      below += w;
    }
    return grid.lower + kHistogramBins * grid.width;
  };
  const double sd = std::sqrt(std::fmax(0.0, square - mean * mean));
  const double iqr = quantile(0.75) - quantile(0.25);
  const double spread = iqr > 0 ? std::min(sd, iqr / 1.34) : sd;
  // Silverman's rule on all the draws, but never narrower than a bin.
  out.h = std::max(grid.width, 0.9 * spread * std::pow(total, -0.2));
  out.lower = quantile(kTail);
  out.upper = quantile(1 - kTail);
  return out;
}

DensityCurve histogram_density(const GroupSummary& s, int quantity, const BinGrid& grid) {
  const HistogramSample hs = histogram_sample(
      s.histogram.data() + static_cast<std::size_t>(quantity) * kHistogramStride, grid);
  if (!(hs.h > 0) || !(hs.upper > hs.lower)) return {};
  DensityCurve c;
  c.x = grid_points(hs.lower, hs.upper, kPoints);
  for (double x : c.x) c.density.push_back(kernel_sum(hs.bins, hs.h, x));
  return c;
}

}  // namespace

DensityCurve kernel_density(std::vector<double> sorted, int points) {
  std::sort(sorted.begin(), sorted.end());
  const double h = silverman_bandwidth(sorted);
  if (!(h > 0)) return {};
  // The grid spans the draws (4 bandwidths beyond), but neither their farthest kTail on either
  // side nor more than kIqrs interquartile ranges from their median: a heavy tail would spread
  // the points too thin for the bulk (a Cauchy's 0.0005 quantile is 636 scales out).
  const double median = sorted_quantile(sorted, 0.5);
  const double iqr = sorted_quantile(sorted, 0.75) - sorted_quantile(sorted, 0.25);
  double lower = std::max(sorted.front() - 4 * h, sorted_quantile(sorted, kTail));
  double upper = std::min(sorted.back() + 4 * h, sorted_quantile(sorted, 1 - kTail));
  if (iqr > 0) {
    lower = std::max(lower, median - kIqrs * iqr);
    upper = std::min(upper, median + kIqrs * iqr);
  }
  const BinnedSample bins = bin_sample(sorted, h, lower - 8 * h, upper + 8 * h);
  DensityCurve c;
  c.x = grid_points(lower, upper, points);
  for (double x : c.x) c.density.push_back(kernel_sum(bins, h, x));
  return c;
}

PosteriorDensities streamed_densities(const GroupSummary& summary, const GroupPlan& plan) {
  PosteriorDensities p;
  p.source = "kernel density estimates from the streamed histograms";
  p.mu = histogram_density(summary, kHistogramMu, plan.plan.mu_bins);
  p.theta_new = histogram_density(summary, kHistogramPred, plan.plan.pred_bins);
  // tau from the histogram of u = log tau: p(tau) = p(u) / tau, from the histogram's lower edge
  // (the draws below it are too few to draw).
  const DensityCurve u = histogram_density(summary, kHistogramLogTau, plan.plan.log_tau_bins);
  if (u.x.empty()) return p;
  const HistogramSample hs = histogram_sample(
      summary.histogram.data() + static_cast<std::size_t>(kHistogramLogTau) * kHistogramStride,
      plan.plan.log_tau_bins);
  p.tau.x = grid_points(std::exp(u.x.front()), std::exp(u.x.back()), kPoints);
  for (double tau : p.tau.x)
    p.tau.density.push_back(kernel_sum(hs.bins, hs.h, std::log(tau)) / tau);
  return p;
}

PosteriorDensities draws_densities(const GroupDraws& draws) {
  PosteriorDensities p;
  p.source = "kernel density estimates from the draws";
  p.mu = kernel_density({draws.mu.begin(), draws.mu.end()}, kPoints);
  p.theta_new = kernel_density({draws.theta_new.begin(), draws.theta_new.end()}, kPoints);
  // tau >= 0: the kernel reflected at 0, f(x) + f(-x) (Silverman 1986, section 2.10), so that
  // the estimate keeps its mass on the support and a density that is positive at 0 stays so.
  std::vector<double> sorted(draws.tau.begin(), draws.tau.end());
  std::sort(sorted.begin(), sorted.end());
  const double h = silverman_bandwidth(sorted);
  if (!(h > 0)) return p;
  const double upper = sorted_quantile(sorted, kTauUpper);
  const BinnedSample bins = bin_sample(sorted, h, 0, upper + 8 * h);
  p.tau.x = grid_points(0, upper, kPoints);
  for (double x : p.tau.x)
    p.tau.density.push_back(kernel_sum(bins, h, x) + kernel_sum(bins, h, -x));
  return p;
}

}  // namespace metamc
