// One block of memory for arrays that are made together and freed together (a group's kept
// draws: most of the pages a run touches), from the pool of huge pages (huge_page_pool.hpp).
#ifndef METAMC_MEMORY_HUGE_PAGE_ARENA_HPP
#define METAMC_MEMORY_HUGE_PAGE_ARENA_HPP

#include <cstddef>
#include <cstdint>
#include <memory_resource>

#include "metamc/memory/huge_page_pool.hpp"

namespace metamc {

/// A memory resource that hands out one pooled block of `capacity` bytes in order (a bump
/// allocator), and ordinary heap memory once the block is used up. Deallocating inside the
/// block does nothing: the block goes back to the pool with the arena. Without huge pages
/// (other systems, AddressSanitizer), or for less than a huge page (most of the block would lie
/// unused: a simulation's fits keep a few hundred KiB of draws each), there is no block, and
/// every array is its own heap allocation. Where the system maps no block, the pool's block
/// comes from the heap, still one for all the arrays.
class HugePageArena final : public std::pmr::memory_resource {
 public:
  static constexpr std::size_t kCacheLine = 64;  // every allocation in the block starts on one

  explicit HugePageArena(std::size_t capacity) {
    if (kMapsHugePages && capacity >= kHugePage) {
      block_ = static_cast<char*>(pooled_allocate(capacity));
      capacity_ = capacity;
    }
  }
  ~HugePageArena() override { pooled_deallocate(block_, capacity_); }
  HugePageArena(const HugePageArena&) = delete;
  HugePageArena& operator=(const HugePageArena&) = delete;

  /// Whether p lies in the block (else it came from the heap).
  bool holds(const void* p) const {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    const auto first = reinterpret_cast<std::uintptr_t>(block_);
    return block_ != nullptr && at >= first && at - first < capacity_;
  }

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    if (block_ != nullptr) {
      // Cache-line starts: arrays written by different threads share no line at their ends.
      const std::size_t align = alignment > kCacheLine ? alignment : kCacheLine;
      const auto first = reinterpret_cast<std::uintptr_t>(block_);
      const std::size_t start = ((first + used_ + align - 1) & ~(align - 1)) - first;
      if (start <= capacity_ && bytes <= capacity_ - start) {
        used_ = start + bytes;
        return block_ + start;
      }
    }
    return std::pmr::new_delete_resource()->allocate(bytes, alignment);
  }
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override {
    if (!holds(p)) std::pmr::new_delete_resource()->deallocate(p, bytes, alignment);
  }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }

  char* block_ = nullptr;
  std::size_t capacity_ = 0, used_ = 0;
};

}  // namespace metamc

#endif  // METAMC_MEMORY_HUGE_PAGE_ARENA_HPP
