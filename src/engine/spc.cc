// The XmR chart (spc.h). Each step names the NHSRplotthedots 0.2 function
// it follows (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R,
// R/ptd_calculate_assurance_type.R, R/ptd_add_short_group_warnings.R).
#include "engine/spc.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace bc {
namespace {

constexpr double kLimit = 2.66;             // process limits: mean +/- 2.66 x amr
constexpr double kNear = 2 * (kLimit / 3);  // near lines: two thirds of that, as R has it
constexpr double kScreen = 3.267;           // moving ranges at or above 3.267 x amr are screened

int sign(double x) {
  return x > 0 ? 1 : (x < 0 ? -1 : 0);
}

// ptd_spc_standard: mean, amr and limits of one segment.
SpcSegment segment_limits(const std::vector<double>& y, size_t first, size_t count,
                          const SpcOptions& o) {
  SpcSegment s;
  s.first = first;
  s.count = count;
  s.baseline = o.baseline ? std::min(*o.baseline, count) : count;
  double sum = 0;
  for (size_t i = 0; i < s.baseline; ++i) sum += y[first + i];
  s.mean = sum / static_cast<double>(s.baseline);
  s.short_warning = count < o.short_segment;
  if (s.baseline < 2) return s;
  std::vector<double> mr;
  for (size_t i = 1; i < s.baseline; ++i) mr.push_back(std::fabs(y[first + i] - y[first + i - 1]));
  double amr = 0;
  for (double r : mr) amr += r;
  amr /= static_cast<double>(mr.size());
  if (o.screen_outliers && amr > 0) {
    double kept = 0;
    size_t n = 0;
    for (double r : mr) {
      if (r < kScreen * amr) {
        kept += r;
        ++n;
      }
    }
    // n >= 1 unless the ranges overflow to infinity: not every range can
    // be at or above 3.267 x their mean.
    s.screened = mr.size() - n;
    if (n > 0) amr = kept / static_cast<double>(n);
  }
  s.amr = amr;
  s.lpl = s.mean - kLimit * amr;
  s.upl = s.mean + kLimit * amr;
  s.near_lpl = s.mean - kNear * amr;
  s.near_upl = s.mean + kNear * amr;
  return s;
}

// Marks every point of a run ending at a flagged point: ptd_part_of_seven_trend.
std::vector<int> part_of_run(const std::vector<int>& ends, size_t length) {
  std::vector<int> part(ends.size(), 0);
  for (size_t i = 0; i < ends.size(); ++i) {
    for (size_t k = i; k < ends.size() && k < i + length; ++k) {
      if (ends[k] != 0) part[i] = 1;
    }
  }
  return part;
}

// ptd_special_cause_type, for the points of one segment.
void special_causes(const std::vector<double>& y, const SpcSegment& s, const SpcOptions& o,
                    std::vector<SpcPoint>& points) {
  const size_t n = s.count;
  if (!s.amr) return;  // one point: no limits, common cause
  std::vector<int> outside(n), rtm(n), close(n);
  for (size_t i = 0; i < n; ++i) {
    double v = y[s.first + i];
    outside[i] = (v > *s.upl || v < *s.lpl) ? 1 : 0;
    rtm[i] = sign(v - s.mean);
    close[i] = (!outside[i] && (v < *s.near_lpl || v > *s.near_upl)) ? 1 : 0;
  }
  // ptd_seven_point_trend: the last point of a run of trend_length points,
  // each strictly above (+1) or below (-1) the one before.
  std::vector<int> trend_end(n, 0);
  for (size_t i = o.trend_length - 1; i < n; ++i) {
    int dir = sign(y[s.first + i] - y[s.first + i - 1]);
    for (size_t k = i - o.trend_length + 2; k <= i && dir != 0; ++k) {
      if (sign(y[s.first + k] - y[s.first + k - 1]) != dir) dir = 0;
    }
    trend_end[i] = dir;
  }
  std::vector<int> trend = part_of_run(trend_end, o.trend_length);
  // ptd_seven_point_one_side_mean: the last point of a run on one side.
  std::vector<int> shift_end(n, 0);
  for (size_t i = o.shift_length - 1; i < n; ++i) {
    bool run = rtm[i] != 0;
    for (size_t k = i - o.shift_length + 1; k < i && run; ++k) run = rtm[k] == rtm[i];
    shift_end[i] = run ? 1 : 0;
  }
  std::vector<int> shift = part_of_run(shift_end, o.shift_length);
  // ptd_two_in_three: a close point in a window of three consecutive points
  // with two or more close, all three on one side of the mean.
  auto window = [&](size_t start) {
    if (start + 3 > n) return false;
    int c = close[start] + close[start + 1] + close[start + 2];
    int r = rtm[start] + rtm[start + 1] + rtm[start + 2];
    return c >= 2 && std::abs(r) == 3;
  };
  for (size_t i = 0; i < n; ++i) {
    bool two_of_three = false;
    if (close[i]) {
      for (size_t back = 0; back < 3 && back <= i; ++back) two_of_three |= window(i - back);
    }
    // The trend's direction: towards the next point when it is in the
    // trend too, else from the previous one.
    int dy = 0;
    if (trend[i] && i + 1 < n && trend[i + 1]) {
      dy = sign(y[s.first + i + 1] - y[s.first + i]);
    } else if (i > 0) {
      dy = sign(y[s.first + i] - y[s.first + i - 1]);
    }
    SpecialCause& c = points[s.first + i].cause;
    if (outside[i]) {
      c = rtm[i] == 1 ? SpecialCause::kAboveLimit : SpecialCause::kBelowLimit;
    } else if (trend[i]) {
      c = dy == 1 ? SpecialCause::kTrendUp : SpecialCause::kTrendDown;
    } else if (two_of_three) {
      c = rtm[i] > 0 ? SpecialCause::kTwoOfThreeAbove : SpecialCause::kTwoOfThreeBelow;
    } else if (shift[i]) {
      c = rtm[i] > 0 ? SpecialCause::kShiftAbove : SpecialCause::kShiftBelow;
    }
  }
}

// ptd_point_type: +1 for a cause above or rising, -1 below or falling.
PointType point_type(SpecialCause c, Improvement improvement) {
  int v = 0;
  switch (c) {
    case SpecialCause::kAboveLimit:
    case SpecialCause::kTrendUp:
    case SpecialCause::kTwoOfThreeAbove:
    case SpecialCause::kShiftAbove:
      v = 1;
      break;
    case SpecialCause::kBelowLimit:
    case SpecialCause::kTrendDown:
    case SpecialCause::kTwoOfThreeBelow:
    case SpecialCause::kShiftBelow:
      v = -1;
      break;
    case SpecialCause::kNone:
      break;
  }
  if (v == 0) return PointType::kCommonCause;
  if (improvement == Improvement::kNeutral)
    return v > 0 ? PointType::kNeutralHigh : PointType::kNeutralLow;
  if (improvement == Improvement::kDecrease) v = -v;
  return v > 0 ? PointType::kImprovement : PointType::kConcern;
}

Status check(const std::vector<double>& values, const SpcOptions& o) {
  if (values.empty()) return Status::invalid_argument("an SPC chart needs at least one value");
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i]))
      return Status::invalid_argument(fmt::format("value {} is not a finite number", i + 1));
  }
  for (size_t k = 0; k < o.process_changes.size(); ++k) {
    size_t at = o.process_changes[k];
    if (at == 0 || at >= values.size())
      return Status::invalid_argument(fmt::format(
          "a process change at point {} is outside points 2 to {}", at + 1, values.size()));
    if (k > 0 && at <= o.process_changes[k - 1])
      return Status::invalid_argument("process changes must be in ascending order, each once");
  }
  if (o.baseline && *o.baseline < SpcOptions::kMinBaseline)
    return Status::invalid_argument(
        fmt::format("a baseline needs at least {} points (Making Data Count); {} were asked for",
                    SpcOptions::kMinBaseline, *o.baseline));
  if (o.trend_length < 2 || o.shift_length < 2)
    return Status::invalid_argument("a trend or a run needs at least 2 points");
  return Status::ok_status();
}

}  // namespace

