// The exact posterior's intervals for mu and for a new trial's effect, and P(benefit), of the
// normal-normal model on a small quadrature in u = log tau: host/device code, so that the CPU
// (exact_intervals.hpp) and the simulation kernels integrate every replicate alike.
//
// mu given tau is normal (models/normal_normal.hpp), so the posterior of mu is a mixture of
// normals over the nodes: 8-node Gauss-Legendre panels over the range where p(u | y) is above
// exp(-30) of its maximum (model/log_tau_search.hpp), as wide as the posterior sd of u near the
// mode and twice that in the exponential left tail, whose mass below tau = 1e-5 min s_i is one
// node. Quantiles of the mixtures by safeguarded Halley steps from the moment-matched normal.
//
// In two steps, because the device has no allocator: plan_interval_quadrature finds the range
// and says how many nodes the mixtures need; quadrature_intervals fills storage that large.
#ifndef METAMC_POSTERIOR_INTERVAL_QUADRATURE_HPP
#define METAMC_POSTERIOR_INTERVAL_QUADRATURE_HPP

#include <cmath>

#include "metamc/host_device.hpp"
#include "metamc/interval.hpp"
#include "metamc/math/normal.hpp"
#include "metamc/model/log_tau_search.hpp"
#include "models/normal_normal.hpp"

namespace metamc {

struct ExactIntervals {
  Interval mu;           // central credible interval of mu
  Interval prediction;   // central interval of a new trial's effect theta_new
  double p_benefit = 0;  // P(mu on the favourable side of 0 | y)
};

constexpr int kNodesPerPanel = 8;

/// The Gauss-Legendre rule of kNodesPerPanel nodes on [-1, 1] (gauss_legendre(8) on the host).
struct PanelRule {
  double nodes[kNodesPerPanel];
  double weights[kNodesPerPanel];
};

/// Where the nodes go: an optional lumped node for the left tail, then two runs of panels.
struct IntervalQuadrature {
  LogTauRange range;
  bool has_tail_node = false;
  double tail_u = 0, tail_mass = 0;  // the lumped node and its mass (relative to the mode's)
  double from[2] = {0, 0}, to[2] = {0, 0};
  int panels[2] = {0, 0};

