#include "metamc/diagnostics/indicator_ess.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "metamc/diagnostics/ess.hpp"

namespace metamc {
namespace {

// Lags beyond this many: the matrix and ess_basic, whose FFT serves every lag at once (for
// 16 chains of 50,000 draws it costs about as much as 10,000 lags of popcounts).
constexpr std::size_t kMostLags = 1024;

// One chain's indicators, bit i % 64 of word i / 64 for draw i; the bits past its end are 0.
class ChainBits {
 public:
  ChainBits(const std::uint64_t* words, std::size_t length)
      : words_(words), size_((length + 63) / 64), ones_(ones_between(0, length)) {}

  std::size_t ones() const { return ones_; }

  // Sum over i of x_i x_{i+t}: the chain's words against themselves shifted t draws.
  std::size_t pairs(std::size_t t) const {
    const std::size_t q = t / 64, r = t % 64;
    std::size_t total = 0;
    for (std::size_t k = 0; k + q < size_; ++k) {
      std::uint64_t later = words_[k + q] >> r;
      if (r != 0 && k + q + 1 < size_) later |= words_[k + q + 1] << (64 - r);
      total += popcount(words_[k] & later);
    }
    return total;
  }

  // Ones among draws first..last-1, from the words they span only.
  std::size_t ones_between(std::size_t first, std::size_t last) const {
    if (first >= last) return 0;
    const std::size_t head = first / 64, tail = (last - 1) / 64;
    std::size_t total = 0;
    for (std::size_t k = head; k <= tail; ++k) total += popcount(words_[k]);
    total -= popcount(words_[head] & ((std::uint64_t{1} << (first % 64)) - 1));
    if (last % 64 != 0) total -= popcount(words_[tail] >> (last % 64));
    return total;
  }

 private:
  static std::size_t popcount(std::uint64_t word) {
    return static_cast<std::size_t>(__builtin_popcountll(word));
  }

  const std::uint64_t* words_;
  std::size_t size_, ones_;
};

}  // namespace

double indicator_ess(const std::uint32_t* order, std::size_t ones, Eigen::Index rows,
                     Eigen::Index cols) {
  const auto n = static_cast<std::size_t>(rows), m = static_cast<std::size_t>(cols);
  if (rows < 3 || ones == 0 || ones == n * m) return std::numeric_limits<double>::quiet_NaN();
  // The rarer value's positions: fewer bits to set.
  const std::uint32_t* positions = 2 * ones <= n * m ? order : order + ones;
  const std::size_t count = 2 * ones <= n * m ? ones : n * m - ones;
  const std::size_t words = (n + 63) / 64;
  std::vector<std::uint64_t> bits(words * m, 0);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t chain = positions[i] / n, draw = positions[i] % n;
    bits[chain * words + draw / 64] |= std::uint64_t{1} << (draw % 64);
  }
  std::vector<ChainBits> chains;
  Eigen::RowVectorXd means(cols);
  for (std::size_t j = 0; j < m; ++j) {
    chains.emplace_back(bits.data() + j * words, n);
    means[static_cast<Eigen::Index>(j)] =
        static_cast<double>(chains.back().ones()) / static_cast<double>(n);
  }
  // The mean over chains of (1/N) sum_{i < N-t} (x_i - c)(x_{i+t} - c), c the chain's mean:
  // (1/N) [pairs(t) - c (ones in the first N-t + ones in the last N-t) + (N-t) c^2].
  const auto length = static_cast<double>(n);
  auto acov = [&](std::size_t t) {
    double sum = 0;
    for (std::size_t j = 0; j < m; ++j) {
      const double c = means[static_cast<Eigen::Index>(j)];
      const auto ends = static_cast<double>(
          2 * chains[j].ones() - chains[j].ones_between(n - t, n) - chains[j].ones_between(0, t));
      sum += static_cast<double>(chains[j].pairs(t)) - c * ends +
             (length - static_cast<double>(t)) * c * c;
    }
    return sum / length / static_cast<double>(m);
  };
  const EssEstimate estimate = ess_from_autocovariances(
      acov, std::min(n - 1, kMostLags), length, static_cast<double>(m), var_chain_means(means));
  if (!estimate.truncated || kMostLags >= n - 1) return estimate.ess;
  DrawsMatrix x = DrawsMatrix::Zero(rows, cols);
  for (std::size_t i = 0; i < count; ++i) x.data()[positions[i]] = 1;
  return ess_basic(x);
}

}  // namespace metamc
