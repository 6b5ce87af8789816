// The collapsed sampler of the normal-normal model, one chain at a time.
//
// The Markov chain runs on u = log tau alone, with mu and theta integrated out
// (models/normal_normal.hpp): each iteration proposes u* from the tabulated independence proposal
// q (tau_proposal.hpp) and accepts it with probability
//   min(1, [p(u*|y) q(u)] / [p(u|y) q(u*)])          (independence Metropolis-Hastings),
// then draws mu | tau, y, every theta_i | mu, tau, y and a new trial's theta_new | mu, tau exactly
// from their normal conditionals. These draws do not feed back into the chain, so warmup only
// moves u. Random numbers come from Philox at counter (iteration, slot, chain, group): slot 0
// gives the proposal's and the acceptance's uniforms, slots 1, 2, ... give normals in pairs.
// Host/device code: the CPU backend and the CUDA kernel run exactly these functions.
#ifndef METAMC_MCMC_COLLAPSED_COLLAPSED_SAMPLER_HPP
#define METAMC_MCMC_COLLAPSED_COLLAPSED_SAMPLER_HPP

#include <cmath>
#include <cstdint>

#include "metamc/host_device.hpp"
#include "metamc/mcmc/chain_stream.hpp"
#include "metamc/mcmc/collapsed/tau_proposal.hpp"
#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "metamc/rng/random_variates.hpp"
#include "models/normal_normal.hpp"
#include "models/reported_draw.hpp"

namespace metamc {

struct ChainState {
  double u = 0;          // log tau
  double tau = 1;        // exp(u)
  double log_ratio = 0;  // log p(u | y) - log q(u), the independence sampler's weight
  MuGivenTau mu{};       // mu | tau, y at the current tau
  std::uint32_t accepted = 0;
};

/// Starts a chain at a draw from q (iteration 0 of its stream): chains start dispersed, as the
/// posterior is.
METAMC_HD inline ChainState initial_state(const NormalNormalData& d, const TauProposal& q,
                                          const ChainStream& stream) {
  const UniformPair r = uniform_pair(stream.words(0, 0));
  ChainState s;
  s.u = proposal_sample(q, r.first);
  const LogTauPosterior post = log_tau_posterior(d, s.u);
  s.log_ratio = post.log_density - proposal_log_density(q, s.u);
  s.mu = post.mu;
  s.tau = post.tau;
  return s;
}

/// One independence Metropolis-Hastings update of u at `iteration` (>= 1).
METAMC_HD inline void tau_step(const NormalNormalData& d, const TauProposal& q,
                               const ChainStream& stream, std::uint32_t iteration, ChainState& s) {
  const UniformPair r = uniform_pair(stream.words(iteration, 0));
  LogTauPosterior post{};
  const auto log_target = [&](double u) {
    post = log_tau_posterior(d, u);
    return post.log_density;
  };
  if (independence_step(q, r.first, r.second, log_target, s.u, s.log_ratio)) {
    s.mu = post.mu;
    s.tau = post.tau;
    ++s.accepted;
  }
}

/// The scalars of one draw; the theta_i go to the sink one by one.
struct Draw {
  double mu, tau, theta_new;
};

/// Draws mu, theta_new and theta_1..k given the chain's tau. `theta(i, value)` receives theta_i.
/// The studies go in blocks whose normals are drawn by one loop and their thetas by another: loops
/// without calls, which the compiler vectorises.
template <class ThetaSink>
METAMC_HD inline Draw draw_effects(const NormalNormalData& d, const ChainStream& stream,
                                   std::uint32_t iteration, const ChainState& s,
                                   ThetaSink&& theta) {
  const NormalPair z = normal_pair(stream.words(iteration, 1));
  Draw draw;
  draw.tau = s.tau;
  const double tau2 = draw.tau * draw.tau;
  draw.mu = s.mu.mean + std::sqrt(s.mu.var) * z.first;
  draw.theta_new = draw.mu + draw.tau * z.second;
  constexpr int kBlock = 16;  // even: study i's normal is from slot 2 + i / 2, as one at a time
  for (int first = 0; first < d.k; first += kBlock) {
    const int n = d.k - first < kBlock ? d.k - first : kBlock;
    double normal[kBlock], value[kBlock];
    for (int j = 0; j < (n + 1) / 2; ++j) {
      const NormalPair w =
          normal_pair(stream.words(iteration, static_cast<std::uint32_t>(2 + first / 2 + j)));
      normal[2 * j] = w.first;
      normal[2 * j + 1] = w.second;
    }
    for (int i = 0; i < n; ++i) {
      const NormalMoments a = theta_given_mu_tau(d.y[first + i], d.s2[first + i], draw.mu, tau2);
      value[i] = a.mean + std::sqrt(a.var) * normal[i];
    }
    for (int i = 0; i < n; ++i) theta(first + i, value[i]);
  }
  return draw;
}

/// Runs one chain: warmup, then `plan.draws` recorded iterations. The sink receives
/// theta(n, i, value) and record(n, reported draw) for every draw n, and finish(counts) at the
/// end; the probabilities are conditional on each draw's tau (Rao-Blackwellised).
template <class Sink>
METAMC_HD void run_chain(const NormalNormalData& d, const TauProposal& q, const ChainPlan& plan,
                         const ProbabilityQuestion& question, const ChainStream& stream,
                         Sink& sink) {
  ChainState s = initial_state(d, q, stream);
  for (std::uint32_t t = 1; t <= plan.warmup; ++t) tau_step(d, q, stream, t, s);
  s.accepted = 0;
  for (std::uint32_t n = 0; n < plan.draws; ++n) {
    const std::uint32_t t = plan.warmup + 1 + n;
    tau_step(d, q, stream, t, s);
    const Draw draw =
        draw_effects(d, stream, t, s, [&](int i, double value) { sink.theta(n, i, value); });
    sink.record(n, report_draw(draw.mu, draw.tau, s.u, draw.theta_new, s.mu, question));
  }
  ChainCounts counts;
  counts.acceptance = s.accepted;
  sink.finish(counts);
}

}  // namespace metamc

#endif  // METAMC_MCMC_COLLAPSED_COLLAPSED_SAMPLER_HPP
