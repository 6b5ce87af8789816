# Reference values for tests/diagnostics/nested_rhat_test.cpp: nested R-hat (Margossian et al.
# 2025, Bayesian Analysis 20(4):1587-1614) of the fixture chains under several superchain
# assignments. posterior 1.4.0 (Debian) has no rhat_nested, so this is the paper's formula
# (section 3, as posterior 1.5's rhat_nested computes it) written out in R, independently of the
# C++ code.
#
# Run from the repository root:  Rscript tests/reference/nested_rhat_reference.R
# Reads tests/fixtures/chains_<name>.csv, writes tests/fixtures/nested_rhat_reference.csv.
nested_rhat <- function(x, superchain) {
  chain_mean <- colMeans(x)
  chain_var <- apply(x, 2, var)
  K <- max(superchain) + 1
  super_mean <- sapply(0:(K - 1), function(k) mean(chain_mean[superchain == k]))
  B <- var(super_mean)
  W <- mean(sapply(0:(K - 1), function(k) {
    m <- chain_mean[superchain == k]
    (if (length(m) > 1) var(m) else 0) + mean(chain_var[superchain == k])
  }))
  sqrt(1 + B / W)
}

cases <- list(
  list(set = "mixed", superchain = c(0, 0, 1, 1)),
  list(set = "mixed", superchain = c(0, 1, 2, 3)),
  list(set = "sticky", superchain = c(0, 0, 1, 1)),
  list(set = "sticky", superchain = c(0, 1, 0, 1)),
  list(set = "odd_heavy", superchain = c(0, 0, 1)),
  list(set = "ties", superchain = c(1, 0, 1, 0))
)
rows <- lapply(cases, function(c) {
  x <- as.matrix(read.csv(sprintf("tests/fixtures/chains_%s.csv", c$set)))
  data.frame(set = c$set, superchain = paste(c$superchain, collapse = " "),
             value = sprintf("%.17g", nested_rhat(x, c$superchain)))
})
write.csv(do.call(rbind, rows), "tests/fixtures/nested_rhat_reference.csv", row.names = FALSE)
