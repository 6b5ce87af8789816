#include "metamc/diagnostics/draws.hpp"

#include <algorithm>
#include <atomic>
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

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

// The order of the sorted draws: by value, a NaN (a broken chain's) after every number, so that
// the order stays strict and weak for std::sort.
bool before(double a, double b) {
  return !std::isnan(a) && (std::isnan(b) || a < b);
}

SortedDraws radix_sort(const DrawsView& x, int depth);

// How many times a long run is sorted again by keys over its own range (radix_sort's depth).
constexpr int kDeepest = 2;

// Orders a run of draws in place by (value, position): insertion for short runs; for long ones
// (draws squeezed into a few keys by a far outlier in the keys' range, or a range the sample
// could not tell) a radix sort again, by keys over the run's own range, and std::sort of pairs
// for the others and past kDeepest. The run comes in the order of its positions.
void order_run(SortedDraws& sorted, std::size_t first, std::size_t last, int depth) {
  SortedValues& values = sorted.values;
  SortedPositions& positions = sorted.positions;
  const std::size_t m = last - first;
  if (m <= 32) {
    for (std::size_t j = first + 1; j < last; ++j) {
      const double v = values[j];
      const std::uint32_t p = positions[j];
      std::size_t k = j;
      for (; k > first && before(v, values[k - 1]); --k) {
        values[k] = values[k - 1];
        positions[k] = positions[k - 1];
      }
      values[k] = v;
      positions[k] = p;
    }
    return;
  }
  // Equal values (NaN with NaN) keep the run's order, which is their positions'.
  const double head = values[first];
  if (std::all_of(values.begin() + static_cast<std::ptrdiff_t>(first),
                  values.begin() + static_cast<std::ptrdiff_t>(last),
                  [head](double v) { return !before(v, head) && !before(head, v); }))
    return;
  if (m >= kManyDraws && depth < kDeepest) {
    const SortedDraws again = radix_sort(
        Eigen::Map<const DrawsMatrix>(values.data() + first, static_cast<Eigen::Index>(m), 1),
        depth + 1);
    const SortedPositions held(positions.begin() + static_cast<std::ptrdiff_t>(first),
                               positions.begin() + static_cast<std::ptrdiff_t>(last));
    for (std::size_t j = 0; j < m; ++j) {
      values[first + j] = again.values[j];
      positions[first + j] = held[again.positions[j]];
    }
    return;
  }
  std::vector<std::pair<double, std::uint32_t>> run;
  run.reserve(m);
  for (std::size_t j = first; j < last; ++j) run.emplace_back(values[j], positions[j]);
  std::sort(run.begin(), run.end(), [](const auto& a, const auto& b) {
    if (before(a.first, b.first)) return true;
    if (before(b.first, a.first)) return false;
    return a.second < b.second;
  });
  for (std::size_t j = first; j < last; ++j) std::tie(values[j], positions[j]) = run[j - first];
}

constexpr int kTopBits = 11;      // the digit of the first, most significant, pass
constexpr int kBucketBits = 7;    // the digits of the passes within a bucket
constexpr std::size_t kFew = 48;  // a bucket of at most so many items: insertion
// At least the key's top kTopBits + 2 x kBucketBits = 25 bits are sorted on: items that share them
// are then ordered by value as they are read (order_run), a few draws in a hundred for a normal
// sample. A bucket of more than kCrowded items (a quarter of an item for each value of the 14 bits
// below its top bits: a heavy tail stretched the key's range, or many draws) is sorted on the
// low 7 bits too, so that those runs stay short.
constexpr int kSortedShift = 64 - kTopBits - 2 * kBucketBits;
constexpr std::size_t kCrowded = std::size_t{1} << 12;

// The lowest bit of the item that a bucket of m items is sorted on: sort_bucket sorts it so, and
// the gather orders by value the runs that share the bits above.
int sorted_shift(std::size_t m) {
  return m <= kFew || m > kCrowded ? 32 : kSortedShift;
}

