#include "metamc/mcmc/prepared_groups.hpp"

#include "metamc/error.hpp"
#include "metamc/parallel_for.hpp"

namespace metamc {

SamplingJob make_job(const GroupModel& model, const ProbabilityQuestion& question,
                     std::uint32_t stream_group) {
  return SamplingJob{model.data(), build_tau_proposal(model.data()), question, stream_group,
                     model.noncentred()};
}

PreparedGroups prepare_groups(const std::vector<Group>& groups, const TauPrior& tau_prior,
                              const MuPrior& mu_prior,
                              const std::vector<std::optional<double>>& thresholds, bool with_plans,
                              int threads, const std::string& advice) {
  PreparedGroups p;
  for (const Group& g : groups) p.models.emplace_back(g, tau_prior, mu_prior);
  p.jobs.resize(groups.size());
  if (with_plans) p.plans.resize(groups.size());
  parallel_for(groups.size(), threads, [&](std::size_t i) {
    const NormalNormalData& d = p.models[i].data();
    const std::optional<double> threshold = thresholds.empty() ? std::nullopt : thresholds[i];
    const ProbabilityQuestion question = question_for(groups[i].benefit, threshold);
    p.jobs[i] = with_context<UsageError>("group " + describe(groups[i].key), advice, [&] {
      return make_job(p.models[i], question, static_cast<std::uint32_t>(i));
    });
    if (with_plans) {
      p.plans[i].theta_bins.resize(static_cast<std::size_t>(d.k));
      p.plans[i].plan = build_summary_plan(d, p.jobs[i].proposal, question.has_threshold,
                                           p.plans[i].theta_bins.data());
    }
  });
  return p;
}

}  // namespace metamc
