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
//     Statistics' flexible tables): every event carries a record key, a
//     byte from a keyed hash of the record that only the server can make;
//     a cell's key is the sum of its records' keys modulo 256; a count of
//     8 or more is moved by a small amount (-3 to +3, mostly 0 or 1) that
//     depends only on the cell key. The same records therefore always give
//     the same answer, however the cell is asked for, and differences of
//     overlapping cells carry noise an attacker cannot remove.
//  3. Every figure shown is made from perturbed counts: counts rounded
//     (1 to 7 hidden), rates, percentages, standardised rates and costs
//     computed from the perturbed counts, and hidden wherever a true count
//     of people they are made of is from 1 to 7.
//
// The care team, analysts and returns to NHS England see exact figures.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "engine/metric_def.h"
#include "engine/period.h"

namespace bc {

// Bytes of the key that record keys are made with.
inline constexpr size_t kCellKeyBytes = 16;

// A record's key: a byte of the keyed hash (SipHash-2-4) of what identifies
// the record. `cell_key` should be kCellKeyBytes of secret; shorter keys
// are padded with zeros (tests), longer ones truncated.
uint8_t record_key(std::string_view cell_key, std::string_view record);

// The perturbation of a count of `n` events whose record keys sum to
// `key_sum`: 0 stays 0; counts below rule.hide_below are returned as they
// are (they are hidden anyway); others move by -3..+3 but never below
// rule.hide_below. Without rule.cell_key, the count itself.
int64_t perturbed_count(int64_t n, uint32_t key_sum, const SuppressionRule& rule);

// The noise for a cell key (the perturbation table): -3..+3, with
// probabilities 1, 25, 50, 104, 50, 25 and 1 in 256.
int noise_of_cell_key(uint32_t key_sum);

// OK when a figure over `period` may be shown suppressed; otherwise an
// invalid-argument status that says which periods are allowed.
Status check_disclosure_period(const Period& period);

}  // namespace bc