// Orders the items (key << 32 | position) of one bucket, which share the key's top bits: by
// insertion when they are few, otherwise by LSD radix on the key's next 14 bits, or 21 bits when
// crowded: stable passes of 7 bits (128 counts each, taken in one read), a pass whose digit is
// the same for every item skipped. Reads `from`, writes `to` (m items each; `from` is
// overwritten).
void sort_bucket(std::uint64_t* from, std::uint64_t* to, std::size_t m) {
  if (m <= kFew) {
    // The whole item compares as (key, position): the order of equal keys is their positions'.
    for (std::size_t j = 0; j < m; ++j) {
      const std::uint64_t item = from[j];
      std::size_t k = j;
      for (; k > 0 && item < to[k - 1]; --k) to[k] = to[k - 1];
      to[k] = item;
    }
    return;
  }
  constexpr std::uint64_t kMask = (1u << kBucketBits) - 1;
  const int lowest = sorted_shift(m), passes = (64 - kTopBits - lowest) / kBucketBits;
  std::uint32_t count[3][1u << kBucketBits] = {};
  for (std::size_t j = 0; j < m; ++j)
    for (int pass = 0; pass < passes; ++pass)
      ++count[pass][(from[j] >> (lowest + kBucketBits * pass)) & kMask];
  std::uint64_t* const out = to;
  for (int pass = 0; pass < passes; ++pass) {
    std::uint32_t* c = count[pass];
    if (*std::max_element(c, c + (1u << kBucketBits)) == m) continue;
    std::uint32_t position = 0;
    for (std::uint32_t* digit = c; digit != c + (1u << kBucketBits); ++digit)
      position += std::exchange(*digit, position);
    const int shift = lowest + kBucketBits * pass;
    for (std::size_t j = 0; j < m; ++j) to[c[(from[j] >> shift) & kMask]++] = from[j];
    std::swap(from, to);
  }
  if (from != out) std::copy(from, from + m, out);
}

// Sorts the items (key << 32 | position) by the key's top bits (sort_bucket), stably, in place: an
// MSD pass on the key's top 11 bits (with the counts `top_count` taken as the keys were made) puts
// each item in its bucket in `scratch`, and each bucket, a few hundred items on average that stay
// in the cache, is then sorted back into `items` by its own (sort_bucket). The passes after the
// first thus run in the cache, where an LSD sort of the whole key would scatter out of it each
// time. Returns where each bucket starts, and after the last, where the items end.
std::vector<std::uint32_t> radix_sort_keys(std::uint64_t* items, std::uint64_t* scratch,
                                           std::size_t n, std::vector<std::uint32_t>& top_count) {
  std::vector<std::uint32_t> start(top_count.size() + 1, 0);
  for (std::size_t d = 0; d < top_count.size(); ++d) start[d + 1] = start[d] + top_count[d];
  std::vector<std::uint32_t>& next = top_count;  // the counts are done with
  std::copy(start.begin(), start.end() - 1, next.begin());
  for (std::size_t i = 0; i < n; ++i) scratch[next[items[i] >> (64 - kTopBits)]++] = items[i];
  for (std::size_t d = 0; d < top_count.size(); ++d)
    sort_bucket(scratch + start[d], items + start[d], start[d + 1] - start[d]);
  return start;
}

