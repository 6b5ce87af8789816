// Bayesian mixed-effects meta-regression with its coefficients integrated out:
//
//   y_i ~ N(x_i' beta, v_i + tau^2),  beta_1 (the intercept) ~ the mu prior,
//   beta_j ~ the beta prior (j > 1; flat or normal),  tau ~ the tau prior.
//
// With W = diag(1 / (v_i + tau^2)) and the normal priors N(m_j, 1 / lambda_j) (lambda_j = 0 when
// flat), beta is conjugate (Raudenbush 2009, "Analyzing effect sizes: random-effects models",
// section 16.3, and the normal-normal model's integration, Roever 2020, with a design matrix):
//
//   A(tau) = X'WX + Lambda,  betahat = A^-1 (X'Wy + Lambda m),  beta | tau, y ~ N(betahat, A^-1),
//   log p(y | tau) = -1/2 [ sum log(v_i + tau^2) + log |A| + sum (y_i - x_i' betahat)^2 W_ii
//                           + sum lambda_j (betahat_j - m_j)^2 ] + const,
//
// which leaves the one-dimensional posterior of tau of the normal-normal model again; with an
// intercept only it is integrate_mu (models/normal_normal.hpp). Computed from a Householder QR of
// the weighted design over the prior's rows, [W^1/2 X; Lambda^1/2] = QR: |A| = prod R_jj^2 and
// the residual without forming X'WX, whose condition number (a year column beside the
// intercept) is the square of the design's. Host code: the exact quadrature and the samplers.
#ifndef METAMC_MODEL_REGRESSION_GIVEN_TAU_HPP
#define METAMC_MODEL_REGRESSION_GIVEN_TAU_HPP

#include <Eigen/Core>

#include "metamc/model/log_tau_density.hpp"
#include "models/priors.hpp"

namespace metamc {

struct RegressionModel {
  Eigen::MatrixXd X;          // k x p, the intercept first
  Eigen::VectorXd y, v;       // effects and their sampling variances
  MuPrior intercept_prior;    // --mu-prior
  MuPrior coefficient_prior;  // --beta-prior, of every coefficient but the intercept
  TauPrior tau_prior;

  int k() const { return static_cast<int>(X.rows()); }
  int p() const { return static_cast<int>(X.cols()); }
  /// The normal prior of coefficient j, or a flat one.
  const MuPrior& prior_of(int j) const { return j == 0 ? intercept_prior : coefficient_prior; }
};

/// What integrating beta out at a given tau gives.
struct BetaGivenTau {
  Eigen::VectorXd mean;   // betahat(tau)
  Eigen::MatrixXd root;   // R^-1, upper triangular: cov(beta | tau, y) = A^-1 = R^-1 R^-T
  double log_likelihood;  // log p(y | tau) up to a constant

  double sd(int j) const { return root.row(j).norm(); }
};

/// Throws NumericalError when A is singular (collinear moderators under flat priors). Needs
/// k + (coefficients under a normal prior) >= p.
BetaGivenTau integrate_beta(const RegressionModel& m, double tau2);

/// integrate_beta(m, tau2).log_likelihood alone.
double regression_log_likelihood(const RegressionModel& m, double tau2);

/// log p(u | y) for u = log tau, with the decay of p(y | tau) in tau: k minus the coefficients
/// under a flat prior. `m` must outlive the result.
LogTauDensity log_tau_density(const RegressionModel& m);

}  // namespace metamc

#endif  // METAMC_MODEL_REGRESSION_GIVEN_TAU_HPP
