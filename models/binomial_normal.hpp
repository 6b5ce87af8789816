// The binomial-normal model for 2x2 tables (Smith, Spiegelhalter & Thomas 1995, Stat Med
// 14:2685), the exact likelihood of the counts with no continuity correction. Study i has a_i
// events of n1_i patients in the experimental arm and c_i of n2_i in the control arm:
//
//   OR:  logit p_ci = alpha_i,   logit p_ti = alpha_i + theta_i
//   RR:  log p_ci   = alpha_i,   log p_ti   = alpha_i + theta_i   (both risks at most 1)
//   a_i ~ Bin(n1_i, p_ti),  c_i ~ Bin(n2_i, p_ci),  alpha_i ~ N(m, s^2),
//   theta_i = mu + tau eta_i,  eta_i ~ N(0, 1),  mu ~ --mu-prior,  tau ~ --tau-prior.
//
// Coordinates: q = (mu, z, eta_1..eta_k, r_1..r_k), tau = tau(z) (models/tau_transform.hpp),
// non-centred as models/normal_normal_noncentred.hpp. For OR, r_i is the mean log odds of the two
// arms: alpha_i = r_i - theta_i / 2, a shear with unit Jacobian. In a large trial both arms pin
// their log odds, which in (alpha_i, theta_i) are strongly correlated (about -0.7 for equal arms)
// and in (r_i, theta_i) nearly independent: on Lau 1992 (k = 33, trials of up to 17,000
// patients) this tripled HMC's ESS per second. For RR the
// likelihood is zero unless both log risks are negative, alpha_i < 0 and alpha_i + theta_i < 0:
// the mean log risk m_i = alpha_i + theta_i / 2 must lie below -|theta_i| / 2. The baseline moves
// on a hyperbola in (theta_i, m_i):
//
//   m_i = -h_i,  h_i = sqrt(theta_i^2 / 4 + exp(2 r_i)),   alpha_i = m_i - theta_i / 2,
//   log |d alpha_i / d r_i| = 2 r_i - log h_i,
//
// which maps r_i onto (-infinity, -|theta_i| / 2) one to one, smoothly in theta_i and r_i. Stan's
// upper-bound transform with the bound min(0, -theta_i) would do the same with a kink where
// theta_i crosses 0 (the arm with the larger risk changes), which cost HMC a third to a half of
// its ESS on risk ratios near 1, as adverse events often are. The sampler never leaves the
// support, and the prior on alpha_i is the untruncated N(m, s^2): the bound comes from the
// likelihood, so nothing is renormalised. Every study is kept, one with no events in either arm
// included: it informs alpha_i and, through the prior, nothing else, as the likelihood says.
//
// The log density and its gradient, by the chain rule through theta_i = mu + tau eta_i and the
// arms' linear predictors x_t = alpha_i + theta_i, x_c = alpha_i:
//   d/dx of a log p + (n - a) log(1 - p):   OR (x = logit p): a - n p;
//                                           RR (x = log p):   a - (n - a) / (e^-x - 1).
// Host/device code, the model interface of mcmc/hmc/ (dim, log_density_gradient, evaluate_lanes,
// initial_point, coordinate_scale, theta, report).
#ifndef METAMC_MODELS_BINOMIAL_NORMAL_HPP
#define METAMC_MODELS_BINOMIAL_NORMAL_HPP

#include <cmath>
#include <cstddef>

#include "metamc/host_device.hpp"
#include "metamc/math/exponential.hpp"
#include "metamc/math/normal.hpp"
#include "models/noncentred_effects.hpp"
#include "models/reported_draw.hpp"