// sort_draws of many draws (at most 2^32). The key floor((v - low) / (high - low) * (2^32 - 1)),
// clamped to [0, 2^32 - 1], never decreases with v (each step is monotone under rounding), so
// sorting by the key's top bits leaves only draws that share them to order. At depth 0, low and
// high are those of an even sample of the finite draws widened by a tenth of its range on each
// side, rather than of a pass over them all: the few draws beyond, infinities included, take the
// end keys and are ordered there, as NaN draws (a broken chain's) are at the top. Deeper (a long
// run sorted again, order_run), they are the finite draws' own least and greatest. The halves keep
// the differences finite whatever the draws. When the range is not a finite positive number (the
// finite draws read are all equal, or there are none), the keys only tell the draws below that
// value, at it, above it and NaN apart.
SortedDraws radix_sort(const DrawsView& x, int depth) {
  const auto n = static_cast<std::size_t>(x.size());
  constexpr std::size_t kRangeSample = 4096;
  const std::size_t reads = depth == 0 ? kRangeSample : n;
  double least = std::numeric_limits<double>::infinity(), greatest = -least;
  for (std::size_t j = 0; j < reads; ++j) {
    const double v = at(x, depth == 0 ? j * n / kRangeSample : j);
    const bool finite = std::isfinite(v);
    least = finite && v < least ? v : least;
    greatest = finite && v > greatest ? v : greatest;
  }
  double margin = depth == 0 ? (greatest / 2 - least / 2) / 10 : 0.0;
  if (!std::isfinite(greatest / 2 + margin - (least / 2 - margin))) margin = 0;  // near +-DBL_MAX
  const double low_half = least / 2 - margin, span = greatest / 2 + margin - low_half;
  const double top = 4294967295.0;
  // Two buffers of n items, uninitialised: each is written before it is read. The scratch goes
  // back to the pool before the sorted values are allocated, which may then take its block.
  WorkArray<std::uint64_t> buffer(n), scratch(n);
  std::uint64_t* items = buffer.data();
  std::vector<std::uint32_t> top_count(std::size_t{1} << kTopBits, 0);
  // The items and the counts of the keys' top bits, given where v falls on [0, top]: the key is
  // that clamped to [0, top] (NaN at the top) and truncated. The clamp is two comparisons rather
  // than fmin, a call into libm, and the conversion a signed one (an unsigned one branches on
  // 2^63). One loop per way of placing v, chosen before it.
  auto make_items = [&](auto&& place) {
    for (std::size_t i = 0; i < n; ++i) {
      double t = place(at(x, i));
      t = t < top ? t : top;
      t = t > 0 ? t : 0.0;
      const auto key = static_cast<std::uint64_t>(static_cast<std::int64_t>(t));
      items[i] = key << 32 | i;
      ++top_count[key >> (32 - kTopBits)];
    }
  };
  // (v / 2 - low_half) / span * top by a product with top / span, or, where the span is so
  // narrow (below top / DBL_MAX, about 2.4e-299) that this overflows, by the division.
  if (!(span > 0 && std::isfinite(span))) {
    make_items([&](double v) { return v < least ? 0.0 : v == least ? top / 2 : top; });
  } else if (const double scale = top / span; std::isfinite(scale)) {
    make_items([&](double v) { return (v / 2 - low_half) * scale; });
  } else {
    make_items([&](double v) { return (v / 2 - low_half) / span * top; });
  }
  const std::vector<std::uint32_t> bucket = radix_sort_keys(items, scratch.data(), n, top_count);
  WorkArray<std::uint64_t>().swap(scratch);
  SortedDraws out;
  out.values.resize(n);
  out.positions.resize(n);
  std::uint32_t* positions = out.positions.data();
  double* values = out.values.data();
  // The positions and values in sorted order (the values read all over the draws, each asked for
  // kAhead reads ahead), and each run of items that share the key's sorted bits ordered by value
  // once read. 128 reads ahead rather than 64: about 0.5 ms less a sort of 800,000 draws when
  // two sorts share the memory (k = 3, two threads), the same alone.
  constexpr std::size_t kAhead = 128;
  const double* draws = x.outerStride() == x.rows() ? x.data() : nullptr;
  for (std::size_t d = 0; d + 1 < bucket.size(); ++d) {
    const std::size_t end = bucket[d + 1];
    const int shift = sorted_shift(end - bucket[d]);
    std::size_t run = bucket[d];  // where the run of the current sorted bits began
    for (std::size_t r = bucket[d]; r < end; ++r) {
      const auto position = static_cast<std::uint32_t>(items[r]);
      if (draws && r + kAhead < n)
        __builtin_prefetch(draws + static_cast<std::uint32_t>(items[r + kAhead]));
      positions[r] = position;
      values[r] = at(x, position);
      if (items[r] >> shift != items[run] >> shift) {
        if (r - run > 1) order_run(out, run, r, depth);
        run = r;
      }
    }
    if (end - run > 1) order_run(out, run, end, depth);
  }
  return out;
}

}  // namespace

