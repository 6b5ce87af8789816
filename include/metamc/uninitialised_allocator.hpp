// An allocator for vectors that are written before they are read.
#ifndef METAMC_UNINITIALISED_ALLOCATOR_HPP
#define METAMC_UNINITIALISED_ALLOCATOR_HPP

#include <memory>
#include <utility>

namespace metamc {

/// std::allocator, except that value-initialisation (vector(n), resize(n)) default-initialises:
/// elements of a trivial type are left as they are. For arrays that are written before they are
/// read, such as the draws' (mcmc/sinks/group_draws.hpp): zeroing them would touch every page on
/// one thread before the chains' threads touch them again.
template <class T>
struct UninitialisedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  UninitialisedAllocator() = default;
  template <class U>
  UninitialisedAllocator(const UninitialisedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-, not value-initialised
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

}  // namespace metamc

#endif  // METAMC_UNINITIALISED_ALLOCATOR_HPP
