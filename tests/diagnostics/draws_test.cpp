// The sorts and selections of diagnostics/draws.cpp against the plain ones they replace:
// std::stable_sort of the draws (ties in the order of their positions), sort-then-read quantiles
// of type 7, and ranks averaged over ties counted directly.
#include "metamc/diagnostics/draws.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <thread>

#include "metamc/math/normal.hpp"

namespace metamc {
namespace {

// 8 chains of 10,000 draws (beyond the radix sort's threshold of 2^15 draws) of each shape:
// normal (the sort's buckets of up to some 140 draws, sorted on the key's top 25 bits, draws that
// share them then ordered by value), heavy-tailed (Cauchy: most draws share few keys of a wide
// range, in a crowded bucket sorted on all 32 bits), rounded (ties), spanning the double range,
// with a few huge outliers.
DrawsMatrix draws_of(const std::string& shape, Eigen::Index rows = 10000, Eigen::Index cols = 8) {
  std::mt19937_64 engine(20261130);
  std::normal_distribution<double> normal(-0.3, 0.2);
  std::cauchy_distribution<double> cauchy(0, 1);
  std::uniform_real_distribution<double> uniform(-300, 300);
  DrawsMatrix x(rows, cols);
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    double& v = x.data()[i];
    if (shape == "normal") v = normal(engine);
    if (shape == "cauchy") v = cauchy(engine);
    if (shape == "rounded") v = std::round(20 * normal(engine)) / 20;
    if (shape == "wide") v = (i % 2 ? 1 : -1) * std::pow(10.0, uniform(engine));
    if (shape == "outliers") v = i % 9973 == 0 ? 1e300 : normal(engine);
  }
  return x;
}

const char* const kShapes[] = {"normal", "cauchy", "rounded", "wide", "outliers"};

SortedPositions stable_order(const DrawsMatrix& x) {
  SortedPositions order(static_cast<std::size_t>(x.size()));
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return x.data()[a] < x.data()[b]; });
  return order;
}

TEST(Draws, SortMatchesStableSort) {
  for (const char* shape : kShapes) {
    const DrawsMatrix x = draws_of(shape);
    const SortedDraws s = sort_draws(x);
    const SortedPositions want = stable_order(x);
    EXPECT_EQ(s.positions, want) << shape;
    for (std::size_t r = 0; r < want.size(); ++r)
      ASSERT_EQ(s.values[r], x.data()[want[r]]) << shape << " rank " << r;
  }
}

TEST(Draws, SortOfFewDrawsAndOfABlockView) {
  const DrawsMatrix x = draws_of("rounded", 100, 4);
  EXPECT_EQ(sort_draws(x).positions, stable_order(x));
  // A block of a larger matrix (outer stride longer than its rows), past the radix threshold.
  const DrawsMatrix big = draws_of("normal", 20000, 4);
  const DrawsMatrix block = big.topRows(15000);
  EXPECT_EQ(sort_draws(big.topRows(15000)).positions, stable_order(block));
}

TEST(Draws, SortPutsNanDrawsLast) {
  // A NaN draw (a broken chain) takes no part in the keys' range and sorts after every number,
  // in the order of the positions; the numbers keep their stable order.
  DrawsMatrix x = draws_of("normal", 10000, 4);
  for (Eigen::Index i : {Eigen::Index{0}, Eigen::Index{17}, Eigen::Index{39999}})
    x(i) = std::nan("");
  const SortedDraws s = sort_draws(x);
  DrawsMatrix numbers = x;
  for (Eigen::Index i = 0; i < numbers.size(); ++i)
    if (std::isnan(numbers(i))) numbers(i) = std::numeric_limits<double>::infinity();
  EXPECT_EQ(s.positions, stable_order(numbers));
  EXPECT_TRUE(std::isnan(s.values.back()));
  // Few draws (a stable sort of them): the same order.
  DrawsMatrix few = draws_of("rounded", 50, 2), few_numbers = few;
  for (Eigen::Index i : {Eigen::Index{3}, Eigen::Index{60}}) {
    few(i) = std::nan("");
    few_numbers(i) = std::numeric_limits<double>::infinity();
  }
  EXPECT_EQ(sort_draws(few).positions, stable_order(few_numbers));
}

