// The pool of huge-page blocks (include/metamc/memory/huge_page_pool.hpp). The pool is one per
// process: the tests' sizes are chosen so that their outcomes do not depend on which ran before.
#include "metamc/memory/huge_page_pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <thread>

namespace metamc {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

TEST(HugePagePool, FreedBlockServesTheNextArrayOfItsSize) {
  if (!kMapsHugePages) GTEST_SKIP() << "this build maps no huge pages (not Linux, or ASan)";
  const std::size_t bytes = 37 * kMiB + 5;
  auto* first = static_cast<unsigned char*>(pooled_allocate(bytes));
  EXPECT_EQ(address(first) % kHugePage, 0u);
  first[0] = 0x7f;
  first[bytes - 1] = 0x7e;
  pooled_deallocate(first, bytes);
  auto* again = static_cast<unsigned char*>(pooled_allocate(bytes));
  EXPECT_EQ(again, first);
  // The same memory, not a fresh mapping at the same address (which would be zeroed).
  EXPECT_EQ(again[0], 0x7f);
  EXPECT_EQ(again[bytes - 1], 0x7e);
  pooled_deallocate(again, bytes);
}

TEST(HugePagePool, SmallestFreeBlockThatFitsAndIsAtMostTwiceTheNeed) {
  if (!kMapsHugePages) GTEST_SKIP() << "this build maps no huge pages (not Linux, or ASan)";
  void* large = pooled_allocate(44 * kMiB);  // first, so that a first fit would take it
  void* small = pooled_allocate(40 * kMiB);
  ASSERT_NE(small, large);
  pooled_deallocate(large, 44 * kMiB);
  pooled_deallocate(small, 40 * kMiB);
  // 10 MiB would fit both, but neither is at most twice 10 MiB: a new block.
  void* fresh = pooled_allocate(10 * kMiB);
  EXPECT_NE(fresh, small);
  EXPECT_NE(fresh, large);
  void* fits_both = pooled_allocate(39 * kMiB);
  void* fits_large = pooled_allocate(41 * kMiB);
  EXPECT_EQ(fits_both, small);
  EXPECT_EQ(fits_large, large);
  pooled_deallocate(fresh, 10 * kMiB);
  pooled_deallocate(fits_both, 39 * kMiB);
  pooled_deallocate(fits_large, 41 * kMiB);
}

TEST(HugePagePool, MapsHugePagesOnLinuxWithoutAddressSanitizer) {
#if defined(__linux__) && !defined(METAMC_ADDRESS_SANITIZER)
  EXPECT_TRUE(kMapsHugePages);  // else every other test here would skip
#else
  EXPECT_FALSE(kMapsHugePages);
#endif
}

TEST(HugePagePool, KeepsAtMostItsShareOfFreeBlocks) {
  if (!kMapsHugePages) GTEST_SKIP() << "this build maps no huge pages (not Linux, or ASan)";
  const std::size_t sizes[] = {101 * kMiB, 103 * kMiB, 105 * kMiB};  // mapped, never touched
  void* blocks[3];
  for (int j = 0; j < 3; ++j) blocks[j] = pooled_allocate(sizes[j]);
  for (int j = 0; j < 3; ++j) pooled_deallocate(blocks[j], sizes[j]);
  EXPECT_LE(HugePagePool::instance().kept_free_bytes(), kKeptFreeBytes);
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
