# Reference values for tests/frequentist/random_effects_metafor_test.cpp, from R's metafor.
#
# Run from the repository root:  Rscript tests/reference/metafor_reference.R
# Tested with R 4.2.2, metafor 3.8-1 and metadat 1.2-0 (Debian 12 packages r-cran-metafor,
# r-cran-metadat). It writes the input fixtures tests/fixtures/*.csv and the expected values
# tests/fixtures/metafor_reference.csv (dataset, group, method, quantity, value).
#
# metafor's iterative estimators stop at a tolerance of 1e-5 (REML: change in tau2; PM and the
# Q-profile interval: uniroot's tol = eps^0.25); the references are computed with tolerances
# tightened to ~1e-14 relative, so that the tests can use tight tolerances.
# The prediction interval uses t(k-2) (Higgins, Thompson & Spiegelhalter 2009), which metafor
# 3.8 does not offer directly; it is computed here from metafor's mu, se and tau2.
suppressMessages(library(metafor))

out_dir <- "tests/fixtures"
rows <- list()
add <- function(dataset, group, method, quantity, value) {
  rows[[length(rows) + 1]] <<- data.frame(dataset = dataset, group = group, method = method,
                                          quantity = quantity, value = sprintf("%.17g", value))
}

reference <- function(dataset, group, yi, vi) {
  k <- length(yi)
  for (method in c("DL", "REML", "PM")) {
    # Tolerances relative to the scale of tau2 (metafor's are absolute): a first default fit
    # gives the scale.
    scale <- max(1, rma(yi = yi, vi = vi, method = method)$tau2)
    ctrl <- list(threshold = 1e-14 * scale, maxiter = 10000, tol = 1e-15 * scale)
    fit <- rma(yi = yi, vi = vi, method = method, control = ctrl)
    add(dataset, group, method, "mu", fit$b[1])
    add(dataset, group, method, "se", fit$se)
    add(dataset, group, method, "ci_lower", fit$ci.lb)
    add(dataset, group, method, "ci_upper", fit$ci.ub)
    add(dataset, group, method, "p", fit$pval)
    add(dataset, group, method, "tau2", fit$tau2)
    if (k >= 2) {
      add(dataset, group, method, "Q", fit$QE)
      add(dataset, group, method, "Q_p", fit$QEp)
      add(dataset, group, method, "I2", fit$I2)
      add(dataset, group, method, "H2", fit$H2)
      # metafor caps the upper bound at tau2.max = 100 ("> 100"); metamc solves for it, so the
      # search range is widened here.
      wide <- list(tau2.max = 1e7)
      ci_scale <- max(1, confint(fit, control = wide)$random["tau^2", "ci.ub"])
      ci <- confint(fit, control = c(wide, tol = 1e-15 * ci_scale))$random
      add(dataset, group, method, "tau2_ci_lower", ci["tau^2", "ci.lb"])
      add(dataset, group, method, "tau2_ci_upper", ci["tau^2", "ci.ub"])
      knha <- rma(yi = yi, vi = vi, method = method, test = "knha", control = ctrl)
      add(dataset, group, method, "hksj_lower", knha$ci.lb)
      add(dataset, group, method, "hksj_upper", knha$ci.ub)
    }
    if (k >= 3) {
      half <- qt(0.975, k - 2) * sqrt(fit$tau2 + fit$se^2)
      add(dataset, group, method, "pi_lower", fit$b[1] - half)
      add(dataset, group, method, "pi_upper", fit$b[1] + half)
    }
  }
}

write_fixture <- function(name, df) {
  write.csv(df, file.path(out_dir, paste0(name, ".csv")), row.names = FALSE, na = "")
}

# 1. BCG vaccine trials (Colditz et al. 1994): risk ratio from 2x2 counts, k = 13, tau2 > 0.
# Two trials each by Rosenthal et al and by Comstock et al: the year tells them apart.
bcg <- with(dat.bcg, data.frame(study = paste(author, year), measure = "RR", ai = tpos,
                                n1i = tpos + tneg, ci = cpos, n2i = cpos + cneg))
