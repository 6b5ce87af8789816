// Memory mapped in 2 MiB pages where the system allows it.
//
// Why: the first touch of a page is a page fault, and a run's kept draws and the diagnostics'
// working arrays are thousands of 4 KiB pages. A fault costs about 0.1-0.3 us on bare metal but
// 8-10 us on the paravirtualised machines the project's benchmarks ran on (2026-12-07), where
// faults were a third of a default run and more of a long one. Linux backs memory with a
// transparent huge page only in a 2 MiB-aligned range, and under its "madvise" setting (in
// /sys/kernel/mm/transparent_hugepage/enabled) only where madvise(MADV_HUGEPAGE) asked for it:
// one fault then maps what 512 small ones would. The advice changes the time, never the
// contents; other systems get null and the callers fall back to the heap.
// Header-only: the CUDA backend's library, which links no .cpp of the core, makes GroupDraws.
#ifndef METAMC_MEMORY_HUGE_PAGES_HPP
#define METAMC_MEMORY_HUGE_PAGES_HPP

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace metamc {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

/// `bytes` rounded up to whole huge pages.
constexpr std::size_t whole_huge_pages(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

/// A mapping of `bytes` (whole huge pages) that starts at a huge-page boundary, advised to use
/// huge pages (the kernel may decline, for example when its setting is "never"); null where the
/// system gives none. Mapped one huge page longer, then its unaligned head and tail unmapped.
inline char* map_huge_pages(std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const std::size_t padded = bytes + kHugePage;
  void* p = ::mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t aligned = (start + kHugePage - 1) & ~(kHugePage - 1);
  const std::size_t head = aligned - start, tail = padded - head - bytes;
  if (head > 0) ::munmap(p, head);
  if (tail > 0) ::munmap(reinterpret_cast<void*>(aligned + bytes), tail);
  ::madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // advice: may be refused
  return reinterpret_cast<char*>(aligned);
#else
  (void)bytes;
  return nullptr;
#endif
}

/// Releases a mapping of map_huge_pages.
inline void unmap_huge_pages(char* block, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  ::munmap(block, bytes);
#else
  (void)block, (void)bytes;
#endif
}

}  // namespace metamc

#endif  // METAMC_MEMORY_HUGE_PAGES_HPP
