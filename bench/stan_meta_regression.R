# Stan's NUTS on the model and data of bench/meta_regression_throughput (not a test; run by hand).
#
#   Rscript bench/stan_meta_regression.R
#
# Needs r-cran-rstan, r-cran-posterior and r-cran-metafor (Debian). The Bayesian meta-regression
# y_i ~ N(x_i' beta, s_i^2 + tau^2) with the study effects integrated out (the form metamc's HMC
# samples), flat priors on beta, tau ~ half-normal(0.5), written twice: on beta directly, and with
# Stan's QR reparameterisation (Stan User's Guide, "The QR reparameterization"; metamc's HMC
# whitens beta by its conditional covariance instead). Designs as metamc builds them: BCG (log
# risk ratios) on ablat, year and allocation, Hackshaw 1998 on year, design and country. Reports
# sampling time (warmup excluded and included), min bulk ESS over beta and tau, and ESS per
# second, 4 chains run one after the other on one core, 1000 warmup + 1000 draws each, 3 runs.
suppressMessages({ library(rstan); library(posterior); library(metafor) })

direct <- "
data { int<lower=1> k; int<lower=1> p; matrix[k, p] X; vector[k] y; vector<lower=0>[k] s; }
parameters { vector[p] beta; real<lower=0> tau; }
model { tau ~ normal(0, 0.5); y ~ normal(X * beta, sqrt(square(s) + square(tau))); }
"
with_qr <- "
data { int<lower=1> k; int<lower=1> p; matrix[k, p] X; vector[k] y; vector<lower=0>[k] s; }
transformed data {
  matrix[k, p] Q = qr_thin_Q(X) * sqrt(k - 1.0);
  matrix[p, p] R_inverse = inverse(qr_thin_R(X) / sqrt(k - 1.0));
}
parameters { vector[p] theta; real<lower=0> tau; }
model { tau ~ normal(0, 0.5); y ~ normal(Q * theta, sqrt(square(s) + square(tau))); }
generated quantities { vector[p] beta = R_inverse * theta; }
"
# Debian's r-cran-bh uses the system Boost headers.
if (!file.exists(rstan_options("boost_lib"))) rstan_options(boost_lib = "/usr/include")
models <- list(direct = stan_model(model_code = direct), qr = stan_model(model_code = with_qr))

design <- function(d, mods) {
  X <- matrix(1, nrow(d), 1)
  for (m in mods) {
    x <- d[[m]]
    if (is.numeric(x)) X <- cbind(X, x)
    else for (l in unique(x)[-1]) X <- cbind(X, as.numeric(x == l))
  }
  X
}

cases <- list(list(file = "tests/fixtures/bcg_alloc.csv", mods = c("ablat", "year", "alloc")),
              list(file = "tests/fixtures/hackshaw1998_moderators.csv",
                   mods = c("year", "design", "country")))
for (cs in cases) {
  d <- read.csv(cs$file, stringsAsFactors = FALSE)
  if (!("yi" %in% names(d))) {
    e <- escalc(measure = "RR", ai = ai, n1i = n1i, ci = ci, n2i = n2i, data = d)
    d$yi <- c(e$yi); d$sei <- sqrt(c(e$vi))
  }
  X <- design(d, cs$mods)
  data <- list(k = nrow(X), p = ncol(X), X = X, y = d$yi, s = d$sei)
  for (name in names(models)) {
    results <- sapply(1:3, function(rep) {
      fit <- sampling(models[[name]], data = data, chains = 4, cores = 1, iter = 2000,
                      warmup = 1000, seed = rep, refresh = 0)
      times <- get_elapsed_time(fit)
      draws <- as_draws_array(fit)
      ess <- min(sapply(c(paste0("beta[", seq_len(ncol(X)), "]"), "tau"),
                        function(v) ess_bulk(extract_variable_matrix(draws, v))))
      steps <- mean(sapply(get_sampler_params(fit, inc_warmup = FALSE),
                           function(p) mean(p[, "n_leapfrog__"])))
      c(sampling = sum(times[, "sample"]), total = sum(times), ess = ess, steps = steps)
    })
    cat(sprintf("Stan %s NUTS (%s), %s, k = %d, p = %d: median ESS/s %.0f (sampling), %.0f (with warmup); min bulk ESS %.0f, %.1f leapfrog steps per draw\n",
                packageVersion("rstan"), name, basename(cs$file), nrow(X), ncol(X),
                median(results["ess", ] / results["sampling", ]),
                median(results["ess", ] / results["total", ]), median(results["ess", ]),
                median(results["steps", ])))
  }
}
