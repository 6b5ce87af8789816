# The simulated meta-analyses of the benchmarks (not tests): k = 3 and k = 40 studies from the
# random-effects model, mu = -0.3, tau = 0.2, standard errors uniform on [0.1, 0.5].
#
#   Rscript bench/data/simulate.R      (from the repository root; writes bench/data/k3.csv, k40.csv)
set.seed(20261130)
for (k in c(3, 40)) {
  se <- runif(k, 0.1, 0.5)
  y <- rnorm(k, -0.3 + 0.2 * rnorm(k), se)
  write.csv(data.frame(study = sprintf("study %d", 1:k), measure = "GEN", yi = sprintf("%.6f", y),
                       sei = sprintf("%.6f", se)),
            sprintf("bench/data/k%d.csv", k), row.names = FALSE, quote = FALSE)
}
