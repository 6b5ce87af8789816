# Reference posterior summaries of each study's control-arm risk and risk difference under
# metamc's binomial-normal model, by Stan's NUTS on the same program as binomial_reference.R
# (tests/reference/binomial_normal.stan), computed from its alpha and theta draws here:
#   OR: p_c = plogis(alpha), p_t = plogis(alpha + theta);  RR: p_c = exp(alpha),
#   p_t = exp(alpha + theta);  risk difference p_t - p_c.
#
# Run from the repository root:  Rscript tests/reference/binomial_arm_risks_reference.R
# Tested with R 4.2.2, rstan 2.21.7, posterior 1.4.0 (Debian 12; Boost from /usr/include). About
# 3 minutes on one core, compilation included.
#
# Cases (tau ~ half-normal(0, 0.5), alpha_i ~ N(0, 10), mu flat, as in binomial_reference.R):
#   nielweise2007  OR, 18 tables, Yucel 2004 with no events in either arm;
#   hine1989       RR, 6 tables;
#   isatuximab RRMM MRD negativity (data/isatuximab.csv, all patients), RR, k = 2, a zero cell.
# Settings: 4 chains run one after another, 2000 warmup + 10000 draws each, adapt_delta 0.99,
# seed 20261201.
#
# Writes tests/fixtures/binomial_arm_risks_reference.csv, long format:
#   case,file,group,study,quantity,statistic,value,mcse
# quantity control_risk or risk_difference; statistic mean (mcse_mean), q025, q50, q975
# (quantile2 with mcse_quantile). 10 significant digits.
suppressMessages({
  library(rstan)
  library(posterior)
})

fixtures <- "tests/fixtures"
cases <- list(
  list(id = "nielweise2007_or", file = file.path(fixtures, "nielweise2007.csv"), group = "",
       measure = "OR"),
  list(id = "hine1989_rr", file = file.path(fixtures, "hine1989.csv"), group = "",
       measure = "RR"),
  list(id = "isa_rrmm_mrd_negativity_rr", file = "data/isatuximab.csv",
       group = "setting=RRMM,outcome=MRD negativity", measure = "RR"))

model <- stan_model("tests/reference/binomial_normal.stan", boost_lib = "/usr/include")
fmt <- function(x) sprintf("%.10g", x)
rows <- list()
for (cs in cases) {
  d <- read.csv(cs$file, stringsAsFactors = FALSE)
  if (nzchar(cs$group)) {
    d <- d[d$setting == "RRMM" & d$outcome == "MRD negativity" & d$subgroup == "all", ]
  }
  data <- list(k = nrow(d), ai = d$ai, n1i = d$n1i, ci = d$ci, n2i = d$n2i,
               measure = as.integer(cs$measure == "RR"), tau_prior = 0L, tau_scale = 0.5)
  fit <- sampling(model, data = data, chains = 4, iter = 12000, warmup = 2000,
                  seed = 20261201, cores = 1, control = list(adapt_delta = 0.99), refresh = 0,
                  pars = c("alpha", "theta"))
  x <- as_draws_array(as.array(fit, pars = c("alpha", "theta")))
  for (i in seq_len(nrow(d))) {
    alpha <- extract_variable_matrix(x, sprintf("alpha[%d]", i))
    theta <- extract_variable_matrix(x, sprintf("theta[%d]", i))
    risk <- if (cs$measure == "RR") exp else plogis
    control <- risk(alpha)
    quantities <- list(control_risk = control, risk_difference = risk(alpha + theta) - control)
    for (q in names(quantities)) {
      v <- quantities[[q]]
      qs <- quantile2(v, probs = c(0.025, 0.5, 0.975))
      mq <- mcse_quantile(v, probs = c(0.025, 0.5, 0.975))
      rows[[length(rows) + 1]] <- data.frame(
        case = cs$id, file = cs$file, group = cs$group, study = d$study[i], quantity = q,
        statistic = c("mean", "q025", "q50", "q975"),
        value = fmt(c(mean(v), qs)), mcse = fmt(c(mcse_mean(v), mq)))
    }
  }
  cat(cs$id, "divergences", sum(get_divergent_iterations(fit)), "\n")
}
out <- do.call(rbind, rows)
write.csv(out, file.path(fixtures, "binomial_arm_risks_reference.csv"), row.names = FALSE)
cat("wrote", nrow(out), "rows\n")
