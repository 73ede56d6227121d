// The Integrated Commissioning Plan judged as at a date: each milestone,
// key measure and savings line given a RAG, and each workstream the worst
// of its own (docs/governance.md, "The commissioning plan", states the
// rule; this is the one place it is computed).
//
// As at a date D, the plan's figures are those of the last whole month
// before D (M), over the financial year to date that M ends:
// - a milestone is overdue when it is not complete and was due before D;
//   Red when overdue or reported late, Amber when reported at risk or not
//   yet started after its start month, Green when complete or on track,
//   and not assessed when it has neither started nor fallen due;
// - a key measure's value is its metric's over the year to date, from the
//   engine (the caller's MetricReader), or the latest value reported by
//   hand for a month up to M. A metric's count or rate per 100,000 is set
//   against the annual target pro rata (target x months / 12); a
//   percentage, a number of days and a value reported by hand against the
//   target as it is. The variance, signed so that positive is worse, gets
//   the metric config's RAG (Green at most green_max, Amber below
//   amber_below, else Red); a target of zero is met only by zero (when
//   lower is better). No value or no target: not assessed;
// - a workstream's savings: delivered against planned over the year to
//   date, the same variance and thresholds (a month with nothing reported
//   delivered nothing);
// - a workstream is the worst of its milestones, measures and savings;
//   not assessed when none of them is. Measures of the whole plan (no
//   workstream) are judged alone.
//
// Thread safety: plan_status reads through the Store's connection, one
// thread at a time; the rest are pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/fiscal.h"
#include "core/status.h"
#include "ingest/plan_records.h"
#include "store/store.h"

namespace bc::governance {

enum class PlanRag { kNotAssessed, kGreen, kAmber, kRed };
// "Green", "Amber", "Red", "Not assessed"; and the JSON form: "green",
// "amber", "red", null for not assessed (plan_rag_code gives "").
std::string_view plan_rag_name(PlanRag rag);
std::string_view plan_rag_code(PlanRag rag);

// The variance bands: the metric config's [rag] (engine/metric_def.h).
struct RagBands {
  double green_max = 0.0;
  double amber_below = 10.0;
};

// What a caller says of a metric-tracked measure's value over a period.
struct MetricReading {
  std::optional<double> value;
  std::string note;  // why there is no value: "suppressed", "incomplete: 2018-12 spells"
};
// Reads metric `metric` over the financial year `fy` to its month
// `financial_month` (1 = April). Supplied by the caller (report/plan_readings.h
// asks the engine).
using MetricReader =
    std::function<MetricReading(const std::string& metric, FinancialYear fy, int financial_month)>;

struct MilestoneStatus {
  MilestoneRecord milestone;
  bool overdue = false;
  PlanRag rag = PlanRag::kNotAssessed;
  std::string reason;  // for Amber and Red: "overdue: due 2018-06-30"
};

struct MeasureStatus {
  KeyMeasureRecord measure;
  std::string source;  // "metric", "reported" or "none"
  std::optional<double> value;
  std::string period;            // what the value covers: "2018/19:YTD9", "2018-11"
  std::optional<double> target;  // as compared: pro rata for a metric's count or rate
  std::optional<double> variance_pct;
  PlanRag rag = PlanRag::kNotAssessed;
  std::string note;  // why not assessed
};

struct SavingsStatus {
  int64_t planned_year_pence = 0;  // the whole financial year
  int64_t planned_pence = 0;       // year to date
  int64_t delivered_pence = 0;     // year to date
  int lines = 0;                   // savings lines with months in the year
  std::optional<double> variance_pct;
  PlanRag rag = PlanRag::kNotAssessed;
};

struct WorkstreamStatus {
  WorkstreamRecord workstream;
  std::vector<MilestoneStatus> milestones;
  std::vector<MeasureStatus> measures;
  SavingsStatus savings;
  int complete = 0, overdue = 0;  // milestones
  PlanRag rag = PlanRag::kNotAssessed;
  std::vector<std::string> reasons;  // each Red and Amber finding, worst first
};

struct PlanStatus {
  Date at;                  // the date judged as at
  YearMonth month;          // the last whole month before it
  FinancialYear year;       // M's financial year
  int financial_month = 1;  // M's month of it (1 = April)
  std::vector<WorkstreamStatus> workstreams;
  std::vector<MeasureStatus> plan_measures;  // the whole plan's
};

// The rules, one record at a time (the header comment states them).
MilestoneStatus judge_milestone(const MilestoneRecord& m, Date at);
// A value against its target (as compared): the variance, signed so that
// positive is worse, into *variance_pct (none for a target of zero).
PlanRag judge_value(double value, double target, bool lower_is_better, const RagBands& bands,
                    std::optional<double>* variance_pct);
// Delivered against planned over the year to date.
SavingsStatus judge_savings(const std::vector<SavingsRecord>& lines, FinancialYear fy,
                            int financial_month, const RagBands& bands);
// The worst of several RAGs, not assessed counting for nothing.
PlanRag worst(PlanRag a, PlanRag b);

// The whole plan as at `at`, from the store's plan records, with metric
// readings from `read_metric`.
Result<PlanStatus> plan_status(Store& store, Date at, const MetricReader& read_metric,
                               const RagBands& bands);

}  // namespace bc::governance
