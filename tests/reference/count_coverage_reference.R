# Reference simulation of interval coverage for designs of 2x2 tables (`metamc simulate` on a
# group of counts): for a fixed design of k trials with arm sizes n1_i (experimental), n2_i
# (control) and control risks pc_i, replicates
#   theta_i ~ N(mu, tau^2),  ci ~ Bin(n2_i, pc_i),  ai ~ Bin(n1_i, pt_i),
#   OR: logit pt_i = logit pc_i + theta_i;   RR: pt_i = min(1, pc_i exp(theta_i)),
# are turned into effect sizes with metafor's
#   escalc(measure, ai, n1i, ci, n2i, add = 1/2, to = "only0", drop00 = TRUE)
# (0.5 added to every cell of a table with a zero cell; tables without events, or with events in
# every patient of both arms, dropped) and, when at least two tables remain, fitted with
#   DL         rma(yi, vi, method = "DL")                      Wald z interval
#   REML       rma(yi, vi, method = "REML", control = ...)     Wald z interval
#   DL-HKSJ    as DL with test = "knha"                        (unmodified: no max(1, s2w))
#   REML-HKSJ  as REML with test = "knha"
# at level 95. metamc uses its own RNG (Philox) and binomial variates, so the comparison is
# within Monte Carlo error only. The HKSJ interval is computed from the Wald fit as in
# coverage_reference.R (checked against rma(test = "knha") on the first 20 replicates).
#
# Run from the repository root:  Rscript tests/reference/count_coverage_reference.R
# Tested with R 4.2.2, metafor 3.8-1 (Debian 12 packages). Single-threaded, a few minutes.
#
# set.seed(20261202) once; per design (in order), per tau, per replicate (4000):
# theta <- rnorm(k, mu, tau), then ci <- rbinom(k, n2, pc), then ai <- rbinom(k, n1, pt).
#
# Writes tests/fixtures/count_coverage_reference.csv, one row per design x tau x method:
#   design,measure,n1,n2,pc,tau,mu,method,attempted,replicates,coverage,width_mean,width_sd,
#   tau2_zero_share,significant_rate
# n1, n2, pc joined by ";"; attempted: replicates simulated; replicates: fits that succeeded
# (two tables with events, and for REML a fit without error); coverage: share with
# ci.lb <= mu <= ci.ub; tau2_zero_share: tau2 <= 1e-10 * mean(vi); significant_rate (lower is
# better): share with ci.ub < 0.
suppressMessages(library(metafor))
set.seed(20261202)

designs <- list(
  # RRMM MRD negativity of the bundled data: ICARIA-MM 8/154 vs 0/153, IKEMA 53/179 vs 16/123;
  # the control arm without events at 0.5 / (153 + 1), as metamc's design takes it.
  rr_k2 = list(measure = "RR", n1 = c(154, 179), n2 = c(153, 123), pc = c(0.5 / 154, 16 / 123),
               mu = 0, taus = c(0, 0.4)),
  or_k3 = list(measure = "OR", n1 = c(100, 80, 120), n2 = c(100, 80, 120), pc = c(0.1, 0.25, 0.4),
               mu = -0.3, taus = c(0, 0.3)))
replicates <- 4000
n_check <- 20
control <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000, stepadj = 0.5)
methods <- c("DL", "REML", "DL-HKSJ", "REML-HKSJ")

intervals <- function(fit, yi, vi) {
  k <- length(yi)
  w <- 1 / (vi + fit$tau2)
  rss <- sum(w * (yi - c(fit$b))^2)
  s2w <- if (rss <= .Machine$double.eps) 0 else rss / (k - 1)
  half <- qt(0.975, df = k - 1) * sqrt(s2w) * fit$se
  list(tau2 = fit$tau2, wald = c(fit$ci.lb, fit$ci.ub), hksj = c(c(fit$b) - half, c(fit$b) + half))
}

fmt <- function(x) sprintf("%.15g", x)
joined <- function(x) paste(fmt(x), collapse = ";")
rows <- list()
checked <- 0
start <- proc.time()[["elapsed"]]
for (name in names(designs)) {
  d <- designs[[name]]
  k <- length(d$n1)
  for (tau in d$taus) {
    lb <- ub <- matrix(NA_real_, replicates, 4, dimnames = list(NULL, methods))
    tau2 <- matrix(NA_real_, replicates, 2, dimnames = list(NULL, c("DL", "REML")))
    zero_cut <- rep(NA_real_, replicates)
    for (r in seq_len(replicates)) {
      theta <- rnorm(k, d$mu, tau)
      ci <- rbinom(k, d$n2, d$pc)
      pt <- if (d$measure == "OR") plogis(qlogis(d$pc) + theta) else pmin(1, d$pc * exp(theta))
      ai <- rbinom(k, d$n1, pt)
      es <- suppressWarnings(escalc(d$measure, ai = ai, n1i = d$n1, ci = ci, n2i = d$n2,
                                    add = 1 / 2, to = "only0", drop00 = TRUE))
      keep <- !is.na(es$yi)
      if (sum(keep) < 2) next
      yi <- c(es$yi[keep])
      vi <- c(es$vi[keep])
      zero_cut[r] <- 1e-10 * mean(vi)
      dl <- intervals(suppressWarnings(rma(yi, vi, method = "DL")), yi, vi)
      tau2[r, "DL"] <- dl$tau2
      lb[r, c("DL", "DL-HKSJ")] <- c(dl$wald[1], dl$hksj[1])
      ub[r, c("DL", "DL-HKSJ")] <- c(dl$wald[2], dl$hksj[2])
      reml_fit <- tryCatch(suppressWarnings(rma(yi, vi, method = "REML", control = control)),
                           error = function(e) NULL)
      if (!is.null(reml_fit)) {
        reml <- intervals(reml_fit, yi, vi)
        tau2[r, "REML"] <- reml$tau2
        lb[r, c("REML", "REML-HKSJ")] <- c(reml$wald[1], reml$hksj[1])
        ub[r, c("REML", "REML-HKSJ")] <- c(reml$wald[2], reml$hksj[2])
      }
      if (r <= n_check) {
        kh <- suppressWarnings(rma(yi, vi, method = "DL", test = "knha"))
        stopifnot(abs(kh$ci.lb - dl$hksj[1]) <= 1e-10, abs(kh$ci.ub - dl$hksj[2]) <= 1e-10)
        checked <- checked + 1
      }
    }
    for (m in methods) {
      ok <- !is.na(lb[, m])
      l <- lb[ok, m]
      u <- ub[ok, m]
      width <- u - l
      t2 <- tau2[ok, if (startsWith(m, "DL")) "DL" else "REML"]
      rows[[length(rows) + 1]] <- data.frame(
        design = name, measure = d$measure, n1 = joined(d$n1), n2 = joined(d$n2),
        pc = joined(d$pc), tau = fmt(tau), mu = fmt(d$mu), method = m, attempted = replicates,
        replicates = sum(ok), coverage = fmt(mean(l <= d$mu & d$mu <= u)),
        width_mean = fmt(mean(width)), width_sd = fmt(sd(width)),
        tau2_zero_share = fmt(mean(t2 <= zero_cut[ok])), significant_rate = fmt(mean(u < 0)))
    }
  }
}
write.csv(do.call(rbind, rows), "tests/fixtures/count_coverage_reference.csv", row.names = FALSE)
message(sprintf("HKSJ shortcut checked against rma(test = \"knha\") on %d fits; %.0f s", checked,
                proc.time()[["elapsed"]] - start))
