// The CPU backend: every chain of every group on a pool of threads.
//
// Chains are independent and their random numbers depend only on (seed, group, chain, iteration,
// slot), so the draws are bit-identical whatever the number of threads or the order in which
// chains run.
#ifndef METAMC_MCMC_CPU_BACKEND_HPP
#define METAMC_MCMC_CPU_BACKEND_HPP

#include <optional>
#include <vector>

#include "metamc/data/measure.hpp"
#include "metamc/mcmc/collapsed/tau_proposal.hpp"
#include "metamc/mcmc/sampler_settings.hpp"
#include "metamc/mcmc/sinks/group_draws.hpp"
#include "metamc/mcmc/sinks/group_summary.hpp"
#include "metamc/progress.hpp"
#include "models/binomial_normal.hpp"
#include "models/model_kind.hpp"
#include "models/normal_normal.hpp"
#include "models/normal_normal_noncentred.hpp"

namespace metamc {

/// The question of a group: its favourable side and, optionally, a threshold (analysis scale).
inline ProbabilityQuestion question_for(Benefit benefit, std::optional<double> threshold) {
  ProbabilityQuestion q;
  q.lower_is_better = benefit == Benefit::lower;
  q.has_threshold = threshold.has_value();
  q.threshold = threshold.value_or(0.0);
  return q;
}

/// One group to sample: its model (as the collapsed sampler and as HMC see it), the collapsed
/// sampler's proposal and the probabilities asked for. A binomial job runs HMC on `binomial`
/// whatever the settings' sampler (the collapsed sampler needs the normal model).
struct SamplingJob {
  NormalNormalData data;  // arrays must outlive the call
  TauProposal proposal;
  ProbabilityQuestion question;      // the favourable side and the threshold
  std::uint32_t stream_group = 0;    // the group coordinate of the job's random numbers
  NoncentredNormalModel noncentred;  // HMC's form of the model; arrays must outlive the call
  ModelKind model = ModelKind::normal;
  BinomialNormalModel binomial;  // ModelKind::binomial: arrays must outlive the call

  /// The studies whose effects theta_i the draws report.
  int studies() const { return model == ModelKind::binomial ? binomial.k : data.k; }
};

/// Runs settings.chains chains per job with settings.sampler and keeps every draw. HMC warms the
/// chains of every job up in lockstep first (mcmc/hmc/hmc_warmup.hpp); GroupDraws::step_size
/// records the step size it adapted. Adds warmup + draws to `progress` per chain.
std::vector<GroupDraws> sample_on_cpu(const std::vector<SamplingJob>& jobs,
                                      const SamplerSettings& settings,
                                      Progress* progress = nullptr);

/// Runs settings.chains chains per job in summary mode (sinks/summary_sink.hpp): memory independent
/// of the number of draws and of chains, the same streamed summaries as the CUDA backend. plans[g]
/// goes with jobs[g]. Adds warmup + draws to `progress` per chain.
std::vector<GroupSummary> summarise_on_cpu(const std::vector<SamplingJob>& jobs,
                                           const std::vector<GroupPlan>& plans,
                                           const SamplerSettings& settings,
                                           Progress* progress = nullptr);

}  // namespace metamc

#endif  // METAMC_MCMC_CPU_BACKEND_HPP