namespace metamc {

/// The prior of the baselines, alpha_i ~ N(mean, sd^2) (--baseline-prior normal(mean, sd)): wide
/// on the log-odds or log-risk scale, so that the control arms' own data decide them.
struct BaselinePrior {
  double mean = 0, sd = 10;
};

/// One arm's log likelihood (up to the binomial coefficient) and its derivative in the linear
/// predictor x.
struct ArmTerm {
  double log_likelihood, derivative;
};

/// x = logit p: a log p + (n - a) log(1 - p), from one exponential and one logarithm:
/// with e = exp(-|x|), log p = min(x, 0) - log(1 + e) and log(1 - p) = -max(x, 0) - log(1 + e).
/// Without kDensity the log likelihood is left 0 and its logarithm not taken. Without branches
/// or calls but the logarithm, so that a loop over chains vectorises (math/exponential.hpp).
template <bool kDensity = true>
METAMC_HD_ALWAYS_INLINE ArmTerm logit_arm(double events, double size, double x) {
  const double e = exponential(-std::fabs(x));
  const double p = (x > 0 ? 1 : e) / (1 + e);
  ArmTerm term{0, events - size * p};
  if constexpr (kDensity) {
    const double shared = std::log1p(e);
    const double log_p = (x < 0 ? x : 0) - shared, log_q = -(x > 0 ? x : 0) - shared;
    term.log_likelihood = events * log_p + (size - events) * log_q;
  }
  return term;
}

/// x = log p < 0: a x + (n - a) log(1 - e^x), with d/dx = a - (n - a) e^x / (1 - e^x), from one
/// e^x - 1 and one logarithm (the logarithm only with kDensity). No failures: the second term is
/// absent (also at x = 0, where it would be 0 times -infinity); the terms that would be are
/// computed and not taken, so that a loop over chains has no branch.
template <bool kDensity = true>
METAMC_HD_ALWAYS_INLINE ArmTerm log_arm(double events, double size, double x) {
  const double failures = size - events;
  const double complement = -exponential_minus_one(x);  // 1 - p
  const bool all_events = failures == 0;
  const double odds = (1 - complement) / complement;  // p / (1 - p)
  ArmTerm term{0, all_events ? events : events - failures * odds};
  if constexpr (kDensity)
    term.log_likelihood = events * x + (all_events ? 0 : failures * std::log(complement));
  return term;
}

/// The baseline alpha of one study at its coordinate r, given theta (see the header), with the
/// log Jacobian log |d alpha / d r| and the derivatives the gradient needs.
struct Baseline {
  double alpha;
  double treated;  // the treated arm's linear predictor alpha + theta, without cancellation
  double dalpha_dr, dalpha_dtheta;
  double log_jacobian;
  double dlog_jacobian_dr, dlog_jacobian_dtheta;
};

struct BinomialNormalModel : NoncentredEffects {
  static constexpr bool kArmRisks = true;  // reports each study's arm risks (arm_risks)
  const double* events_treated = nullptr;  // a_i
  const double* size_treated = nullptr;    // n1_i
  const double* events_control = nullptr;  // c_i
  const double* size_control = nullptr;    // n2_i
  bool risk_ratio = false;                 // false: odds ratio
  BaselinePrior baseline_prior;

  METAMC_HD int dim() const { return 2 * k + 2; }

  /// Without kDensity the log Jacobian is left 0 (its derivatives are computed).
  template <bool kDensity = true>
  METAMC_HD Baseline baseline(double r, double theta) const {
    return risk_ratio ? baseline_of<kDensity, true>(r, theta)
                      : baseline_of<kDensity, false>(r, theta);
  }

  /// log p(q | y) up to a constant, and its gradient into grad.
  METAMC_HD double log_density_gradient(const double* q, std::size_t stride, double* grad) const {
    double log_density = 0;
    evaluate_lanes<true, 1>(q, stride, grad, &log_density);
    return log_density;
  }

  /// The gradient alone, as log_density_gradient computes it, without the logarithms that only
  /// the density needs (three of a risk ratio's six transcendental functions per study).
  METAMC_HD void gradient(const double* q, std::size_t stride, double* grad) const {
    evaluate_lanes<false, 1>(q, stride, grad, nullptr);
  }

  /// The gradient of W chains side by side (coordinate j of chain w at j * stride + w) into
  /// grad, and with kDensity their log densities into log_density (W values): the studies' loop
  /// runs over the W chains together (mcmc/hmc/lane_gradients.hpp), without branches or calls
  /// in the gradient. Every chain's arithmetic, in its order, is that of W = 1, the one-chain
  /// functions above.
  template <bool kDensity, int W>
  METAMC_HD_ALWAYS_INLINE void evaluate_lanes(const double* q, std::size_t stride, double* grad,
                                              double* log_density) const {
    if (risk_ratio)
      evaluate_lanes_of<kDensity, W, true>(q, stride, grad, log_density);
    else
      evaluate_lanes_of<kDensity, W, false>(q, stride, grad, log_density);
  }

