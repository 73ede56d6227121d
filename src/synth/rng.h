// Rng: the synthetic city's deterministic random numbers.
//
// xoshiro256** seeded through SplitMix64, with its own distributions (the
// standard library's distributions differ between implementations, and the
// same seed must give byte-identical files everywhere). Each person gets a
// generator derived from (seed, person number), so people can be generated
// one at a time, in a stream, with no shared state.
//
// Thread safety: a generator belongs to one thread.
#pragma once

#include <cmath>
#include <cstdint>
#include <span>

namespace bc::synth {

inline uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  // A generator for stream `stream` of seed `seed` (e.g. one per person).
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& s : s_) s = splitmix64(x);
  }

  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  // Uniform integer in [0, n).
  int64_t below(int64_t n) { return static_cast<int64_t>(uniform() * static_cast<double>(n)); }
  // Uniform integer in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) { return lo + below(hi - lo + 1); }
  bool chance(double p) { return uniform() < p; }
  // Standard normal (Box-Muller).
  double normal() {
    double u = 1.0 - uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * uniform());
  }
  // Poisson: inversion for small means, a rounded normal for large ones.
  int poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 40) {
      double v = std::round(mean + std::sqrt(mean) * normal());
      return v < 0 ? 0 : static_cast<int>(v);
    }
    double l = std::exp(-mean), p = uniform();
    int k = 0;
    double term = l, cum = l;
    while (p > cum && k < 200) {
      ++k;
      term *= mean / k;
      cum += term;
    }
    return k;
  }
  // An index drawn with the given (not necessarily normalised) weights.
  size_t pick(std::span<const double> weights) {
    double total = 0;
    for (double w : weights) total += w;
    double r = uniform() * total;
    for (size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace bc::synth
