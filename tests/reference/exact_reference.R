# Reference values for tests/posterior/exact_posterior_test.cpp: the posterior of the normal-normal
# random-effects model by adaptive quadrature in R, written independently of metamc's C++.
#
# Run from the repository root:  Rscript tests/reference/exact_reference.R
# Tested with R 4.2.2 and metafor 3.8-1 (escalc for risk ratios from counts). Reads the cases
# from tests/fixtures/exact_cases.csv and writes tests/fixtures/exact_reference.csv.
#
# Method: p(tau | y) is proportional to p(tau) p(y | tau), with mu integrated out analytically
# (Roever 2020, JSS 93(6), eq. 9-11); every posterior integral is an R integrate() (QUADPACK
# qags/qagi) over u = log tau on the prior's support, split at the posterior mode, with
# rel.tol = 1e-12;
# quantiles are uniroot() solutions of the CDF at tol = 1e-15 (relative to the bracket scale).
# The conditionals use the textbook forms, not metamc's shrinkage-factor forms:
#   mu | tau ~ N(muhat, V);  theta_new | tau ~ N(muhat, V + tau^2);
#   theta_i | tau: mean (y_i/s_i^2 + muhat/tau^2) / (1/s_i^2 + 1/tau^2),
#                  sd^2 = 1/(1/s_i^2 + 1/tau^2) + (sqrt(V) (1/tau^2) / (1/s_i^2 + 1/tau^2))^2.
suppressMessages(library(metafor))

cases <- read.csv("tests/fixtures/exact_cases.csv", stringsAsFactors = FALSE)
rows <- list()
# Moments listed in the case's `infinite` column diverge (see posterior_moments.hpp: with k = 2
# and a half-Cauchy prior the posterior tail of tau is tau^-3); they are recorded as Inf.
add <- function(case, quantity, value) {
  infinite <- strsplit(cases$infinite[cases$case == case], ";")[[1]]
  if (quantity %in% infinite) value <- Inf else value <- force(value)
  rows[[length(rows) + 1]] <<- data.frame(case = case, quantity = quantity,
                                          value = sprintf("%.17g", value))
}

args_of <- function(text) as.numeric(strsplit(sub(".*\\((.*)\\)", "\\1", text), ",")[[1]])

tau_prior <- function(text) {
  a <- args_of(text)
  name <- sub("\\(.*", "", text)
  switch(name,
    halfnormal = list(d = function(t) 2 * dnorm(t, 0, a[1]), lo = 0, hi = Inf),
    halfcauchy = list(d = function(t) 2 * dcauchy(t, 0, a[1]), lo = 0, hi = Inf),
    halft = list(d = function(t) 2 * dt(t / a[2], a[1]) / a[2], lo = 0, hi = Inf),
    uniform = list(d = function(t) dunif(t, a[1], a[2]), lo = a[1], hi = a[2]),
    exponential = list(d = function(t) dexp(t, a[1]), lo = 0, hi = Inf),
    lognormal = list(d = function(t) 2 * t * dlnorm(t^2, a[1], a[2]), lo = 0, hi = Inf),
    invgamma = list(d = function(t) 2 * t * a[2]^a[1] / gamma(a[1]) * (t^2)^(-a[1] - 1) *
                      exp(-a[2] / t^2), lo = 0, hi = Inf))
}

# Effects and standard errors of one group, computed here from the raw columns.
load_group <- function(case) {
  d <- read.csv(case$file, stringsAsFactors = FALSE)
  if (nchar(case$by) > 0) {
    by <- strsplit(case$by, ";")[[1]]
    key <- apply(d[, by, drop = FALSE], 1, function(r) paste0(by, "=", r, collapse = ", "))
    d <- d[key == case$group, ]
  }
  if ("yi" %in% names(d)) return(list(y = d$yi, s = d$sei))
  if ("ai" %in% names(d) && !all(is.na(d$ai))) {
    es <- escalc(measure = d$measure[1], ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d,
                 drop00 = TRUE)
    es <- es[!is.na(es$yi), ]
    return(list(y = es$yi, s = sqrt(es$vi)))
  }
  level <- if ("level" %in% names(d)) ifelse(is.na(d$level), 0.95, d$level) else 0.95
  list(y = log(d$estimate),
       s = (log(d$upper) - log(d$lower)) / (2 * qnorm((1 + level) / 2)))
}

