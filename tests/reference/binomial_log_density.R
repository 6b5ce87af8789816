# Reference values of tests/models/binomial_normal_test.cpp (LogDensityDifferencesMatchR): the
# binomial-normal model's log density at two points, by R's own dbinom, dnorm and plogis.
# Run: Rscript tests/reference/binomial_log_density.R (R 4.2.2).
a <- c(0, 12, 0, 25); n1 <- c(40, 50, 30, 25); cc <- c(3, 7, 0, 20); n2 <- c(38, 49, 31, 24)
ld <- function(q, rr) {
  mu <- q[1]; z <- q[2]; tau <- exp(z); eta <- q[3:6]; r <- q[7:10]
  theta <- mu + tau * eta
  # RR: alpha = -sqrt(theta^2/4 + exp(2r)) - theta/2, log |d alpha / d r| = 2r - log h
  if (rr) { h <- sqrt(theta^2 / 4 + exp(2 * r)); alpha <- -h - theta / 2
            pt <- exp(alpha + theta); pc <- exp(alpha); jac <- sum(2 * r - log(h)) }
  # OR: r is the arms' mean log odds, alpha = r - theta/2 (unit Jacobian)
  else { alpha <- r - theta / 2; pt <- plogis(alpha + theta); pc <- plogis(alpha); jac <- 0 }
  log(2) + dnorm(tau, 0, 0.5, log = TRUE) + z +   # half-normal(0.5) density of tau, Jacobian of exp
    sum(dnorm(eta, log = TRUE)) + sum(dnorm(alpha, 0, 10, log = TRUE)) + jac +
    sum(dbinom(a, n1, pt, log = TRUE)) + sum(dbinom(cc, n2, pc, log = TRUE))
}
q1 <- c(-0.4, log(0.3), 0.5, -1.2, 2.1, 0.3, 0.2, -0.5, 1.0, -2.0)
q2 <- c(0.6, log(0.8), -0.9, 0.4, -0.2, 1.5, -0.1, 0.7, -1.3, -0.4)
for (rr in c(FALSE, TRUE)) cat(if (rr) "RR" else "OR", sprintf("%.15g", ld(q1, rr) - ld(q2, rr)), "\n")
