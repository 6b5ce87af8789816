# Reference values for tests/diagnostics/mcse_test.cpp: posterior 1.4.0's mcse_sd and
# mcse_quantile of the fixture chains written by diagnostics_reference.R.
#
# Run from the repository root:  Rscript tests/reference/mcse_reference.R
# Tested with R 4.2.2 and posterior 1.4.0. Writes tests/fixtures/mcse_reference.csv.
suppressMessages(library(posterior))
rows <- list()
for (set in c("mixed", "sticky", "odd_heavy", "ties")) {
  x <- as.matrix(read.csv(sprintf("tests/fixtures/chains_%s.csv", set)))
  values <- c(sd = mcse_sd(x), q025 = unname(mcse_quantile(x, 0.025)),
              q50 = unname(mcse_quantile(x, 0.5)), q975 = unname(mcse_quantile(x, 0.975)))
  for (q in names(values))
    rows[[length(rows) + 1]] <- data.frame(set = set, quantity = q,
                                           value = sprintf("%.17g", values[[q]]))
}
write.csv(do.call(rbind, rows), "tests/fixtures/mcse_reference.csv", row.names = FALSE)
