// An allocator for vectors that are written before they are read.
#ifndef METAMC_MEMORY_UNINITIALISED_ALLOCATOR_HPP
#define METAMC_MEMORY_UNINITIALISED_ALLOCATOR_HPP

#include <memory>
#include <utility>

namespace metamc {

/// `Base` (std::allocator, or std::pmr::polymorphic_allocator for memory from a resource such as
/// HugePageArena), except that value-initialisation (vector(n), resize(n)) default-initialises:
/// elements of a trivial type are left as they are. For arrays that are written before they are
/// read, such as the draws' (mcmc/sinks/group_draws.hpp): zeroing them would touch every page on
/// one thread before the chains' threads touch them again.
template <class T, class Base = std::allocator<T>>
struct UninitialisedAllocator : Base {
  template <class U>
  struct rebind {
    using other =
        UninitialisedAllocator<U, typename std::allocator_traits<Base>::template rebind_alloc<U>>;
  };
  using Base::Base;
  UninitialisedAllocator() = default;
  // Implicit: a vector's copy takes its allocator from Base::select_on_container_copy_construction.
  UninitialisedAllocator(const Base& base) noexcept : Base(base) {}
  template <class U, class OtherBase>
  UninitialisedAllocator(const UninitialisedAllocator<U, OtherBase>& other) noexcept
      : Base(other) {}
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

#endif  // METAMC_MEMORY_UNINITIALISED_ALLOCATOR_HPP
