// Memory mapped in 2 MiB pages where the system allows it.
//
// Why: the first touch of a page is a page fault, and a run's kept draws and the diagnostics'
// working arrays are thousands of 4 KiB pages. A fault costs about 0.1-0.3 us on bare metal but
// 8-10 us on the paravirtualised machines the project's benchmarks ran on (2026-12-07), where
// faults were a third of a default run and more of a long one. Linux backs memory with a
// transparent huge page only in a 2 MiB-aligned range, and under its "madvise" setting (in
// /sys/kernel/mm/transparent_hugepage/enabled) only where madvise(MADV_HUGEPAGE) asked for it:
// one fault then maps what 512 small ones would. Whether the kernel does is its choice (the
// setting "never", no free huge page); the advice changes the time, never the contents.
#ifndef METAMC_MEMORY_HUGE_PAGES_HPP
#define METAMC_MEMORY_HUGE_PAGES_HPP

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

// Under AddressSanitizer every array stays its own heap allocation, whose bounds and lifetime
// it watches: arrays side by side in one mapping, or blocks kept for reuse, would hide overruns
// and uses after free. The build defines METAMC_ADDRESS_SANITIZER for every language when it
// sanitizes (CMakeLists.txt), so that CUDA files, compiled without the sanitizer, agree.
#if !defined(METAMC_ADDRESS_SANITIZER)
#if defined(__SANITIZE_ADDRESS__)
#define METAMC_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define METAMC_ADDRESS_SANITIZER 1
#endif
#endif
#endif

namespace metamc {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

/// Whether this build maps huge pages: Linux, without AddressSanitizer.
#if defined(__linux__) && defined(MADV_HUGEPAGE) && !defined(METAMC_ADDRESS_SANITIZER)
constexpr bool kMapsHugePages = true;
#else
constexpr bool kMapsHugePages = false;
#endif

/// The most bytes a mapping is asked for: rounding up and the alignment's padding must not wrap.
constexpr std::size_t kLargestMapping = SIZE_MAX / 2;

/// `bytes` (at most kLargestMapping) rounded up to whole huge pages.
constexpr std::size_t whole_huge_pages(std::size_t bytes) {
  return (bytes + kHugePage - 1) / kHugePage * kHugePage;
}

/// A mapping of `bytes` (whole huge pages) that starts at a huge-page boundary, advised to use
/// huge pages; null where the build maps none or the system refuses. Mapped one huge page
/// longer, then its unaligned head and tail unmapped.
inline char* map_huge_pages(std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (!kMapsHugePages || bytes > kLargestMapping) return nullptr;
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
