#include "metamc/diagnostics/draws.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "metamc/math/normal.hpp"

namespace metamc {

DrawsMatrix split_chains(const DrawsView& x) {
  const Eigen::Index n = x.rows(), m = x.cols();
  if (n < 2) return x;
  const Eigen::Index half = n / 2;
  DrawsMatrix out(half, 2 * m);
  out.leftCols(m) = x.topRows(half);
  out.rightCols(m) = x.bottomRows(half);  // skips the middle draw when n is odd
  return out;
}

Eigen::Map<const DrawsMatrix> split_view(const DrawsView& x, DrawsMatrix& copy) {
  if (x.rows() % 2 == 0 && x.outerStride() == x.rows())
    return {x.data(), x.rows() / 2, 2 * x.cols()};
  copy = split_chains(x);
  return {copy.data(), copy.rows(), copy.cols()};
}

namespace {

// The value at column-major position i (a view of a block may have a longer outer stride).
double at(const DrawsView& x, std::size_t i) {
  if (x.outerStride() == x.rows()) return x.data()[i];
  const auto rows = static_cast<std::size_t>(x.rows());
  return x(static_cast<Eigen::Index>(i % rows), static_cast<Eigen::Index>(i / rows));
}

// Fewer draws are sorted by std::stable_sort and selected by nth_element on a copy.
constexpr std::size_t kManyDraws = std::size_t{1} << 15;

// Orders a run of draws in place by (value, position): insertion for short runs, std::sort of
// pairs for long ones (many draws that share a key: a heavy tail stretched the key's range).
void order_run(std::vector<double>& values, std::vector<std::uint32_t>& positions,
               std::size_t first, std::size_t last) {
  if (last - first <= 32) {
    for (std::size_t j = first + 1; j < last; ++j) {
      const double v = values[j];
      const std::uint32_t p = positions[j];
      std::size_t m = j;
      for (; m > first && v < values[m - 1]; --m) {
        values[m] = values[m - 1];
        positions[m] = positions[m - 1];
      }
      values[m] = v;
      positions[m] = p;
    }
    return;
  }
  std::vector<std::pair<double, std::uint32_t>> run;
  for (std::size_t j = first; j < last; ++j) run.emplace_back(values[j], positions[j]);
  std::sort(run.begin(), run.end());
  for (std::size_t j = first; j < last; ++j) std::tie(values[j], positions[j]) = run[j - first];
}

// LSD radix sort of (key << 32 | position) on the key's 32 bits, 11 bits a pass (the counts stay
// in the L1 cache), the three passes' counts taken in one read; a pass whose digit is the same
// for every key is skipped. Stable: equal keys keep their positions' order.
// Returns where the sorted items are: `items` or `scratch` (n items each).
const std::uint64_t* radix_sort_keys(std::uint64_t* items, std::uint64_t* scratch, std::size_t n) {
  constexpr int kBits = 11, kPasses = 3;
  constexpr std::uint64_t kMask = (1u << kBits) - 1;
  std::vector<std::uint32_t> count(kPasses << kBits, 0);
  for (std::size_t i = 0; i < n; ++i)
    for (int pass = 0; pass < kPasses; ++pass)
      ++count[(static_cast<std::size_t>(pass) << kBits) +
              ((items[i] >> (32 + kBits * pass)) & kMask)];
  std::uint64_t *from = items, *to = scratch;
  for (int pass = 0; pass < kPasses; ++pass) {
    std::uint32_t* c = count.data() + (static_cast<std::size_t>(pass) << kBits);
    if (*std::max_element(c, c + (1u << kBits)) == n) continue;
    std::uint32_t position = 0;
    for (std::uint32_t* digit = c; digit != c + (1u << kBits); ++digit)
      position += std::exchange(*digit, position);
    const int shift = 32 + kBits * pass;
    for (std::size_t i = 0; i < n; ++i) to[c[(from[i] >> shift) & kMask]++] = from[i];
    std::swap(from, to);
  }
  return from;
}

}  // namespace

SortedDraws sort_draws(const DrawsView& x) {
  const auto n = static_cast<std::size_t>(x.size());
  if (n > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("sort_draws: more than 2^32 draws");
  SortedDraws out;
  if (n < kManyDraws) {
    out.values.resize(n);
    out.positions.resize(n);
    std::iota(out.positions.begin(), out.positions.end(), 0u);
    std::stable_sort(out.positions.begin(), out.positions.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return at(x, a) < at(x, b); });
    for (std::size_t r = 0; r < n; ++r) out.values[r] = at(x, out.positions[r]);
    return out;
  }
  // The key floor((v - min) / (max - min) * (2^32 - 1)) never decreases with v (each step is
  // monotone under rounding), so sorting by key leaves only draws that share a key to order. The
  // halves keep max/2 - min/2 finite whatever the draws.
  const double low = x.minCoeff(), high = x.maxCoeff();
  const double span = high / 2 - low / 2;
  const double top = 4294967295.0;
  const double scale = span > 0 ? top / span : 0.0;
  // Two buffers of n items, uninitialised: each is written before it is read.
  const std::unique_ptr<std::uint64_t[]> buffers(new std::uint64_t[2 * n]);
  for (std::size_t i = 0; i < n; ++i) {
    const double key = std::min(top, (at(x, i) / 2 - low / 2) * scale);
    buffers[i] = static_cast<std::uint64_t>(key) << 32 | i;
  }
  const std::uint64_t* items = radix_sort_keys(buffers.get(), buffers.get() + n, n);
  out.values.resize(n);
  out.positions.resize(n);
  std::uint32_t* positions = out.positions.data();
  double* values = out.values.data();
  for (std::size_t r = 0; r < n; ++r) positions[r] = static_cast<std::uint32_t>(items[r]);
  // The values in sorted order: reads all over the draws, each asked for kAhead reads ahead.
  constexpr std::size_t kAhead = 32;
  if (x.outerStride() == x.rows()) {
    const double* draws = x.data();
    const std::size_t ahead = n > kAhead ? n - kAhead : 0;
    for (std::size_t r = 0; r < ahead; ++r) {
      __builtin_prefetch(draws + positions[r + kAhead]);
      values[r] = draws[positions[r]];
    }
    for (std::size_t r = ahead; r < n; ++r) values[r] = draws[positions[r]];
  } else {
    for (std::size_t r = 0; r < n; ++r) values[r] = at(x, positions[r]);
  }
  for (std::size_t first = 0; first < n;) {
    std::size_t last = first + 1;
    while (last < n && items[last] >> 32 == items[first] >> 32) ++last;
    if (last - first > 1) order_run(out.values, out.positions, first, last);
    first = last;
  }
  return out;
}

namespace {

// The two sorted runs whose merge is the folded sort: the distances of the `below` draws under the
// centre read downwards, down[i] = centre - v[below - 1 - i], and of the others read upwards,
// up[j] = v[below + j] - centre. A down comes before an up when they tie. Each run ends in
// infinity, so that a spent run loses every comparison while the distances are finite.
class FoldedRuns {
 public:
  FoldedRuns(const std::vector<double>& v, double centre)
      : n_(v.size()),
        below_(static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), centre) - v.begin())),
        distances_(v.size() + 2) {
    const double infinity = std::numeric_limits<double>::infinity();
    bool finite = std::isfinite(centre);
    for (std::size_t i = 0; i < below_; ++i) {
      distances_[i] = centre - v[below_ - 1 - i];
      finite &= std::isfinite(distances_[i]);
    }
    distances_[below_] = infinity;
    for (std::size_t j = below_; j < n_; ++j) {
      distances_[j + 1] = v[j] - centre;
      finite &= std::isfinite(distances_[j + 1]);
    }
    distances_[n_ + 1] = infinity;
    finite_ = finite;
  }

  std::size_t size() const { return n_; }
  std::size_t below() const { return below_; }
  /// Whether every distance is finite (no infinite or NaN draw, no overflow).
  bool finite() const { return finite_; }
  const double* down() const { return distances_.data(); }
  const double* up() const { return distances_.data() + below_ + 1; }

  // How many downs the merge has taken after r draws (merge path: Odeh, Green, Mwassi, Shmueli
  // and Birk 2012): the first i whose down comes after up[r - i - 1], by bisection.
  std::size_t downs_before(std::size_t r) const {
    std::size_t low = r > n_ - below_ ? r - (n_ - below_) : 0, high = std::min(r, below_);
    while (low < high) {
      const std::size_t i = low + (high - low) / 2;
      if (down()[i] <= up()[r - i - 1]) {
        low = i + 1;
      } else {
        high = i;
      }
    }
    return low;
  }

 private:
  std::size_t n_, below_;
  bool finite_ = true;
  std::vector<double> distances_;  // the downs, infinity, the ups, infinity
};

