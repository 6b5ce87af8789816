#include "metamc/model/prior_parse.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/reports/json_writer.hpp"
#include "metamc/reports/report.hpp"
#include "metamc/version.hpp"

namespace metamc {
namespace {

void write_interval(JsonWriter& json, const std::optional<Interval>& interval) {
  if (interval)
    json.inline_array({interval->lower, interval->upper});
  else
    json.null();
}

void write_fit(JsonWriter& json, const FrequentistFit& fit) {
  json.begin_object();
  json.key("mu").value(fit.mu);
  json.key("se").value(fit.se);
  json.key("ci");
  write_interval(json, fit.ci);
  json.key("p").value(fit.p);
  json.key("tau2").value(fit.tau2);
  json.key("tau2_ci");
  write_interval(json, fit.tau2_ci);
  json.key("Q").value(fit.Q);
  json.key("df").value(fit.df);
  json.key("Q_p").value(fit.Q_p);
  json.key("I2").value(fit.I2);
  json.key("H2").value(fit.H2);
  json.key("hksj_ci");
  write_interval(json, fit.hksj_ci);
  json.key("pi");
  write_interval(json, fit.pi);
  json.end_object();
}

void write_glmm(JsonWriter& json, const std::optional<GlmmFit>& fit) {
  if (!fit) {
    json.null();
    return;
  }
  json.begin_object();
  json.key("mu").value(fit->mu);
  json.key("se").value(fit->se);
  json.key("ci").inline_array({fit->ci.lower, fit->ci.upper});
  json.key("p").value(fit->p);
  json.key("tau2").value(fit->tau2);
  json.key("k").value(fit->k);
  json.key("quadrature_nodes").value(fit->nodes);
  json.key("log_likelihood").value(fit->log_likelihood);
  json.end_object();
}

void write_regression(JsonWriter& json, const MetaRegressionFit& fit) {
  json.begin_object();
  json.key("coefficients").begin_array();
  for (const RegressionCoefficient& c : fit.coefficients) {
    json.begin_object();
    json.key("name").value(c.name);
    json.key("estimate").value(c.estimate);
    json.key("se").value(c.se);
    json.key("ci");
    write_interval(json, c.ci);
    json.key("p").value(c.p);
    json.key("hksj_ci");
    write_interval(json, c.hksj_ci);
    json.end_object();
  }
  json.end_array();
  json.key("k").value(fit.k);
  json.key("tau2").value(fit.tau2);
  json.key("QM").value(fit.QM);
  json.key("QM_df").value(fit.QM_df);
  json.key("QM_p").value(fit.QM_p);
  json.key("QE").value(fit.QE);
  json.key("QE_df").value(fit.QE_df);
  json.key("QE_p").value(fit.QE_p);
  json.key("R2").value(fit.R2);
  json.end_object();
}

void write_config(JsonWriter& json, const RunConfig& config, const BackendChoice& backend) {
  json.begin_object();
  json.key("input").value(config.input);
  json.key("by").begin_array();
  for (const auto& column : config.by) json.value(column);
  json.end_array();
  json.key("subgroup");
  if (config.subgroup.empty())
    json.null();
  else
    json.value(config.subgroup);
  json.key("tau_method").value(to_string(config.subgroup_tau_method));
  json.key("mods").begin_array();
  for (const auto& column : config.mods) json.value(column);
  json.end_array();
  json.key("measure").value(to_string(config.default_measure));
  json.key("benefit").value(to_string(config.default_benefit));
  json.key("level").value(config.level);
  json.key("method").value(config.method == BayesMethod::exact ? "exact" : "mcmc");
  json.key("sampler");
  if (config.method == BayesMethod::exact)
    json.null();
  else
    json.value(to_string(config.samplers));
  json.key("seed").value(static_cast<unsigned long long>(config.sampler.seed));
  json.key("chains").value(config.sampler.chains);
  json.key("warmup").value(config.sampler.warmup);
  json.key("draws").value(config.sampler.draws);
  const bool cuda = backend.backend == Backend::cuda;
  json.key("backend").value(cuda ? "cuda" : "cpu");
  if (cuda) {
    json.key("device").value(backend.device);
    json.key("device_name").value(backend.device_name);
  } else {
    json.key("device").null();
    json.key("device_name").null();
  }
  json.key("threads").value(resolve_threads(config.sampler.threads));
  json.key("summaries")
      .value(config.method == BayesMethod::exact ? "exact"
             : backend.streamed                  ? "streamed"
                                                 : "draws");
  json.key("tau_prior").value(to_string(config.tau_prior));
  json.key("other_tau_priors").begin_array();
  for (const TauPrior& prior : config.other_tau_priors) json.value(to_string(prior));
  json.end_array();
  json.key("mu_prior").value(to_string(config.mu_prior));
  json.key("beta_prior").value(beta_prior_to_string(config.beta_prior));
  json.key("model").value(to_string(config.model_choice));
  json.key("baseline_prior").value(to_string(config.baseline_prior));
  json.key("threshold").value(config.threshold);
  json.end_object();
}

// The keys of a scalar's summary inside an open object.
void write_scalar_fields(JsonWriter& json, const ScalarSummary& s, bool with_sd, bool with_mcse) {
  json.key("mean").value(s.mean);
  if (with_sd) json.key("sd").value(s.sd);
  json.key("median").value(s.median);
  json.key("ci").inline_array({s.ci.lower, s.ci.upper});
  if (with_mcse) json.key("mcse").value(s.mcse);
}

void write_scalar(JsonWriter& json, const ScalarSummary& s, bool with_sd, bool with_mcse) {
  json.begin_object();
  write_scalar_fields(json, s, with_sd, with_mcse);
  json.end_object();
}

// HMC's diagnostics: nested R-hat, divergences, step size and leapfrog steps, null for the
// collapsed sampler and for an exact fit.
void write_hmc_diagnostics(JsonWriter& json, const std::optional<McmcDiagnostics>& d) {
  json.key("nested_rhat").value(d ? d->nested_rhat : std::nullopt);
  json.key("divergences")
      .value(d && d->step_size ? std::optional<double>(d->divergences) : std::nullopt);
  json.key("step_size").value(d ? d->step_size : std::nullopt);
  json.key("n_leapfrog").value(d ? d->leapfrog_steps : std::nullopt);
}

// The MCMC diagnostics object, without its closing brace (the caller adds its time); every key
// null for an exact fit.
void write_diagnostics(JsonWriter& json, const std::optional<McmcDiagnostics>& d) {
  json.begin_object();
  json.key("rhat").value(d ? std::optional<double>(d->rhat) : std::nullopt);
  json.key("ess_bulk").value(d ? std::optional<double>(d->ess_bulk) : std::nullopt);
  json.key("ess_tail").value(d ? std::optional<double>(d->ess_tail) : std::nullopt);
  if (d) {
    json.key("chains").value(d->chains);
    json.key("draws_per_chain").value(d->draws_per_chain);
    json.key("acceptance").value(d->acceptance);
  } else {
    for (const char* key : {"chains", "draws_per_chain", "acceptance"}) json.key(key).null();
  }
  write_hmc_diagnostics(json, d);
}

void write_bayes(JsonWriter& json, const BayesResult& b, ModelKind model) {
  json.begin_object();
  json.key("method").value(b.method);
  json.key("model").value(to_string(model));
  json.key("sampler");
  if (!b.diagnostics)
    json.null();
  else
    json.value(b.diagnostics->step_size ? "hmc" : "collapsed");
  json.key("mu");
  write_scalar(json, b.mu, true, true);
  json.key("tau");
  write_scalar(json, b.tau, false, false);
  json.key("tau2");
  write_scalar(json, b.tau2, false, false);
  json.key("pred").begin_object();
  json.key("median").value(b.pred_median);
  json.key("pi").inline_array({b.pred_interval.lower, b.pred_interval.upper});
  json.end_object();
  json.key("p_benefit").value(b.p_benefit);
  json.key("p_benefit_mcse").value(b.p_benefit_mcse);
  json.key("p_pred_benefit").value(b.p_pred_benefit);
  json.key("p_threshold").value(b.p_threshold);
  json.key("risk_difference");
  if (const auto& d = b.risk_difference) {
    json.begin_object();
    json.key("control_risk").value(d->control_risk);
    json.key("median").value(d->median);
    json.key("ci").inline_array({d->ci.lower, d->ci.upper});
    json.key("pred_median").value(d->pred_median);
    json.key("pi").inline_array({d->pred_interval.lower, d->pred_interval.upper});
    json.end_object();
  } else {
    json.null();
  }
  json.key("diagnostics");
  write_diagnostics(json, b.diagnostics);
  json.key("seconds").value(b.seconds);
  json.end_object();
  json.key("notes").begin_array();
  for (const auto& note : b.notes) json.value(note);
  json.end_array();
  json.end_object();
}

void write_bayes_regression(JsonWriter& json, const std::optional<BayesRegression>& b) {
  if (!b) {
    json.null();
    return;
  }
  const bool mcmc = b->diagnostics.has_value();
  json.begin_object();
  json.key("method").value(b->method);
  json.key("coefficients").begin_array();
  for (const BayesCoefficient& c : b->coefficients) {
    json.begin_object();
    json.key("name").value(c.name);
    write_scalar_fields(json, c.posterior, true, mcmc);
    json.key("p_negative").value(c.p_negative);
    json.end_object();
  }
  json.end_array();
  json.key("tau");
  write_scalar(json, b->tau, false, false);
  json.key("tau2");
  write_scalar(json, b->tau2, false, false);
  if (mcmc) {
    json.key("diagnostics");
    write_diagnostics(json, b->diagnostics);
    json.key("seconds").value(b->seconds);
    json.end_object();
  } else {
    json.key("seconds").value(b->seconds);
  }
  json.end_object();
}

void write_meta_regression(JsonWriter& json, const std::optional<MetaRegression>& m) {
  if (!m) {
    json.null();
    return;
  }
  json.begin_object();
  json.key("reml");
  write_regression(json, m->reml);
  json.key("dl");
  write_regression(json, m->dl);
  json.key("bayes");
  write_bayes_regression(json, m->bayes);
  json.key("dropped").begin_array();
  for (const std::string& label : m->dropped) json.value(label);
  json.end_array();
  json.end_object();
}

// One prior's fit in a prior-sensitivity analysis: what its table row shows.
void write_sensitivity_row(JsonWriter& json, const TauPrior& prior, const BayesResult& b) {
  json.begin_object();
  json.key("tau_prior").value(to_string(prior));
  json.key("method").value(b.method);
  json.key("mu");
  write_scalar(json, b.mu, true, b.diagnostics.has_value());
  json.key("tau");
  write_scalar(json, b.tau, false, false);
  json.key("tau2");
  write_scalar(json, b.tau2, false, false);
  json.key("pred").begin_object();
  json.key("median").value(b.pred_median);
  json.key("pi").inline_array({b.pred_interval.lower, b.pred_interval.upper});
  json.end_object();
  json.key("p_benefit").value(b.p_benefit);
  json.key("p_pred_benefit").value(b.p_pred_benefit);
  json.key("p_threshold").value(b.p_threshold);
  const auto& d = b.diagnostics;
  json.key("rhat").value(d ? std::optional<double>(d->rhat) : std::nullopt);
  json.key("ess_bulk").value(d ? std::optional<double>(d->ess_bulk) : std::nullopt);
  json.key("ess_tail").value(d ? std::optional<double>(d->ess_tail) : std::nullopt);
  // A prior can make HMC diverge where the model's own prior did not: its diagnostics too.
  json.key("p_benefit_mcse").value(b.p_benefit_mcse);
  write_hmc_diagnostics(json, d);
  json.end_object();
}

// --tau-prior again or --prior-grid: the model's prior first, then the others.
void write_sensitivity(JsonWriter& json, const GroupResult& r, const RunConfig& config) {
  if (r.sensitivity.empty()) {
    json.null();
    return;
  }
  json.begin_array();
  write_sensitivity_row(json, config.tau_prior, r.bayes);
  for (const PriorSensitivity& s : r.sensitivity) write_sensitivity_row(json, s.tau_prior, s.bayes);
  json.end_array();
}

// Study i's posterior: its shrunken effect, and for the binomial model with its draws kept its
// control-arm risk and risk difference (null otherwise).
void write_study_posterior(JsonWriter& json, const BayesResult& b, std::size_t i) {
  json.key("shrunken");
  write_scalar(json, b.shrunken[i], false, false);
  for (const auto& [key, summaries] : {std::pair{"control_risk", &b.control_risks},
                                       std::pair{"risk_difference", &b.risk_differences}}) {
    json.key(key);
    if (i < summaries->size())
      write_scalar(json, (*summaries)[i], false, false);
    else
      json.null();
  }
}

void write_key(JsonWriter& json, const GroupKey& key) {
  json.key("key").begin_object();
  for (const auto& [column, value] : key) json.key(column).value(value);
  json.end_object();
}

// One group's analysis, its key written by the caller (a --by key, or a subgroup's level).
void write_group_fields(JsonWriter& json, const GroupResult& result, const RunConfig& config) {
  const Group& g = result.group;
  json.key("measure").value(to_string(g.measure));
  json.key("benefit").value(to_string(g.benefit));
  json.key("k").value(g.k());
  json.key("studies").begin_array();
  for (std::size_t i = 0; i < g.k(); ++i) {
    const Study& s = g.studies[i];
    json.begin_object();
    json.key("study").value(s.label);
    json.key("continuity_corrected").value(s.continuity_corrected);
    json.key("yi").value(s.yi);
    json.key("sei").value(s.sei);
    json.key("weight_dl").value(result.dl.weights[i]);
    json.key("input_level");
    if (s.interval_level > 0)
      json.value(s.interval_level);
    else
      json.null();
    write_study_posterior(json, result.bayes, i);
    json.end_object();
  }
  json.end_array();
  // Tables with no events in either arm: only the binomial model keeps them (after the studies in
  // its per-study summaries).
  json.key("uninformative_studies").begin_array();
  if (result.model == ModelKind::binomial)
    for (std::size_t i = 0; i < g.uninformative.size(); ++i) {
      json.begin_object();
      json.key("study").value(g.uninformative[i].label);
      write_study_posterior(json, result.bayes, g.k() + i);
      json.end_object();
    }
  json.end_array();
  json.key("notes").begin_array();
  for (const auto& note : g.notes) json.value(note);
  json.end_array();
  json.key("dl");
  write_fit(json, result.dl);
  json.key("reml");
  write_fit(json, result.reml);
  json.key("pm");
  write_fit(json, result.pm);
  json.key("glmm");
  write_glmm(json, result.glmm);
  json.key("meta_regression");
  write_meta_regression(json, result.meta_regression);
  json.key("bayes");
  write_bayes(json, result.bayes, result.model);
  json.key("prior_sensitivity");
  write_sensitivity(json, result, config);
}

void write_group(JsonWriter& json, const GroupResult& result, const RunConfig& config) {
  json.begin_object();
  write_key(json, result.group.key);
  write_group_fields(json, result, config);
  json.end_object();
}

// Each level against the reference from the meta-regression on the subgroup indicators: its
// coefficients after the intercept.
void write_contrasts(JsonWriter& json, const AnalysisReport& report, const SubgroupTest& t) {
  if (!t.bayes_contrast) {
    json.null();
    return;
  }
  const BayesRegression& b = *t.bayes_contrast;
  json.begin_array();
  for (std::size_t j = 1; j < b.coefficients.size(); ++j) {
    const BayesCoefficient& c = b.coefficients[j];
    json.begin_object();
    json.key("level").value(report.groups[t.members[j]].group.key.back().second);
    json.key("reference").value(report.groups[t.members[0]].group.key.back().second);
    write_scalar_fields(json, c.posterior, true, b.diagnostics.has_value());
    json.key("p_negative").value(c.p_negative);
    json.end_object();
  }
  json.end_array();
}

// --subgroup: the --by group, each level's analysis and the test for subgroup differences.
void write_subgroups(JsonWriter& json, const AnalysisReport& report, const SubgroupTest& t) {
  json.begin_object();
  write_key(json, t.key);
  json.key("subgroups").begin_array();
  for (std::size_t i : t.members) {
    const GroupResult& r = report.groups[i];
    json.begin_object();
    json.key("level").value(r.group.key.back().second);
    write_group_fields(json, r, report.config);
    json.end_object();
  }
  json.end_array();
  json.key("subgroup_test").begin_object();
  json.key("Q").value(t.test.Q);
  json.key("df").value(t.test.df);
  json.key("p").value(t.test.p);
  json.key("method").value(to_string(t.method));
  json.end_object();
  json.key("bayes_subgroup_contrast");
  write_contrasts(json, report, t);
  json.key("bayes_subgroup_regression");  // the fit the contrasts come from: tau, diagnostics
  write_bayes_regression(json, t.bayes_contrast);
  json.key("notes").begin_array();
  for (const auto& note : t.notes) json.value(note);
  json.end_array();
  json.end_object();
}

// --shard i/n: which shard this is, and the place in the whole run of each group it analysed,
// in the order they are written (with --subgroup, nested in their tests): what `metamc merge`
// needs to put the shards together (run/fit_merge.hpp).
void write_shard(JsonWriter& json, const AnalysisReport& report, const Shard& shard) {
  json.key("shard").begin_object();
  json.key("command").value("fit");
  json.key("index").value(static_cast<unsigned long long>(shard.index));
  json.key("count").value(static_cast<unsigned long long>(shard.count));
  json.key("run_groups").value(static_cast<unsigned long long>(report.run_groups));
  std::vector<unsigned long long> written;
  if (report.subgroup_tests.empty())
    for (const GroupResult& r : report.groups) written.push_back(r.stream_group);
  for (const SubgroupTest& t : report.subgroup_tests)
    for (std::size_t i : t.members) written.push_back(report.groups[i].stream_group);
  json.key("groups").inline_integers(written);
  json.end_object();
}

}  // namespace

void write_json(std::ostream& out, const AnalysisReport& report) {
  JsonWriter json(out);
  json.begin_object();
  json.key("metamc").begin_object().key("version").value(kVersion).end_object();
  json.key("config");
  write_config(json, report.config, report.backend);
  if (const auto& shard = report.config.shard) write_shard(json, report, *shard);
  json.key("warnings").begin_array();
  for (const auto& w : report.warnings) json.value(w);
  json.end_array();
  json.key("groups").begin_array();
  if (report.subgroup_tests.empty()) {
    for (const auto& group : report.groups) write_group(json, group, report.config);
  } else {
    for (const SubgroupTest& t : report.subgroup_tests) write_subgroups(json, report, t);
  }
  json.end_array();
  json.key("seconds").value(report.seconds);
  json.end_object();
}

}  // namespace metamc
