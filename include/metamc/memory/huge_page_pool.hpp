// Arrays that are made and freed over and over (the diagnostics' sort keys, sorted draws and
// normal scores, a few per quantity; a group's kept draws, batch after batch), from blocks of
// huge pages (huge_pages.hpp) kept for the next array instead of returned to the system: the
// first array of a size pays a few huge-page faults, the ones after it none. Free blocks are
// kept up to kKeptFreeBytes in all (the largest unmapped first beyond it), as the heap keeps up
// to 512 MiB of freed memory (reuse_freed_memory, system_memory.hpp). Header-only: the CUDA
// backend's library, which links no .cpp of the core, makes GroupDraws.
#ifndef METAMC_MEMORY_HUGE_PAGE_POOL_HPP
#define METAMC_MEMORY_HUGE_PAGE_POOL_HPP

#include <cstddef>
#include <mutex>
#include <new>
#include <vector>

#include "metamc/memory/huge_pages.hpp"
#include "metamc/memory/uninitialised_allocator.hpp"

namespace metamc {

/// Arrays below this many bytes come from the heap: a pooled one takes at least a huge page.
constexpr std::size_t kPooledBytes = std::size_t{256} << 10;
/// Free blocks kept for reuse, at most.
constexpr std::size_t kKeptFreeBytes = std::size_t{256} << 20;

class HugePagePool {
 public:
  /// A free block of at least `bytes` and at most twice the whole huge pages they need (the
  /// smallest such), else a new mapping; null where none can be mapped.
  char* take(std::size_t bytes) {
    if (!kMapsHugePages || bytes > kLargestMapping) return nullptr;
    const std::size_t size = whole_huge_pages(bytes);
    const std::lock_guard<std::mutex> lock(mutex_);
    Block* best = nullptr;
    for (Block& b : blocks_) {
      const bool fits = !b.in_use && b.bytes >= bytes && b.bytes <= 2 * size;
      if (fits && (best == nullptr || b.bytes < best->bytes)) best = &b;
    }
    if (best != nullptr) {
      best->in_use = true;
      return best->start;
    }
    if (blocks_.size() == blocks_.capacity())  // may throw, before anything is mapped
      blocks_.reserve(2 * blocks_.size() + 8);
    char* start = map_huge_pages(size);
    if (start != nullptr) blocks_.push_back({start, size, true});
    return start;
  }

  /// Frees p's block for the next array; false if p is not the pool's. Beyond kKeptFreeBytes
  /// of free blocks, the largest free ones go back to the system.
  bool give_back(const void* p) {
    const std::lock_guard<std::mutex> lock(mutex_);
    bool found = false;
    for (Block& b : blocks_)
      if (b.start == p) {
        b.in_use = false;
        found = true;
      }
    std::size_t free_bytes = free_bytes_locked();
    while (free_bytes > kKeptFreeBytes) {
      auto largest = blocks_.end();
      for (auto b = blocks_.begin(); b != blocks_.end(); ++b)
        if (!b->in_use && (largest == blocks_.end() || b->bytes > largest->bytes)) largest = b;
      free_bytes -= largest->bytes;
      unmap_huge_pages(largest->start, largest->bytes);
      blocks_.erase(largest);
    }
    return found;
  }

  /// Bytes of the free blocks kept.
  std::size_t kept_free_bytes() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return free_bytes_locked();
  }

  /// The process's pool. Never destroyed: arrays held by statics (the cached normal scores)
  /// are freed at exit, after a pool destroyed with the statics would be gone; the system takes
  /// the mappings at exit. An inline function's static: one pool for every library linked.
  static HugePagePool& instance() {
    static HugePagePool* const pool = new HugePagePool;
    return *pool;
  }

 private:
  struct Block {
    char* start;
    std::size_t bytes;
    bool in_use;
  };
  std::size_t free_bytes_locked() const {  // with mutex_ held
    std::size_t free_bytes = 0;
    for (const Block& b : blocks_) free_bytes += b.in_use ? 0 : b.bytes;
    return free_bytes;
  }

  std::mutex mutex_;
  std::vector<Block> blocks_;  // a few per thread and group: a linear search costs nothing
};

/// At least `bytes` of memory aligned for any scalar: a pooled block of huge pages for `bytes`
/// from kPooledBytes up, the heap otherwise and where no huge pages can be mapped. Thread-safe.
/// Throws std::bad_alloc.
inline void* pooled_allocate(std::size_t bytes) {
  if (bytes >= kPooledBytes)
    if (void* p = HugePagePool::instance().take(bytes)) return p;
  return ::operator new(bytes);
}

/// Returns memory of pooled_allocate(bytes) to the pool (or the heap).
inline void pooled_deallocate(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes >= kPooledBytes && HugePagePool::instance().give_back(p)) return;
  ::operator delete(p);
}

/// A stateless allocator over the pool.
template <class T>
struct PooledAllocator {
  using value_type = T;
  PooledAllocator() = default;
  template <class U>
  PooledAllocator(const PooledAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(pooled_allocate(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { pooled_deallocate(p, n * sizeof(T)); }
  template <class U>
  bool operator==(const PooledAllocator<U>&) const noexcept {
    return true;
  }
  template <class U>
  bool operator!=(const PooledAllocator<U>&) const noexcept {
    return false;
  }
};

/// A working array from the pool, not zeroed when sized: written before it is read.
template <class T>
using WorkArray = std::vector<T, UninitialisedAllocator<T, PooledAllocator<T>>>;

}  // namespace metamc

#endif  // METAMC_MEMORY_HUGE_PAGE_POOL_HPP