  METAMC_HD int nodes() const {
    return (has_tail_node ? 1 : 0) + kNodesPerPanel * (panels[0] + panels[1]);
  }
};

/// The mixture components, one per node, in storage of at least IntervalQuadrature::nodes().
struct MixtureStorage {
  double* weight;
  double* mean;
  double* sd;       // of mu given tau
  double* pred_sd;  // of theta_new given tau
};

/// The p-quantile of sum_j w_j N(m_j, s_j^2) (weights summing to 1): Halley steps (cubic
/// convergence: the density's slope comes free with it) from the moment-matched normal's
/// quantile, kept inside a bracket that bisection narrows when a step would leave it. A step
/// below 1e-6 of the scale leaves an error of its cube: done.
METAMC_HD inline double mixture_quantile(const double* w, const double* m, const double* s, int n,
                                         double p) {
  double mean = 0, second = 0;
  for (int j = 0; j < n; ++j) {
    mean += w[j] * m[j];
    second += w[j] * (s[j] * s[j] + m[j] * m[j]);
  }
  const double sd = std::sqrt(std::fmax(second - mean * mean, 0.0));
  double x = mean + sd * standard_normal_quantile(p);
  double lo = -HUGE_VAL, hi = HUGE_VAL;
  for (int iteration = 0; iteration < 100; ++iteration) {
    double cdf = 0, density = 0, slope = 0;
    for (int j = 0; j < n; ++j) {
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

/// Finds the range of u and lays out the nodes. `work`: d.k doubles.
METAMC_HD inline LogTauSearchFailure plan_interval_quadrature(const NormalNormalData& d,
                                                              double* work, IntervalQuadrature& q) {
  const double drop = 30;        // exp(-30) = 9e-14 of the maximum
  const double scan_step = 0.5;  // of the search for the range: a quarter of the evaluations
  const auto f = [&](double u) { return log_tau_posterior(d, u).log_density; };
  const LogTauSearchFailure failure = search_log_tau_range(
      f, d.tau_prior, median_log_sd(d.s2, d.k, work), drop, scan_step, q.range);
  if (failure != LogTauSearchFailure::none) return failure;
  const LogTauRange& range = q.range;

  // Below tau = 1e-5 of the smallest standard error every conditional is that of tau = 0 to 1e-10:
  // the mass there, an exponential tail in u (the prior's density at tau = 0 times the Jacobian
  // tau), is lumped into one node at the cut.
  double from = range.lower;
  double min_s2 = d.s2[0];
  for (int i = 1; i < d.k; ++i) min_s2 = std::fmin(min_s2, d.s2[i]);
  const double cut = std::log(1e-5) + 0.5 * std::log(min_s2);
  if (!range.lower_is_support_bound && range.lower < cut && cut < range.upper) {
    const double at_cut = f(cut);
    const double rate = at_cut - f(cut - 1);
    if (rate > 0) {
      q.has_tail_node = true;
      q.tail_u = cut;
      q.tail_mass = std::exp(at_cut - range.log_density_max) / rate;
    }
    from = cut;
  }
  // Panels as wide as the posterior sd of u around the mode, twice as wide beyond 4 sds below it
  // (the exponential left tail).
  const double narrow = std::fmin(1.0, range.scale), wide = 2 * narrow;
  const double knee = std::fmin(std::fmax(range.mode - 4 * range.scale, from), range.upper);
  const double bounds[3] = {from, knee, range.upper};
  const double widths[2] = {wide, narrow};
  for (int part = 0; part < 2; ++part) {
    q.from[part] = bounds[part];
    q.to[part] = bounds[part + 1];
    const double length = q.to[part] - q.from[part];
    q.panels[part] =
        length > 0 ? static_cast<int>(std::fmax(1.0, std::ceil(length / widths[part]))) : 0;
  }
  return LogTauSearchFailure::none;
}

/// The intervals at `level` on the planned nodes.
METAMC_HD inline ExactIntervals quadrature_intervals(const NormalNormalData& d,
                                                     const IntervalQuadrature& q,
                                                     const PanelRule& rule, bool lower_is_better,
                                                     double level, const MixtureStorage& mix) {
  int n = 0;
  double total = 0, favourable = 0;
  // Adds the node at u with mass `mass`, or, when mass < 0, quadrature weight `weight` times the
  // density there (relative to the mode's).
  const auto add = [&](double u, double weight, double mass) {
    const LogTauPosterior post = log_tau_posterior(d, u);
    const double w =
        mass >= 0 ? mass : weight * std::exp(post.log_density - q.range.log_density_max);
    if (!(w > 0)) return;
    const double sd = std::sqrt(post.mu.var);
    mix.weight[n] = w;
    mix.mean[n] = post.mu.mean;
    mix.sd[n] = sd;
    mix.pred_sd[n] = std::sqrt(post.mu.var + std::exp(2 * u));
    ++n;
    favourable += w * favourable_side(lower_is_better, post.mu.mean, sd, 0);
    total += w;
  };
  if (q.has_tail_node) add(q.tail_u, 0, q.tail_mass);
  for (int part = 0; part < 2; ++part) {
    if (q.panels[part] == 0) continue;
    const double a = q.from[part];
    const double width = (q.to[part] - a) / q.panels[part];
    for (int panel = 0; panel < q.panels[part]; ++panel)
      for (int j = 0; j < kNodesPerPanel; ++j)
        add(a + width * (panel + 0.5 * (rule.nodes[j] + 1)), 0.5 * width * rule.weights[j], -1);
  }
  // Nodes lighter than 1e-15 of the whole move no quantile by more than that: left out.
  int heavy = 0;
  for (int j = 0; j < n; ++j) {
    if (!(mix.weight[j] > 1e-15 * total)) continue;
    mix.weight[heavy] = mix.weight[j] / total;
    mix.mean[heavy] = mix.mean[j];
    mix.sd[heavy] = mix.sd[j];
    mix.pred_sd[heavy] = mix.pred_sd[j];
    ++heavy;
  }
  const double alpha = 1 - level;
  ExactIntervals r;
  r.mu = {mixture_quantile(mix.weight, mix.mean, mix.sd, heavy, alpha / 2),
          mixture_quantile(mix.weight, mix.mean, mix.sd, heavy, 1 - alpha / 2)};
  r.prediction = {mixture_quantile(mix.weight, mix.mean, mix.pred_sd, heavy, alpha / 2),
                  mixture_quantile(mix.weight, mix.mean, mix.pred_sd, heavy, 1 - alpha / 2)};
  r.p_benefit = favourable / total;
  return r;
}

}  // namespace metamc

#endif  // METAMC_POSTERIOR_INTERVAL_QUADRATURE_HPP
