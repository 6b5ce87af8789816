#include "metamc/posterior/exact_intervals.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <vector>

#include "metamc/math/gauss_legendre.hpp"
#include "metamc/math/normal.hpp"
#include "metamc/model/log_tau_range.hpp"

namespace metamc {
namespace {

constexpr int kNodesPerPanel = 8;
constexpr double kDrop = 30;       // exp(-30) = 9e-14 of the maximum
constexpr double kScanStep = 0.5;  // of the search for the range: a quarter of the evaluations

// A mixture sum_j w_j N(m_j, s_j^2) with its CDF and density, and its quantiles.
struct Mixture {
  std::vector<double> w, m, s;

  double quantile(double p) const {
    // Halley steps (cubic convergence: the density's slope comes free with it) from the
    // moment-matched normal's quantile, kept inside a bracket that bisection narrows when a step
    // would leave it. A step below 1e-6 of the scale leaves an error of its cube: done.
    double mean = 0, second = 0;
    for (std::size_t j = 0; j < w.size(); ++j) {
      mean += w[j] * m[j];
      second += w[j] * (s[j] * s[j] + m[j] * m[j]);
    }
    const double sd = std::sqrt(std::max(second - mean * mean, 0.0));
    double x = mean + sd * standard_normal_quantile(p);
    double lo = -HUGE_VAL, hi = HUGE_VAL;
    for (int iteration = 0; iteration < 100; ++iteration) {
      double cdf = 0, density = 0, slope = 0;
      for (std::size_t j = 0; j < w.size(); ++j) {
        const double z = (x - m[j]) / s[j];
        if (z > 9) {  // Phi(z) = 1 and phi(z) = 0 to double precision
          cdf += w[j];
          continue;
        }
        if (z < -39) continue;  // Phi(z) = 0 to double precision
        double phi = 0;
        cdf += w[j] * standard_normal_cdf_and_density(z, phi);
        const double f = w[j] * phi / s[j];
        density += f;
        slope -= f * z / s[j];
      }
      const double error = cdf - p;
      (error > 0 ? hi : lo) = x;
      double next = x - 2 * error * density / (2 * density * density - error * slope);
      if (next > lo && next < hi) {
        if (std::fabs(next - x) <= 1e-6 * (std::fabs(x) + sd)) return next;
      } else {  // the step would leave the bracket, or is not a number: bisect
        next = std::isfinite(lo) && std::isfinite(hi) ? 0.5 * (lo + hi)
               : std::isfinite(lo)                    ? lo + 2 * sd
                                                      : hi - 2 * sd;
      }
      x = next;
    }
    return x;
  }
};

}  // namespace

ExactIntervals exact_intervals(const NormalNormalData& d, Benefit benefit, double level) {
  static const QuadratureRule rule = gauss_legendre(kNodesPerPanel);
  const LogTauDensity f = log_tau_density(d);
  const LogTauRange range = find_log_tau_range(f, kDrop, kScanStep);

  Mixture mu, pred;
  double total = 0, favourable = 0;
  const bool lower = benefit == Benefit::lower;
  // Adds the node at u with quadrature weight `weight` (times the density there) to the
  // mixtures; `mass`, when given, replaces the weighted density.
  const auto add = [&](double u, double weight, double mass = -1) {
    const LogTauPosterior post = log_tau_posterior(d, u);
    const double w = mass >= 0 ? mass : weight * std::exp(post.log_density - range.log_density_max);
    if (!(w > 0)) return;
    const MuGivenTau& given = post.mu;
    const double sd = std::sqrt(given.var);
    mu.w.push_back(w);
    mu.m.push_back(given.mean);
    mu.s.push_back(sd);
    pred.s.push_back(std::sqrt(given.var + std::exp(2 * u)));
    favourable += w * favourable_side(lower, given.mean, sd, 0);
    total += w;
  };
  const auto density = [&](double u) { return std::exp(f.at(u) - range.log_density_max); };

  // Below tau = 1e-5 of the smallest standard error every conditional is that of tau = 0 to 1e-10:
  // the mass there, an exponential tail in u (the prior's density at tau = 0 times the Jacobian
  // tau), is lumped into one node at the cut.
  double from = range.lower;
  double min_s2 = d.s2[0];
  for (int i = 1; i < d.k; ++i) min_s2 = std::min(min_s2, d.s2[i]);
  const double cut = std::log(1e-5) + 0.5 * std::log(min_s2);
  if (!range.lower_is_support_bound && range.lower < cut && cut < range.upper) {
    const double rate = f.at(cut) - f.at(cut - 1);
    if (rate > 0) add(cut, 0, density(cut) / rate);
    from = cut;
  }
  // Panels as wide as the posterior sd of u around the mode, twice as wide beyond 4 sds below it
  // (the exponential left tail), each with 8 Gauss-Legendre nodes.
  const double narrow = std::min(1.0, range.scale), wide = 2 * narrow;
  const double knee = std::clamp(range.mode - 4 * range.scale, from, range.upper);
  for (const auto& [a, b, width] :
       {std::tuple{from, knee, wide}, std::tuple{knee, range.upper, narrow}}) {
    if (!(b > a)) continue;
    const int panels = std::max(1, static_cast<int>(std::ceil((b - a) / width)));
    const double w = (b - a) / panels;
    for (int panel = 0; panel < panels; ++panel)
      for (int j = 0; j < kNodesPerPanel; ++j) {
        const double u = a + w * (panel + 0.5 * (rule.nodes[j] + 1));
        add(u, 0.5 * w * rule.weights[j]);
      }
  }
  // Nodes lighter than 1e-15 of the whole move no quantile by more than that: left out.
  Mixture heavy_mu, heavy_pred;
  for (std::size_t j = 0; j < mu.w.size(); ++j) {
    if (!(mu.w[j] > 1e-15 * total)) continue;
    heavy_mu.w.push_back(mu.w[j] / total);
    heavy_mu.m.push_back(mu.m[j]);
    heavy_mu.s.push_back(mu.s[j]);
    heavy_pred.s.push_back(pred.s[j]);
  }
  mu = std::move(heavy_mu);
  pred = std::move(heavy_pred);
  pred.w = mu.w;
  pred.m = mu.m;
  const double alpha = 1 - level;
  ExactIntervals r;
  r.mu = {mu.quantile(alpha / 2), mu.quantile(1 - alpha / 2)};
  r.prediction = {pred.quantile(alpha / 2), pred.quantile(1 - alpha / 2)};
  r.p_benefit = favourable / total;
  return r;
}

}  // namespace metamc
