#include "metamc/simulate/replicate_batch.hpp"

#include <memory>

namespace metamc {

BatchOutcomes fit_batch_on_host(const std::vector<EffectBatch>& batches, std::uint64_t first,
                                std::uint64_t last) {
  const std::uint64_t rows = batch_rows(batches.size(), first, last);
  const std::uint64_t count = last - first;
  BatchOutcomes result;
  result.outcomes.resize(static_cast<std::size_t>(rows) * kIntervalMethods);
  const auto scratch = std::make_unique<EffectBatchScratch>();  // 19 KB: not on the stack
  for (std::uint64_t row = 0; row < rows; ++row)
    if (fit_batch_replicate(batches[static_cast<std::size_t>(row / count)],
                            static_cast<std::uint32_t>(first + row % count), *scratch,
                            &result.outcomes[static_cast<std::size_t>(row) * kIntervalMethods]))
      result.bayes_on_host.push_back(row);
  return result;
}

}  // namespace metamc
