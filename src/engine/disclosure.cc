#include "engine/disclosure.h"

#include <sodium.h>

#include <algorithm>
#include <array>

namespace bc {

uint8_t record_key(std::string_view cell_key, std::string_view record) {
  static_assert(crypto_shorthash_KEYBYTES == kCellKeyBytes);
  std::array<unsigned char, crypto_shorthash_KEYBYTES> k{};
  std::copy_n(cell_key.begin(), std::min(cell_key.size(), k.size()), k.begin());
  unsigned char out[crypto_shorthash_BYTES];
  // SipHash needs no initialisation of libsodium (it is a pure function).
  crypto_shorthash(out, reinterpret_cast<const unsigned char*>(record.data()), record.size(),
                   k.data());
  return out[0];
}

int noise_of_cell_key(uint32_t key_sum) {
  // The perturbation table: a cell key 0..255 to a noise. Symmetric, so a
  // total is not biased; rare extremes, so that an attacker who assumes the
  // largest noise learns little (docs/security.md).
  const uint32_t k = key_sum & 0xFF;
  if (k < 1) return -3;
  if (k < 26) return -2;
  if (k < 76) return -1;
  if (k < 180) return 0;
  if (k < 230) return 1;
  if (k < 255) return 2;
  return 3;
}

int64_t perturbed_count(int64_t n, uint32_t key_sum, const SuppressionRule& rule) {
  if (!rule.cell_key || n < rule.hide_below) return n;
  return std::max<int64_t>(n + noise_of_cell_key(key_sum), rule.hide_below);
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