std::string_view improvement_name(Improvement i) {
  switch (i) {
    case Improvement::kIncrease:
      return "increase";
    case Improvement::kDecrease:
      return "decrease";
    case Improvement::kNeutral:
      return "neutral";
  }
  return "neutral";
}

std::optional<Improvement> parse_improvement(std::string_view s) {
  if (s == "increase") return Improvement::kIncrease;
  if (s == "decrease") return Improvement::kDecrease;
  if (s == "neutral") return Improvement::kNeutral;
  return std::nullopt;
}

std::string_view point_type_name(PointType t) {
  switch (t) {
    case PointType::kCommonCause:
      return "common_cause";
    case PointType::kImprovement:
      return "special_cause_improvement";
    case PointType::kConcern:
      return "special_cause_concern";
    case PointType::kNeutralHigh:
      return "special_cause_neutral_high";
    case PointType::kNeutralLow:
      return "special_cause_neutral_low";
  }
  return "common_cause";
}

std::string_view point_type_words(PointType t) {
  switch (t) {
    case PointType::kCommonCause:
      return "Common cause variation";
    case PointType::kImprovement:
      return "Special cause variation: improvement";
    case PointType::kConcern:
      return "Special cause variation: concern";
    case PointType::kNeutralHigh:
      return "Special cause variation: higher";
    case PointType::kNeutralLow:
      return "Special cause variation: lower";
  }
  return "Common cause variation";
}

