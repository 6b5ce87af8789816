# Reference simulation of interval coverage for random-effects meta-analysis (the `metamc
# simulate` command): for a fixed design of k studies with standard errors se_i, replicates
#   y_i = mu + tau * z1_i + se_i * z2_i,  z1, z2 standard normal,  vi = se_i^2,
# are fitted with metafor's
#   DL         rma(yi, vi, method = "DL")                      Wald z interval
#   REML       rma(yi, vi, method = "REML", control = ...)     Wald z interval
#   DL-HKSJ    as DL with test = "knha"                        Hartung-Knapp-Sidik-Jonkman
#   REML-HKSJ  as REML with test = "knha"                      (unmodified: no max(1, s2w))
# all at level 95. metamc uses its own RNG (Philox), so the comparison is within Monte Carlo
# error only.
#
# Run from the repository root:  Rscript tests/reference/coverage_reference.R
# Tested with R 4.2.2, metafor 3.8-1 (Debian 12 packages). Runs single-threaded, a few minutes.
#
# set.seed(20261201) once at the top; per design (k2, k3, k5, in that order), per tau (0, 0.2,
# 0.4), per replicate (5000): z1 <- rnorm(k), then z2 <- rnorm(k).
#
# The HKSJ interval is computed from the Wald fit instead of a second rma call, as metafor 3.8-1
# does for test = "knha": w = 1 / (vi + tau2), s2w = sum(w (y - mu_hat)^2) / (k - 1) (set to 0
# when that residual sum is <= .Machine$double.eps), se_hk = sqrt(s2w) * se, interval
# mu_hat -/+ qt(0.975, k - 1) * se_hk. The script checks this against rma(..., test = "knha")
# (ci.lb, ci.ub to 1e-10) on the first 20 replicates of every design x tau.
# A REML fit that fails (error) drops that replicate from REML and REML-HKSJ only; fits that
# only warn are kept as metafor returns them, and the warnings are tallied on stderr.
#
# Writes tests/fixtures/coverage_reference.csv, one row per design x tau x method:
#   design,k,se,tau,mu,method,replicates,coverage,width_mean,width_sd,tau2_zero_share,significant_rate
# se: the design's standard errors joined by ";"; replicates: fits that succeeded;
# coverage: share with ci.lb <= mu <= ci.ub; width = ci.ub - ci.lb (width_sd with n - 1);
# tau2_zero_share: share with tau2 <= 1e-10 * mean(vi); significant_rate ("significant
# benefit", lower is better): share with ci.ub < 0. Numbers with sprintf("%.15g").
suppressMessages(library(metafor))
set.seed(20261201)

designs <- list(k2 = c(0.12, 0.20),
                k3 = c(0.10, 0.15, 0.25),
                k5 = c(0.10, 0.12, 0.15, 0.20, 0.30))
taus <- c(0, 0.2, 0.4)
mu <- 0
replicates <- 5000
n_check <- 20
control <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000, stepadj = 0.5)
methods <- c("DL", "REML", "DL-HKSJ", "REML-HKSJ")

# Wald and HKSJ intervals from one rma fit (tau2 from the fit, as metafor's knha uses it).
intervals <- function(fit, yi, vi) {
  k <- length(yi)
  w <- 1 / (vi + fit$tau2)
  rss <- sum(w * (yi - c(fit$b))^2)
  s2w <- if (rss <= .Machine$double.eps) 0 else rss / (k - 1)
  half <- qt(0.975, df = k - 1) * sqrt(s2w) * fit$se
  list(tau2 = fit$tau2,
       wald = c(fit$ci.lb, fit$ci.ub),
       hksj = c(c(fit$b) - half, c(fit$b) + half))
}

fmt <- function(x) sprintf("%.15g", x)
rows <- list()
failures <- 0
checked <- 0
warned <- character(0)
# Fits with warnings kept as metafor returns them; the warnings are tallied and printed at the end.
quiet <- function(expr, label) withCallingHandlers(expr, warning = function(w) {
  warned <<- c(warned, paste0(label, ": ", conditionMessage(w)))
  invokeRestart("muffleWarning")
})
start <- proc.time()[["elapsed"]]
for (design in names(designs)) {
  se <- designs[[design]]
  k <- length(se)
  vi <- se^2
  zero_cut <- 1e-10 * mean(vi)
  for (tau in taus) {
    lb <- ub <- matrix(NA_real_, replicates, 4, dimnames = list(NULL, methods))
    tau2 <- matrix(NA_real_, replicates, 2, dimnames = list(NULL, c("DL", "REML")))
    for (r in seq_len(replicates)) {
      z1 <- rnorm(k)
      z2 <- rnorm(k)
      yi <- mu + tau * z1 + se * z2
      dl <- intervals(quiet(rma(yi, vi, method = "DL"), paste(design, tau, "DL")), yi, vi)
      tau2[r, "DL"] <- dl$tau2
      lb[r, c("DL", "DL-HKSJ")] <- c(dl$wald[1], dl$hksj[1])
      ub[r, c("DL", "DL-HKSJ")] <- c(dl$wald[2], dl$hksj[2])
      reml_fit <- tryCatch(quiet(rma(yi, vi, method = "REML", control = control),
                                 paste(design, tau, "REML")),
                           error = function(e) NULL)
      if (is.null(reml_fit)) {
        failures <- failures + 1
      } else {
        reml <- intervals(reml_fit, yi, vi)
        tau2[r, "REML"] <- reml$tau2
        lb[r, c("REML", "REML-HKSJ")] <- c(reml$wald[1], reml$hksj[1])
        ub[r, c("REML", "REML-HKSJ")] <- c(reml$wald[2], reml$hksj[2])
      }
      if (r <= n_check) {
        kh <- suppressWarnings(rma(yi, vi, method = "DL", test = "knha"))
        stopifnot(abs(kh$ci.lb - dl$hksj[1]) <= 1e-10, abs(kh$ci.ub - dl$hksj[2]) <= 1e-10)
        checked <- checked + 1
        if (!is.null(reml_fit)) {
          kh <- suppressWarnings(rma(yi, vi, method = "REML", control = control, test = "knha"))
          stopifnot(abs(kh$ci.lb - reml$hksj[1]) <= 1e-10, abs(kh$ci.ub - reml$hksj[2]) <= 1e-10)
          checked <- checked + 1
        }
      }
    }
    for (m in methods) {
      ok <- !is.na(lb[, m])
      l <- lb[ok, m]
      u <- ub[ok, m]
      width <- u - l
      t2 <- tau2[ok, if (startsWith(m, "DL")) "DL" else "REML"]
      rows[[length(rows) + 1]] <- data.frame(
        design = design, k = k, se = paste(fmt(se), collapse = ";"), tau = fmt(tau),
        mu = fmt(mu), method = m, replicates = sum(ok),
        coverage = fmt(mean(l <= mu & mu <= u)),
        width_mean = fmt(mean(width)), width_sd = fmt(sd(width)),
        tau2_zero_share = fmt(mean(t2 <= zero_cut)),
        significant_rate = fmt(mean(u < 0)))
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, "tests/fixtures/coverage_reference.csv", row.names = FALSE)
message(sprintf("HKSJ shortcut checked against rma(test = \"knha\") on %d fits; %d REML fits failed; %.0f s",
                checked, failures, proc.time()[["elapsed"]] - start))
if (length(warned)) {
  tally <- table(warned)
  message(paste(sprintf("%5d x %s", tally, names(tally)), collapse = "\n"))
}
