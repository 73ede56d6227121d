// Statistical disclosure control for figures shown outside the care team.
//
// Rounding and hiding small counts is not enough on its own: a figure that
// can be asked for over overlapping periods, or in breakdowns that add up to
// a total, can be worked out by difference. Three rules together stop that
// (docs/security.md, "Disclosure control", gives the reasoning and the
// residual risk):
//
//  1. Periods: whole months, quarters, financial years, years to date and
//     rolling 12 months only. A range of days is refused.
//  2. Cell-key perturbation (the method of the Office for National
//     Statistics' flexible tables): every event carries a record key, 16
//     bits of a keyed hash of the record that only the server can make; a
//     cell's key is the sum of its records' keys modulo 65,536; a count is
//     moved by a small amount (mostly -2 to +2, at most 8) that depends
//     only on the cell key, never to zero. The same records therefore
//     always give the same answer, however the cell is asked for, and
//     differences of overlapping cells carry noise an attacker cannot
//     remove.
//  3. Every figure shown is made from perturbed counts: counts rounded,
//     rates, percentages, standardised rates and costs computed from the
//     perturbed counts; a figure is hidden ("*") wherever a count of people
//     it is made of is from 1 to 7, true or perturbed. So "*" does not say
//     the true count is at most 7, and a sum of hidden cells cannot be
//     pinned down from the total they make.
//
// The care team, analysts and returns to NHS England see exact figures.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/period.h"
#include "core/status.h"
#include "engine/metric_def.h"

namespace bc {

// Bytes of the key that record keys are made with.
inline constexpr size_t kCellKeyBytes = 16;

// A record's key: 16 bits of the keyed hash (SipHash-2-4) of what
// identifies the record. `cell_key` should be kCellKeyBytes of secret; shorter keys
// are padded with zeros (tests), longer ones truncated.
uint16_t record_key(std::string_view cell_key, std::string_view record);

// The largest noise the perturbation table gives.
inline constexpr int kMaxNoise = 8;

// The perturbation of a count of `n` events whose record keys sum to
// `key_sum` (modulo 2^32): 0 stays 0; others move by the noise of the cell
// key but not below 1. Without rule.cell_key, the count itself.
int64_t perturbed_count(int64_t n, uint32_t key_sum, const SuppressionRule& rule);

// The noise for a cell key (its low 16 bits): 0 for 40% of keys, +-1 for
// 20% each, +-2 for 9%, +-3 for 0.9%, and +-4 to +-8 for a few keys in
// 65,536 each.
int noise_of_cell_key(uint32_t key_sum);

// OK when a figure over `period` may be shown suppressed; otherwise an
// invalid-argument status that says which periods are allowed.
Status check_disclosure_period(const Period& period);

}  // namespace bc
