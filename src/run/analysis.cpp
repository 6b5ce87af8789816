#include "metamc/run/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/design_matrix.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/error.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/run/fit_bayes.hpp"
#include "metamc/run/fit_bayes_regression.hpp"
#include "metamc/stopwatch.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

// The binomial GLMM beside DL, REML and PM for odds ratios from 2x2 tables, on the tables those
// fits use (metafor's rma.glmm drops the same ones).
void fit_glmm(GroupResult& result, double level) {
  const Group& group = result.group;
  if (group.measure != Measure::OR) return;
  std::vector<TwoByTwo> tables;
  for (const Study& s : group.studies) {
    if (!s.counts) return;
    tables.push_back(*s.counts);
  }
  try {
    result.glmm = fit_binomial_glmm(tables, level);
  } catch (const NumericalError& e) {
    result.group.notes.push_back(std::string("the binomial GLMM (UM.FS) is not reported: ") +
                                 e.what());
  }
}

// The meta-regression of a group on `mods` by REML and DL; a design or fit without an estimate
// becomes a note.
void add_meta_regression(GroupResult& result, const std::vector<std::string>& mods, double level) {
  if (mods.empty()) return;
  Group& group = result.group;
  try {
    const Design d = design_matrix(group, mods);
    MetaRegression m{fit_meta_regression(d.y, d.v, d.X, d.names, Tau2Method::REML, level),
                     fit_meta_regression(d.y, d.v, d.X, d.names, Tau2Method::DL, level), d.dropped,
                     std::nullopt};
    std::string columns;
    for (const std::string& column : mods) columns += (columns.empty() ? "" : ", ") + column;
    for (const std::string& label : d.dropped)
      group.notes.push_back("study '" + label +
                            "' left out of the meta-regression: it lacks a value of " + columns);
    result.meta_regression = std::move(m);
  } catch (const DataError& e) {
    group.notes.push_back(std::string("no meta-regression: ") + e.what());
  } catch (const NumericalError& e) {
    group.notes.push_back("no meta-regression in group " + describe(group.key) + ": " + e.what());
  }
}

// The members of each --by group, its levels in order of appearance, and their test.
std::vector<SubgroupTest> subgroup_tests(const std::vector<GroupResult>& results,
                                         Tau2Method method) {
  std::vector<SubgroupTest> tests;
  for (std::size_t i = 0; i < results.size(); ++i) {
    GroupKey key = results[i].group.key;
    key.pop_back();  // the subgroup column, the last of the grouping columns
    auto test = std::find_if(tests.begin(), tests.end(),
                             [&](const SubgroupTest& t) { return t.key == key; });
    if (test == tests.end()) {
      SubgroupTest t;
      t.key = key;
      t.method = method;
      test = tests.insert(tests.end(), t);
    }
    test->members.push_back(i);
  }
  for (SubgroupTest& t : tests) {
    std::vector<double> mu, se;
    for (std::size_t i : t.members) {
      const GroupResult& r = results[i];
      const FrequentistFit& fit = method == Tau2Method::REML ? r.reml
                                  : method == Tau2Method::PM ? r.pm
                                                             : r.dl;
      mu.push_back(fit.mu);
      se.push_back(fit.se);
    }
    t.test = subgroup_difference(mu, se);
  }
  return tests;
}

// --shard i/n: the indices of the groups the shard analyses. Its share is of the run's units:
// groups, or with --subgroup the --by groups whose levels are tested together (in order of first
// appearance, as subgroup_tests orders them). `first_unit` receives the index of its first unit.
std::vector<std::size_t> shard_groups(const std::vector<Group>& groups, bool subgroups,
                                      const Shard& shard, std::uint64_t& first_unit) {
  std::vector<GroupKey> units;
  std::vector<std::size_t> unit_of;
  for (const Group& g : groups) {
    GroupKey key = g.key;
    if (subgroups) key.pop_back();
    const auto at = std::find(units.begin(), units.end(), key);
    unit_of.push_back(static_cast<std::size_t>(at - units.begin()));
    if (at == units.end()) units.push_back(key);
  }
  first_unit = shard.first(units.size());
  const std::uint64_t last_unit = shard.last(units.size());
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < groups.size(); ++i)
    if (unit_of[i] >= first_unit && unit_of[i] < last_unit) kept.push_back(i);
  return kept;
}

