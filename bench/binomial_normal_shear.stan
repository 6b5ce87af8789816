// Stan's program for metamc's binomial-normal model in metamc's own OR coordinates, for the
// benchmark bench/stan_binomial_reference.R --shear (not a test reference): as
// tests/reference/binomial_normal.stan, except that for OR the unconstrained baseline coordinate
// is the arms' mean log odds, alpha_i = alpha_raw_i - theta_i / 2 (a shear, unit Jacobian), as
// models/binomial_normal.hpp moves. Same model, same posterior; RR unchanged.
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
    alpha = alpha_raw - theta / 2;
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
