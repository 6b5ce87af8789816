# Reference posterior summaries for Bayesian mixed-effects meta-regression, by numerical
# integration over tau in base R (metafor only for escalc on the BCG counts).
#
# Model: y_i ~ N(x_i' beta, v_i + tau^2), v_i = sei^2 (or escalc's vi, measure RR, from counts);
# intercept ~ flat or N(m0, s0^2), every other coefficient ~ flat or N(m1, s1^2), independent;
# tau ~ halfnormal(a), halfcauchy(a) or uniform(lo, hi). beta is integrated out analytically
# (normal-normal conjugacy, as in Roever 2020, J Stat Softw 93(6), section 2, with the design
# matrix of Roever & Friede 2023, Comput Methods Programs Biomed 229:107303; bayesmeta's bmr()):
# with W = diag(1 / (v_i + tau^2)), Lambda = diag(prior precisions, 0 for flat), b0 the prior means,
#   A(tau) = X'WX + Lambda,  betahat(tau) = A^-1 (X'Wy + Lambda b0),  beta | tau, y ~ N(betahat, A^-1),
#   log p(tau | y) = log p(tau) - 1/2 [sum log(v_i + tau^2) + log det A
#                    + sum (y_i - x_i'betahat)^2 / (v_i + tau^2) + sum_j Lambda_j (betahat_j - b0_j)^2] + c.
# The bracket's quadratic terms are the residual sum of squares of the least-squares fit of
# (W^1/2 y, Lambda^1/2 b0) on (W^1/2 X, Lambda^1/2), solved by QR (log det A = 2 sum log |R_jj|).
# The tau posterior is integrated with integrate(rel.tol = 1e-13) on [lo, mode] and [mode, hi],
# lo and hi the support's ends or, nearer, the points of a scan where the density has fallen by
# exp(-60) from the mode. Coefficient summaries are those of the normal mixture
# F(x) = E[pnorm((x - betahat_j(tau)) / sqrt((A^-1)_jj))] over tau | y; quantiles (tau's and
# the coefficients') by uniroot on the CDF; sd^2 = E[(A^-1)_jj + (betahat_j - mean)^2].
#
# Run from the repository root:  Rscript tests/reference/bayes_meta_regression_reference.R
# Tested with R 4.2.2, metafor 3.8-1 (Debian 12 packages).
#
# Design matrices as tests/reference/meta_regression_reference.R: intercept first, numeric
# columns as is, text columns treatment-coded with the first level in order of appearance as
# the reference; coefficients "intrcpt", "column", "column=level"; rows missing a moderator
# dropped. tests/fixtures/isatuximab_cytogenetics.csv gives hazard ratios with 95% CIs:
# yi = log(estimate), sei = (log(upper) - log(lower)) / (2 qnorm(0.975)).
#
# Writes tests/fixtures/bayes_meta_regression_reference.csv, long format:
#   case,file,mods,rows,tau_prior,intercept_prior,beta_prior,quantity,name,value
# quantity: tau_mean, tau_median, tau_lower, tau_upper (2.5% and 97.5%; name empty), and per
# coefficient (name) mean, sd, median, lower, upper, p_negative (= P(beta_j < 0)).
# rows: the row filter ("setting=NDMM"), "" for all rows. 15 significant digits.
suppressMessages(library(metafor))
fixtures <- "tests/fixtures"

# Reads a fixture as metamc does: yi and vi = sei^2, log risk ratios from counts, or log
# hazard ratios from a 95% CI.
read_case <- function(file) {
  d <- read.csv(file, stringsAsFactors = FALSE)
  if (!is.null(d$ai)) {
    e <- escalc(measure = "RR", ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i)
    d$yi <- c(e$yi); d$vi <- c(e$vi)
  } else if (!is.null(d$estimate)) {
    d$yi <- log(d$estimate)
    d$vi <- ((log(d$upper) - log(d$lower)) / (2 * qnorm(0.975)))^2
  } else {
    d$vi <- d$sei^2
  }
  d
}

