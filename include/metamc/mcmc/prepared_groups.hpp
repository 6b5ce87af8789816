// Everything the samplers need per group, built once on the host: the model over the group's
// studies, its tau proposal and, for summary mode, its plan.
#ifndef METAMC_MCMC_PREPARED_GROUPS_HPP
#define METAMC_MCMC_PREPARED_GROUPS_HPP

#include <deque>
#include <optional>
#include <vector>

#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/model/group_model.hpp"

namespace metamc {

struct PreparedGroups {
  std::deque<GroupModel> models;  // a deque: the jobs point into its elements, which never move
  std::vector<SamplingJob> jobs;  // jobs[i].stream_group = i (a shard renumbers them)
  std::vector<GroupPlan> plans;   // empty unless asked for
};

/// The job of one group's model: its tau proposal built, HMC's form of the model attached.
/// Throws what build_tau_proposal throws.
SamplingJob make_job(const GroupModel& model, const ProbabilityQuestion& question,
                     std::uint32_t stream_group);

/// Builds the models, proposals and (with_plans) summary plans of `groups` on `threads` threads.
/// thresholds[i] is group i's --threshold on the analysis scale (or none); empty: none at all.
/// kinds[i] is group i's model (empty: normal for all), with `baseline` for the binomial ones.
/// A group whose posterior cannot be tabulated is a UsageError naming it, followed by `advice`.
PreparedGroups prepare_groups(const std::vector<Group>& groups, const TauPrior& tau_prior,
                              const MuPrior& mu_prior,
                              const std::vector<std::optional<double>>& thresholds, bool with_plans,
                              int threads, const std::string& advice = "",
                              const std::vector<ModelKind>& kinds = {},
                              const BaselinePrior& baseline = {});

}  // namespace metamc

#endif  // METAMC_MCMC_PREPARED_GROUPS_HPP
