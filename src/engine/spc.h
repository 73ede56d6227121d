// Statistical process control: the XmR ("individuals") chart of NHS
// England's Making Data Count, computed exactly as NHS-R's
// NHSRplotthedots 0.2 does (docs/spc.md says where each rule comes from).
// One implementation for the CLI (`bettercare spc`), the board documents
// and the web.
//
// A series of values in time order, optionally cut into segments at
// process changes (each segment has its own limits, "recalculation"):
//   - centre line: the mean of the segment's baseline points (all of them,
//     or the first `baseline` only, later points being judged against
//     limits fixed from those);
//   - moving ranges |x[i] - x[i-1]| between baseline points; their average,
//     after screening out once every moving range at or above 3.267 times
//     the average (unless screening is turned off);
//   - process limits mean +/- 2.66 x average moving range, "near" lines at
//     two thirds of that distance;
//   - each point's special cause, in precedence order: beyond a process
//     limit (strictly); part of a run of `trend_length` points each
//     strictly above (or below) the one before (a tie breaks it); two of
//     three consecutive points strictly between a near line and its process
//     limit, all three on the same side of the mean; part of a run of
//     `shift_length` points on one side of the mean (a point on the mean
//     breaks it). Runs do not cross segments.
//   - each point's type from its cause and the measure's direction
//     (improvement, concern; or neutral high and low);
//   - the variation icon is the last point's type; the assurance icon
//     compares the target with the last segment's process limits (a target
//     on a limit is inconsistent); none without a target or for a neutral
//     measure.
//   - a segment of fewer than `short_segment` points has trial limits: a
//     warning says so.
//
// One deliberate difference from the R package: a segment whose moving
// ranges are all zero (a flat line) keeps an average moving range of 0
// (limits on the mean) where R screens every range out and has no limits.
//
// Thread safety: pure functions; safe from any number of threads.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace bc {

// Which way is better for the measure.
enum class Improvement { kIncrease, kDecrease, kNeutral };

// A point's reading ("common_cause", "special_cause_improvement",
// "special_cause_concern", "special_cause_neutral_high",
// "special_cause_neutral_low": the names the JSON and the pages show).
enum class PointType { kCommonCause, kImprovement, kConcern, kNeutralHigh, kNeutralLow };

// Why a point is special, the rule that flagged it first.
enum class SpecialCause {
  kNone,
  kAboveLimit,       // beyond the upper process limit
  kBelowLimit,       // beyond the lower process limit
  kTrendUp,          // part of a run of rising points
  kTrendDown,        // part of a run of falling points
  kTwoOfThreeAbove,  // two of three near the upper limit
  kTwoOfThreeBelow,  // two of three near the lower limit
  kShiftAbove,       // part of a run above the mean
  kShiftBelow,       // part of a run below the mean
};

// Will the process meet its target?
enum class Assurance { kConsistentPass, kConsistentFail, kInconsistent };

std::string_view improvement_name(Improvement i);  // "increase", "decrease", "neutral"
std::optional<Improvement> parse_improvement(std::string_view s);
std::string_view point_type_name(PointType t);
std::string_view special_cause_name(SpecialCause c);  // "above_upl", "trend_up", ... "none"
std::string_view assurance_name(
    Assurance a);  // "consistent_pass", "consistent_fail", "inconsistent"
// Words for a reader ("Special cause variation: improvement", "Consistently
// passes the target"), the icons' text equivalents.
std::string_view point_type_words(PointType t);
std::string_view assurance_words(Assurance a);
std::string_view special_cause_words(SpecialCause c);

struct SpcOptions {
  Improvement improvement = Improvement::kIncrease;
  std::optional<double> target;
  // Limits from each segment's first `baseline` points only (NHS-R's
  // fix_after_n_points); at least kMinBaseline.
  std::optional<size_t> baseline;
  bool screen_outliers = true;
  // Indices (0-based) of the points that start a new segment: a process
  // change. Ascending, each within 1..size-1.
  std::vector<size_t> process_changes;
  size_t trend_length = 7;    // points in a rising or falling run
  size_t shift_length = 7;    // points in a run on one side of the mean
  size_t short_segment = 13;  // fewer points than this: trial limits

  static constexpr size_t kMinBaseline = 12;
};

// One segment's centre line and limits; no limits for a one-point segment.
struct SpcSegment {
  size_t first = 0, count = 0;  // the points it covers
  size_t baseline = 0;          // the points its limits come from
  double mean = 0;
  std::optional<double> amr;  // average moving range, after screening
  std::optional<double> lpl, upl, near_lpl, near_upl;
  size_t screened = 0;  // moving ranges screened out
  bool short_warning = false;
};

struct SpcPoint {
  double value = 0;
  size_t segment = 0;
  SpecialCause cause = SpecialCause::kNone;
  PointType type = PointType::kCommonCause;
};

struct SpcChart {
  std::vector<SpcSegment> segments;               // at least one
  std::vector<SpcPoint> points;                   // as given
  PointType variation = PointType::kCommonCause;  // the last point's
  std::optional<Assurance> assurance;
  std::vector<std::string> warnings;  // e.g. trial limits

  const SpcSegment& last_segment() const { return segments.back(); }
};

// The chart of `values` (at least one; every one finite). InvalidArgument,
// naming the problem, for no values, a value that is not finite, a process
// change out of order or out of range, a baseline under kMinBaseline, or a
// rule length under 2.
Result<SpcChart> spc_chart(const std::vector<double>& values, const SpcOptions& options);

// A series an analyst types: numbers separated by commas ("12,10.5,-3,1e3";
// spaces around them allowed). InvalidArgument, naming the position and
// the text, for an empty item, anything not a finite number, or more than
// kMaxSpcValues values (the input is not read past that).
constexpr size_t kMaxSpcValues = 10000;
Result<std::vector<double>> parse_spc_values(std::string_view text);

}  // namespace bc
