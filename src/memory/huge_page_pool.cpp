#include "metamc/memory/huge_page_pool.hpp"

#include <mutex>
#include <new>

#include "metamc/memory/huge_pages.hpp"

namespace metamc {
namespace {

class HugePagePool {
 public:
  // A free block of at least `bytes` (the smallest), else a new mapping; null where the system
  // maps none.
  void* take(std::size_t bytes) {
    const std::lock_guard<std::mutex> lock(mutex_);
    Block* best = nullptr;
    for (Block& b : blocks_)
      if (!b.in_use && b.bytes >= bytes && (best == nullptr || b.bytes < best->bytes)) best = &b;
    if (best != nullptr) {
      best->in_use = true;
      return best->start;
    }
    const std::size_t size = whole_huge_pages(bytes);
    char* start = map_huge_pages(size);
    if (start != nullptr) blocks_.push_back({start, size, true});
    return start;
  }

  // Frees p's block for the next array; false if p is not the pool's.
  bool give_back(const void* p) {
    const std::lock_guard<std::mutex> lock(mutex_);
    for (Block& b : blocks_) {
      if (b.start == p) {
        b.in_use = false;
        return true;
      }
    }
    return false;
  }

 private:
  struct Block {
    char* start;
    std::size_t bytes;
    bool in_use;
  };
  std::mutex mutex_;
  std::vector<Block> blocks_;  // a few per thread: a linear search costs nothing
};

// Never destroyed: arrays held by statics (the cached normal scores) are freed at exit, after
// any pool destroyed with the statics would be gone. The system takes the mappings at exit.
HugePagePool& pool() {
  static HugePagePool* const instance = new HugePagePool;
  return *instance;
}

}  // namespace

void* pooled_allocate(std::size_t bytes) {
  if (bytes >= kPooledBytes)
    if (void* p = pool().take(bytes)) return p;
  return ::operator new(bytes);
}

void pooled_deallocate(void* p, std::size_t bytes) noexcept {
  if (p == nullptr) return;
  if (bytes >= kPooledBytes && pool().give_back(p)) return;
  ::operator delete(p);
}

}  // namespace metamc