TEST(Draws, SortOrdersDrawsBeyondTheSampledRange) {
  // The keys' range comes from every (n / 4096)-th draw, here every 64th: the draws put between
  // them lie beyond it, take the end keys, and must still come out in order. Two clusters of 200
  // (more than an insertion sort's run), infinities, huge values and a tie among them.
  DrawsMatrix x = draws_of("normal", 32768, 8);
  for (Eigen::Index q = 0; q < 200; ++q) {
    x(64 * q + 5) = 10 + 1e-3 * static_cast<double>(q % 37);
    x(64 * q + 7) = -10 - 1e-3 * static_cast<double>(q % 41);
  }
  const double inf = std::numeric_limits<double>::infinity();
  x(1) = -inf;
  x(2) = inf;
  x(3) = -1e300;
  x(4) = 1e300;
  x(6) = 1e300;
  const SortedDraws s = sort_draws(x);
  EXPECT_EQ(s.positions, stable_order(x));
  EXPECT_EQ(s.values.front(), -inf);
  EXPECT_EQ(s.values.back(), inf);
}

// sort_draws against std::stable_sort by value, NaN after every number.
void expect_stable_sort(const DrawsMatrix& x, const std::string& what) {
  SortedPositions want(static_cast<std::size_t>(x.size()));
  std::iota(want.begin(), want.end(), 0u);
  std::stable_sort(want.begin(), want.end(), [&](std::uint32_t a, std::uint32_t b) {
    return !std::isnan(x(a)) && (std::isnan(x(b)) || x(a) < x(b));
  });
  const SortedDraws s = sort_draws(x);
  EXPECT_EQ(s.positions, want) << what;
  for (std::size_t r = 0; r < want.size(); ++r) {
    const double v = s.values[r], w = x(want[r]);
    ASSERT_TRUE(v == w || (std::isnan(v) && std::isnan(w))) << what << " rank " << r;
  }
}

TEST(Draws, SortOfDegenerateRanges) {
  // Ranges the keys cannot spread over: all draws but one squeezed into one key by a huge or
  // infinite draw at position 0 (always in the range's sample), so that the long run is sorted
  // again over its own range; a sample of equal draws (the keys then only tell below, at and
  // above them apart); draws near +-DBL_MAX; subnormal draws; +0 and -0 (equal).
  const double inf = std::numeric_limits<double>::infinity();
  const double most = std::numeric_limits<double>::max();
  const double tiny = std::numeric_limits<double>::denorm_min();
  for (double first : {1e300, -1e300, inf, -inf, std::nan("")}) {
    DrawsMatrix x = draws_of("normal");
    x(0) = first;
    expect_stable_sort(x, "normal draws after " + std::to_string(first));
  }
  DrawsMatrix sampled_equal = draws_of("normal");
  const auto n = static_cast<std::size_t>(sampled_equal.size());
  for (std::size_t j = 0; j < 4096; ++j)
    sampled_equal(static_cast<Eigen::Index>(j * n / 4096)) = -0.3;
  expect_stable_sort(sampled_equal, "every sampled draw -0.3");
  DrawsMatrix huge = draws_of("normal");
  huge(0) = most;
  huge(19) = -most;
  huge(5) = 0.9 * most;
  expect_stable_sort(huge, "+-DBL_MAX");
  DrawsMatrix subnormal = draws_of("rounded");
  for (Eigen::Index i = 0; i < subnormal.size(); ++i)
    subnormal(i) = static_cast<double>(i * 7919 % 64) * tiny;
  expect_stable_sort(subnormal, "subnormal draws");
  DrawsMatrix zeros = DrawsMatrix::Zero(10000, 8);
  for (Eigen::Index i = 0; i < zeros.size(); i += 3) zeros(i) = -0.0;
  zeros(77) = 1;
  expect_stable_sort(zeros, "+0 and -0");
}

