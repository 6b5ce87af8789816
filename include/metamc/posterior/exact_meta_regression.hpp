// The exact posterior of the Bayesian meta-regression by quadrature over tau
// (tau_quadrature.hpp): beta | tau, y is normal (model/regression_given_tau.hpp), so each
// coefficient's posterior is a normal mixture over the nodes. Used as `--method exact` and as
// the yardstick of the samplers.
#ifndef METAMC_POSTERIOR_EXACT_META_REGRESSION_HPP
#define METAMC_POSTERIOR_EXACT_META_REGRESSION_HPP

#include <string>
#include <vector>

#include "metamc/model/regression_given_tau.hpp"
#include "metamc/posterior/regression_summary.hpp"

namespace metamc {

/// Coefficients named `names` (one per column of m.X), intervals at `level`. Throws
/// NumericalError for a singular design and what find_log_tau_range throws.
BayesRegression exact_meta_regression(const RegressionModel& m,
                                      const std::vector<std::string>& names, double level);

}  // namespace metamc

#endif  // METAMC_POSTERIOR_EXACT_META_REGRESSION_HPP