  /// Study i's risks at q: p_ci and p_ti - p_ci, from its baseline alpha_i and the treated arm's
  /// linear predictor (each risk from its own exponential, so that neither difference cancels
  /// more than the risks themselves do).
  METAMC_HD ArmRisks arm_risks(const double* q, std::size_t stride, int i) const {
    const Baseline b =
        baseline<false>(q[static_cast<std::size_t>(2 + k + i) * stride], theta(q, stride, i));
    const auto risk = [&](double x) { return risk_ratio ? std::exp(x) : 1 / (1 + std::exp(-x)); };
    const double control = risk(b.alpha);
    return {control, risk(b.treated) - control};
  }

  /// The control arm's observed log odds or log risk with 0.5 added to each cell: where the
  /// baselines start.
  METAMC_HD double observed_baseline(int i) const {
    const double events = events_control[i] + 0.5, size = size_control[i] + 1;
    return risk_ratio ? std::log(events / size) : std::log(events / (size - events));
  }

  /// A start from uniforms on (0, 1), uniform(j) for coordinate j: mu and tau as
  /// NoncentredEffects::start_mu_tau, eta_i within +-2, and alpha_i within +-1 of the observed
  /// baseline (for RR, below its bound).
  template <class Uniform>
  METAMC_HD void initial_point(Uniform&& uniform, double* q, std::size_t stride) const {
    const auto spread = [&](int j) { return 4 * uniform(j) - 2; };
    const double tau = start_mu_tau(spread, q, stride), mu = q[0];
    for (int i = 0; i < k; ++i) {
      const double eta = spread(2 + i), theta = mu + tau * eta;
      q[static_cast<std::size_t>(2 + i) * stride] = eta;
      const double alpha = observed_baseline(i) + 0.5 * spread(2 + k + i);
      double r = alpha + 0.5 * theta;  // OR: the arms' mean log odds
      if (risk_ratio) {
        // The r whose larger log risk is that of alpha, at least 0.05 below 0.
        const double larger = alpha + (theta > 0 ? theta : 0);
        const double gap = -larger > 0.05 ? -larger : 0.05;
        r = 0.5 * std::log(gap * (gap + std::fabs(theta)));
      }
      q[static_cast<std::size_t>(2 + k + i) * stride] = r;
    }
  }

  /// A guess of each coordinate's posterior sd, for the metric before any is estimated: for the
  /// baselines, the sd of the arms' mean log odds (OR) or of the control arm's log risk over the
  /// distance to the bound (RR's coordinate is about the log of that distance).
  METAMC_HD double coordinate_scale(int j) const {
    if (j == 0) return scale;
    if (j < 2 + k) return 1;
    const int i = j - 2 - k;
    const double events = events_control[i] + 0.5, size = size_control[i] + 1;
    double sd = 0;
    if (risk_ratio) {
      sd = std::sqrt(1 / events - 1 / size) / (std::fabs(observed_baseline(i)) + 0.05);
    } else {
      // The mean of the two arms' log odds, each with its large-sample variance.
      const double treated = events_treated[i] + 0.5, treated_size = size_treated[i] + 1;
      sd = 0.5 *
           std::sqrt(1 / events + 1 / (size - events) + 1 / treated + 1 / (treated_size - treated));
    }
    return sd < 0.05 ? 0.05 : (sd > 3 ? 3 : sd);
  }

  /// The draw at q, with a new trial's effect from a standard normal. No conditional of mu is
  /// known in closed form: P(benefit) and P(beyond the threshold) are indicators of the draw's
  /// mu; P(a new trial shows benefit) is Phi of the new trial's effect given mu and tau.
  METAMC_HD ReportedDraw report(const double* q, std::size_t stride, double new_trial_normal,
                                const ProbabilityQuestion& question) const {
    const double mu = q[0];
    const double tau_value = tau(q, stride);
    const bool lower = question.lower_is_better;
    const auto favourable = [&](double cut) { return (lower ? mu < cut : mu > cut) ? 1.0 : 0.0; };
    ReportedDraw r;
    r.mu = mu;
    r.tau = tau_value;
    r.log_tau = std::log(tau_value);
    r.theta_new = mu + tau_value * new_trial_normal;
    r.p_benefit = favourable(0);
    r.p_pred_benefit = favourable_side(lower, mu, tau_value, 0);
    r.p_threshold = question.has_threshold ? favourable(question.threshold) : 0;
    return r;
  }

