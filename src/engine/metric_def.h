// MetricDef: the definition of one Better Care metric, read from
// config/metrics.toml (compiled into the binary; another file may be given
// to replace it), together with the RAG and suppression rules.
//
// Adding a local metric is a change to the config, not to C++: any count of
// spells, A&E attendances, delayed days, care home admissions, reablement
// episodes or referrals to the single point of access under a filter; a
// rate of such a count per population, crude or directly age-standardised;
// delayed days per day per population; the DToC ratio; or a proportion of
// reablement episodes, of register months with a care plan, of care plan
// reviews done on time or of referrals triaged within their standard.
//
// Thread safety: immutable once loaded.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "engine/dimensions.h"

namespace bc {

// kRegisters: a person on a cluster's at-risk register at a month's end
// (saved by `bettercare risk registers`), once per month. kCarePlanReviews:
// a review of a care plan falling due, on its due date. kSpaReferrals: a
// referral to the single point of access, on the day it was received.
enum class MetricSource {
  kSpells,
  kAeAttendances,
  kDelayedDays,
  kCareHomeAdmissions,
  kReablement,
  kRegisters,
  kCarePlanReviews,
  kSpaReferrals
};

// kCount: events (or their cost) in the period.
// kRate: a count metric per `per` people of the population's age range.
// kRatio: delayed days / occupied bed days x 100.
// kProportion: events with an outcome in numerator_outcomes over all of
//   them x 100; an outcome not yet known counts as not achieved and makes
//   the figure provisional. The outcomes of each source: reablement
//   at_home, not_at_home, died; registers covered (a care plan in force on
//   the month's last day); care_plan_reviews on_time, late;
//   spa_referrals triaged_within_standard (the config's spa_standard for
//   its urgency).
// kDailyRate: the source's sum / days in the period / population x per
//   (delayed days per day per 100,000 adults).
// kStandardisedRate: a count metric directly age-standardised over
//   five-year bands of the population's age range, with the 2013 European
//   Standard Population's weights (config/reference/esp2013.csv).
enum class MetricKind { kCount, kRate, kRatio, kProportion, kDailyRate, kStandardisedRate };
enum class MetricUnit { kCount, kPercent, kPer100k, kPounds };
// "count", "percent", "per_100k", "pounds": the unit as the config, the JSON and the CSV name it.
std::string_view unit_name(MetricUnit unit);

struct MetricFilter {
  std::vector<std::string> admission_methods;
  std::optional<int> min_age, max_age;
  std::vector<std::pair<std::string, std::string>> primary_icd10, secondary_icd10;
  std::vector<std::string> department_types;
  std::optional<bool> permanent;
  std::vector<std::string> funders;  // care home admissions: council, nhs, self, other_la
};

// Where a metric appears on the performance report's summary: not at all, as
// the year to date at the report's month, or as that month's own value (a
// snapshot, such as the DToC rate in March).
enum class SummaryForm { kNone, kYearToDate, kMonth };

// A day of the calendar year, e.g. 1 October.
struct MonthDay {
  int month = 1, day = 1;
};

struct MetricDef {
  std::string id, name, description;
  std::string short_name;  // the board papers' label; the name when not given
  // Where the definition is published, and how bettercare departs from it
  // (docs/metrics.md prints both).
  std::string national_source, deviation;
  SummaryForm summary = SummaryForm::kNone;
  // Whether a summary metric goes on the quarterly return to NHS England
  // (`return = false` keeps a local measure off it).
  bool in_return = true;
  MetricUnit unit = MetricUnit::kCount;
  bool lower_is_better = true;
  MetricKind kind = MetricKind::kCount;
  MetricSource source = MetricSource::kSpells;
  MetricFilter filter;
  // kCount of spells: add up their cost (unit pounds) instead of counting them.
  bool sum_cost = false;
  // kRate, kStandardisedRate: the count metric divided by the population.
  std::string rate_of;
  double per = 100000;
  // kRate, kDailyRate, kStandardisedRate: the population's ages (max: none
  // means no upper limit).
  int population_min_age = 0;
  std::optional<int> population_max_age;
  // kProportion
  std::vector<std::string> numerator_outcomes;
  // spa_referrals: the triage standard in hours, [0] urgent, [1] routine
  // (copied from the config's spa_standard entries).
  std::array<int, 2> triage_hours{};
  // For a whole financial year, count the events dated from first to last
  // (inclusive) of the year's first calendar year instead of the whole year
  // (ASCOF 2B(1): the 1 October to 31 December discharges). Other periods
  // count their own events, as local monitoring.
  std::optional<std::pair<MonthDay, MonthDay>> year_cohort;
  std::vector<std::string> breakdowns;

  std::string_view unit_name() const;  // "count", "percent", "per_100k", "pounds"
  bool allows(std::string_view dimension) const;
  // A rate of a count metric (crude or standardised): its source and filter are the count's.
  bool of_a_count() const {
    return kind == MetricKind::kRate || kind == MetricKind::kStandardisedRate;
  }
  // A period's plan is the mean of its monthly plans (percentages, and
  // rates per day), weighted by the months' days for a rate per day; else
  // their sum.
  bool plan_is_mean() const {
    return unit == MetricUnit::kPercent || kind == MetricKind::kDailyRate;
  }
  // Counts of people: suppressed for people outside the care team. Days and
  // pounds are not people.
  // Events of people (every source but the delayed days return, which is
  // counted in days by provider): suppressed outside the care team. A sum
  // of money over such events is suppressed by its count of events.
  bool counts_people() const { return source != MetricSource::kDelayedDays; }
};

struct RagRule {
  double green_max = 0.0;
  double amber_below = 10.0;
  double flat_band = 0.0;
};

struct SuppressionRule {
  int hide_below = 8;
  int round_to = 5;
  bool cell_key = true;       // perturb counts by their cell key first (engine/disclosure.h)
  int money_round_to = 1000;  // pounds: money shown suppressed is rounded to this
};

// The single point of access's response standards for one urgency: hours
// from a referral being received to its triage, and to the first contact
// with the person (for outcomes that send a service).
struct SpaStandard {
  std::string urgency;  // "urgent" or "routine"
  int triage_hours = 0;
  int first_contact_hours = 0;
};

struct MetricConfig {
  std::vector<MetricDef> metrics;
  RagRule rag;
  SuppressionRule suppression;
  std::vector<SpaStandard> spa_standards;  // urgent, then routine

  const MetricDef* find(std::string_view id) const;
  // The standard for "urgent" or "routine"; nullptr for anything else.
  const SpaStandard* spa_standard(std::string_view urgency) const;
};

// Parses a metrics config (TOML text); the message names the offending
// metric and key.
Result<MetricConfig> parse_metric_config(std::string_view toml_text, std::string_view source_name);
// The config compiled in from config/metrics.toml.
const MetricConfig& builtin_metric_config();

}  // namespace bc
