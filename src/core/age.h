// Age at a date and the age bands the Better Care metrics use.
//
// Age is in completed years. A person born on 29 February reaches their
// birthday on 1 March in years that are not leap years (the rule in
// England). Age bands are 0-17, 18-64 and 65+, taken at the event.
//
// Thread safety: pure functions and plain values.
#pragma once

#include <optional>
#include <string_view>

#include "core/date.h"

namespace bc {

// Completed years of age on `on` for someone born on `born`; negative when
// `on` is before `born`.
int age_at(Date born, Date on);

enum class AgeBand { k0To17 = 0, k18To64 = 1, k65Plus = 2 };
inline constexpr int kAgeBandCount = 3;

// The band for an age in years (ages below 0 count as 0-17).
AgeBand age_band_of(int age);
// "0-17", "18-64", "65+".
std::string_view age_band_label(AgeBand band);
// Accepts "0-17", "18-64", "65+" (and the en dash forms).
std::optional<AgeBand> parse_age_band(std::string_view text);

}  // namespace bc
