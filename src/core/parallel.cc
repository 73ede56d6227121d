#include "core/parallel.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace bc {

namespace {
std::atomic<size_t> g_max_slices{0};  // 0: the hardware's threads
}  // namespace

ScopedParallelism::ScopedParallelism(size_t slices)
    : previous_(g_max_slices.exchange(std::max<size_t>(slices, 1))) {}
ScopedParallelism::~ScopedParallelism() {
  g_max_slices.store(previous_);
}

size_t parallel_slices(size_t n, size_t min_per_slice) {
  size_t most = g_max_slices.load();
  if (most == 0) most = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  return std::clamp<size_t>(n / std::max<size_t>(min_per_slice, 1), 1, most);
}

void for_ranges(size_t n, const std::function<void(size_t lo, size_t hi)>& fn,
                size_t min_per_slice) {
  const size_t slices = parallel_slices(n, min_per_slice);
  if (slices <= 1) {
    fn(0, n);
    return;
  }
  std::vector<std::exception_ptr> errors(slices);
  auto run = [&](size_t s) {
    try {
      fn(n * s / slices, n * (s + 1) / slices);
    } catch (...) {
      errors[s] = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> threads;
    threads.reserve(slices - 1);
    for (size_t s = 1; s < slices; ++s) threads.emplace_back(run, s);
    run(0);
  }  // joined
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace bc