std::string_view special_cause_name(SpecialCause c) {
  switch (c) {
    case SpecialCause::kNone:
      return "none";
    case SpecialCause::kAboveLimit:
      return "above_upl";
    case SpecialCause::kBelowLimit:
      return "below_lpl";
    case SpecialCause::kTrendUp:
      return "trend_up";
    case SpecialCause::kTrendDown:
      return "trend_down";
    case SpecialCause::kTwoOfThreeAbove:
      return "two_of_three_above";
    case SpecialCause::kTwoOfThreeBelow:
      return "two_of_three_below";
    case SpecialCause::kShiftAbove:
      return "shift_above";
    case SpecialCause::kShiftBelow:
      return "shift_below";
  }
  return "none";
}

std::string_view special_cause_words(SpecialCause c) {
  switch (c) {
    case SpecialCause::kNone:
      return "";
    case SpecialCause::kAboveLimit:
      return "above the upper process limit";
    case SpecialCause::kBelowLimit:
      return "below the lower process limit";
    case SpecialCause::kTrendUp:
      return "part of a rising trend";
    case SpecialCause::kTrendDown:
      return "part of a falling trend";
    case SpecialCause::kTwoOfThreeAbove:
      return "two of three near the upper limit";
    case SpecialCause::kTwoOfThreeBelow:
      return "two of three near the lower limit";
    case SpecialCause::kShiftAbove:
      return "part of a run above the mean";
    case SpecialCause::kShiftBelow:
      return "part of a run below the mean";
  }
  return "";
}

std::string_view assurance_name(Assurance a) {
  switch (a) {
    case Assurance::kConsistentPass:
      return "consistent_pass";
    case Assurance::kConsistentFail:
      return "consistent_fail";
    case Assurance::kInconsistent:
      return "inconsistent";
  }
  return "inconsistent";
}

std::string_view assurance_words(Assurance a) {
  switch (a) {
    case Assurance::kConsistentPass:
      return "Consistently passes the target";
    case Assurance::kConsistentFail:
      return "Consistently fails the target";
    case Assurance::kInconsistent:
      return "Hits and misses the target: inconsistent";
  }
  return "";
}

Result<SpcChart> spc_chart(const std::vector<double>& values, const SpcOptions& options) {
  if (Status s = check(values, options); !s.ok()) return s;
  SpcChart chart;
  chart.points.resize(values.size());
  std::vector<size_t> starts = {0};
  starts.insert(starts.end(), options.process_changes.begin(), options.process_changes.end());
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t end = k + 1 < starts.size() ? starts[k + 1] : values.size();
    SpcSegment s = segment_limits(values, starts[k], end - starts[k], options);
    for (size_t i = s.first; i < end; ++i) {
      chart.points[i].value = values[i];
      chart.points[i].segment = k;
    }
    special_causes(values, s, options, chart.points);
    if (s.short_warning) {
      chart.warnings.push_back(fmt::format(
          "points {} to {}: fewer than {} points, so the limits are trial limits, revised with "
          "each new point",
          s.first + 1, end, options.short_segment));
    }
    chart.segments.push_back(s);
  }
  for (SpcPoint& p : chart.points) p.type = point_type(p.cause, options.improvement);
  chart.variation = chart.points.back().type;
  // ptd_calculate_assurance_type: the target against the last limits.
  const SpcSegment& last = chart.last_segment();
  if (options.target && options.improvement != Improvement::kNeutral && last.upl) {
    bool up = options.improvement == Improvement::kIncrease;
    if (*options.target > *last.upl) {
      chart.assurance = up ? Assurance::kConsistentFail : Assurance::kConsistentPass;
    } else if (*options.target < *last.lpl) {
      chart.assurance = up ? Assurance::kConsistentPass : Assurance::kConsistentFail;
    } else {
      chart.assurance = Assurance::kInconsistent;
    }
  }
  return chart;
}

Result<std::vector<double>> parse_spc_values(std::string_view text) {
  std::vector<double> out;
  size_t pos = 0;
  while (true) {
    if (out.size() == kMaxSpcValues)
      return Status::invalid_argument(
          fmt::format("more than {} values: an SPC chart takes at most that many", kMaxSpcValues));
    size_t comma = text.find(',', pos);
    std::string_view item =
        text.substr(pos, comma == std::string_view::npos ? text.npos : comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.empty())
      return Status::invalid_argument(
          fmt::format("value {} is empty: write the values as numbers separated by commas, e.g. "
                      "12,10,14",
                      out.size() + 1));
    double v = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || end != item.data() + item.size() || !std::isfinite(v)) {
      std::string shown(item.substr(0, 40));
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
      }
      return Status::invalid_argument(
          fmt::format("value {} ('{}') is not a number", out.size() + 1, shown));
    }
    out.push_back(v);
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return out;
}

}  // namespace bc
