// One block of memory for arrays that are made together and freed together (a group's kept
// draws: most of the pages a run touches), in huge pages where the system allows it
// (huge_pages.hpp). Header-only, as the CUDA backend's library makes GroupDraws too.
#ifndef METAMC_MEMORY_HUGE_PAGE_ARENA_HPP
#define METAMC_MEMORY_HUGE_PAGE_ARENA_HPP

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <new>

#include "metamc/memory/huge_pages.hpp"

namespace metamc {

/// A memory resource that hands out one block of `capacity` bytes in order (a bump allocator),
/// and ordinary heap memory once the block is used up. Deallocating inside the block does
/// nothing: the block is released with the arena. Blocks under a huge page come from the heap.
class HugePageArena final : public std::pmr::memory_resource {
 public:
  static constexpr std::size_t kCacheLine = 64;  // every allocation starts on one

  explicit HugePageArena(std::size_t capacity) {
    if (capacity >= kHugePage) {
      capacity_ = whole_huge_pages(capacity);
      block_ = map_huge_pages(capacity_);
      mapped_ = block_ != nullptr;
    }
    if (!mapped_ && capacity > 0) {
      capacity_ = capacity;
      block_ = static_cast<char*>(::operator new (capacity_, std::align_val_t{kCacheLine}));
    }
  }
  ~HugePageArena() override {
    if (mapped_) {
      unmap_huge_pages(block_, capacity_);
    } else if (block_ != nullptr) {
      ::operator delete (block_, std::align_val_t{kCacheLine});
    }
  }
  HugePageArena(const HugePageArena&) = delete;
  HugePageArena& operator=(const HugePageArena&) = delete;

  /// Whether the block is a mapping advised to use huge pages (else it is from the heap).
  bool advised() const { return mapped_; }
  /// Whether p lies in the block (else it came from the heap).
  bool holds(const void* p) const {
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    const auto first = reinterpret_cast<std::uintptr_t>(block_);
    return block_ != nullptr && at >= first && at - first < capacity_;
  }

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    // Cache-line starts: arrays written by different threads share no line at their ends.
    const std::size_t align = alignment > kCacheLine ? alignment : kCacheLine;
    const std::size_t start = (used_ + align - 1) / align * align;
    if (block_ != nullptr && start <= capacity_ && bytes <= capacity_ - start) {
      used_ = start + bytes;
      return block_ + start;
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
  bool mapped_ = false;  // by map_huge_pages (else by operator new)
};

}  // namespace metamc

#endif  // METAMC_MEMORY_HUGE_PAGE_ARENA_HPP
