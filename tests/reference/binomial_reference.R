# Reference posterior summaries for metamc's binomial-normal random-effects model (2x2 counts),
# by Stan's NUTS run long, written independently of metamc's C++.
#
# Run from the repository root:  Rscript tests/reference/binomial_reference.R
# Tested with R 4.2.2, rstan 2.21.7 (StanHeaders 2.21.0-7), posterior 1.4.0, metadat 1.2-0
# (Debian 12 packages; Debian's BH is a stub, so Boost comes from /usr/include). Runs about
# 13 minutes on one core (x86-64, g++ 12), compilation included.
#
# Model: tests/reference/binomial_normal.stan (one compiled program for every case; measure,
# tau prior and its scale are data). alpha_i ~ N(0, 10), mu flat, tau ~ half-normal(0, 0.5)
# for every case, and also half-Cauchy(0, 0.5) for bcg.
#
# Writes the input fixtures
#   tests/fixtures/anand1999_low.csv  metadat's dat.anand1999 (Anand & Yusuf 1999, JAMA 282:
#       2058-67; oral anticoagulants in coronary artery disease, total mortality), the 3 trials
#       with intensity == "low" (the source's low-intensity subgroup; metadat has no 2x2
#       dataset with only 2-3 studies). Odds ratios, as in the source.
#   tests/fixtures/lau1992.csv  metadat's dat.lau1992 (Lau et al. 1992, NEJM 327:248-54;
#       intravenous streptokinase after myocardial infarction, mortality), all 33 trials. Odds
#       ratios, as in the source.
# and tests/fixtures/binomial_reference.csv, long format:
#   case,file,group,measure,benefit,tau_prior,quantity,statistic,value,mcse
# quantity mu / tau: statistic mean, sd, q025, q50, q975 with posterior's mcse_mean, mcse_sd,
#   mcse_quantile (quantile2 / mcse_quantile at 0.025, 0.5, 0.975);
# quantity p_benefit, statistic mean: P(mu < 0) for benefit = lower, P(mu > 0) for higher, with
#   mcse_mean of the indicator;
# quantity sampler (mcse empty): adapt_delta, chains, warmup, draws (per chain), seed,
#   divergences (after warmup, all chains), max_treedepth_hits (draws at tree depth 10),
#   ess_bulk_min (min bulk ESS of mu and tau), rhat_max
#   (max of posterior's rhat of mu and tau), sampling_seconds and warmup_seconds
#   (get_elapsed_time summed over chains).
# Numbers are printed with 10 significant digits.
#
# Settings: NUTS (rstan defaults otherwise: diag_e metric, max_treedepth 10), 4 chains run one
# after another (cores = 1), 5000 warmup + 25000 draws each, seed 20250301 for every case,
# adapt_delta 0.95; a case with any divergence is rerun at adapt_delta 0.99, and then 0.999 if
# it still has some; the last run is the one recorded (in the run of record,
# isa_ndmm_mrd_negativity_rr_hn keeps 1 divergence in 100000 draws at 0.999). The draws are
# reproducible with the same compiled program (same seed, compiler and libraries); the timings
# are not.
# Cases: the fixtures bcg (RR), li2007 (OR), nielweise2007 (OR), hine1989 (RR), anand1999_low
# (OR), lau1992 (OR), all with benefit = lower; and data/isatuximab.csv, rows with ai, n1i, ci,
# n2i given, RR, grouped by (setting, outcome), every group with k >= 2, benefit from the file.
suppressMessages({
  library(rstan)
  library(posterior)
  library(metadat)
})

seed <- 20250301
chains <- 4
warmup <- 5000
draws <- 25000
fixtures <- "tests/fixtures"

# ---- input fixtures from metadat ----
write_fixture <- function(name, df) {
  write.csv(df, file.path(fixtures, paste0(name, ".csv")), row.names = FALSE)
}
low <- dat.anand1999[dat.anand1999$intensity == "low", ]
write_fixture("anand1999_low", data.frame(study = paste(low$study, low$year), measure = "OR",
                                          ai = low$ai, n1i = low$n1i, ci = low$ci,
                                          n2i = low$n2i))
write_fixture("lau1992", with(dat.lau1992, data.frame(study = paste(trial, year), measure = "OR",
                                                      ai = ai, n1i = n1i, ci = ci, n2i = n2i)))

