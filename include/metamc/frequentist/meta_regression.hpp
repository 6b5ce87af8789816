// Mixed-effects meta-regression, as metafor's rma(yi, vi, mods = X, method = "REML" | "DL"):
//
//   y_i = x_i' beta + u_i + e_i,   u_i ~ N(0, tau^2),   e_i ~ N(0, v_i),
//
// tau^2 by DerSimonian-Laird's moment estimator (generalised to a design matrix) or by REML
// (Fisher scoring), beta by weighted least squares with weights 1 / (v_i + tau^2); Wald tests and
// intervals, the Knapp-Hartung interval (t on k - p df, the variance scaled by the weighted
// residual mean square), the omnibus test QM of every coefficient but the intercept, the residual
// heterogeneity QE with the fixed-effect weights, and the pseudo-R^2 against the intercept-only
// model (Raudenbush 2009; metafor's R2).
#ifndef METAMC_FREQUENTIST_META_REGRESSION_HPP
#define METAMC_FREQUENTIST_META_REGRESSION_HPP

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "metamc/frequentist/random_effects.hpp"
#include "metamc/interval.hpp"

namespace metamc {

struct RegressionCoefficient {
  std::string name;  // "intrcpt", a numeric column, or "column=level"
  double estimate = 0, se = 0;
  Interval ci;                      // Wald, z
  double p = 1;                     // two-sided Wald p-value
  std::optional<Interval> hksj_ci;  // Knapp-Hartung; none when k = p
};

struct MetaRegressionFit {
  Tau2Method method = Tau2Method::REML;
  int k = 0;  // studies used
  std::vector<RegressionCoefficient> coefficients;
  double tau2 = 0;  // residual between-study variance
  double QM = 0;    // Wald test of every coefficient but the intercept
  int QM_df = 0;
  std::optional<double> QM_p;  // none without moderators
  double QE = 0;               // residual heterogeneity, fixed-effect weights
  int QE_df = 0;               // k - p
  std::optional<double> QE_p;  // none when k = p
  double R2 = 0;               // percent of the intercept-only tau^2 accounted for, at least 0
};

/// Fits effects `y` with sampling variances `v` on the design `X` (k x p, the intercept first)
/// whose columns are `names`, with `method` DL or REML, at interval `level`. Throws
/// NumericalError when X'WX is singular.
MetaRegressionFit fit_meta_regression(const Eigen::VectorXd& y, const Eigen::VectorXd& v,
                                      const Eigen::MatrixXd& X,
                                      const std::vector<std::string>& names, Tau2Method method,
                                      double level);

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_META_REGRESSION_HPP
