#include <cmath>

#include "metamc/reports/report.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

using Cell = std::optional<double>;

std::string csv_number(Cell x) {
  return x && std::isfinite(*x) ? shortest_decimal(*x) : "";
}

Cell lower(const std::optional<Interval>& i) {
  return i ? Cell(i->lower) : std::nullopt;
}
Cell upper(const std::optional<Interval>& i) {
  return i ? Cell(i->upper) : std::nullopt;
}

// The columns after the group's key, measure, benefit, k and method.
const char* const kColumns =
    "mu,se,ci_lower,ci_upper,p,tau2,tau2_ci_lower,tau2_ci_upper,Q,df,Q_p,I2,H2,hksj_lower,"
    "hksj_upper,pi_lower,pi_upper,mu_median,tau2_median,p_benefit,p_pred_benefit,p_threshold,rhat,"
    "ess_bulk,ess_tail";

std::vector<Cell> frequentist_cells(const FrequentistFit& f) {
  return {f.mu,
          f.se,
          f.ci.lower,
          f.ci.upper,
          f.p,
          f.tau2,
          lower(f.tau2_ci),
          upper(f.tau2_ci),
          f.Q,
          static_cast<double>(f.df),
          f.Q_p,
          f.I2,
          f.H2,
          lower(f.hksj_ci),
          upper(f.hksj_ci),
          lower(f.pi),
          upper(f.pi),
          {},
          {},
          {},
          {},
          {},
          {},
          {},
          {}};
}

// Bayes in the shared columns: posterior mean and sd of mu, credible interval, posterior mean of
// tau^2 with its interval, the predictive interval as `pi`.
std::vector<Cell> bayes_cells(const BayesResult& b) {
  const auto& d = b.diagnostics;
  return {b.mu.mean,
          b.mu.sd,
          b.mu.ci.lower,
          b.mu.ci.upper,
          {},
          b.tau2.mean,
          b.tau2.ci.lower,
          b.tau2.ci.upper,
          {},
          {},
          {},
          {},
          {},
          {},
          {},
          b.pred_interval.lower,
          b.pred_interval.upper,
          b.mu.median,
          b.tau2.median,
          b.p_benefit,
          b.p_pred_benefit,
          b.p_threshold,
          d ? Cell(d->rhat) : std::nullopt,
          d ? Cell(d->ess_bulk) : std::nullopt,
          d ? Cell(d->ess_tail) : std::nullopt};
}

}  // namespace

void write_csv(std::ostream& out, const AnalysisReport& report) {
  for (const auto& column : report.config.by) out << csv_field(column) << ',';
  out << "measure,benefit,k,method," << kColumns << '\n';
  for (const GroupResult& result : report.groups) {
    const Group& g = result.group;
    auto row = [&](const std::string& method, const std::vector<Cell>& cells) {
      for (const auto& kv : g.key) out << csv_field(kv.second) << ',';
      out << to_string(g.measure) << ',' << to_string(g.benefit) << ',' << g.k() << ',' << method;
      for (const Cell& c : cells) out << ',' << csv_number(c);
      out << '\n';
    };
    for (const FrequentistFit* fit : {&result.dl, &result.reml, &result.pm})
      row(to_string(fit->method), frequentist_cells(*fit));
    row("Bayes", bayes_cells(result.bayes));
  }
}

}  // namespace metamc
