# Reference fits of mixed-effects meta-regression (frequentist/meta_regression.hpp): metafor's
# rma(yi, vi, mods = ~ ..., method = "REML" | "DL"), with its Knapp-Hartung interval from the same
# call with test = "knha".
#
# Run from the repository root:  Rscript tests/reference/meta_regression_reference.R
# Tested with R 4.2.2, metafor 3.8-1, metadat 1.2-0 (Debian 12 packages).
#
# Factors are treatment-coded with the first level in order of appearance as the reference
# (factor(x, levels = unique(x))), as metamc codes text columns; coefficient names are
# "intrcpt", numeric columns by name, factor levels as "column=level".
#
# Writes the input fixtures
#   tests/fixtures/raudenbush1985.csv  metadat's dat.raudenbush1985 (Raudenbush 1984/1985;
#       teacher expectancy and pupil IQ), 19 studies named "author (id)", SMD yi with
#       sei = sqrt(vi); moderators weeks (numeric), setting and tester (2-level factors).
#   tests/fixtures/bangertdrowns2004.csv  metadat's dat.bangertdrowns2004 (writing-to-learn
#       interventions), 48 studies named "author year (id)", SMD yi with sei = sqrt(vi);
#       moderators length (numeric, 2 missing), grade and wic (numeric codes).
#   tests/fixtures/hackshaw1998_moderators.csv  metadat's dat.hackshaw1998 (Hackshaw et al.
#       1997, BMJ 315:980; environmental tobacco smoke and lung cancer), 37 studies, log OR yi
#       with sei = sqrt(vi); moderators year (numeric), design (cc or cohort) and country (9
#       levels).
# (BCG comes from tests/reference/subgroup_reference.R: tests/fixtures/bcg_alloc.csv, risk
# ratios from counts, moderators ablat, year and alloc.)
# and tests/fixtures/meta_regression_reference.csv, long format:
#   case,file,mods,method,quantity,name,value
# quantity: k, tau2, QM, QM_df, QM_p, QE, QE_df, QE_p, R2 (name empty), and per coefficient
# (name) estimate, se, ci_lb, ci_ub, pval, knha_lb, knha_ub. 15 significant digits.
suppressMessages({
  library(metafor)
  library(metadat)
})
fixtures <- "tests/fixtures"
control <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000, stepadj = 0.5)

r <- dat.raudenbush1985
write.csv(data.frame(study = paste0(r$author, " (", r$study, ")"), measure = "SMD", yi = r$yi,
                     sei = sqrt(r$vi),
                     weeks = r$weeks, setting = r$setting, tester = r$tester),
          file.path(fixtures, "raudenbush1985.csv"), row.names = FALSE)
b <- dat.bangertdrowns2004
write.csv(data.frame(study = paste0(b$author, " ", b$year, " (", b$id, ")"), measure = "SMD", yi = b$yi,
                     sei = sqrt(b$vi), length = b$length, grade = b$grade, wic = b$wic),
          file.path(fixtures, "bangertdrowns2004.csv"), row.names = FALSE)

h <- dat.hackshaw1998
write.csv(data.frame(study = paste(h$author, h$year), measure = "OR", yi = h$yi,
                     sei = sqrt(h$vi), year = h$year, design = h$design, country = h$country),
          file.path(fixtures, "hackshaw1998_moderators.csv"), row.names = FALSE)

# Reads a fixture back as metamc does: yi and vi = sei^2, or log risk ratios from counts.
read_case <- function(file) {
  d <- read.csv(file, stringsAsFactors = FALSE)
  if (!is.null(d$ai)) {
    e <- escalc(measure = "RR", ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i)
    d$yi <- c(e$yi); d$vi <- c(e$vi)
  } else {
    d$vi <- d$sei^2
  }
  d
}

cases <- list(
  list(id = "bcg_ablat", file = "tests/fixtures/bcg_alloc.csv", mods = "ablat"),
  list(id = "bcg_alloc", file = "tests/fixtures/bcg_alloc.csv", mods = "alloc"),
  list(id = "bcg_ablat_year_alloc", file = "tests/fixtures/bcg_alloc.csv",
       mods = "ablat,year,alloc"),
  list(id = "raudenbush_weeks", file = "tests/fixtures/raudenbush1985.csv", mods = "weeks"),
  list(id = "raudenbush_weeks_setting_tester", file = "tests/fixtures/raudenbush1985.csv",
       mods = "weeks,setting,tester"),
  list(id = "bangertdrowns_length_grade", file = "tests/fixtures/bangertdrowns2004.csv",
       mods = "length,grade"),
  list(id = "bangertdrowns_wic", file = "tests/fixtures/bangertdrowns2004.csv", mods = "wic"),
  list(id = "hackshaw_year_design_country", file = "tests/fixtures/hackshaw1998_moderators.csv",
       mods = "year,design,country"))

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.15g", x))
rows <- list()
for (cs in cases) {
  d <- read_case(cs$file)
  mods <- strsplit(cs$mods, ",")[[1]]
  columns <- list(); names_out <- "intrcpt"
  keep <- complete.cases(d[, mods, drop = FALSE])
  d <- d[keep, ]
  X <- matrix(1, nrow(d), 1)
  for (m in mods) {
    x <- d[[m]]
    if (is.numeric(x)) {
      X <- cbind(X, x); names_out <- c(names_out, m)
    } else {
      lv <- unique(x)
      for (l in lv[-1]) { X <- cbind(X, as.numeric(x == l)); names_out <- c(names_out, paste0(m, "=", l)) }
    }
  }
  for (method in c("REML", "DL")) {
    fit <- rma(d$yi, d$vi, mods = X, intercept = FALSE, method = method, control = control)
    kh <- rma(d$yi, d$vi, mods = X, intercept = FALSE, method = method, control = control,
              test = "knha")
    # QM over every coefficient but the intercept, as rma() does with an intercept.
    btt <- seq_len(ncol(X))[-1]
    vb <- fit$vb[btt, btt, drop = FALSE]
    QM <- c(t(fit$beta[btt]) %*% solve(vb) %*% fit$beta[btt])
    r0 <- rma(d$yi, d$vi, method = method, control = control)
    R2 <- if (r0$tau2 == 0) 0 else max(0, 100 * (r0$tau2 - fit$tau2) / r0$tau2)
    put <- function(quantity, name, value)
      rows[[length(rows) + 1]] <<- data.frame(case = cs$id, file = cs$file, mods = cs$mods,
                                             method = method, quantity = quantity, name = name,
                                             value = fmt(value))
    put("k", "", fit$k); put("tau2", "", fit$tau2)
    put("QM", "", QM); put("QM_df", "", length(btt))
    put("QM_p", "", pchisq(QM, length(btt), lower.tail = FALSE))
    put("QE", "", fit$QE); put("QE_df", "", fit$k - fit$p); put("QE_p", "", fit$QEp)
    put("R2", "", R2)
    for (j in seq_along(names_out)) {
      put("estimate", names_out[j], fit$beta[j]); put("se", names_out[j], fit$se[j])
      put("ci_lb", names_out[j], fit$ci.lb[j]); put("ci_ub", names_out[j], fit$ci.ub[j])
      put("pval", names_out[j], fit$pval[j])
      put("knha_lb", names_out[j], kh$ci.lb[j]); put("knha_ub", names_out[j], kh$ci.ub[j])
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, file.path(fixtures, "meta_regression_reference.csv"), row.names = FALSE)
cat("wrote", nrow(out), "rows for", length(cases), "cases\n")
