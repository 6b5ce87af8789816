# Reference values for tests/diagnostics/diagnostics_test.cpp, from the R package posterior.
#
# Run from the repository root:  Rscript tests/reference/diagnostics_reference.R
# Tested with R 4.2.2 and posterior 1.4.0 (Debian package r-cran-posterior). Writes the chains
# tests/fixtures/chains_<name>.csv (one column per chain) and tests/fixtures/diagnostics_reference.csv.
suppressMessages(library(posterior))
set.seed(20261121)

ar1 <- function(n, phi, offset = 0, innovations = rnorm) {
  x <- numeric(n); x[1] <- innovations(1)
  for (i in 2:n) x[i] <- phi * x[i - 1] + innovations(1)
  x + offset
}

sets <- list(
  # well mixed: 4 chains x 500, mild autocorrelation
  mixed = sapply(1:4, function(j) ar1(500, 0.3)),
  # strong autocorrelation and one chain shifted: R-hat well above 1
  sticky = sapply(1:4, function(j) ar1(400, 0.95, offset = if (j == 4) 1.5 else 0)),
  # odd length (the middle draw is dropped when splitting), heavy tails, antithetic draws
  odd_heavy = sapply(1:3, function(j) ar1(201, -0.3, innovations = function(n) rt(n, 3))),
  # many ties (values rounded to one decimal)
  ties = sapply(1:4, function(j) round(ar1(300, 0.5), 1))
)

rows <- list()
for (name in names(sets)) {
  x <- sets[[name]]
  write.csv(format(x, digits = 17), sprintf("tests/fixtures/chains_%s.csv", name),
            row.names = FALSE, quote = FALSE)
  values <- c(rhat = rhat(x), rhat_basic = rhat_basic(x), ess_bulk = ess_bulk(x),
              ess_tail = ess_tail(x), ess_mean = ess_mean(x), ess_basic = ess_basic(x),
              mcse_mean = mcse_mean(x), q05 = unname(quantile(x, 0.05)),
              median = unname(quantile(x, 0.5)))
  for (q in names(values))
    rows[[length(rows) + 1]] <- data.frame(set = name, quantity = q,
                                           value = sprintf("%.17g", values[[q]]))
}
write.csv(do.call(rbind, rows), "tests/fixtures/diagnostics_reference.csv", row.names = FALSE)
