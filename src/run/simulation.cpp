#include "metamc/run/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/stopwatch.hpp"
#include "metamc/text.hpp"

namespace metamc {
namespace {

// The scenarios of a group: every true tau with every true mu (the given ones, or 0 and the
// group's DL estimate).
std::vector<Scenario> scenarios_of(const SimulateConfig& config, const Group& g) {
  std::vector<double> mus = config.mus;
  if (mus.empty()) {
    Eigen::ArrayXd y(g.k()), v(g.k());
    for (std::size_t i = 0; i < g.k(); ++i) {
      y[static_cast<Eigen::Index>(i)] = g.studies[i].yi;
      v[static_cast<Eigen::Index>(i)] = g.studies[i].sei * g.studies[i].sei;
    }
    const double dl = fit_pooled(y, v, Tau2Method::DL, critical_values(1, 0.95)).mu;
    mus = {0.0};
    if (dl != 0) mus.push_back(dl);
  }
  std::vector<Scenario> out;
  for (double tau : config.taus)
    for (double mu : mus) out.push_back({tau, mu});
  return out;
}

}  // namespace

SimulationReport run_simulation(const SimulateConfig& config, Progress* progress) {
  const Stopwatch stopwatch;
  SimulationReport report;
  report.config = config;
  StudyReaderOptions options;
  options.by = config.by;
  options.default_measure = config.default_measure;
  options.default_benefit = config.default_benefit;
  options.allow_repeated_studies = config.allow_repeated_studies;
  const std::vector<Group> groups = read_groups(read_csv(config.input), options, report.warnings);
  std::vector<std::vector<Scenario>> scenarios;
  const Shard shard = config.shard.value_or(Shard{});
  const ReplicateRange range = ReplicateRange::shard(
      static_cast<std::uint64_t>(config.study.replicates), shard.index, shard.count);
  double replicates = 0;
  for (const Group& g : groups) {
    scenarios.push_back(scenarios_of(config, g));
    replicates += static_cast<double>(scenarios.back().size()) *
                  static_cast<double>(range.last - range.first);
  }
  if (progress) progress->stage("simulating", replicates, "replicates");
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const Stopwatch group_time;
    GroupSimulation sim;
    sim.group = groups[i];
    for (const Study& s : groups[i].studies) sim.se.push_back(s.sei);
    if (groups[i].studies.front().counts)
      sim.notes.push_back(
          "the trials are simulated on the log scale with their standard errors (the normal "
          "model), not as counts");
    sim.scenarios = coverage_tallies(sim.se, groups[i].benefit, scenarios[i], config.study,
                                     static_cast<std::uint32_t>(i), range, progress);
    sim.seconds = group_time.seconds();
    report.groups.push_back(std::move(sim));
  }
  report.seconds = stopwatch.seconds();
  return report;
}

}  // namespace metamc
