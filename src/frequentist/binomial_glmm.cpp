#include "metamc/frequentist/binomial_glmm.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "metamc/error.hpp"
#include "metamc/math/distributions.hpp"
#include "metamc/math/gauss_hermite.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

// log(1 + e^x) without overflow.
double log1pexp(double x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

double log_choose(double n, double x) {
  return std::lgamma(n + 1) - std::lgamma(x + 1) - std::lgamma(n - x + 1);
}

// One arm's binomial log-likelihood on the logit scale, with its first and second derivatives:
// d/d eta = x - n p, d2/d eta2 = -n p (1 - p).
struct ArmTerm {
  double value, residual, weight;
};

ArmTerm arm(double events, double total, double eta) {
  const double p = 1 / (1 + std::exp(-eta));
  return {events * eta - total * log1pexp(eta), events - total * p, total * p * (1 - p)};
}

// One table's log-likelihood as a function of theta = (a, mu, tau), integrated over its random
// effect u = tau b, b ~ N(0, 1), by adaptive Gauss-Hermite quadrature:
//   L = int f(b) phi(b) db ~= sum_q w_q s phi(b_q) / phi(z_q) f(b_q),   b_q = b^ + s z_q,
// with b^ the mode of f(b) phi(b) and s = (-d2/db2 log f phi at b^)^(-1/2) (Liu & Pierce 1994,
// Biometrika 81:624; lme4's nAGQ > 1). The linear predictors eta_t = a + mu + tau b / 2 and
// eta_c = a - tau b / 2 are linear in theta, so at fixed nodes the gradient and Hessian of log L
// are posterior-weighted sums of the binomial score and information.
class TableLikelihood {
 public:
  TableLikelihood(const TwoByTwo& t, const QuadratureRule& rule)
      : xt_(static_cast<double>(t.events_exp)),
        nt_(static_cast<double>(t.total_exp)),
        xc_(static_cast<double>(t.events_ctl)),
        nc_(static_cast<double>(t.total_ctl)),
        constant_(log_choose(nt_, xt_) + log_choose(nc_, xc_)),
        rule_(rule) {}

  struct Value {
    double log_likelihood = 0;
    Eigen::Vector3d gradient = Eigen::Vector3d::Zero();
    Eigen::Matrix3d hessian = Eigen::Matrix3d::Zero();
  };

  Value at(double a, double mu, double tau) const {
    const double mode = conditional_mode(a, mu, tau);
    const ArmTerm t = arm(xt_, nt_, a + mu + tau * mode / 2);
    const ArmTerm c = arm(xc_, nc_, a - tau * mode / 2);
    const double scale = 1 / std::sqrt(1 + tau * tau / 4 * (t.weight + c.weight));
    // Per node: the log of its quadrature term, the binomial score in theta and the information.
    const std::size_t n = rule_.nodes.size();
    std::vector<double> log_terms(n);
    std::vector<Eigen::Vector3d> scores(n);
    std::vector<Eigen::Matrix3d> informations(n);
    for (std::size_t q = 0; q < n; ++q) {
      const double z = rule_.nodes[q], b = mode + scale * z;
      const Eigen::Vector3d jt(1, 1, b / 2), jc(1, 0, -b / 2);  // d eta / d theta
      const ArmTerm at = arm(xt_, nt_, a + mu + tau * b / 2);
      const ArmTerm ac = arm(xc_, nc_, a - tau * b / 2);
      log_terms[q] = std::log(rule_.weights[q] * scale) + (z * z - b * b) / 2 + at.value + ac.value;
      scores[q] = at.residual * jt + ac.residual * jc;
      informations[q] = at.weight * jt * jt.transpose() + ac.weight * jc * jc.transpose();
    }
    const double top = *std::max_element(log_terms.begin(), log_terms.end());
    double sum = 0;
    for (double l : log_terms) sum += std::exp(l - top);
    Value v;
    v.log_likelihood = constant_ + top + std::log(sum);
    // d log L = E_q[s_q], d2 log L = E_q[s_q s_q' - I_q] - E_q[s_q] E_q[s_q]', E_q weighting each
    // node by its share of the sum.
    Eigen::Matrix3d second = Eigen::Matrix3d::Zero();
    for (std::size_t q = 0; q < n; ++q) {
      const double share = std::exp(log_terms[q] - top) / sum;
      v.gradient += share * scores[q];
      second += share * (scores[q] * scores[q].transpose() - informations[q]);
    }
    v.hessian = second - v.gradient * v.gradient.transpose();
    return v;
  }

 private:
  double log_density(double a, double mu, double tau, double b) const {
    return arm(xt_, nt_, a + mu + tau * b / 2).value + arm(xc_, nc_, a - tau * b / 2).value;
  }

  // The mode of log f(b) - b^2 / 2, strictly concave (its second derivative is at most -1), by
  // Newton's method with step halving.
  double conditional_mode(double a, double mu, double tau) const {
    double b = 0;
    const auto objective = [&](double x) { return log_density(a, mu, tau, x) - x * x / 2; };
    for (int iteration = 0; iteration < 100; ++iteration) {
      const ArmTerm t = arm(xt_, nt_, a + mu + tau * b / 2);
      const ArmTerm c = arm(xc_, nc_, a - tau * b / 2);
      const double slope = tau / 2 * (t.residual - c.residual) - b;
      const double curvature = -tau * tau / 4 * (t.weight + c.weight) - 1;
      double step = -slope / curvature;
      const double here = objective(b);
      while (objective(b + step) < here && std::fabs(step) > 1e-300) step /= 2;
      b += step;
      if (std::fabs(step) <= 1e-13 * (1 + std::fabs(b))) break;
    }
    return b;
  }

  double xt_, nt_, xc_, nc_, constant_;
  const QuadratureRule& rule_;
};

std::vector<TableLikelihood> table_likelihoods(const std::vector<TwoByTwo>& tables,
                                               const QuadratureRule& rule) {
  std::vector<TableLikelihood> out;
  out.reserve(tables.size());
  for (const TwoByTwo& t : tables) out.emplace_back(t, rule);
  return out;
}

// The whole log-likelihood with its gradient and Hessian in theta = (a_1..a_k, mu[, tau]).
struct Evaluation {
  double log_likelihood = 0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
};

Evaluation evaluate(const std::vector<TableLikelihood>& tables, const Eigen::VectorXd& theta,
                    bool tau_free) {
  const Eigen::Index k = static_cast<Eigen::Index>(tables.size()), d = theta.size();
  const double mu = theta[k], tau = tau_free ? theta[k + 1] : 0;
  Evaluation e;
  e.gradient = Eigen::VectorXd::Zero(d);
  e.hessian = Eigen::MatrixXd::Zero(d, d);
  for (Eigen::Index i = 0; i < k; ++i) {
    const TableLikelihood::Value v = tables[static_cast<std::size_t>(i)].at(theta[i], mu, tau);
    e.log_likelihood += v.log_likelihood;
    const Eigen::Index index[3] = {i, k, k + 1};
    const int used = tau_free ? 3 : 2;
    for (int r = 0; r < used; ++r) {
      e.gradient[index[r]] += v.gradient[r];
      for (int c = 0; c < used; ++c) e.hessian(index[r], index[c]) += v.hessian(r, c);
    }
  }
  return e;
}

// Largest |coefficient| (log odds, log odds ratio, tau) a fit may reach before the estimate is
// declared not to exist: a probability of e^-40 cannot be told from zero by any table of real size.
constexpr double kDivergent = 40;

struct Maximum {
  Eigen::VectorXd theta;
  Evaluation at;
  int iterations = 0;
};

// Newton's method with a Levenberg shift where the Hessian is not negative definite and
// backtracking on the log-likelihood; stops when the Newton decrement g'(-H)^-1 g, twice the
// predicted gain, falls below 1e-20 or the Newton step below 1e-11 relative (the gradient's
// rounding floor), or when no step gains and the decrement is below 1e-12.
Maximum maximise(const std::vector<TableLikelihood>& tables, Eigen::VectorXd theta, bool tau_free) {
  Maximum m;
  m.theta = theta;
  m.at = evaluate(tables, theta, tau_free);
  const Eigen::Index d = theta.size();
  for (m.iterations = 0; m.iterations < 200; ++m.iterations) {
    const Eigen::MatrixXd information = -m.at.hessian;
    Eigen::VectorXd step;
    double shift = 0;
    for (;;) {
      Eigen::LDLT<Eigen::MatrixXd> ldlt(information + shift * Eigen::MatrixXd::Identity(d, d));
      if (ldlt.info() == Eigen::Success && ldlt.isPositive() && ldlt.vectorD().minCoeff() > 0) {
        step = ldlt.solve(m.at.gradient);
        break;
      }
      shift = shift == 0 ? 1e-8 * std::max(1.0, information.diagonal().cwiseAbs().maxCoeff())
                         : 10 * shift;
    }
    const double decrement = m.at.gradient.dot(step);
    if (!std::isfinite(decrement)) break;
    const double largest_step = step.cwiseAbs().maxCoeff() / (1 + theta.cwiseAbs().maxCoeff());
    if (shift == 0 && (decrement < 1e-20 || largest_step < 1e-11)) return m;
    // Deep in the quadratic region the gain, below a tenth of the decrement, is below the
    // rounding of the log-likelihood: the full step is taken on trust.
    const bool trusted = shift == 0 && decrement < 1e-10;
    double length = 1;
    bool gained = false;
    for (int halving = 0; halving < 50; ++halving, length /= 2) {
      const Eigen::VectorXd next = theta + length * step;
      Evaluation e = evaluate(tables, next, tau_free);
      if (std::isfinite(e.log_likelihood) &&
          (trusted || e.log_likelihood > m.at.log_likelihood + 1e-4 * length * decrement)) {
        theta = next;
        m.theta = theta;
        m.at = std::move(e);
        gained = true;
        break;
      }
    }
    if (!gained) {
      if (decrement < 1e-12 && shift == 0) return m;
      break;
    }
    if (theta.cwiseAbs().maxCoeff() > kDivergent)
      throw NumericalError(
          "the maximum-likelihood estimate does not exist: the likelihood keeps rising as mu, "
          "tau or a study effect runs off to infinity (e.g. no events in any experimental arm, "
          "or in any control arm)");
  }
  throw NumericalError("Newton's method did not converge in " + std::to_string(m.iterations) +
                       " steps");
}

}  // namespace

