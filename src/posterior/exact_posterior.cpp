#include "metamc/posterior/exact_posterior.hpp"

#include <cmath>
#include <vector>

#include "metamc/posterior/normal_mixture.hpp"
#include "metamc/posterior/posterior_moments.hpp"
#include "metamc/posterior/posterior_notes.hpp"
#include "metamc/posterior/tau_quadrature.hpp"
#include "metamc/stopwatch.hpp"

namespace metamc {

namespace {

// The quadrature's nodes with mu | tau, y at each.
struct Nodes {
  const TauQuadrature& q;
  std::vector<MuGivenTau> mu;

  Nodes(const TauQuadrature& quadrature, const NormalNormalData& d) : q(quadrature) {
    for (const auto& node : q.nodes()) mu.push_back(integrate_mu(d, node.tau2));
  }

  // The mixture of a quantity whose conditional given tau and y is normal with
  // moments(tau^2, mu | tau, y).
  template <class Moments>
  NormalMixture mixture(Moments moments) const {
    NormalMixture m;
    for (std::size_t j = 0; j < mu.size(); ++j) {
      const NormalMoments nm = moments(q.nodes()[j].tau2, mu[j]);
      m.add(q.nodes()[j].weight, nm.mean, std::sqrt(nm.var));
    }
    return m;
  }
};

}  // namespace

BayesResult exact_posterior(const NormalNormalData& d, const BayesQuestion& question) {
  const Stopwatch stopwatch;
  const TauQuadrature q(log_tau_density(d));
  BayesResult r;
  r.method = "exact";
  q.summarise(question.level, r.tau, r.tau2);
  const Nodes nodes(q, d);
  const double alpha = 1 - question.level;

  const NormalMixture mu = nodes.mixture([](double, const MuGivenTau& m) {
    return NormalMoments{m.mean, m.var};
  });
  r.mu = mu.summary(question.level);
  r.p_benefit = mu.favourable(question.benefit, 0);
  if (question.threshold) r.p_threshold = mu.favourable(question.benefit, *question.threshold);

  const NormalMixture pred = nodes.mixture([](double tau2, const MuGivenTau& m) {
    return NormalMoments{m.mean, m.var + tau2};
  });
  r.pred_median = pred.quantile(0.5);
  r.pred_interval = {pred.quantile(alpha / 2), pred.quantile(1 - alpha / 2)};
  r.p_pred_benefit = pred.favourable(question.benefit, 0);

  for (int i = 0; i < d.k; ++i) {
    const NormalMixture theta = nodes.mixture([&](double tau2, const MuGivenTau& m) {
      return theta_given_tau(d.y[i], d.s2[i], m, tau2);
    });
    r.shrunken.push_back(theta.summary(question.level));
  }
  drop_nonexistent_moments(d, r);
  add_posterior_notes(d, ModelKind::normal, r);
  r.seconds = stopwatch.seconds();
  return r;
}

}  // namespace metamc
