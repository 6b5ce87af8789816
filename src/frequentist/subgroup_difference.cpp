#include "metamc/frequentist/subgroup_difference.hpp"

#include "metamc/math/distributions.hpp"

namespace metamc {

SubgroupDifference subgroup_difference(const std::vector<double>& mu,
                                       const std::vector<double>& se) {
  double sum_w = 0, sum_wy = 0;
  for (std::size_t j = 0; j < mu.size(); ++j) {
    const double w = 1 / (se[j] * se[j]);
    sum_w += w;
    sum_wy += w * mu[j];
  }
  const double pooled = sum_wy / sum_w;
  SubgroupDifference d;
  d.df = static_cast<int>(mu.size()) - 1;
  if (d.df < 1) return d;  // a single subgroup: nothing to compare (Q = 0, no p)
  for (std::size_t j = 0; j < mu.size(); ++j)
    d.Q += (mu[j] - pooled) * (mu[j] - pooled) / (se[j] * se[j]);
  d.p = chisq_upper(d.Q, d.df);
  return d;
}

}  // namespace metamc
