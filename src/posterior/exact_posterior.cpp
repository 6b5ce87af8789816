#include "metamc/posterior/exact_posterior.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "metamc/math/distributions.hpp"
#include "metamc/math/gauss_legendre.hpp"
#include "metamc/math/normal.hpp"
#include "metamc/math/root_find.hpp"
#include "metamc/model/log_tau_range.hpp"
#include "metamc/posterior/posterior_moments.hpp"
#include "metamc/posterior/posterior_notes.hpp"
#include "metamc/stopwatch.hpp"

namespace metamc {

namespace {

constexpr int kNodesPerPanel = 10;
constexpr double kDrop = 60;  // log-density range integrated: exp(-60) = 9e-27
constexpr double kMaxPanelWidth = 0.25;
constexpr int kMaxPanels = 20000;
constexpr double kNegligible = 1e-20;  // nodes lighter than this are left out of mixtures

// Posterior of u = log tau on composite Gauss-Legendre nodes.
class TauQuadrature {
 public:
  explicit TauQuadrature(const NormalNormalData& d) : d_(d), rule_(gauss_legendre(kNodesPerPanel)) {
    const LogTauRange range = find_log_tau_range(d, kDrop);
    log_max_ = range.log_density_max;
    panels_ = std::min(kMaxPanels,
                       static_cast<int>(std::ceil((range.upper - range.lower) /
                                                  std::min(kMaxPanelWidth, range.scale / 4))));
    panels_ = std::max(panels_, 8);
    lower_ = range.lower;
    width_ = (range.upper - range.lower) / panels_;

    double total = 0;
    cumulative_.push_back(0);
    for (int p = 0; p < panels_; ++p) {
      for (int j = 0; j < kNodesPerPanel; ++j) {
        const double u = lower_ + width_ * (p + 0.5 * (rule_.nodes[j] + 1));
        const LogTauPosterior post = log_tau_posterior(d, u);
        const double w = 0.5 * width_ * rule_.weights[j] * std::exp(post.log_density - log_max_);
        nodes_.push_back({u, std::exp(2 * u), w, post.mu});
        total += w;
      }
      cumulative_.push_back(total);
    }
    norm_ = total;
    for (auto& node : nodes_) node.weight /= total;
    for (auto& c : cumulative_) c /= total;
    for (const auto& node : nodes_)
      if (node.weight > kNegligible) heavy_.push_back(node);
  }

  struct Node {
    double u, tau2, weight;
    MuGivenTau mu;
  };

  const std::vector<Node>& nodes() const { return heavy_; }
  const std::vector<Node>& all_nodes() const { return nodes_; }

  /// The p-quantile of u: find the panel, then solve the partial integral within it.
  double log_tau_quantile(double p) const {
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), p);
    const int panel = std::clamp(static_cast<int>(it - cumulative_.begin()) - 1, 0, panels_ - 1);
    const double a = lower_ + panel * width_;
    const double target = p - cumulative_[panel];
    auto partial_minus_target = [&](double x) {
      double integral = 0;
      for (int j = 0; j < kNodesPerPanel; ++j) {
        const double u = a + (x - a) * 0.5 * (rule_.nodes[j] + 1);
        integral += 0.5 * (x - a) * rule_.weights[j] *
                    std::exp(log_tau_posterior(d_, u).log_density - log_max_);
      }
      return integral / norm_ - target;
    };
    if (partial_minus_target(a + width_) <= 0) return a + width_;
    return find_root(partial_minus_target, a, a + width_, 1e-13);
  }

 private:
  const NormalNormalData& d_;
  QuadratureRule rule_;
  double log_max_ = 0, lower_ = 0, width_ = 0, norm_ = 1;
  int panels_ = 0;
  std::vector<Node> nodes_, heavy_;
  std::vector<double> cumulative_;  // posterior mass below each panel's start
};

// A mixture sum_j weight_j N(mean_j, sd_j^2) over the quadrature nodes.
struct Mixture {
  std::vector<double> weight, mean, sd;