// The merge one draw at a time, with explicit ends: for distances that are not all finite.
SortedDraws merge_one_by_one(const SortedDraws& sorted, std::size_t below, double centre) {
  const std::vector<double>& v = sorted.values;
  const std::size_t n = v.size();
  SortedDraws out;
  out.values.resize(n);
  out.positions.resize(n);
  std::size_t down = below, up = below;  // the next below is v[down - 1]
  for (std::size_t r = 0; r < n; ++r) {
    const bool take_down = up == n || (down > 0 && centre - v[down - 1] <= v[up] - centre);
    const std::size_t from = take_down ? --down : up++;
    out.values[r] = std::fabs(v[from] - centre);
    out.positions[r] = sorted.positions[from];
  }
  return out;
}

}  // namespace

SortedDraws fold_sorted(const SortedDraws& sorted, double centre) {
  const FoldedRuns runs(sorted.values, centre);
  if (!runs.finite()) return merge_one_by_one(sorted, runs.below(), centre);
  const std::size_t n = runs.size(), below = runs.below();
  const double *down = runs.down(), *up = runs.up();
  SortedDraws out;
  out.values.resize(n);
  out.positions.resize(n);
  // A merge's next step waits on its last comparison, which is unpredictable. So the output is
  // cut into kLanes pieces, each merged from where the merge path puts its start, in one loop
  // without branches: the processor overlaps the pieces' comparisons.
  constexpr std::size_t kLanes = 8;
  std::size_t start[kLanes + 1], downs[kLanes];
  for (std::size_t lane = 0; lane <= kLanes; ++lane) start[lane] = n * lane / kLanes;
  for (std::size_t lane = 0; lane < kLanes; ++lane) downs[lane] = runs.downs_before(start[lane]);
  // The r-th step of a lane's piece; its ups taken are its draws taken less its downs.
  auto step = [&](std::size_t lane, std::size_t r) {
    const std::size_t at = start[lane] + r, i = downs[lane], j = at - i;
    const double d = down[i], u = up[j];
    const std::size_t take_down = d <= u;
    out.values[at] = u < d ? u : d;
    out.positions[at] = sorted.positions[take_down ? below - 1 - i : below + j];
    downs[lane] = i + take_down;
  };
  const std::size_t shortest = n / kLanes;  // the shortest piece's length
  for (std::size_t r = 0; r < shortest; ++r)
    for (std::size_t lane = 0; lane < kLanes; ++lane) step(lane, r);
  for (std::size_t lane = 0; lane < kLanes; ++lane)
    for (std::size_t r = shortest; start[lane] + r < start[lane + 1]; ++r) step(lane, r);
  return out;
}

