#include "metamc/run/fit_bayes_regression.hpp"

#include <new>

#include "metamc/data/design_matrix.hpp"
#include "metamc/error.hpp"
#include "metamc/mcmc/meta_regression_sampler.hpp"
#include "metamc/posterior/exact_meta_regression.hpp"
#include "metamc/posterior/regression_draws_summary.hpp"
#include "metamc/stopwatch.hpp"
#include "metamc/system_memory.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

// Draws held at once beyond which a regression is integrated exactly instead: its draws (p + 1
// quantities) and the diagnostics' working copies of one quantity (about ten).
constexpr double kDrawsBudget = 1.0 * (1ull << 30);

BayesRegression fit(const RunConfig& config, RegressionModel model,
                    const std::vector<std::string>& names, std::uint32_t stream_group,
                    std::vector<std::string>& notes) {
  model.intercept_prior = config.mu_prior;
  model.coefficient_prior = config.beta_prior;
  model.tau_prior = config.tau_prior;
  const SamplerSettings& s = config.sampler;
  const double bytes = 8.0 * s.chains * s.draws * (model.p() + 11.0);
  const bool fits = bytes <= std::min(kDrawsBudget, 0.25 * available_memory_bytes());
  if (config.method == BayesMethod::exact || !fits) {
    if (!fits)
      notes.push_back("the Bayesian meta-regression's draws would take " + format_bytes(bytes) +
                      " of memory; it was integrated exactly instead");
    return exact_meta_regression(model, names, config.level);
  }
  const Stopwatch stopwatch;
  BayesRegression r = summarise_regression_draws(sample_meta_regression(model, s, stream_group),
                                                 model, names, config.level);
  r.seconds = stopwatch.seconds();
  return r;
}

// fit(), its notes appended to `notes`; a fit that fails is a note there too (prefixed by
// `what`), not the end of the run.
std::optional<BayesRegression> try_fit(const RunConfig& config, const RegressionModel& model,
                                       const std::vector<std::string>& names,
                                       std::uint32_t stream_group, const std::string& what,
                                       std::vector<std::string>& notes) {
  try {
    BayesRegression r = fit(config, model, names, stream_group, notes);
    notes.insert(notes.end(), r.notes.begin(), r.notes.end());
    return r;
  } catch (const Error& e) {
    notes.push_back("no " + what + ": " + e.what());
  } catch (const std::bad_alloc&) {
    notes.push_back("no " + what + ": not enough memory");
  }
  return std::nullopt;
}

// The regression on the levels of a --by group's subgroups: an intercept (the first level's
// mean) and one indicator per other level.
struct ContrastDesign {
  RegressionModel model;
  std::vector<std::string> names;
};

ContrastDesign contrast_design(const AnalysisReport& report, const SubgroupTest& t) {
  std::vector<const Study*> studies;
  std::vector<std::size_t> level;
  ContrastDesign d;
  d.names.push_back("intrcpt");
  for (std::size_t l = 0; l < t.members.size(); ++l) {
    const Group& g = report.groups[t.members[l]].group;
    for (const Study& s : g.studies) {
      studies.push_back(&s);
      level.push_back(l);
    }
    if (l > 0) d.names.push_back(report.config.subgroup + "=" + g.key.back().second);
  }
  const auto k = static_cast<Eigen::Index>(studies.size());
  const auto p = static_cast<Eigen::Index>(t.members.size());
  d.model.X = Eigen::MatrixXd::Zero(k, p);
  d.model.y.resize(k);
  d.model.v.resize(k);
  for (Eigen::Index i = 0; i < k; ++i) {
    const std::size_t at = static_cast<std::size_t>(i);
    d.model.X(i, 0) = 1;
    if (level[at] > 0) d.model.X(i, static_cast<Eigen::Index>(level[at])) = 1;
    d.model.y[i] = studies[at]->yi;
    d.model.v[i] = studies[at]->sei * studies[at]->sei;
  }
  return d;
}

// With a study per coefficient and flat priors the residuals are 0 at every tau: the data leave
// tau's prior as it was.
bool tau_is_its_prior(const RunConfig& config, const RegressionModel& m) {
  return m.k() == m.p() && !config.mu_prior.normal && (m.p() == 1 || !config.beta_prior.normal);
}

const char* const kNormalModel =
    "the Bayesian meta-regression takes the normal model of the effect sizes, not the binomial "
    "model of the counts";

}  // namespace

void fit_bayes_regressions(AnalysisReport& report) {
  const RunConfig& config = report.config;
  if (report.backend.backend == Backend::cuda && config.method == BayesMethod::mcmc &&
      (!config.mods.empty() || !config.subgroup.empty()))
    report.warnings.push_back(
        "the Bayesian meta-regressions and subgroup contrasts run on the CPU; only the groups' "
        "own chains run on the GPU");
  for (GroupResult& result : report.groups) {
    if (!result.meta_regression) continue;
    if (result.model == ModelKind::binomial) result.group.notes.push_back(kNormalModel);
    const Design d = design_matrix(result.group, config.mods);
    result.meta_regression->bayes =
        try_fit(config, RegressionModel{d.X, d.y, d.v, {}, {}, {}}, d.names,
                kModsStreams + result.stream_group, "Bayesian meta-regression", result.group.notes);
  }
  for (SubgroupTest& t : report.subgroup_tests) {
    if (t.members.size() < 2) continue;
    t.benefit = report.groups[t.members[0]].group.benefit;
    if (report.groups[t.members[0]].model == ModelKind::binomial) t.notes.push_back(kNormalModel);
    const ContrastDesign d = contrast_design(report, t);
    if (tau_is_its_prior(config, d.model))
      t.notes.push_back(
          "each subgroup has one study: the data say nothing about the common tau, whose "
          "posterior is its prior; the prior decides the width of the contrasts' intervals");
    t.bayes_contrast = try_fit(config, d.model, d.names, kContrastStreams + t.stream_group,
                               "Bayesian subgroup contrast", t.notes);
  }
}

}  // namespace metamc
