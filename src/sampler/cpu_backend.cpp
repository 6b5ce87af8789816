#include "metamc/sampler/cpu_backend.hpp"

#include "metamc/math/normal.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/sampler/collapsed_sampler.hpp"

namespace metamc {
namespace {

// Writes one chain's draws into its slots of GroupDraws.
class DrawRecorder {
 public:
  DrawRecorder(const SamplingJob& job, GroupDraws& out, int chain)
      : job_(job), out_(out), chain_(chain) {}

  void theta(std::uint32_t n, int i, double value) {
    out_.theta[static_cast<std::size_t>(i) * out_.size() + out_.at(chain_, static_cast<int>(n))] =
        value;
  }

  void record(std::uint32_t n, const ChainState& s, const Draw& draw) {
    const std::size_t at = out_.at(chain_, static_cast<int>(n));
    out_.mu[at] = draw.mu;
    out_.tau[at] = draw.tau;
    out_.theta_new[at] = draw.theta_new;
    const bool lower = job_.benefit == Benefit::lower;
    const double sd_mu = std::sqrt(s.mu.var);
    out_.p_benefit[at] = favourable_side(lower, s.mu.mean, sd_mu, 0);
    out_.p_pred_benefit[at] =
        favourable_side(lower, s.mu.mean, std::sqrt(s.mu.var + draw.tau * draw.tau), 0);
    if (job_.threshold)
      out_.p_threshold[at] = favourable_side(lower, s.mu.mean, sd_mu, *job_.threshold);
  }

  void finish(const ChainState& s) { out_.accepted[static_cast<std::size_t>(chain_)] = s.accepted; }

 private:
  const SamplingJob& job_;
  GroupDraws& out_;
  int chain_;
};

}  // namespace

std::vector<GroupDraws> sample_on_cpu(const std::vector<SamplingJob>& jobs,
                                      const SamplerSettings& settings) {
  std::vector<GroupDraws> out;
  for (const auto& job : jobs)
    out.emplace_back(settings.chains, settings.draws, job.data.k, job.threshold.has_value());
  const ChainPlan plan{static_cast<std::uint32_t>(settings.warmup),
                       static_cast<std::uint32_t>(settings.draws)};
  const PhiloxKey key = seed_key(settings.seed);

  const auto chains = static_cast<std::size_t>(settings.chains);
  parallel_for(jobs.size() * chains, settings.threads, [&](std::size_t task) {
    const std::size_t group = task / chains;
    const int chain = static_cast<int>(task % chains);
    DrawRecorder recorder(jobs[group], out[group], chain);
    const ChainStream stream{key, jobs[group].stream_group, static_cast<std::uint32_t>(chain)};
    run_chain(jobs[group].data, jobs[group].proposal, plan, stream, recorder);
  });
  return out;
}

}  // namespace metamc
