// `metamc merge`: the shards of one simulation study (`metamc simulate --shard i/n`, JSON files)
// combined into the report of the unsharded run. The shards' tallies are exact
// (simulate/performance_tally.hpp), so the merged figures equal the unsharded run's to the last
// bit; only the timings differ (the merged seconds are the shards' sum).
#ifndef METAMC_RUN_SIMULATION_MERGE_HPP
#define METAMC_RUN_SIMULATION_MERGE_HPP

#include <vector>

#include "metamc/io/json_document.hpp"
#include "metamc/run/run_config.hpp"
#include "metamc/run/simulation.hpp"

namespace metamc {

/// Merges the shards of a simulation study, in shard order (run/shard_files.hpp reads them).
/// Refuses (DataError, naming the file and the field) shards of different studies (another
/// configuration or input) and malformed ones.
SimulationReport merge_simulation_shards(const std::vector<JsonDocument>& shards);

}  // namespace metamc

#endif  // METAMC_RUN_SIMULATION_MERGE_HPP
