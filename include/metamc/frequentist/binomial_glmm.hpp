// The frequentist companion of the binomial-normal model for odds ratios: the unconditional
// logistic model with fixed study effects and a random treatment effect (metafor's
// rma.glmm(measure = "OR", model = "UM.FS") with its default coding = 1/2), fitted by maximum
// likelihood:
//
//   logit p_ti = a_i + mu + u_i / 2,   logit p_ci = a_i - u_i / 2,   u_i ~ N(0, tau^2),
//
// ai ~ Binomial(n1i, p_ti), ci ~ Binomial(n2i, p_ci). The random effect splits evenly between the
// arms, unlike the Bayesian model (models/binomial_normal.hpp), which puts all of it on the
// treated arm; on sparse data the two codings give clearly different tau^2 (Jackson et al. 2018,
// Stat. Med. 37:1059).
//
// Each table's integral over u_i is taken by adaptive Gauss-Hermite quadrature, centred at the
// conditional mode and scaled by the curvature there, as lme4's glmer(nAGQ = n) does.
// Tables with no events in both arms, or events in every patient of both, are left out by the
// caller (Group::uninformative), as metafor's drop00 does.
#ifndef METAMC_FREQUENTIST_BINOMIAL_GLMM_HPP
#define METAMC_FREQUENTIST_BINOMIAL_GLMM_HPP

#include <vector>

#include "metamc/data/effect_size.hpp"
#include "metamc/interval.hpp"

namespace metamc {

/// Quadrature nodes per table: metafor's default nAGQ.
inline constexpr int kGlmmNodes = 7;

struct GlmmFit {
  int k = 0;                  // tables fitted
  int nodes = 0;              // adaptive Gauss-Hermite nodes per table
  double mu = 0;              // log odds ratio
  double se = 0;              // from the inverse observed information of (a, mu, tau)
  Interval ci;                // Wald interval mu +- z se
  double p = 1;               // two-sided Wald p-value for mu = 0
  double tau2 = 0;            // variance of u_i
  double log_likelihood = 0;  // at the maximum, binomial coefficients included
  int iterations = 0;         // Newton steps
};

/// The log-likelihood at (a, mu, tau), one a per table.
double glmm_log_likelihood(const std::vector<TwoByTwo>& tables, const std::vector<double>& a,
                           double mu, double tau, int nodes = kGlmmNodes);

/// The profile log-likelihood at (mu, tau): maximised over the study effects a.
double glmm_profile_log_likelihood(const std::vector<TwoByTwo>& tables, double mu, double tau,
                                   int nodes = kGlmmNodes);

/// Fits the model at interval `level`. Throws NumericalError when there are fewer than two
/// tables, when the estimate does not exist (the likelihood keeps rising as mu or a study effect
/// runs off to infinity, e.g. no events in any experimental arm) or when Newton's method does
/// not converge.
GlmmFit fit_binomial_glmm(const std::vector<TwoByTwo>& tables, double level,
                          int nodes = kGlmmNodes);

}  // namespace metamc

#endif  // METAMC_FREQUENTIST_BINOMIAL_GLMM_HPP
