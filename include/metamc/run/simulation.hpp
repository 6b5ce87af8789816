// One run of `metamc simulate`: its configuration, what it produces, and the run itself. Each
// group of the input keeps its number of trials and their standard errors; every scenario (true
// tau x true mu) is simulated and fitted by every method (simulate/coverage_study.hpp).
#ifndef METAMC_RUN_SIMULATION_HPP
#define METAMC_RUN_SIMULATION_HPP

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metamc/data/study.hpp"
#include "metamc/progress.hpp"
#include "metamc/run/run_config.hpp"
#include "metamc/run/shard.hpp"
#include "metamc/simulate/coverage_study.hpp"

namespace metamc {

struct SimulateConfig {
  std::string input;            // CSV file
  std::vector<std::string> by;  // grouping columns
  Measure default_measure = Measure::GEN;
  Benefit default_benefit = Benefit::lower;
  bool allow_repeated_studies = false;
  std::vector<double> taus = {0, 0.1, 0.2, 0.4};  // true tau, analysis scale
  std::vector<double> mus;  // true mu, analysis scale; empty: 0 and the group's DL estimate
  CoverageSettings study;   // replicates, level, seed, priors, threads, HMC for counts
  ModelChoice model_choice = ModelChoice::automatic;  // the Bayesian model of count groups
  bool cuda = false;  // effect-size designs' replicates in batches on the GPU (--backend cuda)
  int device = 0;     // ... on this CUDA device
  std::optional<Shard> shard;  // a share of the replicates, written as JSON for `metamc merge`
  OutputFormat format = OutputFormat::table;
  std::string output;  // "" = standard output
  bool force = false;
  bool quiet = false;
};

struct GroupSimulation {
  Group group;
  StudyDesign design;
  std::vector<double> se;  // the studies' standard errors, as read
  std::vector<ScenarioTally> scenarios;
  std::vector<std::string> notes;
  double seconds = 0;  // for merged shards: their sum
};

struct SimulationReport {
  SimulateConfig config;
  std::vector<GroupSimulation> groups;
  std::vector<std::string> warnings;
  double seconds = 0;  // for merged shards: their sum
};

/// Reads the groups and simulates each; `progress` counts replicates.
SimulationReport run_simulation(const SimulateConfig& config, Progress* progress = nullptr);

}  // namespace metamc

#endif  // METAMC_RUN_SIMULATION_HPP
