// Jobs of different models run apart: the backends' HMC is compiled per model, and a binomial job
// runs HMC whatever sampler the settings name (the collapsed sampler needs the normal model).
// A job's chains depend on its stream group alone, so the split changes no draw.
#ifndef METAMC_MCMC_JOBS_BY_MODEL_HPP
#define METAMC_MCMC_JOBS_BY_MODEL_HPP

#include <cstddef>
#include <optional>
#include <vector>

#include "metamc/mcmc/cpu_backend.hpp"

namespace metamc {

/// The form of a job's model that HMC moves on.
template <class Model>
const Model& hmc_model(const SamplingJob& job);
template <>
inline const NoncentredNormalModel& hmc_model(const SamplingJob& job) {
  return job.noncentred;
}
template <>
inline const BinomialNormalModel& hmc_model(const SamplingJob& job) {
  return job.binomial;
}

/// The elements of `all` at `indices`, in that order.
template <class T>
std::vector<T> select(const std::vector<T>& all, const std::vector<std::size_t>& indices) {
  std::vector<T> part;
  for (std::size_t i : indices) part.push_back(all[i]);
  return part;
}

/// Runs the jobs of each model apart, run(indices, settings, kind) with the indices of the
/// part's jobs, the binomial ones with HMC, and returns the results in the jobs' order.
template <class Result, class Run>
std::vector<Result> by_model(const std::vector<SamplingJob>& jobs, const SamplerSettings& settings,
                             Run&& run) {
  std::vector<std::size_t> normal, binomial;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    (jobs[i].model == ModelKind::binomial ? binomial : normal).push_back(i);
  if (binomial.empty()) return run(normal, settings, ModelKind::normal);
  SamplerSettings hmc = settings;
  hmc.sampler = SamplerKind::hmc;
  if (normal.empty()) return run(binomial, hmc, ModelKind::binomial);
  std::vector<std::optional<Result>> slots(jobs.size());
  const auto place = [&](const std::vector<std::size_t>& part, const SamplerSettings& s,
                         ModelKind kind) {
    std::vector<Result> results = run(part, s, kind);
    for (std::size_t j = 0; j < part.size(); ++j) slots[part[j]].emplace(std::move(results[j]));
  };
  place(normal, settings, ModelKind::normal);
  place(binomial, hmc, ModelKind::binomial);
  std::vector<Result> out;
  for (auto& slot : slots) out.push_back(std::move(*slot));
  return out;
}

}  // namespace metamc

#endif  // METAMC_MCMC_JOBS_BY_MODEL_HPP
