// The Bayesian fits of all groups of a run: where they run and how their draws are kept.
#ifndef METAMC_RUN_FIT_BAYES_HPP
#define METAMC_RUN_FIT_BAYES_HPP

#include <string>
#include <vector>

#include "metamc/progress.hpp"
#include "metamc/run/results.hpp"

namespace metamc {

/// Resolves --backend (auto: the GPU when one is usable, else the CPU, silently; the CPU always
/// for --method exact) and the mode: full draws on the CPU for ordinary runs and always with
/// --draws-out; summary mode on the GPU, with --streamed, and for runs of more than 2^26 draws or
/// whose draws would not fit in memory. UnavailableError for --backend cuda without a usable GPU;
/// UsageError, with the memory needed and the option to change, for a run that would need more
/// memory than the machine has. `results` name each group and the model it takes; `whole_run` the
/// run's groups (more than `results` in a shard, --shard), whose number and largest decide the
/// mode.
BackendChoice choose_backend(const RunConfig& config, const std::vector<GroupResult>& results,
                             const std::vector<GroupResult>& whole_run);

/// Fits every group (config.method) on the chosen backend; hands the draws to `consumer`
/// (--draws-out). UsageError naming the group when a posterior defeats the numerics (an extreme
/// prior on the data's scale).
void fit_bayes(const RunConfig& config, const BackendChoice& choice,
               const std::vector<Group>& groups, std::vector<GroupResult>& results,
               DrawsConsumer* consumer, Progress* progress);

}  // namespace metamc

#endif  // METAMC_RUN_FIT_BAYES_HPP