SortedDraws sort_draws(const DrawsView& x) {
  const auto n = static_cast<std::size_t>(x.size());
  if (n > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("sort_draws: more than 2^32 draws");
  if (n >= kManyDraws) return radix_sort(x, 0);
  SortedDraws out;
  out.values.resize(n);
  out.positions.resize(n);
  std::iota(out.positions.begin(), out.positions.end(), 0u);
  std::stable_sort(out.positions.begin(), out.positions.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return before(at(x, a), at(x, b)); });
  for (std::size_t r = 0; r < n; ++r) out.values[r] = at(x, out.positions[r]);
  return out;
}

namespace {

// The two sorted runs whose merge is the folded sort: the distances of the `below` draws under the
// centre read downwards, down(i) = centre - v[below - 1 - i], and of the others read upwards,
// up(j) = v[below + j] - centre. A down comes before an up when they tie. Each run ends in
// infinity, so that a spent run loses every comparison while the distances are finite. The
// distances are computed as they are read, not stored: an array of them would be more memory
// first touched (a page fault per 4 KiB in a new process) than their subtractions cost.
class FoldedRuns {
 public:
  FoldedRuns(const SortedValues& v, double centre)
      : v_(v.data()),
        n_(v.size()),
        below_(static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), centre) - v.begin())),
        centre_(centre) {
    // The values increase (NaN last), so the longest distances are those of the ends.
    finite_ = std::isfinite(centre) && (below_ == 0 || std::isfinite(centre - v[0])) &&
              (below_ == n_ || std::isfinite(v[n_ - 1] - centre));
  }

  std::size_t size() const { return n_; }
  std::size_t below() const { return below_; }
  /// Whether every distance is finite (no infinite or NaN draw, no overflow).
  bool finite() const { return finite_; }
  /// Whether both runs have draws (the merge's branch-free reads assume so).
  bool both() const { return below_ > 0 && below_ < n_; }
  /// The index of the i-th down's draw and the down (infinity past the last); the read is
  /// clamped to the run, and the infinity chosen after it, so that it needs no branch.
  std::size_t down_index(std::size_t i) const { return below_ - 1 - std::min(i, below_ - 1); }
  double down(std::size_t i) const {
    const double d = centre_ - v_[down_index(i)];
    return i < below_ ? d : kInfinity;
  }
  std::size_t up_index(std::size_t j) const { return below_ + std::min(j, n_ - below_ - 1); }
  double up(std::size_t j) const {
    const double u = v_[up_index(j)] - centre_;
    return j < n_ - below_ ? u : kInfinity;
  }

  // How many downs the merge has taken after r draws (merge path: Odeh, Green, Mwassi, Shmueli
  // and Birk 2012): the first i whose down comes after up(r - i - 1), by bisection.
  std::size_t downs_before(std::size_t r) const {
    std::size_t low = r > n_ - below_ ? r - (n_ - below_) : 0, high = std::min(r, below_);
    while (low < high) {
      const std::size_t i = low + (high - low) / 2;
      if (down(i) <= up(r - i - 1)) {
        low = i + 1;
      } else {
        high = i;
      }
    }
    return low;
  }

 private:
  static constexpr double kInfinity = std::numeric_limits<double>::infinity();
  const double* v_;
  std::size_t n_, below_;
  double centre_;
  bool finite_ = true;
};

