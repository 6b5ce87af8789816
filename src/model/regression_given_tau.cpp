#include "metamc/model/regression_given_tau.hpp"

#include <cmath>

#include <Eigen/QR>

#include "metamc/error.hpp"

namespace metamc {

namespace {

// The QR of the stacked system at tau^2, with what the log likelihood needs.
struct StackedQr {
  Eigen::HouseholderQR<Eigen::MatrixXd> qr;
  Eigen::VectorXd qz;  // Q' z
  double log_likelihood;
};

StackedQr stacked_qr(const RegressionModel& m, double tau2) {
  const int k = m.k(), p = m.p();
  int priors = 0;
  for (int j = 0; j < p; ++j) priors += m.prior_of(j).normal ? 1 : 0;
  if (k + priors < p)
    throw NumericalError("the meta-regression has " + std::to_string(p) + " coefficients, " +
                         std::to_string(priors) + " of them under a normal prior, and " +
                         std::to_string(k) + " studies: beta is not identified");
  Eigen::MatrixXd Z(k + priors, p);
  Eigen::VectorXd z(k + priors);
  double log_v = 0;
  for (int i = 0; i < k; ++i) {
    const double v = m.v[i] + tau2;
    const double root_w = 1 / std::sqrt(v);
    Z.row(i) = m.X.row(i) * root_w;
    z[i] = m.y[i] * root_w;
    log_v += std::log(v);
  }
  for (int j = 0, row = k; j < p; ++j) {
    const MuPrior& prior = m.prior_of(j);
    if (!prior.normal) continue;
    Z.row(row).setZero();
    Z(row, j) = 1 / prior.sd;
    z[row] = prior.mean / prior.sd;
    ++row;
  }
  StackedQr s{Eigen::HouseholderQR<Eigen::MatrixXd>(Z), {}, 0};
  double log_det = 0;
  for (int j = 0; j < p; ++j) {
    const double r = std::fabs(s.qr.matrixQR()(j, j));
    // A pivot this small next to the column's norm: the design is rank-deficient.
    if (!(r > 1e-10 * Z.col(j).stableNorm()))
      throw NumericalError(
          "the design is singular at tau = " + std::to_string(std::sqrt(tau2)) +
          ": a moderator is a combination of the others (collinear); drop one of them");
    log_det += 2 * std::log(r);
  }
  s.qz = s.qr.householderQ().transpose() * z;
  // The residual sum of squares of the stacked system: the data's weighted residuals plus the
  // priors' penalties, the tail of Q'z.
  const double residual = s.qz.tail(k + priors - p).squaredNorm();
  s.log_likelihood = -0.5 * (log_v + log_det + residual);
  return s;
}

}  // namespace

double regression_log_likelihood(const RegressionModel& m, double tau2) {
  return stacked_qr(m, tau2).log_likelihood;
}

BetaGivenTau integrate_beta(const RegressionModel& m, double tau2) {
  const StackedQr s = stacked_qr(m, tau2);
  const int p = m.p();
  // R with a positive diagonal (Q absorbs the signs): R'R = A is then A's Cholesky factorisation
  // and beta = betahat + R^-1 z draws with the sign of z, as the normal-normal model's mu does.
  Eigen::MatrixXd R = s.qr.matrixQR().topRows(p).triangularView<Eigen::Upper>();
  Eigen::VectorXd qz = s.qz.head(p);
  for (int j = 0; j < p; ++j)
    if (R(j, j) < 0) {
      R.row(j) *= -1;
      qz[j] *= -1;
    }
  const auto upper = R.triangularView<Eigen::Upper>();
  BetaGivenTau b;
  b.mean = upper.solve(qz);
  b.root = upper.solve(Eigen::MatrixXd::Identity(p, p));
  b.log_likelihood = s.log_likelihood;
  return b;
}

LogTauDensity log_tau_density(const RegressionModel& m) {
  LogTauDensity f;
  f.at = [&m](double u) {
    const double tau = std::exp(u);
    // Beyond tau^2's range (a proposal far in the right tail) the density is 0 to any precision.
    if (!std::isfinite(tau * tau)) return -HUGE_VAL;
    return tau_prior_log_density(m.tau_prior, tau) + u + regression_log_likelihood(m, tau * tau);
  };
  f.prior = m.tau_prior;
  f.data_log_scale = median_log_sd(m.v.data(), m.k());
  int flat = 0;
  for (int j = 0; j < m.p(); ++j) flat += m.prior_of(j).normal ? 0 : 1;
  f.likelihood_decay = m.k() - flat;
  return f;
}

}  // namespace metamc
