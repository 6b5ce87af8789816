// Every draw of one group's chains, as the CPU backend keeps them.
#ifndef METAMC_MCMC_SINKS_GROUP_DRAWS_HPP
#define METAMC_MCMC_SINKS_GROUP_DRAWS_HPP

#include <cstddef>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <vector>

#include "metamc/mcmc/sinks/chain_counts.hpp"
#include "metamc/memory/huge_page_arena.hpp"
#include "metamc/memory/uninitialised_allocator.hpp"

namespace metamc {

/// One quantity's draws of every chain; not zeroed, as the chains write every element.
using DrawArray =
    std::vector<double, UninitialisedAllocator<double, std::pmr::polymorphic_allocator<double>>>;

/// The block that holds a group's draw arrays. A copy has none: a copied vector's memory comes
/// from the heap (polymorphic_allocator's select_on_container_copy_construction).
struct DrawBlock {
  std::unique_ptr<HugePageArena> arena;
  explicit DrawBlock(std::size_t capacity) : arena(std::make_unique<HugePageArena>(capacity)) {}
  DrawBlock(const DrawBlock&) noexcept {}
  DrawBlock(DrawBlock&&) noexcept = default;
  DrawBlock& operator=(const DrawBlock&) = delete;
  DrawBlock& operator=(DrawBlock&&) = delete;
};

struct GroupDraws {
  int chains = 0, draws = 0, k = 0;
  // The arrays below, in one block from the pool of huge pages (memory/huge_page_arena.hpp): a
  // run's kept draws are most of the pages it touches. Declared first: freed after them.
  DrawBlock memory;
  // Chain-major arrays, element [chain * draws + n]; viewed as a draws x chains matrix.
  DrawArray mu, tau, theta_new;
  // Rao-Blackwellised probabilities: P(mu favourable | tau, y), P(theta_new favourable | tau, y),
  // P(mu beyond the threshold | tau, y) at each draw's tau.
  DrawArray p_benefit, p_pred_benefit, p_threshold;
  DrawArray theta;  // element [(i * chains + chain) * draws + n]
  // Models of counts (the binomial): each study's control-arm risk and risk difference p_t - p_c,
  // laid out as theta; empty otherwise.
  DrawArray control_risk, risk_difference;
  std::vector<ChainCounts> counts;  // per chain, over its draws
  double step_size = 0;             // HMC: the adapted step size (0 for the collapsed sampler)
  int superchains = 0;              // HMC: chains started in this many superchains

  GroupDraws(int chains_, int draws_, int k_, bool threshold, bool arm_risks = false)
      : chains(chains_),
        draws(draws_),
        k(k_),
        memory(sizeof(double) * size() *
                   (5 + (threshold ? 1 : 0) + static_cast<std::size_t>(k_) * (arm_risks ? 3 : 1)) +
               kArrays * HugePageArena::kCacheLine),
        mu(size(), memory.arena.get()),
        tau(size(), memory.arena.get()),
        theta_new(size(), memory.arena.get()),
        p_benefit(size(), memory.arena.get()),
        p_pred_benefit(size(), memory.arena.get()),
        p_threshold(threshold ? size() : 0, memory.arena.get()),
        theta(size() * static_cast<std::size_t>(k_), memory.arena.get()),
        control_risk(arm_risks ? theta.size() : 0, memory.arena.get()),
        risk_difference(arm_risks ? theta.size() : 0, memory.arena.get()),
        counts(static_cast<std::size_t>(chains_)) {}
  GroupDraws(const GroupDraws&) = default;
  GroupDraws(GroupDraws&&) = default;
  // No assignment: assigned member by member, `memory` would go before the arrays it holds.
  GroupDraws& operator=(const GroupDraws&) = delete;
  GroupDraws& operator=(GroupDraws&&) = delete;

  static constexpr std::size_t kArrays = 9;  // each padded to a cache line in the block

  std::size_t size() const {
    return static_cast<std::size_t>(chains) * static_cast<std::size_t>(draws);
  }
  std::size_t at(int chain, int n) const {
    return static_cast<std::size_t>(chain) * draws + static_cast<std::size_t>(n);
  }
  const double* theta_of(int i) const {
    return theta.data() + static_cast<std::size_t>(i) * size();
  }
  bool has_arm_risks() const { return !control_risk.empty(); }
  const double* control_risk_of(int i) const {
    return control_risk.data() + static_cast<std::size_t>(i) * size();
  }
  const double* risk_difference_of(int i) const {
    return risk_difference.data() + static_cast<std::size_t>(i) * size();
  }
};

}  // namespace metamc

#endif  // METAMC_MCMC_SINKS_GROUP_DRAWS_HPP
