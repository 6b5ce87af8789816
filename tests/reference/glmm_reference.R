# Reference fits of the frequentist binomial GLMM companion (frequentist/binomial_glmm.hpp):
# metafor's rma.glmm(measure = "OR", model = "UM.FS") with its default coding = 1/2, i.e.
#   logit p_ti = a_i + mu + u_i / 2,  logit p_ci = a_i - u_i / 2,  u_i ~ N(0, tau^2),
# fixed study effects a_i, fitted by maximum likelihood with lme4's glmer and nAGQ-point adaptive
# Gauss-Hermite quadrature; metafor leaves out tables with no events (or only events) in both
# arms (drop00).
#
# Run from the repository root:  Rscript tests/reference/glmm_reference.R   (about 20 s)
# Tested with R 4.2.2, metafor 3.8-1, lme4 1.1-31 (Debian 12 packages).
#
# lme4's default optimizer stops short on sparse data: its Nelder-Mead second stage stops with
# "Model failed to converge with max|grad| = 0.006" on Li 2007 and Niel-Weise 2007, and the
# estimates move in the 4th digit. Each case is therefore fitted three times:
#   control "default": metafor's defaults (nAGQ = 7);
#   control "tight":   glmerCtrl = list(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12,
#                      maxfun = 1e6)), nAGQ = 7 and nAGQ = 21.
# The tight fits reach the higher likelihood wherever the two differ (column loglik: glmer's
# logLik of the same model, refitted here with the same formula and control as metafor uses).
#
# Cases: the 2x2 fixtures anand1999_low (k = 3), hine1989 (6), bcg (13), nielweise2007 (18
# tables, one with no events in either arm, left out), li2007 (22), lau1992 (33), all as odds ratios
# whatever their measure column says; and the isatuximab count outcomes (data/isatuximab.csv,
# all patients, grouped by setting and outcome, k = 2) as odds ratios.
#
# Writes tests/fixtures/glmm_reference.csv, long format:
#   case,file,group,nagq,control,quantity,value
# quantity: k (tables fitted), mu, se, ci_lb, ci_ub, pval (z test), tau2, loglik, warning (the
# lme4 convergence message, empty if none). Numbers with 12 significant digits.
suppressMessages({
  library(metafor)
  library(lme4)
})

fixtures <- "tests/fixtures"
tight <- list(optimizer = "bobyqa", optCtrl = list(rhoend = 1e-12, maxfun = 1e6))

cases <- list()
for (name in c("anand1999_low", "hine1989", "bcg", "nielweise2007", "li2007", "lau1992")) {
  file <- file.path(fixtures, paste0(name, ".csv"))
  cases[[length(cases) + 1]] <- list(id = gsub("_", "", name), file = file, group = "",
                                     d = read.csv(file, stringsAsFactors = FALSE))
}
isa <- read.csv("data/isatuximab.csv", stringsAsFactors = FALSE)
isa <- isa[!is.na(isa$ai) & !is.na(isa$n1i) & !is.na(isa$ci) & !is.na(isa$n2i), ]
keys <- unique(isa[, c("setting", "outcome")])
for (j in seq_len(nrow(keys))) {
  d <- isa[isa$setting == keys$setting[j] & isa$outcome == keys$outcome[j], ]
  if (nrow(d) < 2) next
  slug <- gsub("^_|_$", "", gsub("[^a-z0-9]+", "_", tolower(keys$outcome[j])))
  cases[[length(cases) + 1]] <- list(
    id = paste0("isa_", tolower(keys$setting[j]), "_", slug), file = "data/isatuximab.csv",
    group = sprintf("setting=%s,outcome=%s", keys$setting[j], keys$outcome[j]), d = d)
}

# glmer's logLik of metafor's model (same long data, formula and control as rma.glmm uses).
glmer_loglik <- function(d, nagq, control) {
  keep <- !((d$ai == 0 & d$ci == 0) | (d$ai == d$n1i & d$ci == d$n2i))
  d <- d[keep, ]
  k <- nrow(d)
  long <- data.frame(study = factor(rep(seq_len(k), each = 2)), x = c(rbind(d$ai, d$ci)),
                     n = c(rbind(d$n1i, d$n2i)), group1 = rep(c(1, 0), k),
                     group12 = rep(c(1 / 2, -1 / 2), k))
  fit <- suppressWarnings(glmer(cbind(x, n - x) ~ -1 + group1 + study + (group12 - 1 | study),
                                data = long, family = binomial, nAGQ = nagq,
                                control = do.call(glmerControl, control)))
  c(logLik(fit))
}

fmt <- function(x) sprintf("%.12g", x)
rows <- list()
for (cs in cases) {
  for (run in list(list(nagq = 7, control = "default", ctl = list()),
                   list(nagq = 7, control = "tight", ctl = tight),
                   list(nagq = 21, control = "tight", ctl = tight))) {
    messages <- character(0)
    fit <- withCallingHandlers(
      rma.glmm(measure = "OR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = cs$d,
               model = "UM.FS", nAGQ = run$nagq,
               control = if (length(run$ctl)) list(glmerCtrl = run$ctl) else list()),
      warning = function(w) {
        if (grepl("converge", conditionMessage(w)))
          messages <<- c(messages, conditionMessage(w))
        invokeRestart("muffleWarning")
      })
    values <- c(k = fit$k, mu = fit$beta[1], se = fit$se, ci_lb = fit$ci.lb, ci_ub = fit$ci.ub,
                pval = fit$pval, tau2 = fit$tau2,
                loglik = glmer_loglik(cs$d, run$nagq, run$ctl))
    rows[[length(rows) + 1]] <- data.frame(
      case = cs$id, file = cs$file, group = cs$group, nagq = run$nagq, control = run$control,
      quantity = c(names(values), "warning"),
      value = c(fmt(values), paste(messages, collapse = "; ")))
  }
}
out <- do.call(rbind, rows)
write.csv(out, file.path(fixtures, "glmm_reference.csv"), row.names = FALSE)
cat("wrote", nrow(out), "rows for", length(cases), "cases\n")
