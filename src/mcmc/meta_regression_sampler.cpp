#include "metamc/mcmc/meta_regression_sampler.hpp"

#include <cmath>

#include "metamc/math/normal.hpp"
#include "metamc/mcmc/collapsed/tau_proposal.hpp"
#include "metamc/mcmc/hmc/hmc_warmup.hpp"
#include "metamc/model/log_tau_range.hpp"
#include "metamc/parallel_for.hpp"
#include "metamc/rng/random_variates.hpp"
#include "metamc/thread_pool.hpp"
#include "models/meta_regression.hpp"

namespace metamc {
namespace {

// Where draw n of chain c goes.
struct DrawSlot {
  RegressionDraws& out;
  int c, n;
  void put(int j, double beta) const {
    out.beta[(static_cast<std::size_t>(j) * out.chains + c) * out.draws + n] = beta;
  }
  void put_tau(double tau) const { out.tau[static_cast<std::size_t>(c) * out.draws + n] = tau; }
};

void collapsed_chain(const RegressionModel& m, const TauProposal& q, const LogTauDensity& f,
                     const SamplerSettings& s, const ChainStream& stream, int c,
                     RegressionDraws& out) {
  double u = proposal_sample(q, uniform_pair(stream.words(0, 0)).first);
  double log_ratio = f.at(u) - proposal_log_density(q, u);
  const int p = m.p();
  BetaGivenTau given = integrate_beta(m, std::exp(2 * u));
  // P(beta_j < 0 | tau, y), Rao-Blackwellised: averaged over the draws of tau.
  Eigen::VectorXd below(p), below_sum = Eigen::VectorXd::Zero(p);
  const auto condition = [&] {
    for (int j = 0; j < p; ++j) below[j] = standard_normal_cdf(-given.mean[j] / given.sd(j));
  };
  condition();
  ChainCounts counts;
  Eigen::VectorXd z(p);
  for (int t = 1; t <= s.warmup + s.draws; ++t) {
    const auto iteration = static_cast<std::uint32_t>(t);
    const UniformPair r = uniform_pair(stream.words(iteration, 0));
    const bool moved = independence_step(q, r.first, r.second, f.at, u, log_ratio);
    if (moved) {
      given = integrate_beta(m, std::exp(2 * u));
      condition();
    }
    if (t <= s.warmup) continue;
    counts.acceptance += moved ? 1 : 0;
    below_sum += below;
    for (int j = 0; j < p; j += 2) {
      const NormalPair w =
          normal_pair(stream.words(iteration, static_cast<std::uint32_t>(1 + j / 2)));
      z[j] = w.first;
      if (j + 1 < p) z[j + 1] = w.second;
    }
    const Eigen::VectorXd beta = given.mean + given.root * z;
    const DrawSlot slot{out, c, t - s.warmup - 1};
    for (int j = 0; j < p; ++j) slot.put(j, beta[j]);
    slot.put_tau(std::exp(u));
  }
  out.counts[static_cast<std::size_t>(c)] = counts;
  for (int j = 0; j < p; ++j)
    out.p_negative_sums[static_cast<std::size_t>(c) * p + static_cast<std::size_t>(j)] =
        below_sum[j];
}

void run_collapsed(const RegressionModel& m, const SamplerSettings& s, std::uint32_t group,
                   RegressionDraws& out) {
  const LogTauDensity f = log_tau_density(m);
  const TauProposal q = build_tau_proposal(f);
  out.p_negative_sums.resize(static_cast<std::size_t>(s.chains) * m.p());
  const PhiloxKey key = seed_key(s.seed);
  parallel_for(static_cast<std::size_t>(s.chains), s.threads, [&](std::size_t c) {
    const ChainStream stream{key, group, static_cast<std::uint32_t>(c)};
    collapsed_chain(m, q, f, s, stream, static_cast<int>(c), out);
  });
}

void run_hmc(const RegressionModel& m, const SamplerSettings& s, std::uint32_t group,
             RegressionDraws& out) {
  // The coordinates whiten beta by its conditional posterior at the mode of tau.
  const LogTauRange range = find_log_tau_range(log_tau_density(m), 20);
  const BetaGivenTau at_mode = integrate_beta(m, std::exp(2 * range.mode));
  using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const RowMajor root = at_mode.root, xl = m.X * at_mode.root;
  const Eigen::VectorXd offset = m.X * at_mode.mean;
  const int p = m.p();
  MetaRegressionModel model;
  model.k = m.k();
  model.p = p;
  model.xl = xl.data();
  model.offset = offset.data();
  model.root = root.data();
  model.centre = at_mode.mean.data();
  model.y = m.y.data();
  model.s2 = m.v.data();
  model.intercept_prior = m.intercept_prior;
  model.coefficient_prior = m.coefficient_prior;
  model.tau_prior = m.tau_prior;
  model.tau_scale = std::exp(range.mode);
  // z = log tau but for a uniform prior (a logit); the metric adapts from this guess.
  model.z_scale = m.tau_prior.kind == TauPriorKind::uniform ? 1 : range.scale;

  HmcGroupWarmup<MetaRegressionModel> warm(model, s.hmc, s.chains, s.warmup, seed_key(s.seed),
                                           group);
  // One pool for the warmup's thousands of lockstep iterations, as the CPU backend's.
  ThreadPool pool(s.threads);
  const auto each_chain = [&](auto&& per_chain) {
    pool.run(static_cast<std::size_t>(s.chains),
             [&](std::size_t c) { per_chain(static_cast<int>(c)); });
  };
  each_chain([&](int c) { warm.start(c); });
  do each_chain([&](int c) { warm.trial(c); });
  while (!warm.settle_step_size());
  for (int t = 1; t <= s.warmup; ++t) {
    const auto iteration = static_cast<std::uint32_t>(t);
    each_chain([&](int c) { warm.transition(c, iteration); });
    warm.adapt(iteration);
  }
  const HmcTuning tuning = warm.tuning();
  each_chain([&](int c) {
    const HmcChainView view = warm.view(c);
    const ChainStream stream = warm.stream(c);
    ChainCounts counts;
    for (int n = 0; n < s.draws; ++n) {
      sampling_transition(model, view, tuning, stream, static_cast<std::uint32_t>(s.warmup + 1 + n),
                          counts);
      const DrawSlot slot{out, c, n};
      for (int j = 0; j < p; ++j) slot.put(j, model.beta(view.q, view.stride, j));
      slot.put_tau(model.tau(view.q, view.stride));
    }
    out.counts[static_cast<std::size_t>(c)] = counts;
  });
  out.step_size = tuning.step_size;
  out.superchains = std::min(s.hmc.superchains, s.chains);
}

}  // namespace

RegressionDraws sample_meta_regression(const RegressionModel& m, const SamplerSettings& settings,
                                       std::uint32_t stream_group) {
  RegressionDraws out;
  out.chains = settings.chains;
  out.draws = settings.draws;
  out.p = m.p();
  const auto per_quantity = static_cast<std::size_t>(settings.chains) * settings.draws;
  out.beta.resize(per_quantity * static_cast<std::size_t>(m.p()));
  out.tau.resize(per_quantity);
  out.counts.resize(static_cast<std::size_t>(settings.chains));
  integrate_beta(m, 0);  // throws for a singular design before any chain runs
  if (settings.sampler == SamplerKind::hmc)
    run_hmc(m, settings, stream_group, out);
  else
    run_collapsed(m, settings, stream_group, out);
  return out;
}

}  // namespace metamc
