#include "metamc/mcmc/sinks/summary_plan.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace metamc {
namespace {

constexpr int kCellsPerNode = 8;      // the proposal's cells merged into mixture nodes
constexpr double kSpread = 6;         // histogram and CDF ranges: mean +- 6 sd of each node
constexpr double kNegligible = 1e-6;  // nodes lighter than this do not widen the ranges
constexpr double kTail = 1e-7;        // mass left outside each end of a histogram's range

// A CDF tabulated on a grid uniform in x (or in log x), linear in between.
struct CdfTable {
  double lower = 0, step = 1;
  bool log_scale = false;
  double value[kScorePoints] = {};

  double operator()(double x) const {
    if (log_scale) {
      if (x <= 0) return 0;
      x = std::log(x);
    }
    const double position = (x - lower) / step;
    if (!(position > 0)) return value[0] * (position == 0);
    if (position >= kScorePoints - 1) return value[kScorePoints - 1];
    const int j = static_cast<int>(position);
    return value[j] + (position - j) * (value[j + 1] - value[j]);
  }
};

struct Node {
  double weight, tau2;
  MuGivenTau mu;
};

// The proposal as a discrete mixture over tau: its cells merged eight at a time.
std::vector<Node> mixture_nodes(const NormalNormalData& d, const TauProposal& q) {
  std::vector<Node> nodes;
  double total = 0;
  for (int first = 0; first < kProposalCells; first += kCellsPerNode) {
    double mass = 0, weighted_u = 0;
    for (int c = first; c < first + kCellsPerNode; ++c) {
      const double m = q.cumulative[c + 2] - q.cumulative[c + 1];
      mass += m;
      weighted_u += m * (q.lower + (c + 0.5) * q.width);
    }
    if (!(mass > 0)) continue;
    const double u = weighted_u / mass;
    nodes.push_back({mass, std::exp(2 * u), integrate_mu(d, std::exp(2 * u))});
    total += mass;
  }
  for (auto& n : nodes) n.weight /= total;
  return nodes;
}

// The central 1 - 2e-7 of the mixture of the nodes' normals, padded by 5%: the histogram range.
// Found by bisection inside [lowest mean - 6 sd, highest mean + 6 sd] of the nodes that carry
// weight; the rare draws outside land in the underflow and overflow bins.
template <class Moments>
BinGrid spread_grid(const std::vector<Node>& nodes, Moments moments) {
  std::vector<NormalMoments> m;
  double lo = 1e300, hi = -1e300;
  for (const Node& n : nodes) {
    m.push_back(moments(n));
    if (n.weight < kNegligible) continue;
    lo = std::min(lo, m.back().mean - kSpread * std::sqrt(m.back().var));
    hi = std::max(hi, m.back().mean + kSpread * std::sqrt(m.back().var));
  }
  auto cdf = [&](double x) {
    double f = 0;
    for (std::size_t j = 0; j < nodes.size(); ++j)
      f += nodes[j].weight * standard_normal_cdf((x - m[j].mean) / std::sqrt(m[j].var));
    return f;
  };
  auto solve = [&](double p) {
    double a = lo, b = hi;
    for (int i = 0; i < 20; ++i) {
      const double mid = (a + b) / 2;
      (cdf(mid) < p ? a : b) = mid;
    }
    return (a + b) / 2;
  };
  const double low = solve(kTail), high = solve(1 - kTail), pad = 0.05 * (high - low);
  return {low - pad, (high - low + 2 * pad) / kHistogramBins};
}

// Inverse of a tabulated CDF by linear interpolation.
double invert(const CdfTable& cdf, double p) {
  for (int j = 1; j < kScorePoints; ++j) {
    if (cdf.value[j] >= p) {
      const double f = (p - cdf.value[j - 1]) / (cdf.value[j] - cdf.value[j - 1]);
      const double x = cdf.lower + (j - 1 + f) * cdf.step;
      return cdf.log_scale ? std::exp(x) : x;
    }
  }
  const double x = cdf.lower + (kScorePoints - 1) * cdf.step;
  return cdf.log_scale ? std::exp(x) : x;
}

// Phi^-1(p), finite for every p in [0, 1]: the tails of a table must interpolate.
double finite_score(double p) {
  return standard_normal_quantile(std::clamp(p, 1e-300, 1 - 0x1p-53));
}

// The median and tail quantiles of `cdf` and the scores tabulated on its grid.
DiagnosedScalar diagnosed(const CdfTable& cdf) {
  DiagnosedScalar s;
  s.median = invert(cdf, 0.5);
  s.q05 = invert(cdf, 0.05);
  s.q95 = invert(cdf, 0.95);
  s.reference = s.median;
  s.scores.set_grid(cdf.lower, cdf.step);
  for (int j = 0; j < kScorePoints; ++j) {
    const double u = cdf.lower + j * cdf.step;
    const double x = cdf.log_scale ? std::exp(u) : u;
    const double t = std::fabs(x - s.median);
    s.scores.bulk[j] = finite_score(cdf.value[j]);
    s.scores.folded[j] = finite_score(cdf(s.median + t) - cdf(s.median - t));
  }
  return s;
}

}  // namespace

SummaryPlan build_summary_plan(const NormalNormalData& d, const TauProposal& q, bool has_threshold,
                               BinGrid* theta_bins) {
  SummaryPlan plan;
  plan.has_threshold = has_threshold;
  const std::vector<Node> nodes = mixture_nodes(d, q);

  // tau: the proposal's own CDF, on a grid in log tau over the table.
  const double upper = q.lower + kProposalCells * q.width;
  CdfTable tau_cdf;
  tau_cdf.log_scale = true;
  tau_cdf.lower = q.lower;
  tau_cdf.step = (upper - q.lower) / (kScorePoints - 1);
  for (int j = 0; j < kScorePoints; ++j)
    tau_cdf.value[j] = proposal_cdf(q, q.lower + j * tau_cdf.step);
  plan.tau = diagnosed(tau_cdf);
  plan.log_tau_bins = {q.lower, (upper - q.lower) / kHistogramBins};

  // mu: the mixture of its normal conditionals over the nodes.
  plan.mu_bins = spread_grid(nodes, [](const Node& n) {
    return NormalMoments{n.mu.mean, n.mu.var};
  });
  CdfTable mu_cdf;
  mu_cdf.lower = plan.mu_bins.lower;
  mu_cdf.step = plan.mu_bins.width * kHistogramBins / (kScorePoints - 1);
  for (int j = 0; j < kScorePoints; ++j) {
    const double x = mu_cdf.lower + j * mu_cdf.step;
    double f = 0;
    for (const Node& n : nodes)
      f += n.weight * standard_normal_cdf((x - n.mu.mean) / std::sqrt(n.mu.var));
    mu_cdf.value[j] = f;
  }
  plan.mu = diagnosed(mu_cdf);

  plan.pred_bins = spread_grid(nodes, [](const Node& n) {
    return NormalMoments{n.mu.mean, n.mu.var + n.tau2};
  });
  for (int i = 0; i < d.k; ++i)
    theta_bins[i] = spread_grid(
        nodes, [&](const Node& n) { return theta_given_tau(d.y[i], d.s2[i], n.mu, n.tau2); });
  return plan;
}

}  // namespace metamc
