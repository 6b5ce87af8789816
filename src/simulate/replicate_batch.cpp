#include "metamc/simulate/replicate_batch.hpp"

#include <memory>
#include <string>

#include "metamc/error.hpp"

namespace metamc {

BatchOutcomes fit_batch_on_host(const EffectBatch& batch, std::uint64_t first, std::uint64_t last) {
  if (last < first || last - first > kBatchReplicates)
    throw UsageError("a batch holds at most " + std::to_string(kBatchReplicates) + " replicates");
  BatchOutcomes result;
  result.outcomes.resize(static_cast<std::size_t>(last - first) * kIntervalMethods);
  const auto scratch = std::make_unique<EffectBatchScratch>();  // 19 KB: not on the stack
  for (std::uint64_t r = first; r < last; ++r)
    if (fit_batch_replicate(
            batch, static_cast<std::uint32_t>(r), *scratch,
            &result.outcomes[static_cast<std::size_t>(r - first) * kIntervalMethods]))
      result.bayes_on_host.push_back(r);
  return result;
}

}  // namespace metamc
