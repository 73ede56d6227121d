#include "engine/disclosure.h"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace bc {

uint16_t record_key(std::string_view cell_key, std::string_view record) {
  static_assert(crypto_shorthash_KEYBYTES == kCellKeyBytes);
  std::array<unsigned char, crypto_shorthash_KEYBYTES> k{};
  std::copy_n(cell_key.begin(), std::min(cell_key.size(), k.size()), k.begin());
  unsigned char out[crypto_shorthash_BYTES];
  // SipHash needs no initialisation of libsodium (it is a pure function).
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(record.data()), record.size(),
                   k.data());
  return static_cast<uint16_t>(out[0] | (out[1] << 8));
}

int noise_of_cell_key(uint32_t key_sum) {
  // The perturbation table: how many of the 65,536 cell keys give each
  // noise, from 0 outwards. Symmetric, so totals are not biased; the tails
  // (4 to 8, at most a few keys in 65,536) are there so that an attacker
  // who reasons from the largest possible noise almost never has the
  // right one (docs/security.md, "Disclosure control").
  static constexpr std::array<uint32_t, kMaxNoise + 1> kKeysOfNoise = {26304, 13000, 6000, 600, 8,
                                                                       4,     2,     1,    1};
  uint32_t k = key_sum & 0xFFFF;
  if (k < kKeysOfNoise[0]) return 0;
  k -= kKeysOfNoise[0];
  for (int d = 1; d <= kMaxNoise; ++d) {
    const uint32_t n = kKeysOfNoise[static_cast<size_t>(d)];
    if (k < n) return d;
    if (k < 2 * n) return -d;
    k -= 2 * n;
  }
  return 0;  // unreachable: the table covers every key
}

int64_t perturbed_count(int64_t n, uint32_t key_sum, const SuppressionRule& rule) {
  if (!rule.cell_key || n <= 0) return n;
  return std::max<int64_t>(n + noise_of_cell_key(key_sum), 1);
}

Status check_disclosure_period(const Period& period) {
  if (period.kind() != Period::Kind::kRange) return Status();
  return Status::invalid_argument(
      "figures with small numbers suppressed are given for whole periods only: a month "
      "(2017/18:M6), a quarter (2017/18:Q2), a financial year (2017/18), a year to date "
      "(2017/18:YTD6) or the rolling 12 months to a month (R12:2018-03); a range of days "
      "(like " +
      period.label() + ") would let small numbers be worked out by difference");
}

}  // namespace bc
