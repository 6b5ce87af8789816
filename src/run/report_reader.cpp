#include "metamc/run/report_reader.hpp"

#include "metamc/error.hpp"
#include "metamc/model/prior_parse.hpp"
#include "metamc/run/analysis.hpp"

namespace metamc {
namespace {

using Json = JsonDocument::Json;

// The inverse of report_json.cpp, function by function; `at` is the path of the value read.
class ReportReader {
 public:
  explicit ReportReader(const JsonDocument& doc) : d_(doc) {}

  const Json& at(const Json& j, const std::string& key, const std::string& field) const {
    return d_.at(j, key, field);
  }
  static std::string path(const std::string& field, const std::string& key) {
    return JsonDocument::path_of(field, key);
  }
  // The value of `key` in object `j` at `field`, read by one of JsonDocument's readers.
  template <typename Read>
  auto get(const Json& j, const std::string& key, const std::string& field, Read read) const {
    return (d_.*read)(at(j, key, field), path(field, key));
  }
  double number(const Json& j, const std::string& key, const std::string& field) const {
    return get(j, key, field, &JsonDocument::number_or_nan);
  }
  std::optional<double> optional(const Json& j, const std::string& key,
                                 const std::string& field) const {
    return get(j, key, field, &JsonDocument::optional_number);
  }
  int integer(const Json& j, const std::string& key, const std::string& field) const {
    return get(j, key, field, &JsonDocument::integer);
  }
  std::string text(const Json& j, const std::string& key, const std::string& field) const {
    return get(j, key, field, &JsonDocument::text);
  }
  std::vector<std::string> texts(const Json& j, const std::string& key,
                                 const std::string& field) const {
    return get(j, key, field, &JsonDocument::texts);
  }
  Interval interval(const Json& j, const std::string& key, const std::string& field) const {
    return get(j, key, field, &JsonDocument::interval);
  }
  std::optional<Interval> optional_interval(const Json& j, const std::string& key,
                                            const std::string& field) const {
    return get(j, key, field, &JsonDocument::optional_interval);
  }
  [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
    d_.fail(field, problem);
  }

  // A value of one of `names` (to_string of each of `values`).
  template <typename T>
  T choice(const Json& j, const std::string& key, const std::string& field,
           std::initializer_list<T> values) const {
    const std::string given = text(j, key, field);
    for (const T v : values)
      if (given == to_string(v)) return v;
    fail(path(field, key), "has an unknown value: " + given);
  }

  // The prior `given` at `field`, read back by the parser of the command line.
  template <typename Parse>
  auto parsed_prior(const std::string& given, const std::string& field, Parse parse) const {
    try {
      return parse(given);
    } catch (const UsageError& e) {
      fail(field, std::string("is not a prior metamc reads: ") + e.what());
    }
  }
  template <typename Parse>
  auto prior(const Json& j, const std::string& key, const std::string& field, Parse parse) const {
    return parsed_prior(text(j, key, field), path(field, key), parse);
  }

  RunConfig config(const Json& j, BackendChoice& backend) const;
  ScalarSummary scalar(const Json& j, const std::string& field) const;
  std::optional<McmcDiagnostics> diagnostics(const Json& j, const std::string& field) const;
  void hmc_diagnostics(const Json& j, const std::string& field, bool keys_may_be_absent,
                       McmcDiagnostics& d) const;
  FrequentistFit fit(const Json& j, const std::string& field, Tau2Method method, int k) const;
  std::optional<GlmmFit> glmm(const Json& j, const std::string& field) const;
  MetaRegressionFit regression(const Json& j, const std::string& field, Tau2Method method) const;
  std::optional<BayesRegression> bayes_regression(const Json& j, const std::string& field) const;
  std::optional<MetaRegression> meta_regression(const Json& j, const std::string& field) const;
  // What a group's posterior and a prior-sensitivity row share.
  BayesResult posterior(const Json& j, const std::string& field) const;
  BayesResult bayes(const Json& j, const std::string& field, ModelKind& model) const;
  BayesResult sensitivity_row(const Json& j, const std::string& field, TauPrior& prior) const;
  GroupResult group(const Json& j, const std::string& field, const RunConfig& config,
                    GroupKey key) const;
  GroupKey key(const Json& j, const std::string& field) const;