std::shared_ptr<const std::vector<double>> blom_scores(std::size_t draws) {
  static std::mutex mutex;
  static std::shared_ptr<const std::vector<double>> cached;
  // Held while computing: a thread that needs the same scores waits for them.
  const std::lock_guard<std::mutex> lock(mutex);
  if (cached && cached->size() == draws) return cached;
  std::vector<double> scores(draws);
  const double s = static_cast<double>(draws);
  // Ranks r and S + 1 - r differ only in sign: the lower half is computed, the upper mirrored,
  // which keeps the digits that Phi^-1 near 1 would lose.
  for (std::size_t r = 1; 2 * r <= draws + 1; ++r) {
    const double score = standard_normal_quantile((static_cast<double>(r) - 0.375) / (s + 0.25));
    scores[r - 1] = score;
    scores[draws - r] = -score;
  }
  cached = std::make_shared<const std::vector<double>>(std::move(scores));
  return cached;
}

DrawsMatrix z_scale(const SortedDraws& sorted, Eigen::Index rows, Eigen::Index cols) {
  DrawsMatrix z(rows, cols);
  double* out = z.data();
  for_each_score(sorted, [out](std::uint32_t position, double score) { out[position] = score; });
  return z;
}

DrawsMatrix z_scale(const DrawsView& x) {
  return z_scale(sort_draws(x), x.rows(), x.cols());
}

