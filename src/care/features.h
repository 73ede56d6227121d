// What the linked record says about each registered person as at a date:
// the facts that frailty, the risk model and the registers are computed
// from, for everyone at once.
//
// Computed from the engine's snapshot in one pass over each kind of event
// (the events of a window are one slice, as each kind is sorted by date), so
// scoring a whole city costs a few scans of its columns, not a query per
// person. Everything is per snapshot person (Snapshot::persons' order);
// `in_population` says who counts: registered on or before the date, born
// by then and alive on it (a death on the date itself leaves them out).
//
// The look-back windows, for an index date D:
// - the previous 12 months: admitted (arrived, discharged) from D minus 12
//   months up to the day before D; the year before: from D minus 24 months
//   up to the day before D minus 12 months;
// - the HFRS: spells admitted from D minus 24 months up to and including D
//   (frailty.h);
// - conditions recorded on or before D; a permanent care home admission
//   before D makes a care home resident.
// The outcome, for the risk model, is the next 12 months: from D up to the
// day before D plus 12 months.
//
// Thread safety: a Features value is immutable once computed; computing
// reads the snapshot only, and splits the people across the cores
// (core/parallel.h): a large city's features take all of them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "care/frailty.h"
#include "core/conditions.h"
#include "core/date.h"
#include "core/status.h"
#include "engine/snapshot.h"

namespace bc {

struct Features {
  Date at;
  std::vector<uint8_t> in_population;  // 1: registered and alive on `at`
  std::vector<uint8_t> age;            // whole years on `at` (254 and over as 254)
  std::vector<uint8_t> female;         // 1: sex F (0: M or not stated)
  // The previous 12 months (capped at 65,535).
  std::vector<uint16_t> emergency_admissions, ae_attendances, bed_days;
  std::vector<uint8_t> reablement;  // 1: discharged into reablement in the previous 12 months
  std::vector<uint8_t> care_home;   // 1: a permanent care home admission before `at`
  // The year before those: 13 to 24 months back (capped at 65,535).
  std::vector<uint16_t> emergency_admissions_before, ae_attendances_before;
  std::vector<uint8_t> long_term_conditions;  // conditions recorded that are not eFI deficits
  // Which of them: bit k for the k-th code of long_term_condition_codes().
  std::vector<uint16_t> long_term_condition_mask;
  std::vector<uint8_t> efi_deficits;    // distinct eFI deficits recorded, 0..36
  std::vector<int16_t> hfrs_tenths;     // -1: under 75
  std::vector<int32_t> last_emergency;  // last emergency admission on or before `at`, or kNoDate

  size_t size() const { return in_population.size(); }
  int64_t population() const;
};

// The long-term conditions of the condition list that are not eFI deficits,
// in its order (asthma, cancer, ...): the bits of long_term_condition_mask.
std::span<const ConditionInfo* const> long_term_condition_codes();

// The facts for every person of the snapshot as at `at`.
Features compute_features(const Snapshot& snap, Date at, const FrailtyOptions& options = {});

// Per snapshot person: 1 when they have one or more emergency admissions
// (DOMAIN.md: HES ADMIMETH 21-28) admitted in the 12 months from `at`.
std::vector<uint8_t> emergency_outcome(const Snapshot& snap, Date at);

// The months of spells a computation at `at` reads but the snapshot has
// not loaded, as "YYYY-MM", in order: from `previous` months before `at`
// (the features' look-back) to `next` months after it (an outcome), the
// end exclusive. Empty when everything is loaded.
std::vector<std::string> months_not_loaded(const Snapshot& snap, Date at, int previous, int next);

// OK when the 12 months from `at` (an outcome year) are loaded; otherwise
// InvalidArgument naming the months that are not.
Status check_outcome_loaded(const Snapshot& snap, Date at);

// True for a snapshot admission-method index that is an emergency admission.
std::vector<uint8_t> emergency_methods(const Snapshot& snap);

}  // namespace bc
