// `--shard i/n`: the share of a run's work one of n tasks (a Slurm array task, a GPU) takes, by
// index, so that the n shards together are the whole run, once; `metamc merge` puts them back
// together (run/shard_files.hpp).
#ifndef METAMC_RUN_SHARD_HPP
#define METAMC_RUN_SHARD_HPP

#include <cstdint>

namespace metamc {

/// Shard `index` of `count`. Of `items` items (replicates, groups) it takes [first, last):
/// floor(index items / count) to floor((index + 1) items / count).
struct Shard {
  std::uint32_t index = 0, count = 1;

  std::uint64_t first(std::uint64_t items) const { return items * index / count; }
  std::uint64_t last(std::uint64_t items) const { return items * (index + 1ull) / count; }
};

}  // namespace metamc

#endif  // METAMC_RUN_SHARD_HPP
