// `metamc merge` of the shards of a fit (`metamc fit --shard i/n`): each shard analysed a share
// of the groups, their chains drawing on the random numbers of the groups' places in the whole
// run, so the groups read back (run/report_reader.hpp) and put in their places are the
// unsharded run's, to the last bit; only the timings differ (the merged seconds are the shards'
// sum), and config.threads, on which no result depends, is shard 0's.
#ifndef METAMC_RUN_FIT_MERGE_HPP
#define METAMC_RUN_FIT_MERGE_HPP

#include <vector>

#include "metamc/io/json_document.hpp"
#include "metamc/run/results.hpp"

namespace metamc {

/// Merges the shards of a fit, in shard order (run/shard_files.hpp reads them). Refuses
/// (DataError, naming the file and the field) shards of different runs, shards whose groups are
/// not each of the run's groups once, and malformed ones.
AnalysisReport merge_fit_shards(const std::vector<JsonDocument>& shards);

}  // namespace metamc

#endif  // METAMC_RUN_FIT_MERGE_HPP