double glmm_log_likelihood(const std::vector<TwoByTwo>& tables, const std::vector<double>& a,
                           double mu, double tau, int nodes) {
  const QuadratureRule rule = gauss_hermite(nodes);
  double sum = 0;
  for (std::size_t i = 0; i < tables.size(); ++i)
    sum += TableLikelihood(tables[i], rule).at(a[i], mu, tau).log_likelihood;
  return sum;
}

double glmm_profile_log_likelihood(const std::vector<TwoByTwo>& tables, double mu, double tau,
                                   int nodes) {
  const QuadratureRule rule = gauss_hermite(nodes);
  double sum = 0;
  for (const TwoByTwo& t : tables) {
    // A table's a enters no other table's term: each is maximised alone, by Newton's method
    // with step halving (the one-table likelihood is log-concave in a at fixed nodes).
    const TableLikelihood table(t, rule);
    double a = 0;
    TableLikelihood::Value v = table.at(a, mu, tau);
    for (int iteration = 0; iteration < 200; ++iteration) {
      double step = v.hessian(0, 0) < 0 ? -v.gradient[0] / v.hessian(0, 0)
                                        : std::copysign(1.0, v.gradient[0]);
      TableLikelihood::Value next = table.at(a + step, mu, tau);
      while (!(next.log_likelihood >= v.log_likelihood) && std::fabs(step) > 1e-15) {
        step /= 2;
        next = table.at(a + step, mu, tau);
      }
      if (!(next.log_likelihood >= v.log_likelihood)) break;
      a += step;
      v = next;
      if (std::fabs(step) < 1e-12 * (1 + std::fabs(a))) break;
    }
    sum += v.log_likelihood;
  }
  return sum;
}

