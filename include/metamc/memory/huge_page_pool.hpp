// Working arrays that are made and freed over and over (the diagnostics' sort keys, sorted
// draws and normal scores: a few per quantity, each as long as the draws), from blocks of huge
// pages (huge_pages.hpp) that are kept for the next array instead of returned to the system:
// the first array of a size pays a few huge-page faults, the ones after it none.
#ifndef METAMC_MEMORY_HUGE_PAGE_POOL_HPP
#define METAMC_MEMORY_HUGE_PAGE_POOL_HPP

#include <cstddef>
#include <vector>

#include "metamc/memory/uninitialised_allocator.hpp"

namespace metamc {

/// Arrays below this many bytes come from the heap.
constexpr std::size_t kPooledBytes = std::size_t{256} << 10;

/// At least `bytes` of memory aligned for any scalar: a free kept block of huge pages (the
/// smallest that fits) or a new one, for `bytes` from kPooledBytes up; the heap otherwise, and
/// where the system maps no huge pages. Thread-safe. Throws std::bad_alloc.
void* pooled_allocate(std::size_t bytes);

/// Returns memory of pooled_allocate(bytes) to the pool (or the heap).
void pooled_deallocate(void* p, std::size_t bytes) noexcept;

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