write_fixture("bcg", bcg)
es <- escalc(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = bcg)
reference("bcg", "all studies", es$yi, es$vi)

# 2. Anti-infective catheters (Niel-Weise et al. 2007): odds ratio from counts with zero cells
#    and one double-zero study, which is left out (drop00), k = 17.
niel <- with(dat.nielweise2007, data.frame(study = paste(author, year), measure = "OR",
                                           ai = ai, n1i = n1i, ci = ci, n2i = n2i))
write_fixture("nielweise2007", niel)
es <- escalc(measure = "OR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = niel, drop00 = TRUE)
es <- es[!is.na(es$yi), ]
reference("nielweise2007", "all studies", es$yi, es$vi)

# 3. Prophylactic lidocaine (Hine et al. 1989): risk ratio from counts, k = 6, tau2 = 0.
hine <- with(dat.hine1989, data.frame(study = source, measure = "RR", ai = ai, n1i = n1i,
                                      ci = ci, n2i = n2i))
write_fixture("hine1989", hine)
es <- escalc(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = hine)
reference("hine1989", "all studies", es$yi, es$vi)

# 4. Passive smoking and lung cancer (Hackshaw et al. 1998): odds ratios with 95% CIs, k = 37.
hack <- with(dat.hackshaw1998, data.frame(study = paste(author, year), measure = "OR",
                                          estimate = or, lower = or.lb, upper = or.ub))
write_fixture("hackshaw1998", hack)
reference("hackshaw1998", "all studies", log(hack$estimate),
          ((log(hack$upper) - log(hack$lower)) / (2 * qnorm(0.975)))^2)

# 5. Length of hospital stay (Normand 1999): mean differences given as yi and sei, k = 9.
es <- escalc(measure = "MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i,
             n2i = n2i, data = dat.normand1999)
norm <- data.frame(study = dat.normand1999$source, measure = "MD", yi = es$yi, sei = sqrt(es$vi))
write_fixture("normand1999", norm)
reference("normand1999", "all studies", norm$yi, norm$sei^2)

# 6. Magnesium in myocardial infarction (Li et al. 2007): odds ratio from counts, k = 22.
li <- with(dat.li2007, data.frame(study = paste(study, year), measure = "OR", ai = ai,
                                  n1i = n1i, ci = ci, n2i = n2i))
write_fixture("li2007", li)
es <- escalc(measure = "OR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = li, drop00 = TRUE)
es <- es[!is.na(es$yi), ]
reference("li2007", "all studies", es$yi, es$vi)

# 7. The bundled isatuximab data, every group of the main job (hazard ratios from intervals at
#    95%, 95.4% and 98.5%; risk ratios from counts, one with a zero cell), k = 1..3.
isa <- read.csv("data/isatuximab.csv", stringsAsFactors = FALSE)
for (key in unique(paste(isa$setting, isa$outcome, isa$subgroup, sep = "\r"))) {
  parts <- strsplit(key, "\r")[[1]]
  d <- isa[isa$setting == parts[1] & isa$outcome == parts[2] & isa$subgroup == parts[3], ]
  group <- sprintf("setting=%s, outcome=%s, subgroup=%s", parts[1], parts[2], parts[3])
  if (d$measure[1] == "HR") {
    yi <- log(d$estimate)
    vi <- ((log(d$upper) - log(d$lower)) / (2 * qnorm((1 + d$level) / 2)))^2
  } else {
    es <- escalc(measure = d$measure[1], ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d,
                 drop00 = TRUE)
    yi <- es$yi
    vi <- es$vi
  }
  reference("isatuximab", group, yi, vi)
}

write.csv(do.call(rbind, rows), file.path(out_dir, "metafor_reference.csv"), row.names = FALSE,
          quote = TRUE)
