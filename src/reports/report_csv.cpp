#include <algorithm>
#include <cmath>

#include "metamc/model/prior_parse.hpp"
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

// The columns after the group's key, measure, benefit, k and method. The shared columns hold
// what the table shows: for Bayes the posterior median of mu and of tau^2 with central
// intervals, the posterior sd in `se`, the predictive interval in `pi_*`; the tau^2 interval is
// the Q-profile interval for DL, REML and PM. The rd_* columns hold the Bayes risk difference at
// the median control risk (groups of counts only). The last columns are the MCMC diagnostics
// beyond R-hat and ESS, as JSON's bayes.diagnostics and mcse fields name them: the Monte Carlo
// standard errors of mu's mean and of P(benefit), and for HMC nested R-hat, divergences, step
// size and leapfrog steps per iteration.
constexpr const char* kNumberColumns =
    "mu,se,ci_lower,ci_upper,p,tau2,tau2_ci_lower,tau2_ci_upper,Q,df,Q_p,I2,H2,hksj_lower,"
    "hksj_upper,pi_lower,pi_upper,mu_mean,tau2_mean,p_benefit,p_pred_benefit,p_threshold,rhat,"
    "ess_bulk,ess_tail,rd_control_risk,rd_median,rd_ci_lower,rd_ci_upper,rd_pi_lower,rd_pi_upper,"
    "mu_mcse,p_benefit_mcse,nested_rhat,divergences,step_size,n_leapfrog";
constexpr std::size_t kNumbers = 37;

constexpr std::size_t count_columns(const char* names) {
  std::size_t n = 1;
  for (; *names; ++names) n += *names == ',';
  return n;
}
static_assert(count_columns(kNumberColumns) == kNumbers, "a name for every numeric column");
constexpr std::size_t kDiagnosticsAt = 33;  // nested_rhat, divergences, step_size, n_leapfrog

// The HMC diagnostics into cells[kDiagnosticsAt...]; none for the collapsed sampler's fits.
void put_hmc_diagnostics(const std::optional<McmcDiagnostics>& d, std::vector<Cell>& cells) {
  if (!d || !d->step_size) return;
  cells[kDiagnosticsAt] = d->nested_rhat;
  cells[kDiagnosticsAt + 1] = d->divergences;
  cells[kDiagnosticsAt + 2] = d->step_size;
  cells[kDiagnosticsAt + 3] = d->leapfrog_steps;
}
const char* const kTextColumns = "tau_prior,mu_prior,model,baseline_prior";

std::vector<Cell> frequentist_cells(const FrequentistFit& f) {
  std::vector<Cell> cells = {f.mu,
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
                             upper(f.pi)};
  cells.resize(kNumbers);  // the Bayes-only columns stay empty
  return cells;
}

std::vector<Cell> glmm_cells(const GlmmFit& g) {
  std::vector<Cell> cells = {g.mu, g.se, g.ci.lower, g.ci.upper, g.p, g.tau2};
  cells.resize(kNumbers);
  return cells;
}

std::vector<Cell> bayes_cells(const BayesResult& b) {
  const auto& d = b.diagnostics;
  const auto& rd = b.risk_difference;
  std::vector<Cell> cells = {b.mu.median,
                             b.mu.sd,
                             b.mu.ci.lower,
                             b.mu.ci.upper,
                             {},
                             b.tau2.median,
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
                             b.mu.mean,
                             b.tau2.mean,
                             b.p_benefit,
                             b.p_pred_benefit,
                             b.p_threshold,
                             d ? Cell(d->rhat) : std::nullopt,
                             d ? Cell(d->ess_bulk) : std::nullopt,
                             d ? Cell(d->ess_tail) : std::nullopt,
                             rd ? Cell(rd->control_risk) : std::nullopt,
                             rd ? Cell(rd->median) : std::nullopt,
                             rd ? Cell(rd->ci.lower) : std::nullopt,
                             rd ? Cell(rd->ci.upper) : std::nullopt,
                             rd ? Cell(rd->pred_interval.lower) : std::nullopt,
                             rd ? Cell(rd->pred_interval.upper) : std::nullopt,
                             b.mu.mcse,
                             b.p_benefit_mcse};
  cells.resize(kNumbers);
  put_hmc_diagnostics(d, cells);
  return cells;
}

