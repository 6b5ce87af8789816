// The test for subgroup differences, as RevMan computes it (Borenstein et al. 2009, Introduction
// to Meta-Analysis, ch. 19): the per-subgroup random-effects estimates, each with its own tau^2,
// compared by a fixed-effect heterogeneity statistic
//
//   Q_between = sum_j w_j (mu_j - mu_w)^2,   w_j = 1 / se_j^2,   mu_w = sum w_j mu_j / sum w_j,
//
// chi-squared on J - 1 degrees of freedom under equal effects.
#ifndef METAMC_FREQUENTIST_SUBGROUP_DIFFERENCE_HPP
#define METAMC_FREQUENTIST_SUBGROUP_DIFFERENCE_HPP

#include <optional>
#include <vector>

namespace metamc {

struct SubgroupDifference {
  double Q = 0;
  int df = 0;               // subgroups - 1
  std::optional<double> p;  // P(chi2(df) > Q); none for a single subgroup
};

/// The test on the subgroups' estimates `mu` with standard errors `se`.
SubgroupDifference subgroup_difference(const std::vector<double>& mu,
                                       const std::vector<double>& se);

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_SUBGROUP_DIFFERENCE_HPP
