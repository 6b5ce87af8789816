#include "metamc/mcmc/prepared_groups.hpp"

#include <algorithm>
#include "metamc/error.hpp"

#include "metamc/parallel_for.hpp"

namespace metamc {

SamplingJob make_job(const GroupModel& model, const ProbabilityQuestion& question,
                     std::uint32_t stream_group) {
  return SamplingJob{model.data(),       build_tau_proposal(model.data()),
                     question,           stream_group,
                     model.noncentred(), model.kind(),
                     model.binomial()};
}

PreparedGroups prepare_groups(const std::vector<Group>& groups, const TauPrior& tau_prior,
                              const MuPrior& mu_prior,
                              const std::vector<std::optional<double>>& thresholds, bool with_plans,
                              int threads, const std::string& advice,
                              const std::vector<ModelKind>& kinds, const BaselinePrior& baseline) {
  PreparedGroups p;
  for (std::size_t i = 0; i < groups.size(); ++i)
    p.models.emplace_back(groups[i], tau_prior, mu_prior,
                          kinds.empty() ? ModelKind::normal : kinds[i], baseline);
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
      // The plan comes from the normal model on the same studies; a binomial model's
      // uninformative studies, which that model leaves out, take the grid of a new trial's effect.
      std::vector<BinGrid>& theta_bins = p.plans[i].theta_bins;
      theta_bins.resize(static_cast<std::size_t>(p.jobs[i].studies()));
      p.plans[i].plan =
          build_summary_plan(d, p.jobs[i].proposal, question.has_threshold, theta_bins.data());
      std::fill(theta_bins.begin() + d.k, theta_bins.end(), p.plans[i].plan.pred_bins);
    }
  });
  return p;
}

}  // namespace metamc