GlmmFit fit_binomial_glmm(const std::vector<TwoByTwo>& tables, double level, int nodes) {
  const Eigen::Index k = static_cast<Eigen::Index>(tables.size());
  if (k < 2)
    throw NumericalError("the GLMM needs at least two tables with events, and has " +
                         std::to_string(k));
  const QuadratureRule rule = gauss_hermite(nodes);
  const std::vector<TableLikelihood> terms = table_likelihoods(tables, rule);

  // Start: each control arm's log odds and the mean log odds ratio, 0.5 added to every cell.
  Eigen::VectorXd start(k + 2);
  double mean_log_or = 0;
  for (Eigen::Index i = 0; i < k; ++i) {
    const TwoByTwo& t = tables[static_cast<std::size_t>(i)];
    const double a = t.events_exp + 0.5, b = t.total_exp - t.events_exp + 0.5;
    const double c = t.events_ctl + 0.5, d = t.total_ctl - t.events_ctl + 0.5;
    start[i] = std::log(c / d);
    mean_log_or += std::log(a * d / (b * c)) / static_cast<double>(k);
  }
  start[k] = mean_log_or;
  start[k + 1] = 0.5;

  // tau enters only as tau^2 (u and -u are alike), so tau = 0 is always a stationary point:
  // fit with tau free and with tau = 0, and keep the higher likelihood.
  const Maximum boundary = maximise(terms, start.head(k + 1), false);
  std::optional<Maximum> interior;
  try {
    interior = maximise(terms, start, true);
  } catch (const NumericalError&) {
    // The boundary fit stands alone; a free tau that fails to converge has not found a maximum.
  }
  const bool at_boundary = !interior || std::fabs(interior->theta[k + 1]) < 1e-7 ||
                           interior->at.log_likelihood <= boundary.at.log_likelihood;
  const Maximum& best = at_boundary ? boundary : *interior;

  // Standard error of mu from the inverse observed information; at tau = 0 the information of
  // tau is zero or nearly so and its cross terms vanish, so that of (a, mu) alone is used.
  const Eigen::VectorXd mu_column =
      (-best.at.hessian).ldlt().solve(Eigen::VectorXd::Unit(best.theta.size(), k));
  GlmmFit fit;
  fit.k = static_cast<int>(k);
  fit.nodes = nodes;
  fit.mu = best.theta[k];
  fit.se = std::sqrt(mu_column[k]);
  fit.tau2 = at_boundary ? 0 : best.theta[k + 1] * best.theta[k + 1];
  fit.log_likelihood = best.at.log_likelihood;
  fit.iterations = best.iterations;
  if (!(fit.se > 0) || !std::isfinite(fit.se))
    throw NumericalError("the observed information of mu is not positive (standard error " +
                         significant(fit.se) + ")");
  const double z = normal_quantile(0.5 + level / 2);
  fit.ci = {fit.mu - z * fit.se, fit.mu + z * fit.se};
  fit.p = 2 * normal_upper(std::fabs(fit.mu / fit.se));
  return fit;
}

}  // namespace metamc
