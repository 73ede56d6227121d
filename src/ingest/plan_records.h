// The commissioning plan as imported (bettercare's kinds workstreams,
// milestones, key_measures, measure_values and savings;
// docs/data-formats.md, "The commissioning plan"): the one way any module
// reads plan_workstreams, plan_milestones, plan_measures,
// plan_measure_values and plan_savings.
//
// ingest owns those tables (src/store/README.md, "Who owns which table");
// governance/plan.h judges the plan from these records. Dates and months
// come back as ISO text, as stored; money in pence; NULL as nullopt.
//
// Thread safety: uses the Store's connection; one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace bc {

struct WorkstreamRecord {
  std::string workstream_id;
  std::optional<int64_t> number;
  std::string title, priority;
  std::optional<std::string> lead;
  std::vector<std::string> partners;  // partner codes
  std::optional<std::string> description, outcomes;
};
struct MilestoneRecord {
  std::string milestone_id, workstream_id, title;
  std::optional<std::string> start_month;  // YYYY-MM
  std::string due;                         // YYYY-MM-DD
  std::string status;                      // not_started, on_track, at_risk, late, complete
  std::optional<std::string> completed_date;
};
struct KeyMeasureRecord {
  std::string measure_id;
  std::optional<std::string> workstream_id;  // none: a measure of the whole plan
  std::string title;
  std::optional<double> target;
  std::string unit;       // percent, count, per_100k, days
  std::string direction;  // higher, lower
  std::optional<std::string> metric;
};
struct MeasureValueRecord {
  std::string measure_id, month;  // YYYY-MM
  double value = 0;
};
struct SavingsRecord {
  std::string workstream_id, line, partner_code, financial_year;  // 2018/19
  int month = 1;  // of the financial year, 1 = April
  int64_t planned_pence = 0;
  std::optional<int64_t> delivered_pence;
};

// The workstreams by number (those without one last), then id.
Result<std::vector<WorkstreamRecord>> read_workstreams(Store& store);
// Every milestone, by workstream, due date and id.
Result<std::vector<MilestoneRecord>> read_milestones(Store& store);
// Every key measure, by id.
Result<std::vector<KeyMeasureRecord>> read_key_measures(Store& store);
// Every value reported by hand, by measure then month.
Result<std::vector<MeasureValueRecord>> read_measure_values(Store& store);
// Every savings line's months, by workstream, line, year and month.
Result<std::vector<SavingsRecord>> read_savings(Store& store);

}  // namespace bc