// The folded sort as a plain merge: the draws below the centre read downwards, those above it
// read upwards, the one below first on a tie.
SortedDraws merged_distances(const SortedDraws& sorted, double centre) {
  const SortedValues& v = sorted.values;
  std::size_t down = static_cast<std::size_t>(std::lower_bound(v.begin(), v.end(), centre) -
                                              v.begin()),
              up = down;
  SortedDraws out;
  while (out.values.size() < v.size()) {
    const bool take_down = up == v.size() || (down > 0 && centre - v[down - 1] <= v[up] - centre);
    const std::size_t from = take_down ? --down : up++;
    out.values.push_back(std::fabs(v[from] - centre));
    out.positions.push_back(sorted.positions[from]);
  }
  return out;
}

// Every draw's position exactly once.
void expect_permutation(SortedPositions positions, const std::string& what) {
  std::sort(positions.begin(), positions.end());
  for (std::size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], i) << what;
}

// fold_sorted's values are the sorted |x - centre|, and its positions those of the plain merge
// (ties in its order), a permutation that carries each draw's distance.
void expect_folded_sort(const DrawsMatrix& x, double centre, const std::string& what) {
  const SortedDraws sorted = sort_draws(x);
  const SortedDraws f = fold_sorted(sorted, centre);
  const DrawsMatrix distance = (x.array() - centre).abs().matrix();
  SortedValues want(distance.data(), distance.data() + distance.size());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(f.values, want) << what;
  EXPECT_EQ(f.positions, merged_distances(sorted, centre).positions) << what;
  expect_permutation(f.positions, what);
  for (std::size_t r = 0; r < f.values.size(); ++r)
    ASSERT_EQ(f.values[r], distance.data()[f.positions[r]]) << what;
}

TEST(Draws, FoldedSortIsTheSortOfDistances) {
  for (const char* shape : kShapes) {
    const DrawsMatrix x = draws_of(shape);
    const SortedDraws s = sort_draws(x);
    expect_folded_sort(x, sorted_quantile(s.values, 0.5), shape);
  }
}

TEST(Draws, FoldedSortAboutAnyCentre) {
  // Centres below all draws, above all, on a draw shared by many (rounded draws: ties within
  // and across the two sides), and far in one tail, where one side's run is spent early.
  const DrawsMatrix rounded = draws_of("rounded");
  for (double centre : {-5.0, 5.0, -0.3, -0.25, 0.1, -1.0})
    expect_folded_sort(rounded, centre, "rounded about " + std::to_string(centre));
  // Infinite draws: infinite distances, which must not pass for the end of a run.
  DrawsMatrix infinite = draws_of("rounded", 5000, 8);
  const double inf = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < infinite.size(); i += 997) infinite.data()[i] = i % 2 ? inf : -inf;
  infinite.data()[5] = inf;
  for (double centre : {-0.3, 5.0, -5.0}) expect_folded_sort(infinite, centre, "infinite draws");
  DrawsMatrix one_infinite(4, 1);
  one_infinite << 0, 1, 2, inf;
  expect_folded_sort(one_infinite, 0.5, "0, 1, 2, inf");
  // Finite draws whose distances overflow to infinity.
  DrawsMatrix huge = draws_of("normal", 20, 1);
  huge(3) = -1.7e308;
  huge(11) = 1.7e308;
  expect_folded_sort(huge, 1e308, "distances beyond the doubles");
  expect_folded_sort(huge, -1e308, "distances beyond the doubles");
  // NaN draws (sorted last) about a finite centre: the merge with explicit ends, every draw once.
  DrawsMatrix with_nan = draws_of("normal", 5000, 8);
  for (Eigen::Index i = 3; i < with_nan.size(); i += 1001) with_nan.data()[i] = std::nan("");
  const SortedDraws sorted_nan = sort_draws(with_nan);
  EXPECT_EQ(fold_sorted(sorted_nan, 0.1).positions, merged_distances(sorted_nan, 0.1).positions);
  expect_permutation(fold_sorted(sorted_nan, 0.1).positions, "NaN draws");
  // A NaN centre: every distance NaN, and still every draw once.
  expect_permutation(fold_sorted(sort_draws(rounded), std::nan("")).positions, "NaN centre");
  // Fewer draws than the merge's pieces, and a few more.
  for (Eigen::Index rows : {1, 2, 3, 5, 7, 9, 17})
    for (double centre : {-0.3, -0.35, 0.0})
      expect_folded_sort(draws_of("rounded", rows, 1), centre,
                         std::to_string(rows) + " draws about " + std::to_string(centre));
}

