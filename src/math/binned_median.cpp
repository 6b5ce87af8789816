#include "metamc/math/binned_median.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace metamc {
namespace {

// A non-negative double's bits, read as an integer, increase with its value: their top bits
// (exponent and leading mantissa) number the bins in order.
constexpr int kDroppedBits = 52 - BinnedMedian::kMantissaBits;

std::uint32_t bin_of(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return static_cast<std::uint32_t>(bits >> kDroppedBits);
}

double bin_middle(std::uint32_t bin) {
  const std::uint64_t low_bits = static_cast<std::uint64_t>(bin) << kDroppedBits;
  const std::uint64_t high_bits = static_cast<std::uint64_t>(bin + 1) << kDroppedBits;
  double low, high;
  std::memcpy(&low, &low_bits, sizeof low);
  std::memcpy(&high, &high_bits, sizeof high);
  return low + 0.5 * (high - low);
}

}  // namespace

void BinnedMedian::add(double x) {
  if (!(x >= 0) || !std::isfinite(x))
    throw std::invalid_argument("BinnedMedian: a value is negative or not finite");
  add_bin(bin_of(x + 0.0), 1);  // + 0.0 turns -0.0 into 0.0
}

void BinnedMedian::add(const BinnedMedian& other) {
  for (const auto& [bin, n] : other.bins_) add_bin(bin, n);
}

void BinnedMedian::add_bin(std::uint32_t bin, std::uint64_t count) {
  if (bin >= bin_of(INFINITY)) throw std::invalid_argument("BinnedMedian: no such bin");
  if (count == 0) return;
  bins_[bin] += count;
  count_ += count;
}

double BinnedMedian::median() const {
  if (count_ == 0) return std::nan("");
  // 0-based ranks of the middle values: (n - 1) / 2 and n / 2.
  const std::uint64_t lower_rank = (count_ - 1) / 2, upper_rank = count_ / 2;
  std::uint64_t seen = 0;
  double lower = 0;
  for (const auto& [bin, n] : bins_) {
    if (seen <= lower_rank && lower_rank < seen + n) lower = bin_middle(bin);
    if (upper_rank < seen + n) return 0.5 * (lower + bin_middle(bin));
    seen += n;
  }
  return lower;  // not reached: upper_rank < count_
}

}  // namespace metamc
