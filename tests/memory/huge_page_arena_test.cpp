// The block of huge pages that holds a group's kept draws (memory/huge_page_arena.hpp).
#include "metamc/memory/huge_page_arena.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>

namespace metamc {
namespace {

std::uintptr_t address(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p);
}

TEST(HugePageArena, BlockOfAHugePageOrMoreStartsAtAHugePageBoundary) {
  HugePageArena arena(3 * kHugePage + 1);
#if defined(__linux__)
  ASSERT_TRUE(arena.advised());  // mmap of anonymous memory does not fail for 8 MiB
#endif
  void* first = arena.allocate(100, alignof(double));
  if (arena.advised()) {
    EXPECT_EQ(address(first) % kHugePage, 0u);
  }
  // In order, each on its own cache line; the whole capacity (rounded up to huge pages) usable.
  void* second = arena.allocate(8, alignof(double));
  EXPECT_EQ(address(second) - address(first), 128u);
  void* rest = arena.allocate(3 * kHugePage + 1 - 192, alignof(double));
  EXPECT_TRUE(arena.holds(first) && arena.holds(second) && arena.holds(rest));
  std::memset(rest, 1, 3 * kHugePage + 1 - 192);  // writable to the end (ASan, the kernel)
}

TEST(HugePageArena, SmallBlockFromTheHeapAndBeyondItFromTheHeapAgain) {
  HugePageArena arena(1000);
  EXPECT_FALSE(arena.advised());
  void* inside = arena.allocate(1000, alignof(double));
  EXPECT_TRUE(arena.holds(inside));
  EXPECT_EQ(address(inside) % HugePageArena::kCacheLine, 0u);
  // Used up: the next allocation comes from the heap, and goes back to it (ASan checks the free).
  void* outside = arena.allocate(64, alignof(double));
  EXPECT_FALSE(arena.holds(outside));
  std::memset(outside, 1, 64);
  arena.deallocate(outside, 64, alignof(double));
  arena.deallocate(inside, 1000, alignof(double));  // nothing: freed with the arena
}

}  // namespace
}  // namespace metamc
