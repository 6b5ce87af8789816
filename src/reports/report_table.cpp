#include <cmath>
#include <cstdio>

#include "metamc/math/distributions.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/posterior/posterior_notes.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/reports/report_format.hpp"
#include "metamc/reports/text_table.hpp"
#include "metamc/text.hpp"
#include "metamc/version.hpp"

namespace metamc {
namespace {

std::string tau2_interval(double point, const Interval& i) {
  return significant(point) + " " + interval_text(i);
}

// In percentage points with a sign (risk differences) or in percent (risks), three significant
// digits.
std::string points(double x) {
  return (x > 0 ? "+" : "") + significant(100 * x);
}

std::string percent_interval(const ScalarSummary& s, bool signed_points) {
  const auto f = [&](double x) { return signed_points ? points(x) : significant(100 * x); };
  return f(s.median) + " [" + f(s.ci.lower) + ", " + f(s.ci.upper) + "]";
}

// One row per study; for the binomial model with its draws kept, also each study's control-arm
// risk and risk difference, and the tables no log ratio can use (no events in either arm), which
// only that model keeps.
void write_studies(std::ostream& out, const GroupResult& r, const Scale& scale, double level) {
  const double z = normal_quantile(0.5 + level / 2);
  const std::string lv = level_label(level);
  const BayesResult& b = r.bayes;
  const bool risks = !b.control_risks.empty();
  TextTable table;
  std::vector<std::string> header = {"study", scale.name(), lv + " CI",
                                     "Bayes shrunken " + scale.name() + " [" + lv + " CrI]"};
  if (risks) {
    header.push_back("control risk % [" + lv + " CrI]");
    header.push_back("risk difference pp [" + lv + " CrI]");
  }
  table.add_row(header);
  const std::size_t rows = r.model == ModelKind::binomial ? b.shrunken.size() : r.group.k();
  for (std::size_t i = 0; i < rows; ++i) {
    std::vector<std::string> row;
    if (i < r.group.k()) {
      const Study& s = r.group.studies[i];
      row = {study_label(s, level), scale.effect(s.yi),
             scale.interval({s.yi - z * s.sei, s.yi + z * s.sei})};
    } else {
      row = {r.group.uninformative[i - r.group.k()].label + " (no events in either arm)", "-", "-"};
    }
    row.push_back(scale.effect(b.shrunken[i].median) + " " + scale.interval(b.shrunken[i].ci));
    if (risks) {
      row.push_back(percent_interval(b.control_risks[i], false));
      row.push_back(percent_interval(b.risk_differences[i], true));
    }
    table.add_row(row);
  }
  table.print(out, "  ");
}

// DerSimonian-Laird and Bayes side by side: where they disagree is the point of the tool.
void write_comparison(std::ostream& out, const GroupResult& r, const Scale& scale, double level) {
  const std::string lv = level_label(level);
  const BayesResult& b = r.bayes;
  std::vector<std::string> header = {"",
                                     scale.name(),
                                     lv + " interval",
                                     "tau2 [" + lv + " interval]",
                                     lv + " prediction interval",
                                     "P(" + scale.beyond() + ")",
                                     "P(new trial " + scale.beyond() + ")"};
  if (r.threshold) header.push_back("P(" + scale.beyond(r.threshold) + ")");
  TextTable table;
  table.add_row(header);
  const FrequentistFit& dl = r.dl;
  std::vector<std::string> dl_row = {
      "DL",
      scale.effect(dl.mu),
      scale.interval(dl.ci),
      dl.tau2_ci ? tau2_interval(dl.tau2, *dl.tau2_ci) : significant(dl.tau2) + " (k = 1)",
      dl.pi ? scale.interval(*dl.pi) : "none: needs k >= 3",
      "-",
      "-"};
  if (r.threshold) dl_row.push_back("-");
  table.add_row(dl_row);
  std::vector<std::string> bayes_row = {"Bayes",
                                        scale.effect(b.mu.median),
                                        scale.interval(b.mu.ci),
                                        tau2_interval(b.tau2.median, b.tau2.ci),
                                        scale.interval(b.pred_interval),
                                        probability(b.p_benefit),
                                        probability(b.p_pred_benefit)};
  if (r.threshold) bayes_row.push_back(probability(*b.p_threshold));
  table.add_row(bayes_row);
  table.print(out, "  ");
  out << "  (DL: tau2 with its Q-profile interval; Bayes: posterior medians and central "
         "intervals)\n";
  if (const auto& d = b.risk_difference) {
    out << "  Bayes risk difference in percentage points at the median control risk ("
        << significant(100 * d->control_risk) << "%): " << points(d->median) << " ["
        << points(d->ci.lower) << ", " << points(d->ci.upper) << "], for a new trial ["
        << points(d->pred_interval.lower) << ", " << points(d->pred_interval.upper) << "]\n";
  }
}

void write_frequentist(std::ostream& out, const GroupResult& r, const Scale& scale, double level) {
  const std::string lv = level_label(level);
  TextTable table;
  table.add_row({"estimator", scale.name(), lv + " CI", "p", "tau2", "tau2 " + lv + " CI (QP)",
                 "I2", "Q (df) p", "HKSJ " + lv + " CI", lv + " PI"});
  for (const FrequentistFit* fit : {&r.dl, &r.reml, &r.pm}) {
    const bool single = fit->k < 2;
    table.add_row(
        {to_string(fit->method), scale.effect(fit->mu), scale.interval(fit->ci), p_value(fit->p),
         significant(fit->tau2), fit->tau2_ci ? interval_text(*fit->tau2_ci) : "-",
         fit->I2 ? fixed(*fit->I2, 1) + "%" : "-",
         single ? "-"
                : significant(fit->Q) + " (" + std::to_string(fit->df) + ") " + p_value(*fit->Q_p),
         fit->hksj_ci ? scale.interval(*fit->hksj_ci) : "- (k = 1)",
         fit->pi ? scale.interval(*fit->pi) : "- (k < 3)"});
  }
  if (const auto& g = r.glmm)
    table.add_row({"GLMM", scale.effect(g->mu), scale.interval(g->ci), p_value(g->p),
                   significant(g->tau2), "-", "-", "-", "-", "-"});
  table.print(out, "  ");
  if (const auto& g = r.glmm)
    out << "  (GLMM: rma.glmm's UM.FS model, the binomial likelihood of " << g->k
        << " tables, maximum likelihood by " << g->nodes
        << "-node adaptive Gauss-Hermite quadrature; Wald interval)\n";
}

// --mods: the coefficients of both estimators on the analysis scale, then their heterogeneity.
// `what` names the fit: "Bayes" for the group's own, else the regression's.
void write_diagnostics(std::ostream& out, const std::optional<McmcDiagnostics>& diagnostics,
                       double seconds, const std::string& what = "Bayes") {
  if (!diagnostics) {
    out << "  " << what << " by exact quadrature (" << fixed(seconds, 3) << " s)\n";
    return;
  }
  const McmcDiagnostics& d = *diagnostics;
  // An ESS is an estimate; above the number of draws it would read as more information than the
  // draws hold (posterior_notes.hpp says when it is far above).
  const double draws = static_cast<double>(d.chains) * d.draws_per_chain;
  out << "  " << (what == "Bayes" ? "" : what + ", ") << "MCMC ("
      << (d.step_size ? "HMC" : "collapsed") << "): " << counted(d.chains, "chain") << " x "
      << counted(d.draws_per_chain, "draw") << ", R-hat " << fixed(d.rhat, 3);
  if (d.nested_rhat) out << ", nested R-hat " << fixed(*d.nested_rhat, 3);
  out << ", ESS bulk " << fixed(std::fmin(d.ess_bulk, draws), 0) << " / tail "
      << fixed(std::fmin(d.ess_tail, draws), 0) << ", acceptance " << fixed(d.acceptance, 3);
  if (d.step_size)
    out << ", step size " << significant(*d.step_size) << ", " << fixed(*d.leapfrog_steps, 1)
        << " leapfrog steps per draw, " << fixed(d.divergences, 0) << " divergent";
  out << ", " << fixed(seconds, 3) << " s\n";
  if (!(d.rhat < 1.01) || (d.nested_rhat && !(*d.nested_rhat < 1.01)) || !(d.ess_bulk >= 400) ||
      !(d.ess_tail >= 400) || d.draws_per_chain < kFewDrawsPerChain)
    out << "  WARNING: the chains may not have converged (want R-hat"
        << (d.nested_rhat ? " and nested R-hat" : "") << " < 1.01, ESS >= 400 and at least "
        << kFewDrawsPerChain << " draws per chain); run more draws or chains\n";
  // Divergences can bias the estimates beyond their MCSE (Betancourt 2017, "A conceptual
  // introduction to Hamiltonian Monte Carlo", arXiv:1701.02434).
  if (d.divergences > 0)
    out << "  WARNING: divergent HMC transitions (" << fixed(d.divergences, 0)
        << "); the estimates may be biased" << (what == "Bayes" ? " (see the note)" : "") << "\n";
}

// The Bayesian meta-regression: each coefficient's posterior and P(coefficient < 0).
void write_bayes_regression(std::ostream& out, const BayesRegression& b, double level) {
  out << "  Bayes (" << (b.method == "exact" ? "exact" : "MCMC") << "):\n";
  TextTable table;
  table.add_row({"coefficient", "mean", "sd", "median", level_label(level) + " CrI", "P(< 0)"});
  for (const BayesCoefficient& c : b.coefficients)
    table.add_row({c.name, c.posterior.mean ? significant(*c.posterior.mean) : "-",
                   c.posterior.sd ? significant(*c.posterior.sd) : "-",
                   significant(c.posterior.median), interval_text(c.posterior.ci),
                   probability(c.p_negative)});
  table.print(out, "  ");
  out << "  Bayes: tau2 " << tau2_interval(b.tau2.median, b.tau2.ci) << " (median and CrI)\n";
  write_diagnostics(out, b.diagnostics, b.seconds, "Bayesian meta-regression");
}

void write_meta_regression(std::ostream& out, const GroupResult& r, const Scale& scale,
                           double level) {
  const auto& m = r.meta_regression;
  if (!m) return;
  const std::string lv = level_label(level);
  out << "\n  Meta-regression (" << m->reml.k << " studies; coefficients "
      << (scale.ratio() ? "on the log " + scale.name() + " scale" : "on the effects' scale")
      << "):\n";
  TextTable table;
  table.add_row({"method", "coefficient", "estimate", "se", lv + " CI", "p", "KH " + lv + " CI"});
  for (const MetaRegressionFit* fit : {&m->reml, &m->dl})
    for (const RegressionCoefficient& c : fit->coefficients)
      table.add_row({to_string(fit->method), c.name, significant(c.estimate), significant(c.se),
                     interval_text(c.ci), p_value(c.p),
                     c.hksj_ci ? interval_text(*c.hksj_ci) : "-"});
  table.print(out, "  ");
  for (const MetaRegressionFit* fit : {&m->reml, &m->dl}) {
    out << "  " << to_string(fit->method) << ": tau2 " << significant(fit->tau2) << ", R2 "
        << fixed(fit->R2, 1) << "%";
    if (fit->QM_p)
      out << ", QM " << significant(fit->QM) << " (" << fit->QM_df << ") p " << p_value(*fit->QM_p);
    out << ", QE " << significant(fit->QE) << " (" << fit->QE_df << ")";
    if (fit->QE_p) out << " p " << p_value(*fit->QE_p);
    out << "\n";
  }
  if (m->bayes) write_bayes_regression(out, *m->bayes, level);
}

// --tau-prior again or --prior-grid: the pooled effect, tau, the prediction interval and
// P(benefit) under each prior, the model's first.
void write_sensitivity(std::ostream& out, const RunConfig& c, const GroupResult& r,
                       const Scale& scale) {
  if (r.sensitivity.empty()) return;
  const std::string lv = level_label(c.level);
  out << "\n  Prior sensitivity (posterior medians, " << lv << " intervals):\n";
  const bool mcmc = r.bayes.diagnostics.has_value();
  TextTable table;
  std::vector<std::string> header = {"tau prior", scale.name(), lv + " CrI",
                                     "tau",       lv + " PI",   "P(" + scale.beyond() + ")"};
  if (mcmc) header.push_back("R-hat");
  table.add_row(header);
  const auto add = [&](const TauPrior& prior, const BayesResult& b, const std::string& label) {
    std::vector<std::string> row = {to_string(prior) + label,        scale.effect(b.mu.median),
                                    scale.interval(b.mu.ci),         significant(b.tau.median),
                                    scale.interval(b.pred_interval), probability(b.p_benefit)};
    if (mcmc) row.push_back(b.diagnostics ? fixed(b.diagnostics->rhat, 3) : "-");
    table.add_row(row);
  };
  add(c.tau_prior, r.bayes, " (the model's)");
  for (const PriorSensitivity& s : r.sensitivity) add(s.tau_prior, s.bayes, "");
  table.print(out, "  ");
}

// The Bayesian contrasts of each level with the first, from the meta-regression on the subgroup
// indicators with one tau, and the probability that the level's effect is the more favourable.
void write_contrast_lines(std::ostream& out, const AnalysisReport& report, const SubgroupTest& t) {
  const GroupResult& first = report.groups[t.members[0]];
  const Scale scale{first.group.measure, t.benefit};
  const std::string reference = first.group.key.back().second;
  out << "  Bayes, one tau across subgroups (" << level_label(report.config.level) << " CrI):\n";
  const BayesRegression& b = *t.bayes_contrast;
  for (std::size_t j = 1; j < b.coefficients.size(); ++j) {
    const BayesCoefficient& c = b.coefficients[j];
    const std::string level = report.groups[t.members[j]].group.key.back().second;
    const double more_favourable = t.benefit == Benefit::lower ? c.p_negative : 1 - c.p_negative;
    out << "    " << level << " vs " << reference << ": "
        << (scale.ratio() ? "ratio of " + scale.name() + "s " : "difference ")
        << scale.effect(c.posterior.median) << " " << scale.interval(c.posterior.ci) << ", P("
        << level << " more favourable)" << probability_after(more_favourable) << "\n";
  }
  write_diagnostics(out, b.diagnostics, b.seconds, "Bayesian contrasts");
}

void write_contrasts(std::ostream& out, const AnalysisReport& report, const SubgroupTest& t) {
  if (t.bayes_contrast) write_contrast_lines(out, report, t);
  for (const std::string& note : t.notes) out << "  note: " << note << "\n";
}

}  // namespace

void write_group_table(std::ostream& out, const RunConfig& c, const GroupResult& r) {
  const Group& g = r.group;
  const Scale scale{g.measure, g.benefit};
  out << "\n== " << describe(g.key) << ": " << to_string(g.measure) << ", k = " << g.k() << ", "
      << to_string(g.benefit) << " favours the experimental arm\n";
  if (r.model == ModelKind::binomial)
    out << "  Bayes: binomial-normal model, the exact likelihood of the counts (k = "
        << g.k() + g.uninformative.size() << ", no continuity correction), "
        << to_string(c.baseline_prior) << "\n";
  if (!c.no_studies) {
    write_studies(out, r, scale, c.level);
    out << "\n";
  }
  write_comparison(out, r, scale, c.level);
  out << "\n";
  write_frequentist(out, r, scale, c.level);
  write_meta_regression(out, r, scale, c.level);
  write_diagnostics(out, r.bayes.diagnostics, r.bayes.seconds);
  write_sensitivity(out, c, r, scale);
  for (const auto& note : g.notes) out << "  note: " << note << "\n";
  for (const auto& note : r.bayes.notes) out << "  note: " << note << "\n";
}

// RevMan's line under a subgroup forest plot, with I^2 = (Q - df) / Q of the differences.
void write_subgroup_test_table(std::ostream& out, const AnalysisReport& report,
                               const SubgroupTest& t) {
  out << "\n  Test for subgroup differences: ";
  if (!t.test.p) {
    out << "none, a single subgroup\n";
    return;
  }
  const double i2 = t.test.Q > t.test.df ? 100 * (t.test.Q - t.test.df) / t.test.Q : 0;
  out << "Chi2 = " << significant(t.test.Q) << ", df = " << t.test.df
      << ", p = " << p_value(*t.test.p) << ", I2 = " << fixed(i2, 1) << "% (" << to_string(t.method)
      << " estimates of each subgroup)\n";
  write_contrasts(out, report, t);
}

void write_table_heading(std::ostream& out, const AnalysisReport& report) {
  const RunConfig& c = report.config;
  // The file name as the JSON holds it (UTF-8, U+FFFD for stray bytes): a merged table's heading,
  // made from the JSON, is the same.
  out << "metamc " << kVersion << ": random-effects meta-analysis of " << valid_utf8(c.input)
      << "\n";
  out << level_label(c.level) << " intervals. Bayes: " << to_string(c.tau_prior) << ", "
      << to_string(c.mu_prior) << ", "
      << (c.method == BayesMethod::exact ? std::string("exact quadrature")
                                         : "MCMC, " + counted(c.sampler.chains, "chain") + " x " +
                                               counted(c.sampler.draws, "draw") + " after " +
                                               std::to_string(c.sampler.warmup) + " warmup, seed " +
                                               std::to_string(c.sampler.seed))
      << "\n";
}

void write_table(std::ostream& out, const AnalysisReport& report) {
  const RunConfig& c = report.config;
  write_table_heading(out, report);
  if (report.subgroup_tests.empty()) {
    for (const GroupResult& r : report.groups) write_group_table(out, c, r);
    return;
  }
  // --subgroup: each --by group's levels, then their test.
  for (const SubgroupTest& t : report.subgroup_tests) {
    out << "\n=== " << describe(t.key) << ": " << t.members.size()
        << (t.members.size() == 1 ? " subgroup" : " subgroups") << " by " << c.subgroup << "\n";
    for (std::size_t i : t.members) write_group_table(out, c, report.groups[i]);
    write_subgroup_test_table(out, report, t);
  }
}

}  // namespace metamc