# ---- cases ----
cases <- list()
add_case <- function(id, file, group, d, measure, benefit, prior) {
  cases[[length(cases) + 1]] <<- list(id = id, file = file, group = group, d = d,
                                      measure = measure, benefit = benefit, prior = prior)
}
for (name in c("bcg", "li2007", "nielweise2007", "hine1989", "anand1999_low", "lau1992")) {
  file <- file.path(fixtures, paste0(name, ".csv"))
  d <- read.csv(file, stringsAsFactors = FALSE)
  measure <- unique(d$measure)
  stopifnot(length(measure) == 1)
  id <- paste0(gsub("_", "", name), "_", tolower(measure))
  add_case(paste0(id, "_hn"), file, "", d, measure, "lower", "halfnormal")
  if (name == "bcg") add_case(paste0(id, "_hc"), file, "", d, measure, "lower", "halfcauchy")
}
isa <- read.csv("data/isatuximab.csv", stringsAsFactors = FALSE)
isa <- isa[!is.na(isa$ai) & !is.na(isa$n1i) & !is.na(isa$ci) & !is.na(isa$n2i), ]
keys <- unique(isa[, c("setting", "outcome")])
for (j in seq_len(nrow(keys))) {
  d <- isa[isa$setting == keys$setting[j] & isa$outcome == keys$outcome[j], ]
  if (nrow(d) < 2) next
  benefit <- unique(d$benefit)
  stopifnot(length(benefit) == 1, all(d$measure == "RR"))
  slug <- gsub("^_|_$", "", gsub("[^a-z0-9]+", "_", tolower(keys$outcome[j])))
  add_case(paste0("isa_", tolower(keys$setting[j]), "_", slug, "_rr_hn"), "data/isatuximab.csv",
           sprintf("setting=%s,outcome=%s", keys$setting[j], keys$outcome[j]), d, "RR",
           benefit, "halfnormal")
}

# ---- sampling ----
model <- stan_model("tests/reference/binomial_normal.stan", boost_lib = "/usr/include")

fit_case <- function(cs, adapt_delta) {
  data <- list(k = nrow(cs$d), ai = cs$d$ai, n1i = cs$d$n1i, ci = cs$d$ci, n2i = cs$d$n2i,
               measure = as.integer(cs$measure == "RR"),
               tau_prior = as.integer(cs$prior == "halfcauchy"), tau_scale = 0.5)
  sampling(model, data = data, chains = chains, iter = warmup + draws, warmup = warmup,
           seed = seed, cores = 1, control = list(adapt_delta = adapt_delta), refresh = 0,
           pars = c("mu", "tau"))
}

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.10g", x))
rows <- list()
total <- Sys.time()
for (cs in cases) {
  for (adapt_delta in c(0.95, 0.99, 0.999)) {
    fit <- fit_case(cs, adapt_delta)
    divergences <- sum(get_divergent_iterations(fit))
    if (divergences == 0) break
  }
  treedepth <- sum(sapply(get_sampler_params(fit, inc_warmup = FALSE),
                          function(p) sum(p[, "treedepth__"] >= 10)))
  x <- as_draws_array(as.array(fit, pars = c("mu", "tau")))
  sign <- if (cs$benefit == "lower") -1 else 1
  x <- mutate_variables(x, p_benefit = as.numeric(sign * mu > 0))
  s <- summarise_draws(x, mean, sd, ~quantile2(.x, probs = c(0.025, 0.5, 0.975)), mcse_mean,
                       mcse_sd, ~mcse_quantile(.x, probs = c(0.025, 0.5, 0.975)), ess_bulk,
                       rhat)
  s <- as.data.frame(s)
  rownames(s) <- s$variable
  time <- get_elapsed_time(fit)
  out <- NULL
  put <- function(quantity, statistic, value, mcse = NA) {
    out <<- rbind(out, data.frame(quantity = quantity, statistic = statistic, value = fmt(value),
                                  mcse = fmt(mcse)))
  }
  for (v in c("mu", "tau")) {
    put(v, "mean", s[v, "mean"], s[v, "mcse_mean"])
    put(v, "sd", s[v, "sd"], s[v, "mcse_sd"])
    put(v, "q025", s[v, "q2.5"], s[v, "mcse_q2.5"])
    put(v, "q50", s[v, "q50"], s[v, "mcse_q50"])
    put(v, "q975", s[v, "q97.5"], s[v, "mcse_q97.5"])
  }
  put("p_benefit", "mean", s["p_benefit", "mean"], s["p_benefit", "mcse_mean"])
  put("sampler", "adapt_delta", adapt_delta)
  put("sampler", "chains", chains)
  put("sampler", "warmup", warmup)
  put("sampler", "draws", draws)
  put("sampler", "seed", seed)
  put("sampler", "divergences", divergences)
  put("sampler", "max_treedepth_hits", treedepth)
  put("sampler", "ess_bulk_min", min(s[c("mu", "tau"), "ess_bulk"]))
  put("sampler", "rhat_max", max(s[c("mu", "tau"), "rhat"]))
  put("sampler", "sampling_seconds", sum(time[, "sample"]))
  put("sampler", "warmup_seconds", sum(time[, "warmup"]))
  tau_prior <- sprintf("%s(0.5)", cs$prior)
  rows[[length(rows) + 1]] <- cbind(data.frame(case = cs$id, file = cs$file, group = cs$group,
                                               measure = cs$measure, benefit = cs$benefit,
                                               tau_prior = tau_prior), out)
  message(sprintf("%-40s k=%2d %s %-15s adapt_delta %g, %d divergences, mu %.4f, tau %.4f, %.0f s",
                  cs$id, nrow(cs$d), cs$measure, tau_prior, adapt_delta, divergences,
                  s["mu", "mean"], s["tau", "mean"], sum(time)))
}
message(sprintf("total %.1f min", as.numeric(difftime(Sys.time(), total, units = "mins"))))
write.csv(do.call(rbind, rows), file.path(fixtures, "binomial_reference.csv"), row.names = FALSE)
