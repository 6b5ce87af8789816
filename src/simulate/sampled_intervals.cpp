#include "metamc/simulate/sampled_intervals.hpp"

#include <deque>

#include "metamc/error.hpp"
#include "metamc/mcmc/cpu_backend.hpp"
#include "metamc/mcmc/prepared_groups.hpp"
#include "metamc/model/group_model.hpp"
#include "metamc/posterior/mcmc_summary.hpp"

namespace metamc {

std::vector<std::optional<SampledIntervals>> sampled_intervals(
    const std::vector<Group>& replicates, const std::vector<std::uint32_t>& streams,
    const BinomialFit& fit, double level) {
  std::vector<std::optional<SampledIntervals>> out(replicates.size());
  std::deque<GroupModel> models;  // the jobs point into them
  std::vector<SamplingJob> jobs;
  std::vector<std::size_t> fitted;  // the replicate of each job
  for (std::size_t j = 0; j < replicates.size(); ++j) {
    try {
      models.emplace_back(replicates[j], fit.tau_prior, fit.mu_prior, ModelKind::binomial,
                          fit.baseline);
      jobs.push_back(
          make_job(models.back(), question_for(replicates[j].benefit, std::nullopt), streams[j]));
      fitted.push_back(j);
    } catch (const NumericalError&) {
      // no model for this replicate
    }
  }
  SamplerSettings settings = fit.sampler;
  settings.sampler = SamplerKind::hmc;
  settings.threads = 1;  // the replicates are the parallel work
  const std::vector<GroupDraws> draws = sample_on_cpu(jobs, settings);
  for (std::size_t n = 0; n < jobs.size(); ++n) {
    const GroupDraws& d = draws[n];
    const auto view = [&](const DrawArray& x) {
      return Eigen::Map<const Eigen::MatrixXd>(x.data(), d.draws, d.chains);
    };
    SampledIntervals s;
    s.mu = central(view(d.mu), level).ci;
    s.prediction = central(view(d.theta_new), level).ci;
    double favourable = 0;
    for (double p : d.p_benefit) favourable += p;
    s.p_benefit = favourable / static_cast<double>(d.size());
    for (const ChainCounts& c : d.counts) s.divergences += c.divergences;
    out[fitted[n]] = s;
  }
  return out;
}

}  // namespace metamc
