# Stan's NUTS on the same model and data as bench/sampler_throughput and bench/hmc_throughput
# (not a test; run by hand).
#
#   Rscript bench/stan_reference.R [dataset.csv ...]
#      (default: bench/data/k3.csv, tests/fixtures/bcg.csv, bench/data/k40.csv)
#
# Needs r-cran-rstan, r-cran-posterior and r-cran-metafor (Debian). The model is the
# normal-normal random-effects model with tau ~ half-normal(0.5) and a flat prior on mu,
# non-centred (the parameterisation that works for Stan near tau = 0, and the one metamc's HMC
# samples); theta are generated inside the model as in metamc. Effects come as yi and sei, or as
# log risk ratios from 2x2 counts (metafor's escalc). Reports sampling time (warmup excluded and
# included), min bulk ESS of mu and tau, and ESS per second, 4 chains run one after the other on
# one core, 1000 warmup + 1000 draws each, 3 runs.
suppressMessages({ library(rstan); library(posterior); library(metafor) })
args <- commandArgs(trailingOnly = TRUE)
files <- if (length(args) > 0) args else
  c("bench/data/k3.csv", "tests/fixtures/bcg.csv", "bench/data/k40.csv")

code <- "
data { int<lower=1> k; vector[k] y; vector<lower=0>[k] s; }
parameters { real mu; real<lower=0> tau; vector[k] eta; }
transformed parameters { vector[k] theta = mu + tau * eta; }
model { tau ~ normal(0, 0.5); eta ~ std_normal(); y ~ normal(theta, s); }
generated quantities { real theta_new = normal_rng(mu, tau); }
"
# Debian's r-cran-bh uses the system Boost headers.
if (!file.exists(rstan_options("boost_lib"))) rstan_options(boost_lib = "/usr/include")
model <- stan_model(model_code = code)

for (file in files) {
  d <- read.csv(file)
  if (!("yi" %in% names(d))) {
    d <- escalc(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d, drop00 = TRUE)
    d <- d[!is.na(d$yi), ]
    d$sei <- sqrt(d$vi)
  }
  data <- list(k = nrow(d), y = d$yi, s = d$sei)
  results <- sapply(1:3, function(rep) {
    fit <- sampling(model, data = data, chains = 4, cores = 1, iter = 2000, warmup = 1000,
                    seed = rep, refresh = 0)
    times <- get_elapsed_time(fit)
    draws <- as_draws_array(fit)
    ess <- min(ess_bulk(extract_variable_matrix(draws, "mu")),
               ess_bulk(extract_variable_matrix(draws, "tau")))
    steps <- mean(sapply(get_sampler_params(fit, inc_warmup = FALSE),
                         function(p) mean(p[, "n_leapfrog__"])))
    c(sampling = sum(times[, "sample"]), total = sum(times), ess = ess, steps = steps)
  })
  cat(sprintf("Stan %s NUTS, %s, k = %d, 4 chains x (1000 warmup + 1000 draws), one core, 3 runs\n",
              packageVersion("rstan"), basename(file), nrow(d)))
  for (i in 1:3)
    cat(sprintf("  run %d: sampling %.3f s (with warmup %.3f s), %.1f leapfrog steps per draw, min bulk ESS %.0f, ESS/s %.0f (sampling) %.0f (with warmup)\n",
                i, results["sampling", i], results["total", i], results["steps", i],
                results["ess", i], results["ess", i] / results["sampling", i],
                results["ess", i] / results["total", i]))
  cat(sprintf("  median ESS/s: %.0f (sampling only), %.0f (with warmup); gradients/s %.3g\n",
              median(results["ess", ] / results["sampling", ]),
              median(results["ess", ] / results["total", ]),
              median(4000 * results["steps", ] / results["sampling", ])))
}