double sorted_quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto low = static_cast<std::size_t>(std::floor(h));
  if (low + 1 >= sorted.size()) return sorted[low];
  return sorted[low] + (h - static_cast<double>(low)) * (sorted[low + 1] - sorted[low]);
}

namespace {

// Puts the order statistics at the sorted, distinct positions wanted[from..to) in place within
// [first, last): each selection splits the range for the others (nth_element, nested).
void select_positions(double* v, std::size_t first, std::size_t last,
                      const std::vector<std::size_t>& wanted, std::size_t from, std::size_t to) {
  if (from >= to) return;
  const std::size_t middle = from + (to - from) / 2, position = wanted[middle];
  // An end of the range (the neighbour of a statistic already placed): one pass finds it.
  if (position == first) {
    std::iter_swap(v + first, std::min_element(v + first, v + last));
  } else if (position + 1 == last) {
    std::iter_swap(v + position, std::max_element(v + first, v + last));
  } else {
    std::nth_element(v + first, v + position, v + last);
  }
  select_positions(v, first, position, wanted, from, middle);
  select_positions(v, position + 1, last, wanted, middle + 1, to);
}

// The order statistics of x at the sorted, distinct positions `wanted`, by nested selections.
std::vector<double> select_all(const DrawsView& x, const std::vector<std::size_t>& wanted) {
  std::vector<double> v(static_cast<std::size_t>(x.size()));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = at(x, i);
  select_positions(v.data(), 0, v.size(), wanted, 0, wanted.size());
  std::vector<double> out;
  for (std::size_t w : wanted) out.push_back(v[w]);
  return out;
}

constexpr double kBracketSds = 5;            // half-width of a bracket, in sds of a sample rank
constexpr std::size_t kPassBlock = 1024;     // draws between checks of the brackets' room
constexpr std::size_t kFewInside = 1 << 13;  // fewer draws in a bracket: nth_element among them

// The size of the sample that brackets the order statistics of n draws: grows as n^(2/3), as in
// Floyd and Rivest's selection (a quarter of it: measured fastest here, the brackets' draws being
// selected the same way again), a power of two from 1024 to 16384.
std::size_t sample_size(std::size_t n) {
  const double target = std::cbrt(static_cast<double>(n) * static_cast<double>(n)) / 4;
  std::size_t size = 1024;
  while (size < 16384 && static_cast<double>(size) < target) size *= 2;
  return size;
}

// A bracket of draws around an order statistic, and what one pass found of it.
struct Bracket {
  double low, high;
  double from, to;                     // its first and last sample ranks, within the sample
  std::size_t room, below, count;      // draws it may hold, draws below it, draws inside it
  std::vector<std::size_t> positions;  // of the order statistics wanted inside it
};

// Draws first..last-1 through B brackets at once: the counts below each, without branches, and
// the draws inside each copied to out[b] (each draw is written at the bracket's end, which moves
// on only when the draw is inside).
template <std::size_t B>
void pass_brackets(const DrawsView& x, std::size_t first, std::size_t last, Bracket* brackets,
                   double* const* out) {
  double low[B], high[B];
  std::size_t below[B], count[B];
  for (std::size_t b = 0; b < B; ++b) {
    low[b] = brackets[b].low;
    high[b] = brackets[b].high;
    below[b] = brackets[b].below;
    count[b] = brackets[b].count;
  }
  for (std::size_t i = first; i < last; ++i) {
    const double v = at(x, i);
    for (std::size_t b = 0; b < B; ++b) {
      below[b] += v < low[b];
      out[b][count[b]] = v;
      count[b] += (v >= low[b]) & (v <= high[b]);
    }
  }
  for (std::size_t b = 0; b < B; ++b) {
    brackets[b].below = below[b];
    brackets[b].count = count[b];
  }
}

// The order statistics of x at `wanted` (sorted, distinct). From an even sample of the draws, a
// bracket [low, high] around each, which holds it unless the sample misleads by more than five
// sds of a sample rank (binomial); overlapping brackets merge. One pass counts the draws below
// each bracket and copies those inside; a selection among the few inside finds the statistic.
// A bracket that misses or overflows: select_all.
std::vector<double> select_bracketed(const DrawsView& x, const std::vector<std::size_t>& wanted) {
  const auto n = static_cast<std::size_t>(x.size());
  const std::size_t samples = sample_size(n);
  const auto s = static_cast<double>(samples);
  const double half_width = kBracketSds * std::sqrt(0.25 * s) + 1;
  const double infinity = std::numeric_limits<double>::infinity();
  // The sample ranks of the ends of the bracket around order statistic w (beyond the sample
  // where the bracket is open), and the sample's order statistics there.
  auto ends_of = [&](std::size_t w) {
    const double centre = (static_cast<double>(w) + 0.5) / static_cast<double>(n) * s;
    return std::make_pair(std::floor(centre - half_width), std::ceil(centre + half_width));
  };
  std::vector<std::size_t> ends;
  for (std::size_t w : wanted) {
    const auto [from, to] = ends_of(w);
    if (from >= 0) ends.push_back(static_cast<std::size_t>(from));
    if (to < s) ends.push_back(static_cast<std::size_t>(to));
  }
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  std::vector<double> sample(samples);
  for (std::size_t j = 0; j < samples; ++j) sample[j] = at(x, j * n / samples);
  select_positions(sample.data(), 0, samples, ends, 0, ends.size());
  std::vector<Bracket> brackets;
  for (std::size_t w : wanted) {
    const auto [from, to] = ends_of(w);
    const double low = from < 0 ? -infinity : sample[static_cast<std::size_t>(from)];
    const double high = to >= s ? infinity : sample[static_cast<std::size_t>(to)];
    if (!brackets.empty() && low <= brackets.back().high) {  // merged: the union
      brackets.back().high = std::max(brackets.back().high, high);
      brackets.back().to = std::fmin(to, s);
      brackets.back().positions.push_back(w);
    } else {
      brackets.push_back({low, high, std::fmax(from, 0.0), std::fmin(to, s), 0, 0, 0, {w}});
    }
  }
  // One pass, in blocks of draws (pass_brackets). Room in each bracket for twice the draws its
  // share of the sample stands for (8% to 32% of them for a single statistic's bracket, by the
  // sample's size).
  std::vector<std::unique_ptr<double[]>> inside;  // uninitialised: written before read
  for (Bracket& bracket : brackets) {
    const double share = std::fmin(1.0, 2 * (bracket.to - bracket.from) / s);
    bracket.room = static_cast<std::size_t>(std::ceil(share * static_cast<double>(n))) + kPassBlock;
    inside.emplace_back(new double[bracket.room]);
  }
  std::vector<double*> outs;
  for (auto& values : inside) outs.push_back(values.get());
  for (std::size_t first = 0; first < n; first += kPassBlock) {
    const std::size_t last = std::min(n, first + kPassBlock);
    for (const Bracket& bracket : brackets)
      if (bracket.count + kPassBlock > bracket.room) return select_all(x, wanted);
    // Three brackets at a time: their counts are independent, so the processor overlaps them.
    for (std::size_t b = 0; b < brackets.size(); b += 3) {
      const std::size_t left = brackets.size() - b;
      if (left >= 3) {
        pass_brackets<3>(x, first, last, &brackets[b], &outs[b]);
      } else if (left == 2) {
        pass_brackets<2>(x, first, last, &brackets[b], &outs[b]);
      } else {
        pass_brackets<1>(x, first, last, &brackets[b], &outs[b]);
      }
    }
  }
  std::vector<double> out;
  for (std::size_t b = 0; b < brackets.size(); ++b) {
    const Bracket& bracket = brackets[b];
    std::vector<std::size_t> local;
    for (std::size_t w : bracket.positions) {
      if (w < bracket.below || w - bracket.below >= bracket.count) return select_all(x, wanted);
      local.push_back(w - bracket.below);
    }
    if (bracket.count >= kFewInside && 2 * bracket.count <= n) {
      // Many draws, but at most half of them: the same again among the bracket's draws (a
      // bracket of merged brackets can hold them all, which would be the same problem again).
      const Eigen::Map<const Eigen::VectorXd> draws(inside[b].get(),
                                                    static_cast<Eigen::Index>(bracket.count));
      for (double statistic : select_bracketed(draws, local)) out.push_back(statistic);
    } else {
      select_positions(inside[b].get(), 0, bracket.count, local, 0, local.size());
      for (std::size_t l : local) out.push_back(inside[b][l]);
    }
  }
  return out;
}

}  // namespace