// A Bayesian meta-regression coefficient (or subgroup contrast): its posterior median, sd and
// interval in mu, se and ci_*, its mean in mu_mean, tau^2's median, interval and mean, the
// probability that it lies on the favourable side of 0 in p_benefit, and the diagnostics.
std::vector<Cell> coefficient_cells(const BayesRegression& b, const BayesCoefficient& c,
                                    Benefit benefit) {
  std::vector<Cell> cells(kNumbers);
  cells[0] = c.posterior.median;
  cells[1] = c.posterior.sd;
  cells[2] = c.posterior.ci.lower;
  cells[3] = c.posterior.ci.upper;
  cells[5] = b.tau2.median;
  cells[6] = b.tau2.ci.lower;
  cells[7] = b.tau2.ci.upper;
  cells[17] = c.posterior.mean;
  cells[18] = b.tau2.mean;
  cells[19] = benefit == Benefit::lower ? c.p_negative : 1 - c.p_negative;
  if (const auto& d = b.diagnostics) {
    cells[22] = d->rhat;
    cells[23] = d->ess_bulk;
    cells[24] = d->ess_tail;
  }
  cells[31] = c.posterior.mcse;
  put_hmc_diagnostics(b.diagnostics, cells);
  return cells;
}

// The tau prior and a regression coefficient's own prior, for the tau_prior and mu_prior columns:
// the intercept's is --mu-prior, the others' --beta-prior.
std::string coefficient_priors(const RunConfig& c, std::size_t coefficient) {
  return csv_field(to_string(c.tau_prior)) + ',' +
         csv_field(coefficient == 0 ? to_string(c.mu_prior) : beta_prior_to_string(c.beta_prior));
}

// A --by column named like one of the fixed columns: `measure` and `benefit` hold the same values
// and replace the fixed one; any other is renamed "by.<name>".
bool is_fixed(const std::string& column) {
  const std::string fixed_columns =
      std::string(",k,method,") + kNumberColumns + "," + kTextColumns + ",";
  return fixed_columns.find("," + column + ",") != std::string::npos;
}

}  // namespace