// HKSJ scales the Wald variance of mu by q = sum w_i (y_i - mu)^2 / (k - 1), w_i = 1 / (v_i +
// tau^2) at the estimator's own tau^2, and takes t(k - 1) for z: its interval is narrower than
// the Wald interval when q < (z / t)^2, a precision that a few studies agreeing closely by
// chance do not give (Jackson, Law, Ruecker & Schwarzer 2017, Stat Med 36:3923). Knapp &
// Hartung's ad hoc correction (2003, Stat Med 22:2693; metafor's test = "adhoc") takes
// max(q, 1).
std::optional<std::string> hksj_narrower_note(const GroupResult& r, const Eigen::ArrayXd& y,
                                              const Eigen::ArrayXd& v, double level) {
  const auto width = [](const Interval& i) { return i.upper - i.lower; };
  std::vector<std::string> narrower;
  for (const FrequentistFit* fit : {&r.dl, &r.reml, &r.pm}) {
    if (!fit->hksj_ci || !(width(*fit->hksj_ci) < width(fit->ci))) continue;
    const Eigen::ArrayXd w = 1 / (v + fit->tau2);
    const double q = (w * (y - fit->mu).square()).sum() / fit->df;
    narrower.push_back(std::string(to_string(fit->method)) + " (q = " + significant(q) + ")");
  }
  if (narrower.empty()) return std::nullopt;
  std::string which = narrower[0];
  for (std::size_t i = 1; i < narrower.size(); ++i)
    which += (i + 1 == narrower.size() ? " and " : ", ") + narrower[i];
  const CriticalValues c = critical_values(r.dl.k, level);
  return "the HKSJ interval is narrower than the Wald interval for " + which +
         ": HKSJ scales mu's variance by q, the weighted scatter of the effects about mu over "
         "k - 1, and takes t(" +
         std::to_string(r.dl.df) +
         ") for z; q below (z / t)^2 = " + significant(c.z * c.z / (c.t_hksj * c.t_hksj)) +
         " narrows the interval, a precision that a few studies agreeing by chance do not give: "
         "the ad hoc correction (Knapp & Hartung 2003; metafor's test = \"adhoc\") uses max(q, "
         "1)";
}

}  // namespace

GroupResult analyse_group(const Group& group, double level, const std::vector<std::string>& mods) {
  Eigen::ArrayXd y(group.k()), v(group.k());
  for (std::size_t i = 0; i < group.k(); ++i) {
    y[static_cast<Eigen::Index>(i)] = group.studies[i].yi;
    v[static_cast<Eigen::Index>(i)] = group.studies[i].sei * group.studies[i].sei;
  }
  GroupResult result;
  result.group = group;
  const std::string advice =
      "the effects (" + significant(y.minCoeff()) + " to " + significant(y.maxCoeff()) +
      ") or their variances (" + significant(v.minCoeff()) + " to " + significant(v.maxCoeff()) +
      ") span more than double precision can weigh; rescale them, or check them for typing errors";
  with_context<DataError>("group " + describe(group.key), advice, [&] {
    result.dl = fit_frequentist(y, v, Tau2Method::DL, level);
    result.reml = fit_frequentist(y, v, Tau2Method::REML, level);
    result.pm = fit_frequentist(y, v, Tau2Method::PM, level);
  });
  // metafor's confint() pairs every estimator with the one Q-profile interval, which need not
  // contain the DL or REML estimate.
  for (const FrequentistFit* fit : {&result.dl, &result.reml, &result.pm})
    if (fit->tau2_ci && (fit->tau2 < fit->tau2_ci->lower || fit->tau2 > fit->tau2_ci->upper))
      result.group.notes.push_back(
          std::string("the ") + to_string(fit->method) + " estimate of tau^2 (" +
          significant(fit->tau2) + ") lies outside the Q-profile interval [" +
          significant(fit->tau2_ci->lower) + ", " + significant(fit->tau2_ci->upper) + "]");
  if (auto note = hksj_narrower_note(result, y, v, level)) result.group.notes.push_back(*note);
  fit_glmm(result, level);
  add_meta_regression(result, mods, level);
  // metafor warns at the same ratio (its evtol = 1e-7).
  if (group.k() > 1 && v.maxCoeff() / v.minCoeff() >= 1e7)
    result.group.notes.push_back("the sampling variances differ by a factor of " +
                                 shortest_decimal(std::round(v.maxCoeff() / v.minCoeff())) +
                                 "; results may be numerically fragile");
  return result;
}

std::optional<double> analysis_threshold(const RunConfig& config, Measure measure) {
  if (!config.threshold) return std::nullopt;
  if (!is_ratio(measure)) return config.threshold;
  if (!(*config.threshold > 0))
    throw UsageError("--threshold " + shortest_decimal(*config.threshold) + " is not a ratio; " +
                     to_string(measure) + " thresholds are ratios such as 0.8");
  return std::log(*config.threshold);
}

ModelKind model_for(const RunConfig& config, const Group& group) {
  const bool counts = has_tables(group);
  switch (config.model_choice) {
    case ModelChoice::normal:
      return ModelKind::normal;
    case ModelChoice::binomial:
      if (!counts)
        throw UsageError("--model binomial: group " + describe(group.key) +
                         " needs the counts ai, n1i, ci, n2i on every row and a measure of OR or "
                         "RR (it has " +
                         to_string(group.measure) +
                         " effects); give --model auto to fit such groups with the normal model");
      return ModelKind::binomial;
    case ModelChoice::automatic:
      break;
  }
  const bool normal_only =
      config.method == BayesMethod::exact || config.sampler_choice == SamplerChoice::collapsed;
  return counts && !normal_only ? ModelKind::binomial : ModelKind::normal;
}

