// The pool of huge-page blocks for the diagnostics' working arrays (src/memory/huge_page_pool.cpp).
// The pool is one per process: each test uses sizes no other array of the test program has.
#include "metamc/memory/huge_page_pool.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <thread>

#include "metamc/memory/huge_pages.hpp"

namespace metamc {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

TEST(HugePagePool, FreedBlockServesTheNextArrayOfItsSize) {
  void* first = pooled_allocate(37 * kMiB + 5);
#if defined(__linux__)
  EXPECT_EQ(address(first) % kHugePage, 0u);
#endif
  pooled_deallocate(first, 37 * kMiB + 5);
  void* again = pooled_allocate(37 * kMiB + 5);
#if defined(__linux__)
  EXPECT_EQ(again, first);  // kept, not returned to the system
#endif
  pooled_deallocate(again, 37 * kMiB + 5);
}

TEST(HugePagePool, SmallestFreeBlockThatFits) {
  void* large = pooled_allocate(44 * kMiB);  // first, so that a first fit would take it
  void* small = pooled_allocate(40 * kMiB);
  ASSERT_NE(small, large);
  pooled_deallocate(large, 44 * kMiB);
  pooled_deallocate(small, 40 * kMiB);
  void* fits_both = pooled_allocate(39 * kMiB);
  void* fits_large = pooled_allocate(41 * kMiB);
#if defined(__linux__)
  EXPECT_EQ(fits_both, small);
  EXPECT_EQ(fits_large, large);
#endif
  pooled_deallocate(fits_both, 39 * kMiB);
  pooled_deallocate(fits_large, 41 * kMiB);
}

TEST(HugePagePool, ArraysLiveAtOnceNeverShareMemoryAcrossThreads) {
  // Each thread fills its arrays with its own byte while the other does the same, then checks
  // them: a block handed out twice would show the other thread's byte.
  auto work = [](unsigned char mark, bool* clean) {
    std::mt19937 random(mark);
    std::uniform_int_distribution<std::size_t> size(kPooledBytes / 2, 3 * kMiB);
    for (int round = 0; round < 50; ++round) {
      WorkArray<unsigned char> a(size(random)), b(size(random));
      std::fill(a.begin(), a.end(), mark);
      std::fill(b.begin(), b.end(), mark);
      std::this_thread::yield();
      for (unsigned char c : a) *clean = *clean && c == mark;
      for (unsigned char c : b) *clean = *clean && c == mark;
    }
  };
  bool clean_a = true, clean_b = true;
  std::thread other(work, 0x5a, &clean_b);
  work(0xa5, &clean_a);
  other.join();
  EXPECT_TRUE(clean_a);
  EXPECT_TRUE(clean_b);
}

}  // namespace
}  // namespace metamc