// The merge one draw at a time, with explicit ends: for distances that are not all finite.
SortedDraws merge_one_by_one(const SortedDraws& sorted, std::size_t below, double centre) {
  const SortedValues& v = sorted.values;
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
  if (!runs.finite() || !runs.both()) return merge_one_by_one(sorted, runs.below(), centre);
  const std::size_t n = runs.size();
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
    const double d = runs.down(i), u = runs.up(j);
    const std::size_t take_down = d <= u;
    out.values[at] = u < d ? u : d;
    out.positions[at] = sorted.positions[take_down ? runs.down_index(i) : runs.up_index(j)];
    downs[lane] = i + take_down;
  };
  const std::size_t shortest = n / kLanes;  // the shortest piece's length
  for (std::size_t r = 0; r < shortest; ++r)
    for (std::size_t lane = 0; lane < kLanes; ++lane) step(lane, r);
  for (std::size_t lane = 0; lane < kLanes; ++lane)
    for (std::size_t r = shortest; start[lane] + r < start[lane + 1]; ++r) step(lane, r);
  return out;
}

std::shared_ptr<const NormalScores> blom_scores(std::size_t draws) {
  static std::mutex mutex;
  static std::shared_ptr<const NormalScores> cached;
  // Held while computing: a thread that needs the same scores waits for them.
  const std::lock_guard<std::mutex> lock(mutex);
  if (cached && cached->size() == draws) return cached;
  NormalScores scores(draws);
  const double s = static_cast<double>(draws);
  // Ranks r and S + 1 - r differ only in sign: the lower half is computed, the upper mirrored,
  // which keeps the digits that Phi^-1 near 1 would lose.
  for (std::size_t r = 1; 2 * r <= draws + 1; ++r) {
    const double score = standard_normal_quantile((static_cast<double>(r) - 0.375) / (s + 0.25));
    scores[r - 1] = score;
    scores[draws - r] = -score;
  }
  cached = std::make_shared<const NormalScores>(std::move(scores));
  return cached;
}

WorkArray<double> z_scale(const SortedDraws& sorted) {
  WorkArray<double> z(sorted.values.size());
  double* out = z.data();
  for_each_score(sorted, [out](std::uint32_t position, double score) { out[position] = score; });
  return z;
}

DrawsMatrix z_scale(const DrawsView& x) {
  const WorkArray<double> z = z_scale(sort_draws(x));
  return Eigen::Map<const DrawsMatrix>(z.data(), x.rows(), x.cols());
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

std::atomic<std::size_t> bracket_misses{0};

// select_all, for a bracket that missed or overflowed: counted, for the tests.
std::vector<double> fall_back(const DrawsView& x, const std::vector<std::size_t>& wanted) {
  ++bracket_misses;
  return select_all(x, wanted);
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

#if defined(__SSE2__)
// pass_brackets on two draws at a time, for draws stored contiguously: one comparison of both
// against a bracket's end, the draws below counted in the vector, the inside test read as two bits.
// Returns the first draw not yet passed (first + an even number).
template <std::size_t B>
std::size_t pass_pairs(const double* draws, std::size_t first, std::size_t last, Bracket* brackets,
                       double* const* out) {
  __m128d low[B], high[B];
  __m128i below[B];  // each lane counts down: a comparison that holds is -1
  std::size_t count[B];
  for (std::size_t b = 0; b < B; ++b) {
    low[b] = _mm_set1_pd(brackets[b].low);
    high[b] = _mm_set1_pd(brackets[b].high);
    below[b] = _mm_setzero_si128();
    count[b] = brackets[b].count;
  }
  std::size_t i = first;
  for (; i + 2 <= last; i += 2) {
    const __m128d v = _mm_loadu_pd(draws + i);
    for (std::size_t b = 0; b < B; ++b) {
      const __m128d under = _mm_cmplt_pd(v, low[b]);
      below[b] = _mm_add_epi64(below[b], _mm_castpd_si128(under));
      // Inside: not under the bracket (the comparison just made) and not over it; NaN neither.
      const int inside = _mm_movemask_pd(_mm_andnot_pd(under, _mm_cmple_pd(v, high[b])));
      _mm_storel_pd(out[b] + count[b], v);
      count[b] += static_cast<std::size_t>(inside & 1);
      _mm_storeh_pd(out[b] + count[b], v);
      count[b] += static_cast<std::size_t>(inside >> 1);
    }
  }
  for (std::size_t b = 0; b < B; ++b) {
    alignas(16) std::int64_t lanes[2];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), below[b]);
    brackets[b].below += static_cast<std::size_t>(-(lanes[0] + lanes[1]));
    brackets[b].count = count[b];
  }
  return i;
}
#endif

