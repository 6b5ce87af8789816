// The posterior of u = log tau on composite Gauss-Legendre nodes, over the range where its
// density is above exp(-60) of its maximum (model/log_tau_range.hpp): the weights integrate any
// function of tau against the posterior, and the CDF inverts within a panel for quantiles. The
// exact posteriors (exact_posterior.hpp, exact_meta_regression.hpp) integrate their closed-form
// conditionals over these nodes.
#ifndef METAMC_POSTERIOR_TAU_QUADRATURE_HPP
#define METAMC_POSTERIOR_TAU_QUADRATURE_HPP

#include <vector>

#include "metamc/math/quadrature_rule.hpp"
#include "metamc/model/log_tau_density.hpp"
#include "metamc/posterior/posterior_summary.hpp"

namespace metamc {

class TauQuadrature {
 public:
  /// Throws NumericalError when the posterior cannot be contained (find_log_tau_range).
  explicit TauQuadrature(LogTauDensity f);

  struct Node {
    double u, tau2, weight;  // weights sum to 1
  };

  /// Nodes heavier than 1e-20, those worth a conditional's evaluation.
  const std::vector<Node>& nodes() const { return heavy_; }
  const std::vector<Node>& all_nodes() const { return nodes_; }

  /// p(u | y), normalised by the quadrature's own integral.
  double density(double u) const;
  /// The p-quantile of u: find the panel, then solve the partial integral within it.
  double log_tau_quantile(double p) const;

  /// Mean, median and central interval at `level` of tau and of tau^2 (no sd: the reports give
  /// none for tau).
  void summarise(double level, ScalarSummary& tau, ScalarSummary& tau2) const;

 private:
  LogTauDensity f_;
  QuadratureRule rule_;
  double log_max_ = 0, lower_ = 0, width_ = 0, norm_ = 1;
  int panels_ = 0;
  std::vector<Node> nodes_, heavy_;
  std::vector<double> cumulative_;  // posterior mass below each panel's start
};

}  // namespace metamc

#endif  // METAMC_POSTERIOR_TAU_QUADRATURE_HPP