void write_csv(std::ostream& out, const AnalysisReport& report) {
  const std::vector<std::string> by = report.config.grouping_columns();
  auto grouped = [&](const char* name) {
    return std::find(by.begin(), by.end(), name) != by.end();
  };
  const bool measure_in_key = grouped("measure"), benefit_in_key = grouped("benefit");
  for (const auto& column : by) out << csv_field(is_fixed(column) ? "by." + column : column) << ',';
  if (!measure_in_key) out << "measure,";
  if (!benefit_in_key) out << "benefit,";
  out << "k,method," << kNumberColumns << ',' << kTextColumns << '\n';
  const RunConfig& c = report.config;
  const std::string priors =
      csv_field(to_string(c.tau_prior)) + ',' + csv_field(to_string(c.mu_prior));
  // One row: the key's values, measure and benefit where not in the key, k, method, the cells.
  auto row = [&](const GroupKey& key, const Group& g, std::size_t k, const std::string& method,
                 const std::vector<Cell>& cells, const std::string& texts) {
    for (const auto& kv : key) out << csv_field(kv.second) << ',';
    if (!measure_in_key) out << to_string(g.measure) << ',';
    if (!benefit_in_key) out << to_string(g.benefit) << ',';
    out << k << ',' << method;
    for (const Cell& cell : cells) out << ',' << csv_number(cell);
    out << ',' << texts << '\n';
  };
  for (const GroupResult& result : report.groups) {
    const Group& g = result.group;
    const auto group_row = [&](const std::string& method, const std::vector<Cell>& cells,
                               const std::string& texts) {
      row(g.key, g, g.k(), method, cells, texts);
    };
    for (const FrequentistFit* fit : {&result.dl, &result.reml, &result.pm})
      group_row(to_string(fit->method), frequentist_cells(*fit), ",,,");
    if (result.glmm) group_row("GLMM", glmm_cells(*result.glmm), ",,,");
    const bool binomial = result.model == ModelKind::binomial;
    const std::string model_texts = std::string(",") + to_string(result.model) + ',' +
                                    (binomial ? csv_field(to_string(c.baseline_prior)) : "");
    group_row("Bayes", bayes_cells(result.bayes), priors + model_texts);
    // --tau-prior again or --prior-grid: the fit under each other prior, its prior in tau_prior.
    for (const PriorSensitivity& s : result.sensitivity)
      group_row(
          "Bayes (prior sensitivity)", bayes_cells(s.bayes),
          csv_field(to_string(s.tau_prior)) + ',' + csv_field(to_string(c.mu_prior)) + model_texts);
    // --mods: per estimator and coefficient, the estimate, se, interval, p and Knapp-Hartung
    // interval in the shared columns, the residual tau^2, and QE with its df and p in the Q
    // columns.
    if (const auto& m = result.meta_regression)
      for (const MetaRegressionFit* fit : {&m->reml, &m->dl})
        for (const RegressionCoefficient& b : fit->coefficients) {
          std::vector<Cell> cells(kNumbers);
          cells[0] = b.estimate;
          cells[1] = b.se;
          cells[2] = b.ci.lower;
          cells[3] = b.ci.upper;
          cells[4] = b.p;
          cells[5] = fit->tau2;
          cells[8] = fit->QE;
          cells[9] = static_cast<double>(fit->QE_df);
          cells[10] = fit->QE_p;
          cells[13] = lower(b.hksj_ci);
          cells[14] = upper(b.hksj_ci);
          row(g.key, g, static_cast<std::size_t>(fit->k),
              std::string(to_string(fit->method)) + " meta-regression: " + b.name, cells, ",,,");
        }
    if (const auto& m = result.meta_regression; m && m->bayes)
      for (std::size_t j = 0; j < m->bayes->coefficients.size(); ++j) {
        const BayesCoefficient& b = m->bayes->coefficients[j];
        row(g.key, g, static_cast<std::size_t>(m->reml.k), "Bayes meta-regression: " + b.name,
            coefficient_cells(*m->bayes, b, g.benefit), coefficient_priors(c, j) + ",normal,");
      }
  }
  // --subgroup: the test of each --by group, its subgroup column empty, k all its studies, Q, df
  // and p in the Q columns.
  for (const SubgroupTest& t : report.subgroup_tests) {
    const Group& first = report.groups[t.members.front()].group;
    std::size_t k = 0;
    for (std::size_t i : t.members) k += report.groups[i].group.k();
    GroupKey key = t.key;
    key.emplace_back(c.subgroup, "");
    std::vector<Cell> cells(kNumbers);
    cells[8] = t.test.Q;  // Q, df, Q_p
    cells[9] = static_cast<double>(t.test.df);
    cells[10] = t.test.p;
    row(key, first, k, "subgroup test (" + std::string(to_string(t.method)) + ")", cells, ",,,");
    if (!t.bayes_contrast) continue;
    const std::string reference = first.key.back().second;
    for (std::size_t j = 1; j < t.bayes_contrast->coefficients.size(); ++j) {
      const BayesCoefficient& b = t.bayes_contrast->coefficients[j];
      row(key, first, k,
          "Bayes subgroup contrast: " + report.groups[t.members[j]].group.key.back().second +
              " vs " + reference,
          coefficient_cells(*t.bayes_contrast, b, t.benefit),
          coefficient_priors(c, j) + ",normal,");
    }
  }
}

}  // namespace metamc