namespace {

// The samplers of the run's MCMC fits, from every group of the run (a shard's configuration names
// the whole run's): the binomial model runs HMC, every other fit (groups of the normal model, the
// regressions of --mods and --subgroup) the sampler the configuration names.
RunSamplers run_samplers(const RunConfig& config, const std::vector<Group>& groups) {
  if (config.sampler.sampler == SamplerKind::hmc) return RunSamplers::hmc;
  bool binomial = false, other = !config.mods.empty() || !config.subgroup.empty();
  for (const Group& g : groups)
    (model_for(config, g) == ModelKind::binomial ? binomial : other) = true;
  if (!binomial) return RunSamplers::collapsed;
  return other ? RunSamplers::mixed : RunSamplers::hmc;
}

}  // namespace

AnalysisReport run_analysis(const RunConfig& given, DrawsConsumer* draws, Progress* progress,
                            const BeforeBayes& before_bayes) {
  const Stopwatch stopwatch;
  AnalysisReport report;
  RunConfig config = given;
  // The collapsed sampler solves the normal-normal model exactly; binomial groups run HMC
  // whatever this says (mcmc/cpu_backend.hpp).
  config.sampler.sampler =
      config.sampler_choice == SamplerChoice::hmc ? SamplerKind::hmc : SamplerKind::collapsed;
  report.config = config;
  const CsvTable table = read_csv(config.input);
  StudyReaderOptions options;
  options.by = config.grouping_columns();
  options.moderators = config.mods;
  options.default_measure = config.default_measure;
  options.default_benefit = config.default_benefit;
  options.allow_repeated_studies = config.allow_repeated_studies;
  std::vector<Group> groups = read_groups(table, options, report.warnings);
  report.run_groups = groups.size();
  config.samplers = report.config.samplers = run_samplers(config, groups);
  std::vector<std::size_t> indices(groups.size());
  std::iota(indices.begin(), indices.end(), std::size_t{0});
  std::uint64_t first_test = 0;
  // The whole run's groups as far as the choice of summary mode looks at them (size and model).
  std::vector<GroupResult> whole_run;
  if (config.shard) {
    for (const Group& g : groups) {
      GroupResult sized;
      sized.group = g;
      sized.model = model_for(config, g);
      whole_run.push_back(std::move(sized));
    }
    indices = shard_groups(groups, !config.subgroup.empty(), *config.shard, first_test);
    std::vector<Group> share;
    for (std::size_t i : indices) share.push_back(std::move(groups[i]));
    groups = std::move(share);
  }
  if (config.method == BayesMethod::exact && config.backend == Backend::cuda)
    report.warnings.push_back(
        "--backend cuda has no effect with --method exact: the quadrature runs on the CPU");
  if (!config.unused_mcmc_options.empty()) {
    std::string named;
    for (const std::string& o : config.unused_mcmc_options)
      named += (named.empty() ? "" : ", ") + o;
    report.warnings.push_back(named + (config.unused_mcmc_options.size() == 1 ? " has" : " have") +
                              " no effect with --method exact: the quadrature makes no draws");
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const Group& group = groups[i];
    GroupResult result = analyse_group(group, config.level, config.mods);
    result.stream_group = static_cast<std::uint32_t>(indices[i]);
    result.threshold = analysis_threshold(config, group.measure);
    result.model = model_for(config, group);
    if (result.model == ModelKind::binomial && !group.uninformative.empty())
      result.group.notes.push_back(
          "the binomial model keeps the " + std::to_string(group.uninformative.size()) +
          " table(s) left out of the fits on log ratios: they inform their control arm's risk");
    // Under --model auto these counts would take the binomial model; say why they do not.
    if (config.model_choice == ModelChoice::automatic && has_tables(group) &&
        result.model == ModelKind::normal)
      result.group.notes.push_back(
          std::string("the Bayesian fit is the normal model of the log ratios") +
          (config.method == BayesMethod::exact ? " (--method exact has no binomial model)"
                                               : " (--sampler collapsed has no binomial model)") +
          "; --method mcmc with --sampler auto or hmc fits the binomial model of the counts");
    if (config.tau_prior_is_default && !is_ratio(group.measure))
      result.group.notes.push_back(
          "the default tau prior halfnormal(0.5) is scaled for log ratios; for " +
          std::string(to_string(group.measure)) + " effects choose --tau-prior on their scale");
    report.groups.push_back(std::move(result));
  }
  if (!config.subgroup.empty())
    report.subgroup_tests = subgroup_tests(report.groups, config.subgroup_tau_method);
  for (std::size_t i = 0; i < report.subgroup_tests.size(); ++i)
    report.subgroup_tests[i].stream_group = static_cast<std::uint32_t>(first_test + i);
  report.backend = choose_backend(config, report.groups, config.shard ? whole_run : report.groups);
  if (before_bayes) before_bayes(report);
  if (draws) draws->begin(groups);
  fit_bayes(config, report.backend, groups, report.groups, draws, progress);
  fit_bayes_regressions(report);
  report.seconds = stopwatch.seconds();
  return report;
}

}  // namespace metamc