TEST(Draws, BlomScoresAreComputedOnceForEveryThread) {
  // Phi^-1((r - 3/8) / (S + 1/4)) at ranks 1, 2, S/2 and S of S = 1000 draws, from Python's
  // statistics.NormalDist().inv_cdf (Wichura's AS241, the algorithm of R's qnorm).
  const std::shared_ptr<const NormalScores> scores = blom_scores(1000);
  EXPECT_NEAR((*scores)[0], -3.2272899458366675, 1e-12);
  EXPECT_NEAR((*scores)[1], -2.9431235011088983, 1e-12);
  EXPECT_NEAR((*scores)[499], -0.001253001214964878, 1e-12);
  EXPECT_NEAR((*scores)[999], 3.2272899458366853, 1e-12);
  // Another thread (a parallel_for's are new each time) gets the same scores, not a copy.
  std::shared_ptr<const NormalScores> elsewhere;
  std::thread([&] { elsewhere = blom_scores(1000); }).join();
  EXPECT_EQ(elsewhere.get(), scores.get());
}

TEST(Draws, ZScaleAveragesTheRanksOfTies) {
  for (const char* shape : {"rounded", "normal"}) {
    const DrawsMatrix x = draws_of(shape, 5000, 8);
    const DrawsMatrix z = z_scale(x);
    const double s = static_cast<double>(x.size());
    for (Eigen::Index i = 0; i < x.size(); i += 97) {
      const double v = x.data()[i];
      const double below = static_cast<double>((x.array() < v).count());
      const double equal = static_cast<double>((x.array() == v).count());
      const double rank = below + (equal + 1) / 2;
      // Upper ranks take the sign-flipped score of their mirror rank, which keeps the digits that
      // the direct form loses near p = 1 (where 1 - p carries the rounding of p).
      const double want = standard_normal_quantile((rank - 0.375) / (s + 0.25));
      EXPECT_NEAR(z.data()[i], want, 1e-12 * std::fabs(want)) << shape << " draw " << i;
    }
  }
}

double type7(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto low = static_cast<std::size_t>(std::floor(h));
  if (low + 1 >= v.size()) return v[low];
  return v[low] + (h - static_cast<double>(low)) * (v[low + 1] - v[low]);
}

TEST(Draws, QuantilesEqualTheSortedOnes) {
  const std::vector<double> p = {0.5, 0.025, 0.975, 0, 1, 0.05, 0.95};
  for (const char* shape : kShapes) {
    for (Eigen::Index rows : {Eigen::Index{7}, Eigen::Index{10000}}) {
      const DrawsMatrix x = draws_of(shape, rows);
      const std::vector<double> all(x.data(), x.data() + x.size());
      const std::vector<double> q = quantiles(x, p);
      for (std::size_t j = 0; j < p.size(); ++j)
        EXPECT_EQ(q[j], type7(all, p[j])) << shape << " rows " << rows << " p " << p[j];
    }
  }
}

