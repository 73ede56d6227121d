// Internal to the engine: counting a metric's events, and the people of a
// population, into the cells of a breakdown.
//
// A breakdown is a list of dimensions, each with its labels (the last one
// null, for unlinked or unknown, where the dimension has one); a cell is one
// combination of labels, numbered in row-major order. Events are counted in
// the cell of their values, so a breakdown costs one pass over the period's
// slice of each event column.
//
// Thread safety: reads an immutable snapshot; safe from many threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/period.h"
#include "engine/dimensions.h"
#include "engine/metric_def.h"
#include "engine/snapshot.h"

namespace bc::engine {

// The calendar months and the financial quarters a period touches.
struct TimeAxis {
  std::vector<YearMonth> months;
  std::vector<int> quarter_of_month;  // month slot -> quarter slot
  std::vector<std::string> quarter_labels;
  std::vector<std::vector<YearMonth>> quarter_months;

  static TimeAxis of(const Period& p);
};

// A dimension of a breakdown and its labels.
struct Dim {
  DimId id = DimId::kMonth;
  std::string name;
  std::vector<std::optional<std::string>> labels;
  size_t unlabelled = 0;  // kPerson: the size, without a label per person
  size_t size() const { return labels.empty() ? unlabelled : labels.size(); }
};

// Whether events of a source have a value for the dimension at all.
bool applies(MetricSource source, DimId dim);

// The dimension's labels for this snapshot and time axis.
Dim make_dim(DimId id, const Snapshot& snap, const TimeAxis& axis);

// The values of one event (or one pseudo-event of a population) on every
// dimension; -1 or unknown where it has none.
struct Event {
  int32_t day = 0;
  int practice = -1;    // -1: unlinked
  int32_t person = -1;  // the snapshot's person; -1: unlinked
  uint8_t age = kUnknownAge;
  char sex = '?';
  int provider = 0, org = 0, reason = 0, diagnosis = 0, stay = 0, department = 0, setting = 0,
      funder = 0;
};

// The cells of a breakdown of `period` by `dims`.
class Breakdown {
 public:
  Breakdown(const Snapshot& snap, const Period& period, const TimeAxis& axis,
            std::vector<Dim> dims);

  size_t cells() const { return cells_; }
  const std::vector<Dim>& dims() const { return dims_; }
  const Period& period() const { return period_; }
  const TimeAxis& axis() const { return axis_; }
  bool has(DimId id) const;
  bool by_sex() const { return by_sex_; }  // has(DimId::kSex), for the scans' inner loops

  // The cell of an event dated within the period.
  size_t cell_of(const Event& e) const;
  // The label index of each dimension for a cell.
  std::vector<size_t> labels_of(size_t cell) const;

  // The spans of the period that time dimensions cut it into (the months
  // with `month`, the quarters with `quarter`, else the whole period), with
  // their months: a population is counted once per span, at its mid-point.
  struct Span {
    Date first, last;
    std::vector<YearMonth> months;
    Date mid() const { return Date::from_days(first.days() + (last.days() - first.days()) / 2); }
  };
  std::vector<Span> spans() const;

 private:
  const Snapshot& snap_;
  Period period_;
  const TimeAxis& axis_;
  std::vector<Dim> dims_;
  size_t cells_ = 1;
  bool by_sex_ = false;
  std::vector<int16_t> month_slot_;  // day of the period -> month slot
};

// What is counted per cell. With `keyed` (figures to be perturbed, for
// people outside the care team), for events of people also the number of
// events in num and the sums of their record keys (engine/disclosure.h),
// the cell keys of num, den (a proportion's cohort) and unknown; they wrap
// modulo 2^32, and only their value modulo 65,536 is used. Without it
// those arrays are empty: exact figures pay nothing for them.
struct Tally {
  std::vector<double> num, den;
  std::vector<int64_t> unknown;  // proportions: outcomes not yet known
  std::vector<double> days;      // daily rates: the days the figure is per
  bool keyed = false;
  std::vector<int64_t> events;  // the events in num (num may be a sum of their cost)
  std::vector<uint32_t> num_key, den_key, unknown_key;
  Tally(size_t cells, bool with_keys)
      : num(cells, 0),
        den(cells, 0),
        unknown(cells, 0),
        days(cells, 0),
        keyed(with_keys),
        events(with_keys ? cells : 0, 0),
        num_key(with_keys ? cells : 0, 0),
        den_key(with_keys ? cells : 0, 0),
        unknown_key(with_keys ? cells : 0, 0) {}
};

// Counts the metric's events dated within the breakdown's period (for a
// ratio, occupied bed days into den; for a proportion, every event into den
// and those with a numerator outcome into num).
void tally_events(const Snapshot& snap, const MetricDef& m, const Breakdown& b, Tally& t);

// Adds to den the population of ages [min_age, max_age] of each span of the
// breakdown: the registered people alive and registered at the span's
// mid-point, or, with `ons_year` given for the span, the ONS estimate (by
// single year of age and sex). `ons_year_of_span` has one entry per span.
void tally_population(const Snapshot& snap, const Breakdown& b, int min_age,
                      std::optional<int> max_age,
                      const std::vector<std::optional<int>>& ons_year_of_span, Tally& t);

// Adds to days the days of each span's months whose first day is in the
// period (delayed days are monthly returns counted in such months).
void tally_days(const Breakdown& b, Tally& t);

}  // namespace bc::engine