design <- function(d, mods) {
  X <- matrix(1, nrow(d), 1); names_out <- "intrcpt"
  for (m in mods) {
    x <- d[[m]]
    if (is.numeric(x)) {
      X <- cbind(X, x); names_out <- c(names_out, m)
    } else {
      lv <- unique(x)
      for (l in lv[-1]) { X <- cbind(X, as.numeric(x == l)); names_out <- c(names_out, paste0(m, "=", l)) }
    }
  }
  list(X = unname(X), names = names_out)
}

# "name(a, b)" -> list(name, args); "flat" -> NULL.
parse_prior <- function(s) {
  if (s == "flat") return(NULL)
  list(name = sub("\\(.*", "", s), a = as.numeric(strsplit(gsub(".*\\(|\\)", "", s), ",")[[1]]))
}

tau_prior <- function(s) {
  p <- parse_prior(s); a <- p$a
  switch(p$name,
    halfnormal = list(support = c(0, Inf), logd = function(t) log(2 / (a * sqrt(2 * pi))) - t^2 / (2 * a^2)),
    halfcauchy = list(support = c(0, Inf), logd = function(t) log(2 / (pi * a)) - log1p((t / a)^2)),
    uniform = list(support = a, logd = function(t) -log(a[2] - a[1])))
}

quad <- function(h, a, b) if (b > a) integrate(h, a, b, rel.tol = 1e-13, subdivisions = 1000L)$value else 0

# Posterior summaries for one data set and prior; returns data.frame(quantity, name, value).
summarise <- function(y, v, X, names, tau_s, intercept_s, beta_s) {
  p <- ncol(X)
  prec <- function(s) { q <- parse_prior(s); if (is.null(q)) c(0, 0) else c(1 / q$a[2]^2, q$a[1]) }
  p1 <- prec(intercept_s); pj <- prec(beta_s)
  lambda <- c(p1[1], rep(pj[1], p - 1)); b0 <- c(p1[2], rep(pj[2], p - 1))
  tp <- tau_prior(tau_s)
  # One column per tau: log posterior (unnormalised), betahat (p), diag A^-1 (p).
  stats <- function(t) vapply(t, function(tau) {
    w <- 1 / (v + tau^2)
    q <- qr(rbind(sqrt(w) * X, diag(sqrt(lambda), p)))
    stopifnot(q$rank == p, q$pivot == seq_len(p))
    R <- qr.R(q)
    ya <- c(sqrt(w) * y, sqrt(lambda) * b0)
    lp <- tp$logd(tau) - 0.5 * (sum(log(v + tau^2)) + 2 * sum(log(abs(diag(R)))) + sum(qr.resid(q, ya)^2))
    c(lp, qr.coef(q, ya), diag(chol2inv(R)))
  }, numeric(1 + 2 * p))
  lpost <- function(t) stats(t)[1, ]

  # Mode and integration range by a scan on a log grid, then optimize() around the best point.
  grid <- tp$support[1] + 10^seq(-4, 3, by = 0.02)
  grid <- c(tp$support[1], grid[grid < tp$support[2]], if (is.finite(tp$support[2])) tp$support[2])
  lg <- lpost(grid); i <- which.max(lg)
  opt <- optimize(lpost, grid[c(max(i - 1, 1), min(i + 1, length(grid)))], maximum = TRUE, tol = 1e-12)
  mode <- if (opt$objective > lg[i]) opt$maximum else grid[i]
  lmax <- max(opt$objective, lg[i])
  low <- which(grid < mode & lg < lmax - 60); high <- which(grid > mode & lg < lmax - 60)
  lo <- if (length(low)) grid[max(low)] else grid[1]
  stopifnot(length(high) > 0 || is.finite(tp$support[2]))
  hi <- if (length(high)) grid[min(high)] else grid[length(grid)]

  dens <- function(t) exp(lpost(t) - lmax)
  Z <- quad(dens, lo, mode) + quad(dens, mode, hi)
  # E[g(tau, stats)] under tau | y.
  E <- function(g) {
    h <- function(t) { s <- stats(t); exp(s[1, ] - lmax) * g(t, s) }
    (quad(h, lo, mode) + quad(h, mode, hi)) / Z
  }
  root <- function(f, interval, scale) uniroot(f, interval, tol = 1e-15 * scale)$root
  tau_cdf <- function(x) (quad(dens, lo, min(x, mode)) + quad(dens, mode, max(x, mode))) / Z
  tau_mean <- E(function(t, s) t)
  tq <- sapply(c(0.5, 0.025, 0.975), function(P) root(function(x) tau_cdf(x) - P, c(lo, hi), tau_mean))
  out <- data.frame(quantity = c("tau_mean", "tau_median", "tau_lower", "tau_upper"), name = "",
                    value = c(tau_mean, tq))
  for (j in seq_len(p)) {
    b <- function(s) s[1 + j, ]; vj <- function(s) s[1 + p + j, ]
    m <- E(function(t, s) b(s))
    sd <- sqrt(E(function(t, s) vj(s) + (b(s) - m)^2))
    cdf <- function(x) E(function(t, s) pnorm((x - b(s)) / sqrt(vj(s))))
    bq <- sapply(c(0.5, 0.025, 0.975), function(P) root(function(x) cdf(x) - P, m + c(-10, 10) * sd, sd))
    out <- rbind(out, data.frame(quantity = c("mean", "sd", "median", "lower", "upper", "p_negative"),
                                 name = names[j], value = c(m, sd, bq, cdf(0))))
  }
  out
}

