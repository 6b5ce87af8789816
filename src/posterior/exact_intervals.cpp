#include "metamc/posterior/exact_intervals.hpp"

#include <vector>

#include "metamc/math/gauss_legendre.hpp"
#include "metamc/model/log_tau_range.hpp"

namespace metamc {

PanelRule panel_rule() {
  const QuadratureRule rule = gauss_legendre(kNodesPerPanel);
  PanelRule r{};
  for (int j = 0; j < kNodesPerPanel; ++j) {
    r.nodes[j] = rule.nodes[static_cast<std::size_t>(j)];
    r.weights[j] = rule.weights[static_cast<std::size_t>(j)];
  }
  return r;
}

ExactIntervals exact_intervals(const NormalNormalData& d, Benefit benefit, double level) {
  static const PanelRule rule = panel_rule();
  // Scratch space reused by the calls of a thread: a simulation study makes millions of them.
  thread_local std::vector<double> work, storage;
  work.resize(static_cast<std::size_t>(d.k));
  IntervalQuadrature q;
  throw_search_failure(plan_interval_quadrature(d, work.data(), q));
  const auto nodes = static_cast<std::size_t>(q.nodes());
  storage.resize(4 * nodes);
  const MixtureStorage mix{storage.data(), storage.data() + nodes, storage.data() + 2 * nodes,
                           storage.data() + 3 * nodes};
  return quadrature_intervals(d, q, rule, benefit == Benefit::lower, level, mix);
}

}  // namespace metamc