// Draws first..last-1 through B brackets at once: the counts below each, without branches, and
// the draws inside each copied to out[b] (each draw is written at the bracket's end, which moves
// on only when the draw is inside).
template <std::size_t B>
void pass_brackets(const DrawsView& x, std::size_t first, std::size_t last, Bracket* brackets,
                   double* const* out) {
#if defined(__SSE2__)
  if (x.outerStride() == x.rows()) first = pass_pairs<B>(x.data(), first, last, brackets, out);
#endif
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
      const bool under = v < low[b];  // as pass_pairs: inside is neither under nor over
      below[b] += under;
      out[b][count[b]] = v;
      count[b] += !under & (v <= high[b]);
    }
  }
  for (std::size_t b = 0; b < B; ++b) {
    brackets[b].below = below[b];
    brackets[b].count = count[b];
  }
}

// The order statistics of x at `wanted` (sorted, distinct). From an even sample of the draws, a
// bracket [low, high] around each, which holds it unless the sample misleads by more than five
// sds of a sample rank (binomial: sqrt(s p (1 - p)) of s samples for the statistic at p, so that
// the tails' brackets are narrower); overlapping brackets merge. One pass counts the draws below
// each bracket and copies those inside; a selection among the few inside finds the statistic.
// A bracket that misses or overflows: select_all.
std::vector<double> select_bracketed(const DrawsView& x, const std::vector<std::size_t>& wanted) {
  const auto n = static_cast<std::size_t>(x.size());
  const std::size_t samples = sample_size(n);
  const auto s = static_cast<double>(samples);
  const double infinity = std::numeric_limits<double>::infinity();
  // The sample ranks of the ends of the bracket around order statistic w (beyond the sample
  // where the bracket is open), and the sample's order statistics there.
  auto ends_of = [&](std::size_t w) {
    const double p = (static_cast<double>(w) + 0.5) / static_cast<double>(n), centre = p * s;
    const double half_width = kBracketSds * std::sqrt(s * p * (1 - p)) + 1;
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
  // A NaN in the sample could end a bracket, which then holds no order: the plain selection.
  if (std::any_of(sample.begin(), sample.end(), [](double v) { return std::isnan(v); }))
    return fall_back(x, wanted);
  select_positions(sample.data(), 0, samples, ends, 0, ends.size());
  std::vector<Bracket> brackets;
  for (std::size_t w : wanted) {
    const auto [from, to] = ends_of(w);
    const double low = from < 0 ? -infinity : sample[static_cast<std::size_t>(from)];
    const double high = to >= s ? infinity : sample[static_cast<std::size_t>(to)];
    if (!brackets.empty() && low <= brackets.back().high) {  // merged: the union (half-widths
      Bracket& back = brackets.back();                       // differ with p)
      back.low = std::min(back.low, low);
      back.high = std::max(back.high, high);
      back.from = std::fmin(back.from, std::fmax(from, 0.0));
      back.to = std::fmax(back.to, std::fmin(to, s));
      back.positions.push_back(w);
    } else {
      brackets.push_back({low, high, std::fmax(from, 0.0), std::fmin(to, s), 0, 0, 0, {w}});
    }
  }
  // One pass, in blocks of draws (pass_brackets). Room in each bracket for twice the draws its
  // share of the sample stands for (at most 8% to 32% of them for a single statistic's bracket,
  // the median's, by the sample's size).
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
      if (bracket.count + kPassBlock > bracket.room) return fall_back(x, wanted);
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
      if (w < bracket.below || w - bracket.below >= bracket.count) return fall_back(x, wanted);
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

std::size_t quantile_bracket_misses() {
  return bracket_misses;
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
