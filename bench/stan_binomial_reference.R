# Stan's NUTS on metamc's binomial-normal model (2x2 counts, OR or RR), the model of
# tests/reference/binomial_normal.stan (not a test; run by hand).
#
#   Rscript bench/stan_binomial_reference.R [--shear] [dataset.csv ...]
#      (default: tests/fixtures/anand1999_low.csv, tests/fixtures/bcg.csv,
#       tests/fixtures/lau1992.csv)
#   --shear: bench/binomial_normal_shear.stan, the same model in metamc's OR coordinates (the
#   baseline coordinate is the arms' mean log odds).
#
# Needs r-cran-rstan and r-cran-posterior (Debian; Debian's BH is a stub, so Boost comes from
# /usr/include). Each dataset has columns ai, n1i, ci, n2i and measure (OR or RR, one value per
# file). The model is the binomial-normal random-effects model with tau ~ half-normal(0.5), a
# flat prior on mu and each study's control-arm log odds (OR) or log risk (RR) alpha_i ~
# N(0, 10), non-centred; every study is kept, no continuity correction. Reports sampling time
# (warmup excluded and included), min bulk ESS of mu and tau, ESS per second and divergences,
# Stan defaults (adapt_delta 0.8), 4 chains run one after the other on one core, 1000 warmup +
# 1000 draws each, 3 runs (seeds 1, 2, 3).
suppressMessages({ library(rstan); library(posterior) })
args <- commandArgs(trailingOnly = TRUE)
shear <- "--shear" %in% args
args <- setdiff(args, "--shear")
files <- if (length(args) > 0) args else
  c("tests/fixtures/anand1999_low.csv", "tests/fixtures/bcg.csv", "tests/fixtures/lau1992.csv")

# Debian's r-cran-bh uses the system Boost headers.
if (!file.exists(rstan_options("boost_lib"))) rstan_options(boost_lib = "/usr/include")
model <- stan_model(if (shear) "bench/binomial_normal_shear.stan"
                    else "tests/reference/binomial_normal.stan")

for (file in files) {
  d <- read.csv(file, stringsAsFactors = FALSE)
  measure <- unique(d$measure)
  stopifnot(length(measure) == 1, measure %in% c("OR", "RR"))
  data <- list(k = nrow(d), ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i,
               measure = as.integer(measure == "RR"), tau_prior = 0L, tau_scale = 0.5)
  results <- sapply(1:3, function(rep) {
    fit <- sampling(model, data = data, chains = 4, cores = 1, iter = 2000, warmup = 1000,
                    seed = rep, refresh = 0, pars = c("mu", "tau"))
    times <- get_elapsed_time(fit)
    draws <- as_draws_array(fit)
    ess <- min(ess_bulk(extract_variable_matrix(draws, "mu")),
               ess_bulk(extract_variable_matrix(draws, "tau")))
    params <- get_sampler_params(fit, inc_warmup = FALSE)
    steps <- mean(sapply(params, function(p) mean(p[, "n_leapfrog__"])))
    divergences <- sum(sapply(params, function(p) sum(p[, "divergent__"])))
    c(sampling = sum(times[, "sample"]), total = sum(times), ess = ess, steps = steps,
      divergences = divergences)
  })
  cat(sprintf("Stan %s NUTS%s, %s, %s, k = %d, 4 chains x (1000 warmup + 1000 draws), one core, 3 runs\n",
              packageVersion("rstan"), if (shear) " (sheared OR coordinates)" else "",
              basename(file), measure, nrow(d)))
  for (i in 1:3)
    cat(sprintf("  run %d: sampling %.3f s (with warmup %.3f s), %.1f leapfrog steps per draw, min bulk ESS %.0f, ESS/s %.0f (sampling) %.0f (with warmup), %d divergences\n",
                i, results["sampling", i], results["total", i], results["steps", i],
                results["ess", i], results["ess", i] / results["sampling", i],
                results["ess", i] / results["total", i], as.integer(results["divergences", i])))
  cat(sprintf("  median ESS/s: %.0f (sampling only), %.0f (with warmup); gradients/s %.3g\n",
              median(results["ess", ] / results["sampling", ]),
              median(results["ess", ] / results["total", ]),
              median(4000 * results["steps", ] / results["sampling", ])))
}