std::vector<double> quantiles(const DrawsView& x, const std::vector<double>& probabilities) {
  const auto n = static_cast<std::size_t>(x.size());
  // Each type-7 quantile needs the order statistics at floor(h) and floor(h) + 1.
  std::vector<std::size_t> wanted;
  for (double p : probabilities) {
    const auto low = static_cast<std::size_t>(std::floor((static_cast<double>(n) - 1) * p));
    wanted.push_back(low);
    if (low + 1 < n) wanted.push_back(low + 1);
  }
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  const std::vector<double> statistics =
      n < kManyDraws ? select_all(x, wanted) : select_bracketed(x, wanted);
  auto statistic = [&](std::size_t position) {
    return statistics[static_cast<std::size_t>(
        std::lower_bound(wanted.begin(), wanted.end(), position) - wanted.begin())];
  };
  std::vector<double> out;
  for (double p : probabilities) {
    const double h = (static_cast<double>(n) - 1) * p;
    const auto low = static_cast<std::size_t>(std::floor(h));
    const double below = statistic(low);
    out.push_back(low + 1 < n
                      ? below + (h - static_cast<double>(low)) * (statistic(low + 1) - below)
                      : below);
  }
  return out;
}

double quantile(const DrawsView& x, double p) {
  return quantiles(x, {p})[0];
}

DrawsMatrix fold(const DrawsView& x) {
  return (x.array() - quantile(x, 0.5)).abs().matrix();
}

bool is_constant(const DrawsView& x, double tolerance) {
  // One pass that stops at the first spread of `tolerance`: at once for draws that vary.
  if (x.size() == 0) return true;
  double low = at(x, 0), high = low;
  const auto n = static_cast<std::size_t>(x.size());
  for (std::size_t i = 1; i < n; ++i) {
    const double v = at(x, i);
    low = std::fmin(low, v);
    high = std::fmax(high, v);
    if (!(high - low < tolerance)) return false;
  }
  return true;
}

}  // namespace metamc