  double mean_value() const {
    double m = 0;
    for (std::size_t j = 0; j < weight.size(); ++j) m += weight[j] * mean[j];
    return m;
  }
  double sd_value() const {
    const double m = mean_value();
    double v = 0;
    for (std::size_t j = 0; j < weight.size(); ++j)
      v += weight[j] * (sd[j] * sd[j] + (mean[j] - m) * (mean[j] - m));
    return std::sqrt(v);
  }
  double cdf(double x) const {
    double f = 0;
    for (std::size_t j = 0; j < weight.size(); ++j)
      f += weight[j] * normal_cdf((x - mean[j]) / sd[j]);
    return f;
  }
  double favourable(Benefit benefit, double cut) const {
    double f = 0;
    for (std::size_t j = 0; j < weight.size(); ++j)
      f += weight[j] * favourable_side(benefit == Benefit::lower, mean[j], sd[j], cut);
    return f;
  }
  double quantile(double p) const {
    // Bracket outward from the heaviest component, doubling: a bracket sized by the widest
    // component would make the root's tolerance far too coarse for heavy-tailed mixtures.
    const std::size_t heaviest =
        static_cast<std::size_t>(std::max_element(weight.begin(), weight.end()) - weight.begin());
    const double centre = mean[heaviest];
    double step = sd[heaviest];
    double lo = centre - step, hi = centre + step;
    while (cdf(lo) > p) lo = centre - (step *= 2);
    step = sd[heaviest];
    while (cdf(hi) < p) hi = centre + (step *= 2);
    const double scale = std::max({std::fabs(lo), std::fabs(hi), sd[heaviest]});
    return find_root([&](double x) { return cdf(x) - p; }, lo, hi, 1e-15 * scale);
  }
  ScalarSummary summary(double level) const {
    ScalarSummary s;
    s.mean = mean_value();
    s.sd = sd_value();
    s.median = quantile(0.5);
    s.ci = {quantile((1 - level) / 2), quantile((1 + level) / 2)};
    return s;
  }
};

template <class Moments>
Mixture make_mixture(const TauQuadrature& q, Moments moments) {
  Mixture m;
  for (const auto& node : q.nodes()) {
    const NormalMoments nm = moments(node);
    m.weight.push_back(node.weight);
    m.mean.push_back(nm.mean);
    m.sd.push_back(std::sqrt(nm.var));
  }
  return m;
}

}  // namespace

BayesResult exact_posterior(const NormalNormalData& d, const BayesQuestion& question) {
  const Stopwatch stopwatch;
  const TauQuadrature q(d);
  BayesResult r;
  r.method = "exact";

  double e_tau = 0, e_tau2 = 0;
  for (const auto& node : q.all_nodes()) {
    e_tau += node.weight * std::sqrt(node.tau2);
    e_tau2 += node.weight * node.tau2;
  }
  const double alpha = 1 - question.level;
  const double u_median = q.log_tau_quantile(0.5);
  const double u_lower = q.log_tau_quantile(alpha / 2);
  const double u_upper = q.log_tau_quantile(1 - alpha / 2);
  r.tau.mean = e_tau;
  r.tau.median = std::exp(u_median);
  r.tau.ci = {std::exp(u_lower), std::exp(u_upper)};
  r.tau2.mean = e_tau2;
  r.tau2.median = std::exp(2 * u_median);
  r.tau2.ci = {std::exp(2 * u_lower), std::exp(2 * u_upper)};

  const Mixture mu = make_mixture(q, [](const auto& n) {
    return NormalMoments{n.mu.mean, n.mu.var};
  });
  r.mu = mu.summary(question.level);
  r.p_benefit = mu.favourable(question.benefit, 0);
  if (question.threshold) r.p_threshold = mu.favourable(question.benefit, *question.threshold);

  const Mixture pred = make_mixture(q, [](const auto& n) {
    return NormalMoments{n.mu.mean, n.mu.var + n.tau2};
  });
  r.pred_median = pred.quantile(0.5);
  r.pred_interval = {pred.quantile(alpha / 2), pred.quantile(1 - alpha / 2)};
  r.p_pred_benefit = pred.favourable(question.benefit, 0);

  for (int i = 0; i < d.k; ++i) {
    const Mixture theta = make_mixture(
        q, [&](const auto& n) { return theta_given_tau(d.y[i], d.s2[i], n.mu, n.tau2); });
    r.shrunken.push_back(theta.summary(question.level));
  }
  drop_nonexistent_moments(d, r);
  add_posterior_notes(d, r);
  r.seconds = stopwatch.seconds();
  return r;
}

}  // namespace metamc