 private:
  template <bool kDensity, bool kRiskRatio>
  METAMC_HD_ALWAYS_INLINE Baseline baseline_of(double r, double theta) const {
    if constexpr (!kRiskRatio) {
      return {r - 0.5 * theta, r + 0.5 * theta, 1, -0.5, 0, 0, 0};
    } else {
      // sqrt rather than hypot: glibc's correctly rounded hypot cost 15% of the sampler's time,
      // and neither square can overflow where the density is not already 0.
      const double half = 0.5 * std::fabs(theta), spread = exponential(r);
      const double squared = spread * spread;
      const double h = std::sqrt(half * half + squared);
      // The larger log risk is -gap, gap = h - |theta| / 2, computed without cancellation.
      const double gap = squared / (h + half);
      Baseline b;
      b.alpha = -gap - (theta > 0 ? theta : 0);
      b.treated = -gap + (theta < 0 ? theta : 0);
      const double inv_h = 1 / h;  // one division where four would do
      const double ratio = squared * inv_h;
      b.dalpha_dr = -ratio;
      b.dalpha_dtheta = -0.25 * theta * inv_h - 0.5;
      b.log_jacobian = 0;
      if constexpr (kDensity) b.log_jacobian = 2 * r - std::log(h);
      b.dlog_jacobian_dr = 2 - ratio * inv_h;
      b.dlog_jacobian_dtheta = -0.25 * theta * inv_h * inv_h;
      return b;
    }
  }

  template <bool kDensity, bool kRiskRatio>
  METAMC_HD_ALWAYS_INLINE static ArmTerm arm(double events, double size, double x) {
    if constexpr (kRiskRatio)
      return log_arm<kDensity>(events, size, x);
    else
      return logit_arm<kDensity>(events, size, x);
  }

  // The log densities (left 0 unless kDensity) and the gradients of W lanes, for OR or RR.
  template <bool kDensity, int W, bool kRiskRatio>
  METAMC_HD_ALWAYS_INLINE void evaluate_lanes_of(const double* q, std::size_t stride, double* grad,
                                                 double* log_density) const {
    LanePriors<W> l = lane_priors<kDensity, W>(q, stride);
    const double precision = 1 / (baseline_prior.sd * baseline_prior.sd);
    for (int i = 0; i < k; ++i) {
      const std::size_t at_eta = static_cast<std::size_t>(2 + i) * stride;
      const std::size_t at_r = static_cast<std::size_t>(2 + k + i) * stride;
      const double a = events_treated[i], n_treated = size_treated[i];
      const double c = events_control[i], n_control = size_control[i];
      for (int w = 0; w < W; ++w) {
        const double eta = q[at_eta + w];
        const double theta = l.mu[w] + l.tau[w] * eta;
        const Baseline b = baseline_of<kDensity, kRiskRatio>(q[at_r + w], theta);
        const ArmTerm treated = arm<kDensity, kRiskRatio>(a, n_treated, b.treated);
        const ArmTerm control = arm<kDensity, kRiskRatio>(c, n_control, b.alpha);
        const double gap = b.alpha - baseline_prior.mean;
        if constexpr (kDensity)
          l.density[w] += treated.log_likelihood + control.log_likelihood -
                          0.5 * gap * gap * precision + b.log_jacobian - 0.5 * eta * eta;
        const double d_alpha = treated.derivative + control.derivative - gap * precision;
        const double d_theta =
            treated.derivative + d_alpha * b.dalpha_dtheta + b.dlog_jacobian_dtheta;
        l.d_mu[w] += d_theta;
        l.d_tau[w] += d_theta * eta;
        grad[at_eta + w] = -eta + l.tau[w] * d_theta;
        grad[at_r + w] = d_alpha * b.dalpha_dr + b.dlog_jacobian_dr;
      }
    }
    finish_lanes<kDensity>(l, stride, grad, log_density);
  }
};

}  // namespace metamc

#endif  // METAMC_MODELS_BINOMIAL_NORMAL_HPP
