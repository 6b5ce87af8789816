#include "metamc/analysis.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>

#include "metamc/bayes/exact_posterior.hpp"
#include "metamc/bayes/group_model.hpp"
#include "metamc/bayes/mcmc_summary.hpp"
#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/error.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/sampler/cpu_backend.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

GroupResult analyse_group(const Group& group, double level) {
  Eigen::ArrayXd y(group.k()), v(group.k());
  for (std::size_t i = 0; i < group.k(); ++i) {
    y[static_cast<Eigen::Index>(i)] = group.studies[i].yi;
    v[static_cast<Eigen::Index>(i)] = group.studies[i].sei * group.studies[i].sei;
  }
  GroupResult result;
  result.group = group;
  result.dl = fit_frequentist(y, v, Tau2Method::DL, level);
  result.reml = fit_frequentist(y, v, Tau2Method::REML, level);
  result.pm = fit_frequentist(y, v, Tau2Method::PM, level);
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

namespace {

// Fits the Bayesian model of every group: exact fits in parallel over groups; MCMC group by
// group with the chains spread over all threads, then the summaries of a batch of groups in
// parallel (one group per thread), so that a group's time is its own.
void fit_bayes(const RunConfig& config, const std::vector<Group>& groups,
               std::vector<GroupResult>& results, std::vector<GroupDraws>& kept_draws) {
  std::deque<GroupModel> models;
  for (const Group& g : groups) models.emplace_back(g, config.tau_prior, config.mu_prior);
  auto question = [&](std::size_t i) {
    return BayesQuestion{groups[i].benefit, config.level, results[i].threshold};
  };
  if (config.method == BayesMethod::exact) {
    parallel_for(groups.size(), config.sampler.threads, [&](std::size_t i) {
      const auto start = std::chrono::steady_clock::now();
      results[i].bayes = exact_posterior(models[i].data(), question(i));
      results[i].bayes.seconds = seconds_since(start);
    });
    return;
  }
  const auto batch = static_cast<std::size_t>(resolve_threads(config.sampler.threads));
  for (std::size_t first = 0; first < groups.size(); first += batch) {
    const std::size_t last = std::min(groups.size(), first + batch);
    std::vector<GroupDraws> draws;
    std::vector<double> seconds;
    for (std::size_t i = first; i < last; ++i) {
      const auto start = std::chrono::steady_clock::now();
      const NormalNormalData& d = models[i].data();
      const SamplingJob job{d, build_tau_proposal(d), groups[i].benefit, results[i].threshold,
                            static_cast<std::uint32_t>(i)};
      draws.push_back(std::move(sample_on_cpu({job}, config.sampler)[0]));
      seconds.push_back(seconds_since(start));
    }
    parallel_for(last - first, config.sampler.threads, [&](std::size_t j) {
      const auto start = std::chrono::steady_clock::now();
      const std::size_t i = first + j;
      results[i].bayes = summarise_draws(draws[j], models[i].data(), config.level);
      results[i].bayes.seconds = seconds[j] + seconds_since(start);
    });
    if (!config.draws_out.empty())
      for (auto& d : draws) kept_draws.push_back(std::move(d));
  }
}

}  // namespace

AnalysisReport run_analysis(const RunConfig& config) {
  const auto start = std::chrono::steady_clock::now();
  AnalysisReport report;
  report.config = config;
  const CsvTable table = read_csv(config.input);
  StudyReaderOptions options;
  options.by = config.by;
  options.default_measure = config.default_measure;
  options.default_benefit = config.default_benefit;
  const std::vector<Group> groups = read_groups(table, options, report.warnings);
  for (const Group& group : groups) {
    GroupResult result = analyse_group(group, config.level);
    result.threshold = analysis_threshold(config, group.measure);
    report.groups.push_back(std::move(result));
  }
  fit_bayes(config, groups, report.groups, report.draws);
  report.seconds = seconds_since(start);
  return report;
}

}  // namespace metamc
