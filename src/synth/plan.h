// The synthetic city's commissioning plan: the Integrated Commissioning
// Plan's 40 workstreams, 315 milestones and 48 key measures as seed 001
// prints them (config/seed/plan/*.csv, compiled in), with what the seed
// cannot give made up deterministically as at the city's last day: each
// milestone's progress (complete, on track, at risk, late, not started),
// monthly values for the measures no metric tracks, and savings plans
// (QIPP and the council's) with what they delivered, for some workstreams
// (docs/synthetic-city.md, "The commissioning plan").
//
// Thread safety: writes files; one call at a time per directory.
#pragma once

#include <cstdint>
#include <string>

#include "core/date.h"
#include "core/status.h"

namespace bc::synth {

// Writes workstreams.csv, milestones.csv, key_measures.csv,
// measure_values.csv and savings.csv into dir, as at `as_at` (the city's
// last day).
Status write_commissioning_plan(const std::string& dir, Date as_at, uint64_t seed);

}  // namespace bc::synth