TEST(Draws, QuantilesOfManyDrawsSelectedInTwoRounds) {
  // 800,000 draws: the brackets around the order statistics hold more than 8192 draws each, among
  // which the statistics are bracketed again (a second sample, a second pass). 0.025 and 0.05
  // share one bracket, as do 0.95 and 0.975.
  const std::vector<double> p = {0.5, 0.025, 0.975, 0.05, 0.95, 0.4, 0.6};
  for (const std::string shape : {"normal", "rounded", "cauchy"}) {
    const std::size_t misses = quantile_bracket_misses();
    const DrawsMatrix x = draws_of(shape, 100000, 8);
    std::vector<double> all(x.data(), x.data() + x.size());
    std::sort(all.begin(), all.end());
    const std::vector<double> q = quantiles(x, p);
    for (std::size_t j = 0; j < p.size(); ++j)
      EXPECT_EQ(q[j], sorted_quantile(all, p[j])) << shape << " p " << p[j];
    // Exact either way; but a bracket's count gone wrong would show only here, as a fallback.
    // Rounded draws (a dozen values, each some 10% of the draws) overflow any narrow bracket.
    if (shape != "rounded") {
      EXPECT_EQ(quantile_bracket_misses(), misses) << shape;
    }
  }
}

// Type-7 quantiles by a full sort.
std::vector<double> sorted_quantiles(const DrawsView& x, const std::vector<double>& p) {
  std::vector<double> all;
  for (Eigen::Index j = 0; j < x.cols(); ++j)
    for (Eigen::Index i = 0; i < x.rows(); ++i) all.push_back(x(i, j));
  std::sort(all.begin(), all.end());
  std::vector<double> q;
  for (double probability : p) q.push_back(sorted_quantile(all, probability));
  return q;
}

TEST(Draws, QuantilesOfABlockViewAndOfAnOddNumberOfDraws) {
  // The pass through the brackets reads contiguous draws two at a time; a block of a larger
  // matrix (outer stride longer than its rows) is read one draw at a time, as is an odd last draw.
  const std::vector<double> p = {0.5, 0.025, 0.975};
  const DrawsMatrix big = draws_of("normal", 20001, 4);
  const std::size_t misses = quantile_bracket_misses();
  EXPECT_EQ(quantiles(big.topRows(15000), p), sorted_quantiles(big.topRows(15000), p));
  EXPECT_EQ(quantiles(big.leftCols(3), p), sorted_quantiles(big.leftCols(3), p));  // 60,003 draws
  EXPECT_EQ(quantile_bracket_misses(), misses);
}

TEST(Draws, QuantilesAtManyCloseProbabilities) {
  // Every 5%: the brackets merge into one that holds every draw, which must be selected among
  // rather than bracketed again (the same problem again).
  std::vector<double> p;
  for (int i = 0; i <= 20; ++i) p.push_back(i / 20.0);
  const DrawsMatrix x = draws_of("normal", 100000, 8);
  std::vector<double> all(x.data(), x.data() + x.size());
  std::sort(all.begin(), all.end());
  const std::vector<double> q = quantiles(x, p);
  for (std::size_t j = 0; j < p.size(); ++j) EXPECT_EQ(q[j], sorted_quantile(all, p[j])) << p[j];
}

TEST(Draws, QuantilesWhenTheSampleMisleads) {
  // Every 4th draw is far above the rest. The even sample of 65,536 draws reads every 4th draw or
  // every 8th, 16th, ... (a sample of at most 16,384), all of them far above, so that every
  // bracket misses and the selection falls back to all draws.
  DrawsMatrix x(65536, 1);
  for (Eigen::Index i = 0; i < x.size(); ++i)
    x(i) = i % 4 == 0 ? 1e6 + static_cast<double>(i) : static_cast<double>(i % 1000);
  const std::vector<double> all(x.data(), x.data() + x.size());
  const std::size_t misses = quantile_bracket_misses();
  const std::vector<double> q = quantiles(x, {0.5, 0.025, 0.975});
  EXPECT_GT(quantile_bracket_misses(), misses);
  EXPECT_EQ(q[0], type7(all, 0.5));
  EXPECT_EQ(q[1], type7(all, 0.025));
  EXPECT_EQ(q[2], type7(all, 0.975));
}

}  // namespace
}  // namespace metamc