run_case <- function(cs) {
  d <- read_case(cs$file)
  if (cs$rows != "") { f <- strsplit(cs$rows, "=")[[1]]; d <- d[d[[f[1]]] == f[2], ] }
  mods <- if (cs$mods == "") character(0) else strsplit(cs$mods, ",")[[1]]
  d <- d[complete.cases(d[, c("yi", "vi", mods)]), ]
  x <- design(d, mods)
  s <- summarise(d$yi, d$vi, x$X, x$names, cs$tau, cs$intercept, cs$beta)
  data.frame(case = cs$id, file = cs$file, mods = cs$mods, rows = cs$rows, tau_prior = cs$tau,
             intercept_prior = cs$intercept, beta_prior = cs$beta, quantity = s$quantity,
             name = s$name, value = sprintf("%.15g", s$value))
}

case <- function(id, file, mods, tau, intercept = "flat", beta = "flat", rows = "")
  list(id = id, file = file.path(fixtures, file), mods = mods, rows = rows, tau = tau,
       intercept = intercept, beta = beta)
cases <- list(
  case("bcg_ablat", "bcg_alloc.csv", "ablat", "halfnormal(0.5)"),
  case("bcg_alloc", "bcg_alloc.csv", "alloc", "halfcauchy(1)"),
  case("bcg_ablat_year_alloc", "bcg_alloc.csv", "ablat,year,alloc", "halfnormal(0.5)",
       beta = "normal(0, 1)"),
  case("raudenbush_weeks_setting_tester", "raudenbush1985.csv", "weeks,setting,tester",
       "halfnormal(0.5)", intercept = "normal(0, 10)"),
  case("bangertdrowns_length_grade", "bangertdrowns2004.csv", "length,grade", "uniform(0, 2)"),
  case("hackshaw_year_design_country", "hackshaw1998_moderators.csv", "year,design,country",
       "halfnormal(0.5)"),
  case("bcg_intercept_only", "bcg_alloc.csv", "", "halfnormal(0.5)"),
  case("isatuximab_subgroups_ndmm", "isatuximab_cytogenetics.csv", "subgroup", "halfnormal(0.5)",
       rows = "setting=NDMM"),
  case("isatuximab_subgroups_rrmm", "isatuximab_cytogenetics.csv", "subgroup", "halfnormal(0.5)",
       rows = "setting=RRMM"))

if (sys.nframe() == 0L) {  # run as a script, not source()d
  out <- do.call(rbind, lapply(cases, run_case))
  write.csv(out, file.path(fixtures, "bayes_meta_regression_reference.csv"), row.names = FALSE)
  cat("wrote", nrow(out), "rows for", length(cases), "cases\n")
}
