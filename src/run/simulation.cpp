#include "metamc/run/simulation.hpp"

#include <algorithm>
#include <cmath>

#include "metamc/data/csv_table.hpp"
#include "metamc/data/study_reader.hpp"
#include "metamc/error.hpp"
#include "metamc/frequentist/random_effects.hpp"
#include "metamc/mcmc/cuda_backend.hpp"
#include "metamc/model/prior_parse.hpp"
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

// What a count group's simulation does differently, said once per group.
std::vector<std::string> count_design_notes(const StudyDesign& d, const CoverageSettings& s) {
  std::vector<std::string> notes;
  std::string risks;
  for (const TrialDesign& t : d.trials)
    risks += (risks.empty() ? "" : ", ") + significant(100 * t.control_risk) + "%";
  notes.push_back(
      "the trials are simulated as 2x2 tables with their arm sizes and observed control-arm "
      "risks (" +
      risks + "), the experimental arm's risk from the true " + to_string(d.measure) +
      (d.measure == Measure::RR ? " (at most 1)" : "") +
      "; the frequentist methods fit the log ratios of the tables with events (0.5 added to a "
      "zero cell), and a replicate with fewer than two such tables is fitted by no method");
  if (s.count_model == ModelKind::binomial)
    notes.push_back("Bayes: the binomial-normal model by HMC, " +
                    counted(s.sampler.chains, "chain") + " x (" + std::to_string(s.sampler.warmup) +
                    " warmup + " + std::to_string(s.sampler.draws) + " draws) per replicate, " +
                    to_string(s.baseline));
  else
    notes.push_back("Bayes: the normal-normal model on the log ratios, exactly (--model normal)");
  return notes;
}

// --backend cuda: a usable device, before any work.
void require_cuda_device(const SimulateConfig& config) {
  const int devices = cuda_device_count();
  if (devices == 0)
    throw UnavailableError("--backend cuda: no usable CUDA GPU (" + cuda_unavailable_reason() +
                           "); use --backend cpu");
  if (config.device >= devices)
    throw UnavailableError("--device " + std::to_string(config.device) + ": this machine has " +
                           std::to_string(devices) + " CUDA device(s), numbered from 0");
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
  std::vector<StudyDesign> designs;
  for (const Group& g : groups) {
    designs.push_back(design_of(g));
    if (config.model_choice == ModelChoice::binomial && !designs.back().counts)
      throw UsageError(
          "--model binomial: group " + describe(g.key) +
          " needs the counts ai, n1i, ci, n2i on every row and a measure of OR or RR "
          "(it has " +
          to_string(g.measure) +
          " effects); give --model auto to simulate such groups with the normal model");
  }
  if (config.cuda) require_cuda_device(config);
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
  CoverageSettings settings = config.study;
  settings.count_model =
      config.model_choice == ModelChoice::normal ? ModelKind::normal : ModelKind::binomial;
  if (config.cuda)  // else config.study.batches, if any (the tests' fit_batch_on_host)
    settings.batches = [device = config.device](const std::vector<EffectBatch>& b,
                                                std::uint64_t first, std::uint64_t last) {
      return fit_batch_on_cuda(b, first, last, device);
    };
  // On the GPU, every effect-size design's scenarios run together, in launches that the small
  // scenarios of a whole study fill; each such group reports the time of them all.
  std::vector<std::vector<ScenarioTally>> batched(groups.size());
  double batched_seconds = 0;
  if (settings.batches) {
    std::vector<BatchedDesign> together;
    std::vector<std::size_t> which;
    for (std::size_t i = 0; i < groups.size(); ++i)
      if (runs_in_batches(designs[i], settings)) {
        together.push_back({&designs[i], &scenarios[i], static_cast<std::uint32_t>(i)});
        which.push_back(i);
      }
    const Stopwatch batch_time;
    auto tallies = batched_tallies(together, settings, range, progress);
    batched_seconds = batch_time.seconds();
    for (std::size_t j = 0; j < which.size(); ++j) batched[which[j]] = std::move(tallies[j]);
  }
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const Stopwatch group_time;
    GroupSimulation sim;
    sim.group = groups[i];
    for (const Study& s : groups[i].studies) sim.se.push_back(s.sei);
    sim.design = designs[i];
    if (sim.design.counts) sim.notes = count_design_notes(sim.design, settings);
    if (sim.design.k() < 2)
      sim.notes.push_back("a single trial: there is nothing to pool, and no method is fitted");
    const bool on_gpu = !batched[i].empty();
    sim.scenarios = on_gpu ? std::move(batched[i])
                           : coverage_tallies(sim.design, scenarios[i], settings,
                                              static_cast<std::uint32_t>(i), range, progress);
    sim.seconds = on_gpu ? batched_seconds : group_time.seconds();
    report.groups.push_back(std::move(sim));
  }
  report.seconds = stopwatch.seconds();
  return report;
}

}  // namespace metamc
