// Binomial-normal random-effects model for 2x2 counts: an independent Stan reference for
// metamc's implementation, driven by tests/reference/binomial_reference.R (written for
// Stan 2.21 / rstan 2.21.7).
//
// Study i: ai events of n1i (experimental arm), ci events of n2i (control arm).
//   theta_i = mu + tau * eta_i, eta_i ~ N(0, 1)      (non-centred random effects)
//   OR (measure 0): logit(p_ci) = alpha_i, logit(p_ti) = alpha_i + theta_i
//   RR (measure 1): log(p_ci)   = alpha_i, log(p_ti)   = alpha_i + theta_i
//   ai ~ Binomial(n1i, p_ti), ci ~ Binomial(n2i, p_ci); no continuity correction, every study
//   kept (double-zero studies too).
//   alpha_i ~ N(0, 10); mu flat (improper); tau >= 0 half-normal(0, s) or half-Cauchy(0, s).
//
// RR: both probabilities must be <= 1, so the likelihood is zero unless
// alpha_i < min(0, -theta_i). Stan 2.21 allows no vector bounds that depend on other
// parameters, so alpha_i = fmin(0, -theta_i) - exp(alpha_raw_i) with alpha_raw_i unconstrained
// and the log Jacobian alpha_raw_i added. The N(0, 10) prior is on alpha_i itself, not
// truncated or renormalised: the bound comes from the likelihood, so its normalising constant
// (which would depend on theta_i) must not enter. OR: alpha_i = alpha_raw_i, no Jacobian.
// The binomial coefficients are dropped (constant in the parameters).
// Non-centred (eta rather than theta as the parameter): it avoids the funnel between tau and
// theta at small tau, which the few, small studies of most cases here leave open.
data {
  int<lower=1> k;
  int<lower=0> ai[k];
  int<lower=0> n1i[k];
  int<lower=0> ci[k];
  int<lower=0> n2i[k];
  int<lower=0, upper=1> measure;    // 0 = OR (logit link), 1 = RR (log link)
  int<lower=0, upper=1> tau_prior;  // 0 = half-normal, 1 = half-Cauchy
  real<lower=0> tau_scale;
}
parameters {
  real mu;
  real<lower=0> tau;
  vector[k] eta;
  vector[k] alpha_raw;
}
transformed parameters {
  vector[k] theta = mu + tau * eta;
  vector[k] alpha;
  if (measure == 0) {
    alpha = alpha_raw;
  } else {
    for (i in 1:k)
      alpha[i] = fmin(0, -theta[i]) - exp(alpha_raw[i]);
  }
}
model {
  // mu: flat, no statement.
  if (tau_prior == 0)
    tau ~ normal(0, tau_scale);   // half-normal through the lower bound
  else
    tau ~ cauchy(0, tau_scale);   // half-Cauchy through the lower bound
  eta ~ std_normal();
  target += normal_lpdf(alpha | 0, 10);   // prior on alpha itself; RR's Jacobian is below
  if (measure == 0) {
    ai ~ binomial_logit(n1i, alpha + theta);
    ci ~ binomial_logit(n2i, alpha);
  } else {
    target += sum(alpha_raw);     // log |d alpha / d alpha_raw|
    for (i in 1:k) {
      real lt = alpha[i] + theta[i];   // log p_ti < 0
      real lc = alpha[i];              // log p_ci < 0
      target += ai[i] * lt + ci[i] * lc;
      // (n - a) log(1 - p); skipped when n = a, where 0 * log(1 - p) is 0.
      if (n1i[i] > ai[i]) target += (n1i[i] - ai[i]) * log1m_exp(lt);
      if (n2i[i] > ci[i]) target += (n2i[i] - ci[i]) * log1m_exp(lc);
    }
  }
}
