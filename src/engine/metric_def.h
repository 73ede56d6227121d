// MetricDef: the definition of one Better Care metric, read from
// config/metrics.toml (compiled into the binary; another file may be given
// to replace it), together with the RAG and suppression rules.
//
// Adding a local metric is a change to the config, not to C++: any count of
// spells, A&E attendances, delayed days, care home admissions or reablement
// episodes under a filter; a rate of such a count per population; the DToC
// ratio; or a reablement-style proportion.
//
// Thread safety: immutable once loaded.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace bc {

enum class MetricSource { kSpells, kAeAttendances, kDelayedDays, kCareHomeAdmissions, kReablement };
enum class MetricKind { kCount, kRate, kRatio, kProportion };
enum class MetricUnit { kCount, kPercent, kPer100k, kPounds };

struct MetricFilter {
  std::vector<std::string> admission_methods;
  std::optional<int> min_age, max_age;
  std::vector<std::pair<std::string, std::string>> primary_icd10, secondary_icd10;
  std::vector<std::string> department_types;
  std::optional<bool> permanent;
};

// Where a metric appears on the performance report's summary: not at all, as
// the year to date at the report's month, or as that month's own value (a
// snapshot, such as the DToC rate in March).
enum class SummaryForm { kNone, kYearToDate, kMonth };

struct MetricDef {
  std::string id, name, description;
  std::string short_name;  // the board papers' label; the name when not given
  SummaryForm summary = SummaryForm::kNone;
  MetricUnit unit = MetricUnit::kCount;
  bool lower_is_better = true;
  MetricKind kind = MetricKind::kCount;
  MetricSource source = MetricSource::kSpells;
  MetricFilter filter;
  // kCount of spells: add up their cost (unit pounds) instead of counting them.
  bool sum_cost = false;
  // kRate
  std::string rate_of;
  double per = 100000;
  int population_min_age = 0;
  // kProportion
  std::vector<std::string> numerator_outcomes;
  std::vector<std::string> breakdowns;

  std::string_view unit_name() const;  // "count", "percent", "per_100k", "pounds"
  bool allows(std::string_view dimension) const;
};

struct RagRule {
  double green_max = 0.0;
  double amber_below = 10.0;
  double flat_band = 0.0;
};

struct SuppressionRule {
  int hide_below = 8;
  int round_to = 5;
};

struct MetricConfig {
  std::vector<MetricDef> metrics;
  RagRule rag;
  SuppressionRule suppression;

  const MetricDef* find(std::string_view id) const;
};

// Parses a metrics config (TOML text); the message names the offending
// metric and key.
Result<MetricConfig> parse_metric_config(std::string_view toml_text, std::string_view source_name);
// The config compiled in from config/metrics.toml.
const MetricConfig& builtin_metric_config();

// Every dimension a breakdown may name.
const std::vector<std::string>& all_dimensions();

}  // namespace bc
