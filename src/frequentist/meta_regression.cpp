#include "metamc/frequentist/meta_regression.hpp"

#include <Eigen/Cholesky>
#include <cmath>

#include "metamc/error.hpp"
#include "metamc/math/distributions.hpp"

namespace metamc {
namespace {

// The weighted least-squares pieces at weights w: (X'WX)^-1, log det X'WX and the projection's
// residual maker P = W - W X (X'WX)^-1 X' W.
struct WeightedFit {
  Eigen::MatrixXd inverse_information;  // (X'WX)^-1: the covariance of beta at these weights
  double log_det_information = 0;
  Eigen::MatrixXd P;
};

WeightedFit weighted_fit(const Eigen::MatrixXd& X, const Eigen::VectorXd& w) {
  const Eigen::MatrixXd xtw = X.transpose() * w.asDiagonal();
  const Eigen::LDLT<Eigen::MatrixXd> ldlt(xtw * X);
  if (ldlt.info() != Eigen::Success || !ldlt.isPositive() ||
      ldlt.vectorD().minCoeff() <= 1e-12 * ldlt.vectorD().maxCoeff())
    throw NumericalError(
        "the moderators are collinear (X'WX is singular): drop one of the columns that "
        "duplicate each other");
  WeightedFit f;
  f.inverse_information = ldlt.solve(Eigen::MatrixXd::Identity(X.cols(), X.cols()));
  f.log_det_information = ldlt.vectorD().array().log().sum();
  f.P = Eigen::MatrixXd(w.asDiagonal()) - xtw.transpose() * f.inverse_information * xtw;
  return f;
}

// DerSimonian-Laird with a design matrix (metafor's DL with mods): (QE - (k - p)) / tr(P) at the
// fixed-effect weights, at least 0.
double tau2_dl(const Eigen::VectorXd& y, const Eigen::VectorXd& v, const Eigen::MatrixXd& X) {
  const WeightedFit f = weighted_fit(X, v.cwiseInverse());
  const double QE = y.dot(f.P * y);
  const auto residual_df = static_cast<double>(X.rows() - X.cols());
  return std::fmax(0.0, (QE - residual_df) / f.P.trace());
}

// The restricted log-likelihood up to a constant: -(sum log(v + tau2) + log det X'WX + y'Py) / 2.
double restricted_log_likelihood(const Eigen::VectorXd& y, const Eigen::VectorXd& v,
                                 const Eigen::MatrixXd& X, double tau2) {
  const WeightedFit f = weighted_fit(X, (v.array() + tau2).inverse().matrix());
  return -0.5 * ((v.array() + tau2).log().sum() + f.log_det_information + y.dot(f.P * y));
}

// REML by Fisher scoring, tau2 += (y'PPy - tr P) / tr(PP), halving steps that would cross 0, from
// the DL estimate (metafor starts from Hedges'; the maximum is the same), and metafor's
// ll0check: a local maximum worse than the boundary gives way to tau2 = 0.
double tau2_reml(const Eigen::VectorXd& y, const Eigen::VectorXd& v, const Eigen::MatrixXd& X) {
  double tau2 = tau2_dl(y, v, X);
  const double scale = v.mean();
  for (int iteration = 0; iteration < 10000; ++iteration) {
    const WeightedFit f = weighted_fit(X, (v.array() + tau2).inverse().matrix());
    const Eigen::VectorXd py = f.P * y;
    // P is symmetric: tr(PP) is the sum of its squared entries.
    double step = (py.squaredNorm() - f.P.trace()) / f.P.squaredNorm();
    if (!std::isfinite(step))
      throw NumericalError("REML: Fisher scoring produced a non-finite step");
    while (tau2 + step < 0) step /= 2;
    tau2 += step;
    if (std::fabs(step) <= 1e-12 * std::fmax(tau2, scale)) {
      if (tau2 > 0 &&
          restricted_log_likelihood(y, v, X, 0) > restricted_log_likelihood(y, v, X, tau2))
        return 0;
      return tau2;
    }
  }
  throw NumericalError("REML: Fisher scoring did not converge");
}

}  // namespace

MetaRegressionFit fit_meta_regression(const Eigen::VectorXd& y, const Eigen::VectorXd& v,
                                      const Eigen::MatrixXd& X,
                                      const std::vector<std::string>& names, Tau2Method method,
                                      double level) {
  MetaRegressionFit fit;
  fit.method = method;
  fit.k = static_cast<int>(y.size());
  const auto p = static_cast<int>(X.cols());
  fit.tau2 = method == Tau2Method::DL ? tau2_dl(y, v, X) : tau2_reml(y, v, X);

  const Eigen::VectorXd w = (v.array() + fit.tau2).inverse().matrix();
  const WeightedFit f = weighted_fit(X, w);
  const Eigen::VectorXd beta = f.inverse_information * (X.transpose() * w.asDiagonal() * y);
  const Eigen::VectorXd residual = y - X * beta;
  // Knapp-Hartung: the weighted residual mean square scales the variance; t on k - p df.
  const int residual_df = fit.k - p;
  const double knapp_hartung =
      residual_df > 0 ? residual.dot(w.asDiagonal() * residual) / residual_df : 0;
  const double z = normal_quantile(0.5 + level / 2);
  const double t = residual_df > 0 ? t_quantile(0.5 + level / 2, residual_df) : 0;
  for (int j = 0; j < p; ++j) {
    RegressionCoefficient c;
    c.name = names[static_cast<std::size_t>(j)];
    c.estimate = beta[j];
    c.se = std::sqrt(f.inverse_information(j, j));
    c.ci = {c.estimate - z * c.se, c.estimate + z * c.se};
    c.p = 2 * normal_upper(std::fabs(c.estimate / c.se));
    if (residual_df > 0) {
      const double half = t * c.se * std::sqrt(knapp_hartung);
      c.hksj_ci = Interval{c.estimate - half, c.estimate + half};
    }
    fit.coefficients.push_back(c);
  }

  // QM: beta_2' V_22^-1 beta_2 over the moderators' coefficients (all but the intercept).
  fit.QM_df = p - 1;
  if (fit.QM_df > 0) {
    const Eigen::VectorXd b = beta.tail(fit.QM_df);
    const Eigen::MatrixXd V = f.inverse_information.bottomRightCorner(fit.QM_df, fit.QM_df);
    fit.QM = b.dot(V.ldlt().solve(b));
    fit.QM_p = chisq_upper(fit.QM, fit.QM_df);
  }
  // QE with the fixed-effect weights.
  const WeightedFit fixed = weighted_fit(X, v.cwiseInverse());
  fit.QE = y.dot(fixed.P * y);
  fit.QE_df = residual_df;
  if (residual_df > 0) fit.QE_p = chisq_upper(fit.QE, residual_df);

  // R^2 against the intercept-only model with the same estimator.
  const double tau2_without =
      fit_frequentist(y.array(), v.array(),
                      method == Tau2Method::DL ? Tau2Method::DL : Tau2Method::REML, level)
          .tau2;
  fit.R2 = tau2_without > 0 ? std::fmax(0.0, 100 * (tau2_without - fit.tau2) / tau2_without) : 0;
  return fit;
}

}  // namespace metamc