reference <- function(case) {
  g <- load_group(case)
  y <- g$y; s2 <- g$s^2; k <- length(y)
  prior <- tau_prior(case$tau_prior)
  mu_normal <- case$mu_prior != "flat"
  if (mu_normal) mp <- args_of(case$mu_prior)

  cond <- function(tau) {  # muhat, V and log p(y | tau) at one tau
    Y <- y; v <- s2 + tau^2
    if (mu_normal) { Y <- c(mp[1], Y); v <- c(mp[2]^2, v) }
    w <- 1 / v; muhat <- sum(w * Y) / sum(w)
    list(muhat = muhat, V = 1 / sum(w),
         ll = -0.5 * (sum(log(v)) + log(sum(w)) + sum(w * (Y - muhat)^2)))
  }
  log_post <- function(tau) log(prior$d(tau)) + cond(tau)$ll
  # The mode only splits the integration range; search it on the log scale.
  finite_log_post <- function(u) { v <- log_post(exp(u)); if (is.finite(v)) v else -1e300 }
  u_range <- c(log(max(prior$lo, 1e-8)), log(if (is.finite(prior$hi)) prior$hi else 1e3))
  mode <- exp(optimize(finite_log_post, u_range, maximum = TRUE, tol = 1e-12)$maximum)
  c0 <- log_post(mode)
  dens <- function(t) sapply(t, function(x) if (x <= prior$lo && prior$lo == 0 && x == 0) 0 else
    exp(log(prior$d(x)) + cond(x)$ll - c0))
  # Integrals over tau are taken over u = log tau (both tails then decay exponentially).
  u_lo <- if (prior$lo > 0) log(prior$lo) else -Inf
  u_hi <- log(prior$hi)
  integral <- function(f, upper = u_hi) {
    g <- function(u) { t <- exp(u); v <- f(t) * dens(t) * t; v[!is.finite(v)] <- 0; v }
    m <- min(log(mode), upper)
    integrate(g, u_lo, m, rel.tol = 1e-12, subdivisions = 10000L)$value +
      integrate(g, m, upper, rel.tol = 1e-12, subdivisions = 10000L)$value
  }
  Z <- integral(function(t) 1)
  E <- function(f) integral(f) / Z
  vec <- function(f) function(t) sapply(t, f)
  muhat <- vec(function(t) cond(t)$muhat)
  V <- vec(function(t) cond(t)$V)

  level <- 0.95; probs <- c((1 - level) / 2, 0.5, (1 + level) / 2)
  quantile_of <- function(cdf, lo, hi) sapply(probs, function(p)
    uniroot(function(x) cdf(x) - p, c(lo, hi), tol = 1e-15 * max(abs(lo), abs(hi)))$root)

  # tau
  tau_cdf <- function(x) integral(function(t) 1, upper = log(x)) / Z
  tq <- quantile_of(tau_cdf, max(prior$lo, 1e-10), if (is.finite(prior$hi)) prior$hi else 1e3)
  add(case$case, "tau_mean", E(function(t) t))
  add(case$case, "tau_median", tq[2]); add(case$case, "tau_lower", tq[1])
  add(case$case, "tau_upper", tq[3])
  add(case$case, "tau2_mean", E(function(t) t^2))

  mixture <- function(m, sd) {  # CDF of the mixture over the tau posterior
    function(x) E(function(t) pnorm((x - m(t)) / sd(t)))
  }
  summarise <- function(name, m, sd, lo, hi, moments = TRUE) {
    q <- quantile_of(mixture(m, sd), lo, hi)
    if (moments) {
      mean <- E(m)
      add(case$case, paste0(name, "_mean"), mean)
      if (name == "mu") add(case$case, "mu_sd", sqrt(E(function(t) sd(t)^2 + m(t)^2) - mean^2))
    }
    add(case$case, paste0(name, "_median"), q[2])
    add(case$case, paste0(name, "_lower"), q[1]); add(case$case, paste0(name, "_upper"), q[3])
  }
  span <- 20 * (max(sqrt(s2)) + 5)
  summarise("mu", muhat, function(t) sqrt(V(t)), min(y) - span, max(y) + span)
  pred_sd <- function(t) sqrt(V(t) + t^2)
  summarise("pred", muhat, pred_sd, min(y) - 40 * span, max(y) + 40 * span, moments = FALSE)
  fav <- function(m, sd, cut) if (case$benefit == "lower") mixture(m, sd)(cut) else
    1 - mixture(m, sd)(cut)
  add(case$case, "p_benefit", fav(muhat, function(t) sqrt(V(t)), 0))
  add(case$case, "p_pred_benefit", fav(muhat, pred_sd, 0))
  if (!is.na(case$threshold))
    add(case$case, "p_threshold", fav(muhat, function(t) sqrt(V(t)), case$threshold))
  for (i in unique(c(1, k))) {
    th_m <- function(t) (y[i] / s2[i] + muhat(t) / t^2) / (1 / s2[i] + 1 / t^2)
    th_sd <- function(t) sqrt(1 / (1 / s2[i] + 1 / t^2) +
                                (sqrt(V(t)) * (1 / t^2) / (1 / s2[i] + 1 / t^2))^2)
    summarise(paste0("theta", i), th_m, th_sd, min(y) - span, max(y) + span)
  }
}

for (i in seq_len(nrow(cases))) reference(cases[i, ])
write.csv(do.call(rbind, rows), "tests/fixtures/exact_reference.csv", row.names = FALSE)
