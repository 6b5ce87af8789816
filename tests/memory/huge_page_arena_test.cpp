// The block that holds a group's kept draws (include/metamc/memory/huge_page_arena.hpp).
// The pool is one per process: the tests' sizes are chosen so that their outcomes do not depend
// on which ran before.
#include "metamc/memory/huge_page_arena.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace metamc {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

TEST(HugePageArena, ArraysInOrderInAPooledBlockAtAHugePageBoundary) {
  if (!kMapsHugePages) GTEST_SKIP() << "this build maps no huge pages (not Linux, or ASan)";
  const std::size_t capacity = 3 * kHugePage + 1;
  HugePageArena arena(capacity);
  void* first = arena.allocate(100, alignof(double));
  EXPECT_EQ(address(first) % kHugePage, 0u);
  // Each array on its own cache line, the next alignment asked for honoured, and the capacity
  // asked for usable to its last byte.
  void* second = arena.allocate(8, alignof(double));
  EXPECT_EQ(address(second) - address(first), 128u);
  void* page = arena.allocate(8, 4096);
  EXPECT_EQ(address(page) - address(first), 4096u);
  void* rest = arena.allocate(capacity - 4096 - 64, alignof(double));
  EXPECT_TRUE(arena.holds(first) && arena.holds(second) && arena.holds(page) && arena.holds(rest));
  std::memset(rest, 1, capacity - 4096 - 64);
  // Used up: the next array comes from the heap, and goes back to it.
  void* outside = arena.allocate(64, alignof(double));
  EXPECT_FALSE(arena.holds(outside));
  arena.deallocate(outside, 64, alignof(double));
}

TEST(HugePageArena, BlockGoesBackToThePoolWithTheArena) {
  if (!kMapsHugePages) GTEST_SKIP() << "this build maps no huge pages (not Linux, or ASan)";
  const std::size_t capacity = 13 * kMiB + 3;
  void* block = nullptr;
  {
    HugePageArena arena(capacity);
    block = arena.allocate(capacity, alignof(double));
    static_cast<char*>(block)[0] = 0x2a;
  }
  void* again = pooled_allocate(capacity);
  EXPECT_EQ(again, block);
  EXPECT_EQ(static_cast<char*>(again)[0], 0x2a);  // kept, not mapped afresh (zeroed)
  pooled_deallocate(again, capacity);
}

TEST(HugePageArena, ArenaOfLessThanAHugePageHasNoBlock) {
  HugePageArena arena(kHugePage - 1);
  void* p = arena.allocate(1000, alignof(double));
  EXPECT_FALSE(arena.holds(p));
  std::memset(p, 1, 1000);
  arena.deallocate(p, 1000, alignof(double));  // back to the heap (ASan checks the free)
}

}  // namespace
}  // namespace metamc
