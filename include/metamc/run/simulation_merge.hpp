// `metamc merge`: the shards of one simulation study (`metamc simulate --shard i/n`, JSON files)
// combined into the report of the unsharded run. The shards' tallies are exact
// (simulate/performance_tally.hpp), so the merged figures equal the unsharded run's to the last
// bit; only the timings differ (the merged seconds are the shards' sum).
#ifndef METAMC_RUN_SIMULATION_MERGE_HPP
#define METAMC_RUN_SIMULATION_MERGE_HPP

#include <string>
#include <vector>

#include "metamc/run/run_config.hpp"
#include "metamc/run/simulation.hpp"

namespace metamc {

struct MergeConfig {
  std::vector<std::string> files;  // the shards, in any order
  OutputFormat format = OutputFormat::table;
  std::string output;  // "" = standard output
  bool force = false;
};

/// Reads the shard files and merges them. Refuses (DataError, naming the file and the field)
/// shards that are not all n of one study by this version of metamc: a shard missing or given
/// twice, another configuration, input or version, or a malformed file.
SimulationReport merge_simulation_shards(const std::vector<std::string>& files);

}  // namespace metamc

#endif  // METAMC_RUN_SIMULATION_MERGE_HPP
