// Work on a large index range split across the machine's cores: for_ranges
// calls fn(lo, hi) on contiguous, disjoint slices that together cover
// [0, n), each on its own thread, and returns when all have finished.
//
// It is for loops over people whose iterations write only their own
// person's slots (the care module's features and scores): fn must not
// write anything another slice writes. Small ranges run on the calling
// thread. An exception thrown by fn (std::bad_alloc) is rethrown on the
// calling thread after every slice has finished.
//
// Thread safety: fn runs concurrently with itself on different slices.
#pragma once

#include <cstddef>
#include <functional>

namespace bc {

// The slices used for n items: at most the hardware's threads (capped at
// 8) or the ScopedParallelism in force, and one when n is below
// min_per_slice * 2.
size_t parallel_slices(size_t n, size_t min_per_slice = 65'536);

// While it lives, for_ranges uses at most `slices` slices (1: everything on
// the calling thread), whatever the hardware: for tests that compare a
// split computation with a whole one, and for benchmarks that time one
// core. Process-wide; not for use while another thread calls for_ranges.
class ScopedParallelism {
 public:
  explicit ScopedParallelism(size_t slices);
  ~ScopedParallelism();
  ScopedParallelism(const ScopedParallelism&) = delete;
  ScopedParallelism& operator=(const ScopedParallelism&) = delete;

 private:
  size_t previous_;
};

void for_ranges(size_t n, const std::function<void(size_t lo, size_t hi)>& fn,
                size_t min_per_slice = 65'536);

}  // namespace bc
