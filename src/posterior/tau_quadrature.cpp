#include "metamc/posterior/tau_quadrature.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "metamc/math/gauss_legendre.hpp"
#include "metamc/math/root_find.hpp"
#include "metamc/model/log_tau_range.hpp"

namespace metamc {
namespace {

constexpr int kNodesPerPanel = 10;
constexpr double kDrop = 60;  // log-density range integrated: exp(-60) = 9e-27
constexpr double kMaxPanelWidth = 0.25;
constexpr int kMaxPanels = 20000;
constexpr double kNegligible = 1e-20;  // nodes lighter than this are left out of mixtures

}  // namespace

TauQuadrature::TauQuadrature(LogTauDensity f)
    : f_(std::move(f)), rule_(gauss_legendre(kNodesPerPanel)) {
  const LogTauRange range = find_log_tau_range(f_, kDrop);
  log_max_ = range.log_density_max;
  panels_ =
      std::min(kMaxPanels, static_cast<int>(std::ceil((range.upper - range.lower) /
                                                      std::min(kMaxPanelWidth, range.scale / 4))));
  panels_ = std::max(panels_, 8);
  lower_ = range.lower;
  width_ = (range.upper - range.lower) / panels_;

  double total = 0;
  cumulative_.push_back(0);
  for (int p = 0; p < panels_; ++p) {
    for (int j = 0; j < kNodesPerPanel; ++j) {
      const double u = lower_ + width_ * (p + 0.5 * (rule_.nodes[j] + 1));
      const double w = 0.5 * width_ * rule_.weights[j] * std::exp(f_.at(u) - log_max_);
      nodes_.push_back({u, std::exp(2 * u), w});
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

double TauQuadrature::density(double u) const {
  return std::exp(f_.at(u) - log_max_) / norm_;
}

double TauQuadrature::log_tau_quantile(double p) const {
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), p);
  const int panel = std::clamp(static_cast<int>(it - cumulative_.begin()) - 1, 0, panels_ - 1);
  const double a = lower_ + panel * width_;
  const double target = p - cumulative_[static_cast<std::size_t>(panel)];
  auto partial_minus_target = [&](double x) {
    double integral = 0;
    for (int j = 0; j < kNodesPerPanel; ++j) {
      const double u = a + (x - a) * 0.5 * (rule_.nodes[j] + 1);
      integral += 0.5 * (x - a) * rule_.weights[j] * std::exp(f_.at(u) - log_max_);
    }
    return integral / norm_ - target;
  };
  if (partial_minus_target(a + width_) <= 0) return a + width_;
  return find_root(partial_minus_target, a, a + width_, 1e-13);
}

void TauQuadrature::summarise(double level, ScalarSummary& tau, ScalarSummary& tau2) const {
  double e_tau = 0, e_tau2 = 0;
  for (const auto& node : nodes_) {
    e_tau += node.weight * std::sqrt(node.tau2);
    e_tau2 += node.weight * node.tau2;
  }
  const double alpha = 1 - level;
  const double u_median = log_tau_quantile(0.5);
  const double u_lower = log_tau_quantile(alpha / 2);
  const double u_upper = log_tau_quantile(1 - alpha / 2);
  tau.mean = e_tau;
  tau.median = std::exp(u_median);
  tau.ci = {std::exp(u_lower), std::exp(u_upper)};
  tau2.mean = e_tau2;
  tau2.median = std::exp(2 * u_median);
  tau2.ci = {std::exp(2 * u_lower), std::exp(2 * u_upper)};
}

}  // namespace metamc