 private:
  const JsonDocument& d_;
};

RunConfig ReportReader::config(const Json& j, BackendChoice& backend) const {
  const std::string at = "config";
  RunConfig c;
  c.input = text(j, "input", at);
  c.by = texts(j, "by", at);
  if (!this->at(j, "subgroup", at).is_null()) c.subgroup = text(j, "subgroup", at);
  c.subgroup_tau_method =
      choice(j, "tau_method", at, {Tau2Method::DL, Tau2Method::REML, Tau2Method::PM});
  c.mods = texts(j, "mods", at);
  c.default_measure =
      choice(j, "measure", at,
             {Measure::HR, Measure::RR, Measure::OR, Measure::MD, Measure::SMD, Measure::GEN});
  c.default_benefit = choice(j, "benefit", at, {Benefit::lower, Benefit::higher});
  c.level = number(j, "level", at);
  const std::string method = text(j, "method", at);
  if (method != "exact" && method != "mcmc") fail(at + ".method", "is not exact or mcmc");
  c.method = method == "exact" ? BayesMethod::exact : BayesMethod::mcmc;
  if (!this->at(j, "sampler", at).is_null()) {
    c.samplers =
        choice(j, "sampler", at, {RunSamplers::collapsed, RunSamplers::hmc, RunSamplers::mixed});
    c.sampler.sampler = c.samplers == RunSamplers::hmc ? SamplerKind::hmc : SamplerKind::collapsed;
  }
  c.sampler.seed = get(j, "seed", at, &JsonDocument::whole);
  c.sampler.chains = integer(j, "chains", at);
  c.sampler.warmup = integer(j, "warmup", at);
  c.sampler.draws = integer(j, "draws", at);
  const std::string where = text(j, "backend", at);
  backend.backend = where == "cuda" ? Backend::cuda : Backend::cpu;
  c.backend = backend.backend;
  if (backend.backend == Backend::cuda) {
    backend.device = c.device = integer(j, "device", at);
    backend.device_name = text(j, "device_name", at);
  }
  c.sampler.threads = integer(j, "threads", at);
  backend.streamed = text(j, "summaries", at) == "streamed";
  c.tau_prior = prior(j, "tau_prior", at, parse_tau_prior);
  const Json& others = d_.array(this->at(j, "other_tau_priors", at), at + ".other_tau_priors");
  for (std::size_t i = 0; i < others.size(); ++i) {
    const std::string field = at + ".other_tau_priors[" + std::to_string(i) + "]";
    c.other_tau_priors.push_back(parsed_prior(d_.text(others[i], field), field, parse_tau_prior));
  }
  c.mu_prior = prior(j, "mu_prior", at, parse_mu_prior);
  c.beta_prior = prior(j, "beta_prior", at, parse_beta_prior);
  c.model_choice =
      choice(j, "model", at, {ModelChoice::automatic, ModelChoice::normal, ModelChoice::binomial});
  c.baseline_prior = prior(j, "baseline_prior", at, parse_baseline_prior);
  c.threshold = optional(j, "threshold", at);
  return c;
}

ScalarSummary ReportReader::scalar(const Json& j, const std::string& field) const {
  ScalarSummary s;
  s.mean = optional(j, "mean", field);
  if (j.contains("sd")) s.sd = optional(j, "sd", field);
  s.median = number(j, "median", field);
  s.ci = interval(j, "ci", field);
  if (j.contains("mcse")) s.mcse = optional(j, "mcse", field);
  return s;
}

// The diagnostics object of an MCMC fit; none when its R-hat is null (an exact fit's).
std::optional<McmcDiagnostics> ReportReader::diagnostics(const Json& j,
                                                         const std::string& field) const {
  if (at(j, "rhat", field).is_null()) return std::nullopt;
  McmcDiagnostics d;
  d.rhat = number(j, "rhat", field);
  d.ess_bulk = number(j, "ess_bulk", field);
  d.ess_tail = number(j, "ess_tail", field);
  d.chains = integer(j, "chains", field);
  d.draws_per_chain = integer(j, "draws_per_chain", field);
  d.acceptance = number(j, "acceptance", field);
  hmc_diagnostics(j, field, false, d);
  return d;
}

// HMC's nested R-hat, divergences, step size and leapfrog steps (null for the collapsed sampler).
// Prior-sensitivity rows of shards written before they carried them have no such keys.
void ReportReader::hmc_diagnostics(const Json& j, const std::string& field, bool keys_may_be_absent,
                                   McmcDiagnostics& d) const {
  const auto read = [&](const char* key) {
    return keys_may_be_absent && !j.contains(key) ? std::nullopt : optional(j, key, field);
  };
  d.nested_rhat = read("nested_rhat");
  d.divergences = read("divergences").value_or(0);
  d.step_size = read("step_size");
  d.leapfrog_steps = read("n_leapfrog");
  if (d.step_size && !d.leapfrog_steps)
    fail(field + ".n_leapfrog", "is null, but step_size is not");
}

FrequentistFit ReportReader::fit(const Json& j, const std::string& field, Tau2Method method,
                                 int k) const {
  FrequentistFit f;
  f.method = method;
  f.k = k;
  f.mu = number(j, "mu", field);
  f.se = number(j, "se", field);
  f.ci = interval(j, "ci", field);
  f.p = number(j, "p", field);
  f.tau2 = number(j, "tau2", field);
  f.tau2_ci = optional_interval(j, "tau2_ci", field);
  f.Q = number(j, "Q", field);
  f.df = integer(j, "df", field);
  f.Q_p = optional(j, "Q_p", field);
  f.I2 = optional(j, "I2", field);
  f.H2 = optional(j, "H2", field);
  f.hksj_ci = optional_interval(j, "hksj_ci", field);
  f.pi = optional_interval(j, "pi", field);
  if (k >= 2 && !f.Q_p)
    fail(field + ".Q_p", "is null, but the group has " + std::to_string(k) + " studies");
  return f;
}

std::optional<GlmmFit> ReportReader::glmm(const Json& j, const std::string& field) const {
  if (j.is_null()) return std::nullopt;
  GlmmFit g;
  g.mu = number(j, "mu", field);
  g.se = number(j, "se", field);
  g.ci = interval(j, "ci", field);
  g.p = number(j, "p", field);
  g.tau2 = number(j, "tau2", field);
  g.k = integer(j, "k", field);
  g.nodes = integer(j, "quadrature_nodes", field);
  g.log_likelihood = number(j, "log_likelihood", field);
  return g;
}

MetaRegressionFit ReportReader::regression(const Json& j, const std::string& field,
                                           Tau2Method method) const {
  MetaRegressionFit f;
  f.method = method;
  const Json& coefficients = d_.array(at(j, "coefficients", field), field + ".coefficients");
  for (std::size_t i = 0; i < coefficients.size(); ++i) {
    const std::string at_c = field + ".coefficients[" + std::to_string(i) + "]";
    const Json& c = coefficients[i];
    f.coefficients.push_back({text(c, "name", at_c), number(c, "estimate", at_c),
                              number(c, "se", at_c), interval(c, "ci", at_c), number(c, "p", at_c),
                              optional_interval(c, "hksj_ci", at_c)});
  }
  f.k = integer(j, "k", field);
  f.tau2 = number(j, "tau2", field);
  f.QM = number(j, "QM", field);
  f.QM_df = integer(j, "QM_df", field);
  f.QM_p = optional(j, "QM_p", field);
  f.QE = number(j, "QE", field);
  f.QE_df = integer(j, "QE_df", field);
  f.QE_p = optional(j, "QE_p", field);
  f.R2 = number(j, "R2", field);
  return f;
}

std::optional<BayesRegression> ReportReader::bayes_regression(const Json& j,
                                                              const std::string& field) const {
  if (j.is_null()) return std::nullopt;
  BayesRegression b;
  b.method = text(j, "method", field);
  const Json& coefficients = d_.array(at(j, "coefficients", field), field + ".coefficients");
  for (std::size_t i = 0; i < coefficients.size(); ++i) {
    const std::string at_c = field + ".coefficients[" + std::to_string(i) + "]";
    b.coefficients.push_back({text(coefficients[i], "name", at_c), scalar(coefficients[i], at_c),
                              number(coefficients[i], "p_negative", at_c)});
  }
  b.tau = scalar(at(j, "tau", field), field + ".tau");
  b.tau2 = scalar(at(j, "tau2", field), field + ".tau2");
  if (j.contains("diagnostics")) {
    const Json& d = at(j, "diagnostics", field);
    b.diagnostics = diagnostics(d, field + ".diagnostics");
    b.seconds = number(d, "seconds", field + ".diagnostics");
  } else {
    b.seconds = number(j, "seconds", field);
  }
  return b;
}

std::optional<MetaRegression> ReportReader::meta_regression(const Json& j,
                                                            const std::string& field) const {
  if (j.is_null()) return std::nullopt;
  MetaRegression m;
  m.reml = regression(at(j, "reml", field), field + ".reml", Tau2Method::REML);
  m.dl = regression(at(j, "dl", field), field + ".dl", Tau2Method::DL);
  m.bayes = bayes_regression(at(j, "bayes", field), field + ".bayes");
  m.dropped = texts(j, "dropped", field);
  return m;
}

BayesResult ReportReader::posterior(const Json& j, const std::string& field) const {
  BayesResult b;
  b.method = text(j, "method", field);
  b.mu = scalar(at(j, "mu", field), field + ".mu");
  b.tau = scalar(at(j, "tau", field), field + ".tau");
  b.tau2 = scalar(at(j, "tau2", field), field + ".tau2");
  const Json& pred = at(j, "pred", field);
  b.pred_median = number(pred, "median", field + ".pred");
  b.pred_interval = interval(pred, "pi", field + ".pred");
  b.p_benefit = number(j, "p_benefit", field);
  b.p_pred_benefit = number(j, "p_pred_benefit", field);
  b.p_threshold = optional(j, "p_threshold", field);
  return b;
}

BayesResult ReportReader::bayes(const Json& j, const std::string& field, ModelKind& model) const {
  BayesResult b = posterior(j, field);
  model = choice(j, "model", field, {ModelKind::normal, ModelKind::binomial});
  b.p_benefit_mcse = optional(j, "p_benefit_mcse", field);
  if (const Json& rd = at(j, "risk_difference", field); !rd.is_null()) {
    const std::string at_rd = field + ".risk_difference";
    b.risk_difference = RiskDifference{number(rd, "control_risk", at_rd),
                                       number(rd, "median", at_rd), interval(rd, "ci", at_rd),
                                       number(rd, "pred_median", at_rd), interval(rd, "pi", at_rd)};
  }
  const Json& d = at(j, "diagnostics", field);
  b.diagnostics = diagnostics(d, field + ".diagnostics");
  b.seconds = number(d, "seconds", field + ".diagnostics");
  b.notes = texts(j, "notes", field);
  return b;
}

// One prior's row of a prior-sensitivity analysis: what the reports show of its fit.
BayesResult ReportReader::sensitivity_row(const Json& j, const std::string& field,
                                          TauPrior& tau_prior) const {
  tau_prior = prior(j, "tau_prior", field, parse_tau_prior);
  BayesResult b = posterior(j, field);
  // Shards written before the rows carried the MCSE of P(benefit) have no such key.
  if (j.contains("p_benefit_mcse")) b.p_benefit_mcse = optional(j, "p_benefit_mcse", field);
  if (b.method == "mcmc") {
    McmcDiagnostics d;
    d.rhat = number(j, "rhat", field);
    d.ess_bulk = number(j, "ess_bulk", field);
    d.ess_tail = number(j, "ess_tail", field);
    hmc_diagnostics(j, field, true, d);
    b.diagnostics = d;
  }
  return b;
}

GroupKey ReportReader::key(const Json& j, const std::string& field) const {
  const Json& object = d_.object(at(j, "key", field), field + ".key");
  GroupKey key;
  for (const auto& [column, value] : object.items())
    key.emplace_back(column, d_.text(value, field + ".key." + column));
  return key;
}

GroupResult ReportReader::group(const Json& j, const std::string& field, const RunConfig& config,
                                GroupKey key) const {
  GroupResult r;
  Group& g = r.group;
  g.key = std::move(key);
  g.measure =
      choice(j, "measure", field,
             {Measure::HR, Measure::RR, Measure::OR, Measure::MD, Measure::SMD, Measure::GEN});
  g.benefit = choice(j, "benefit", field, {Benefit::lower, Benefit::higher});
  r.bayes = bayes(at(j, "bayes", field), field + ".bayes", r.model);  // the studies add theirs
  const Json& studies = d_.array(at(j, "studies", field), field + ".studies");
  std::vector<double> weights;
  const auto study_posterior = [&](const Json& s, const std::string& at_s) {
    r.bayes.shrunken.push_back(scalar(at(s, "shrunken", at_s), at_s + ".shrunken"));
    if (const Json& c = at(s, "control_risk", at_s); !c.is_null())
      r.bayes.control_risks.push_back(scalar(c, at_s + ".control_risk"));
    if (const Json& c = at(s, "risk_difference", at_s); !c.is_null())
      r.bayes.risk_differences.push_back(scalar(c, at_s + ".risk_difference"));
  };
  for (std::size_t i = 0; i < studies.size(); ++i) {
    const std::string at_s = field + ".studies[" + std::to_string(i) + "]";
    const Json& s = studies[i];
    Study study;
    study.label = text(s, "study", at_s);
    study.continuity_corrected = get(s, "continuity_corrected", at_s, &JsonDocument::boolean);
    study.yi = number(s, "yi", at_s);
    study.sei = number(s, "sei", at_s);
    study.interval_level = optional(s, "input_level", at_s).value_or(0);
    weights.push_back(number(s, "weight_dl", at_s));
    study_posterior(s, at_s);
    g.studies.push_back(std::move(study));
  }
  if (get(j, "k", field, &JsonDocument::whole) != g.k())
    fail(field + ".k", "is not the number of its studies");
  const Json& uninformative =
      d_.array(at(j, "uninformative_studies", field), field + ".uninformative_studies");
  for (std::size_t i = 0; i < uninformative.size(); ++i) {
    const std::string at_s = field + ".uninformative_studies[" + std::to_string(i) + "]";
    Study study;
    study.label = text(uninformative[i], "study", at_s);
    study_posterior(uninformative[i], at_s);
    g.uninformative.push_back(std::move(study));
  }
  g.notes = texts(j, "notes", field);
  const int k = static_cast<int>(g.k());
  r.dl = fit(at(j, "dl", field), field + ".dl", Tau2Method::DL, k);
  r.dl.weights = weights;
  r.reml = fit(at(j, "reml", field), field + ".reml", Tau2Method::REML, k);
  r.pm = fit(at(j, "pm", field), field + ".pm", Tau2Method::PM, k);
  r.glmm = glmm(at(j, "glmm", field), field + ".glmm");
  r.meta_regression = meta_regression(at(j, "meta_regression", field), field + ".meta_regression");
  // The table reads the studies' risks by index: every study has them, or none.
  const std::size_t risks = r.bayes.control_risks.size();
  if ((risks != 0 && risks != r.bayes.shrunken.size()) || r.bayes.risk_differences.size() != risks)
    fail(field + ".studies",
         "have a control_risk and a risk_difference for some studies but not for others");
  if (const Json& rows = at(j, "prior_sensitivity", field); !rows.is_null()) {
    d_.array(rows, field + ".prior_sensitivity");
    for (std::size_t i = 1; i < rows.size(); ++i) {
      PriorSensitivity s;
      s.bayes = sensitivity_row(rows[i], field + ".prior_sensitivity[" + std::to_string(i) + "]",
                                s.tau_prior);
      r.sensitivity.push_back(std::move(s));
    }
  }
  r.threshold = analysis_threshold(config, g.measure);
  if (r.threshold && !r.bayes.p_threshold)
    fail(field + ".bayes.p_threshold", "is null, but the run has a --threshold");
  return r;
}

}  // namespace

AnalysisReport read_json_report(const JsonDocument& doc) {
  const ReportReader read(doc);
  const Json& root = doc.object(doc.root(), "the file");
  AnalysisReport report;
  report.config = read.config(read.at(root, "config", ""), report.backend);
  report.warnings = read.texts(root, "warnings", "");
  const Json& groups = doc.array(read.at(root, "groups", ""), "groups");
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const std::string at = "groups[" + std::to_string(i) + "]";
    const Json& g = groups[i];
    if (report.config.subgroup.empty()) {
      report.groups.push_back(read.group(g, at, report.config, read.key(g, at)));
      continue;
    }
    // --subgroup: a --by group, its levels' analyses and their test.
    SubgroupTest t;
    t.key = read.key(g, at);
    const Json& levels = doc.array(read.at(g, "subgroups", at), at + ".subgroups");
    if (levels.empty()) doc.fail(at + ".subgroups", "is empty");
    for (std::size_t l = 0; l < levels.size(); ++l) {
      const std::string at_l = at + ".subgroups[" + std::to_string(l) + "]";
      GroupKey key = t.key;
      key.emplace_back(report.config.subgroup, read.text(levels[l], "level", at_l));
      t.members.push_back(report.groups.size());
      report.groups.push_back(read.group(levels[l], at_l, report.config, std::move(key)));
    }
    const Json& test = read.at(g, "subgroup_test", at);
    t.test = {read.number(test, "Q", at + ".subgroup_test"),
              read.integer(test, "df", at + ".subgroup_test"),
              read.optional(test, "p", at + ".subgroup_test")};
    t.method = read.choice(test, "method", at + ".subgroup_test",
                           {Tau2Method::DL, Tau2Method::REML, Tau2Method::PM});
    t.bayes_contrast = read.bayes_regression(read.at(g, "bayes_subgroup_regression", at),
                                             at + ".bayes_subgroup_regression");
    if (t.bayes_contrast && t.bayes_contrast->coefficients.size() != t.members.size())
      doc.fail(at + ".bayes_subgroup_regression.coefficients",
               "should hold an intercept and one contrast per other subgroup");
    if (t.members.size() >= 2) t.benefit = report.groups[t.members[0]].group.benefit;
    t.notes = read.texts(g, "notes", at);
    report.subgroup_tests.push_back(std::move(t));
  }
  report.seconds = read.number(root, "seconds", "");
  report.run_groups = report.groups.size();
  for (std::size_t i = 0; i < report.groups.size(); ++i)
    report.groups[i].stream_group = static_cast<std::uint32_t>(i);
  return report;
}

}  // namespace metamc
