# Reference values for the test for subgroup differences (frequentist/subgroup_difference.hpp):
# RevMan's test on the per-subgroup random-effects estimates, by metafor: each level's rma() with
# method DL, REML or PM, then the fixed-effect model across the levels' estimates, whose QE is
# Q_between = sum w_j (mu_j - mu_w)^2, w_j = 1 / se_j^2, on levels - 1 df.
#
# Run from the repository root:  Rscript tests/reference/subgroup_reference.R
# Tested with R 4.2.2, metafor 3.8-1, metadat 1.2-0 (Debian 12 packages).
#
# Writes tests/fixtures/bcg_alloc.csv: metadat's dat.bcg (Colditz et al. 1994, JAMA 271:698-702;
# BCG vaccine against tuberculosis) with its treatment allocation (random, alternate,
# systematic: 7, 2 and 4 trials), absolute latitude and year (moderators of
# tests/reference/meta_regression_reference.R), risk ratios from the counts;
# and tests/fixtures/subgroup_reference.csv: method,level,k,mu,se (per level), and method,
# "test",Q,df,p; 15 significant digits.
suppressMessages({
  library(metafor)
  library(metadat)
})
fixtures <- "tests/fixtures"
b <- dat.bcg
write.csv(data.frame(study = paste(b$author, b$year), alloc = b$alloc, ablat = b$ablat,
                     year = b$year, measure = "RR",
                     ai = b$tpos, n1i = b$tpos + b$tneg, ci = b$cpos, n2i = b$cpos + b$cneg),
          file.path(fixtures, "bcg_alloc.csv"), row.names = FALSE)
dat <- escalc(measure = "RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = b)
control <- list(threshold = 1e-12, tol = 1e-12, maxiter = 10000)
levels <- unique(dat$alloc)  # order of first appearance
fmt <- function(x) sprintf("%.15g", x)
rows <- NULL
for (method in c("DL", "REML", "PM")) {
  fits <- lapply(levels, function(l) rma(yi, vi, data = dat, subset = alloc == l,
                                         method = method, control = control))
  mu <- sapply(fits, function(f) c(f$beta)); se <- sapply(fits, function(f) f$se)
  between <- rma(mu, sei = se, method = "FE")
  rows <- rbind(rows,
                data.frame(method = method, level = levels, k = sapply(fits, function(f) f$k),
                           mu = fmt(mu), se = fmt(se), Q = "", df = "", p = ""),
                data.frame(method = method, level = "test", k = "", mu = "", se = "",
                           Q = fmt(between$QE), df = length(levels) - 1, p = fmt(between$QEp)))
}
write.csv(rows, file.path(fixtures, "subgroup_reference.csv"), row.names = FALSE)
print(rows)
