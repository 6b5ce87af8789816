// The JSON files of the n shards of one run (`metamc fit|simulate --shard i/n`), read back for
// `metamc merge` (run/fit_merge.hpp, run/simulation_merge.hpp) and checked to be all n shards of
// one run, each once, by this version of metamc.
#ifndef METAMC_RUN_SHARD_FILES_HPP
#define METAMC_RUN_SHARD_FILES_HPP

#include <functional>
#include <string>
#include <vector>

#include "metamc/io/json_document.hpp"
#include "metamc/run/run_config.hpp"

namespace metamc {

/// `metamc merge FILES...`: the shards and what to make of them.
struct MergeConfig {
  std::vector<std::string> files;  // the shards, in any order
  OutputFormat format = OutputFormat::table;
  std::string output;  // "" = standard output
  bool force = false;
  bool no_studies = false;  // a fit's table without the per-study rows
};

/// The files, in shard order (0 to n - 1). Refuses (DataError naming the file and the field) a
/// file that is not a shard, shards of different commands or counts, a shard missing or given
/// twice, and shards written by another version of metamc.
std::vector<JsonDocument> read_shard_files(const std::vector<std::string>& files);

/// The command that wrote a shard: "fit" or "simulate".
std::string shard_command(const JsonDocument& shard);

/// What a shard holds of its run rather than of its own share: equal in every shard of one run.
using RunOf = std::function<JsonDocument::Json(const JsonDocument::Json&)>;

/// Refuses (DataError naming the file) shards that are not of one run: whose run_of differ
/// (another input, configuration or version).
void check_one_run(const std::vector<JsonDocument>& shards, const RunOf& run_of);

}  // namespace metamc

#endif  // METAMC_RUN_SHARD_FILES_HPP
