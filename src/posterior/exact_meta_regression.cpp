#include "metamc/posterior/exact_meta_regression.hpp"

#include <cmath>

#include "metamc/posterior/normal_mixture.hpp"
#include "metamc/posterior/posterior_moments.hpp"
#include "metamc/posterior/tau_quadrature.hpp"
#include "metamc/stopwatch.hpp"

namespace metamc {

BayesRegression exact_meta_regression(const RegressionModel& m,
                                      const std::vector<std::string>& names, double level) {
  const Stopwatch stopwatch;
  integrate_beta(m, 0);  // throws for a singular design before the search for tau
  const TauQuadrature q(log_tau_density(m));
  BayesRegression r;
  r.method = "exact";
  q.summarise(level, r.tau, r.tau2);
  std::vector<NormalMixture> beta(static_cast<std::size_t>(m.p()));
  for (const auto& node : q.nodes()) {
    const BetaGivenTau given = integrate_beta(m, node.tau2);
    for (int j = 0; j < m.p(); ++j)
      beta[static_cast<std::size_t>(j)].add(node.weight, given.mean[j], given.sd(j));
  }
  for (int j = 0; j < m.p(); ++j) {
    const NormalMixture& mixture = beta[static_cast<std::size_t>(j)];
    r.coefficients.push_back(
        {names[static_cast<std::size_t>(j)], mixture.summary(level), mixture.cdf(0)});
  }
  drop_nonexistent_moments(m, r);
  r.seconds = stopwatch.seconds();
  return r;
}

}  // namespace metamc
